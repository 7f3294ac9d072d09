//! The boundary: where an identifier leaves the process and comes back. The
//! stored form and its reading ([`stored`], with `expose_stored` and
//! `Consent::read`), the sealed form, sealing and opening under whatever
//! holds a purpose's keys ([`seal`]), and the audit events of every raw
//! value that crosses ([`audit`]). The keyring and keysets that hold the
//! keys are the keys layer's, above.
//!
//! May import: primitives, purposes, identifiers, consent.

pub(crate) mod audit;
#[cfg(feature = "seal")]
pub(crate) mod seal;
pub(crate) mod stored;
