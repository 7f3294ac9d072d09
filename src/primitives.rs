//! Primitives: the building blocks that know nothing of purposes or
//! identifiers. Comparisons that take the same time whatever the bytes
//! ([`ct`]), the masked hints shown in logs and interfaces ([`masked`]),
//! strings written on the stack and wiped on drop ([`stack_str`]), and the
//! clock a use reads its time from ([`clock`]), and the keyed digest that
//! values feed a caller's `Hasher` instead of their bytes ([`keyed_hash`]).
//!
//! May import: nothing of the crate.

pub(crate) mod audit;
pub(crate) mod clock;
pub(crate) mod ct;
pub(crate) mod keyed_hash;
pub(crate) mod masked;
pub(crate) mod stack_str;
