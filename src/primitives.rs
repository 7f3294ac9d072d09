//! Primitives: the building blocks that know nothing of purposes or
//! identifiers. Comparisons that take the same time whatever the bytes
//! ([`ct`]), the masked hints shown in logs and interfaces ([`masked`]),
//! strings written on the stack and wiped on drop ([`stack_str`]), and the
//! clock a use reads its time from ([`clock`]).
//!
//! May import: nothing of the crate.

pub(crate) mod clock;
pub(crate) mod ct;
pub(crate) mod masked;
pub(crate) mod stack_str;
