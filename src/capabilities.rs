//! Capabilities.

pub(crate) mod challenge;
pub(crate) mod discovery;
pub(crate) mod match_key;
pub(crate) mod otp;
pub(crate) mod transport;
