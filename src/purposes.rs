//! Purposes.

pub(crate) mod markers;
