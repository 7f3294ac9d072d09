//! Primitives: constant-time comparison, masked hints and stack strings.

pub(crate) mod ct;
pub(crate) mod masked;
pub(crate) mod stack_str;
