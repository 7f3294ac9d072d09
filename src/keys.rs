//! Keys: the keyring behind every keyed use of the crate ([`keyring`]), the
//! secrets it takes ([`material`]) and where each key stands
//! ([`status`]); the subkeys each key derives by HKDF ([`subkeys`]): one
//! AES-SIV key per purpose and the HMAC keys of challenges and discovery
//! keys; one purpose's sealing keys and Tink's JSON keysets ([`keyset`]).
//! The keyring and keysets hold the keys that the boundary's sealing and
//! opening take, and their `seal`, `open` and `reseal` hand over to it;
//! the capabilities above make their MACs with the keyring's subkeys.
//!
//! May import: primitives, purposes, identifiers, consent, boundary.

pub(crate) mod keyring;
#[cfg(feature = "seal")]
pub(crate) mod keyset;
pub(crate) mod ledger;
pub(crate) mod lookup;
pub(crate) mod material;
pub(crate) mod status;
pub(crate) mod subkeys;
