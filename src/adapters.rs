//! Adapters: the crate's types in other crates' traits, each behind its
//! feature. Serde ([`wire`]), rusqlite ([`sql_rusqlite`]) and sqlx
//! ([`sql_sqlx`]); they read and write through the boundary below.
//!
//! May import: every layer below.

#[cfg(feature = "rusqlite")]
pub(crate) mod sql_rusqlite;
#[cfg(feature = "sqlx")]
pub(crate) mod sql_sqlx;
#[cfg(feature = "serde")]
pub(crate) mod wire;
