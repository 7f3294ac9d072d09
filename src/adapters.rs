//! Adapters.

#[cfg(feature = "rusqlite")]
pub(crate) mod sql_rusqlite;
#[cfg(feature = "sqlx")]
pub(crate) mod sql_sqlx;
#[cfg(feature = "serde")]
pub(crate) mod wire;
