//! The boundary.

pub(crate) mod audit;
pub(crate) mod keyring;
#[cfg(feature = "seal")]
pub(crate) mod seal;
pub(crate) mod stored;
