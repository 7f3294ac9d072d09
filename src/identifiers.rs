//! Identifiers.

pub(crate) mod email;
pub(crate) mod phone;
pub(crate) mod region;
pub(crate) mod sealed;
