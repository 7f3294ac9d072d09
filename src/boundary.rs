//! The boundary: where an identifier leaves the process and comes back. The
//! stored form and its reading ([`stored`], with `expose_stored` and
//! `Consent::read`), the sealed form ([`seal`]), the keyring that seals it
//! and keys the capabilities above ([`keyring`]), one purpose's sealing
//! keys and Tink's keysets ([`keyset`]), and the audit events of
//! every raw value that crosses ([`audit`]). The keyring and the sealed form
//! use each other, inside this layer.
//!
//! May import: primitives, purposes, identifiers, consent.

pub(crate) mod audit;
pub(crate) mod keyring;
#[cfg(feature = "seal")]
pub(crate) mod keyset;
#[cfg(feature = "seal")]
pub(crate) mod seal;
pub(crate) mod stored;
