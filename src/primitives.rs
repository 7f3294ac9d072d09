//! Primitives: the building blocks that know nothing of purposes or
//! identifiers. Comparisons that take the same time whatever the bytes
//! ([`ct`]), the masked hints shown in logs and interfaces ([`masked`]),
//! and strings written on the stack and wiped on drop ([`stack_str`]).
//!
//! May import: nothing of the crate.

pub(crate) mod ct;
pub(crate) mod masked;
pub(crate) mod stack_str;
