//! Sealed identifiers: Tink's deterministic AEAD (AES-SIV, RFC 5297) with
//! its TINK output prefix, under one key per purpose, with the kind,
//! purpose and consent as associated data. The bytes and their format
//! ([`sealed`], [`format`]); one AES-SIV key with its prepared cipher
//! ([`cache`]) and what holds a purpose's keys ([`sealing_keys`]); sealing
//! ([`encrypt`]) and opening ([`open`]), and why a value did not open
//! ([`error`]); a consent's own `open` and `reseal` ([`consent`]). Nothing
//! here names the keyring or a keyset: the keys layer above implements
//! `SealingKeys` for them.

pub(crate) mod cache;
pub(crate) mod consent;
pub(crate) mod encrypt;
pub(crate) mod error;
pub(crate) mod format;
pub(crate) mod open;
pub(crate) mod sealed;
pub(crate) mod sealing_keys;
