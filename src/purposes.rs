//! Purposes: what an identifier may be collected for. The purpose ×
//! capability table, which makes the purpose markers, their sets and their
//! grants ([`markers`]); the seals that keep them closed, the grants
//! themselves and the crate's proof of its own calls ([`sealed`]); and the
//! two small values every layer above speaks of: the id of a consent
//! ([`consent_id`]), which an identifier of a consent purpose carries, and
//! the capability list, the names of the capabilities a purpose grants
//! ([`capability`]).
//!
//! May import: primitives.

pub(crate) mod audit;
pub(crate) mod capability;
pub(crate) mod consent_id;
pub(crate) mod markers;
pub(crate) mod sealed;
pub(crate) mod subject;
