//! Identifiers: the values themselves. What every identifier is
//! ([`identifier`]: the `Identifier` trait, its channel and kind, and their
//! seals in [`sealed`]), and the two kinds: [`phone`] (parsing against the
//! numbering plan, its tables, and [`region`], which the tables name) and
//! [`email`]. Parsing, the canonical form, equality, hashing, `Debug`, the
//! masked hint and narrowing live here; nothing of consents, keys or
//! capabilities does.
//!
//! May import: primitives, purposes.

pub(crate) mod email;
pub(crate) mod identifier;
pub(crate) mod phone;
pub(crate) mod region;
pub(crate) mod sealed;
