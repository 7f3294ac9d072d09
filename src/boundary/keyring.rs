//! `Keyring`: the keys behind every keyed use of the crate, with a subkey
//! derived for each use.

use alloc::vec::Vec;
use core::fmt;

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit};
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

#[cfg(feature = "seal")]
use crate::boundary::seal::{
    Header, MAX_VALUE_LEN, OpenError, OpenErrorKind, Sealed, TAG_LEN, associated_data, siv,
};
#[cfg(feature = "seal")]
use crate::identifiers::identifier::Identifier;
#[cfg(feature = "seal")]
use crate::purposes::markers::CollectedWithoutConsent;
#[cfg(feature = "seal")]
use crate::purposes::sealed::Token;

/// The uses of a key, each with its own subkey: the HKDF-SHA256 `info`
/// labels. A label is never reused for another use or another length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    /// AES-SIV-256 sealing: 64 bytes.
    #[cfg(feature = "seal")]
    Seal,
    /// HMAC-SHA256 of one-time-code challenges: 32 bytes.
    Challenge,
    /// HMAC-SHA256 discovery keys: 32 bytes.
    Discovery,
}

impl Use {
    const fn info(self) -> &'static [u8] {
        match self {
            #[cfg(feature = "seal")]
            Self::Seal => b"purpose-bound/v1/seal",
            Self::Challenge => b"purpose-bound/v1/challenge",
            Self::Discovery => b"purpose-bound/v1/discovery",
        }
    }
}

/// HMAC-SHA256 keyed by a 32-byte subkey.
///
/// HMAC pads a key shorter than the hash's block with zeros (RFC 2104,
/// section 2); padding the subkey to SHA-256's 64-byte block here gives the
/// same MAC through the constructor that cannot fail.
pub(crate) fn hmac(subkey: &[u8; 32]) -> Hmac<Sha256> {
    let mut block = Zeroizing::new([0u8; 64]);
    block
        .iter_mut()
        .zip(subkey.iter())
        .for_each(|(b, k)| *b = *k);
    <Hmac<Sha256> as KeyInit>::new(&(*block).into())
}

/// One key of a [`Keyring`]: its id and the subkeys derived from it, all
/// wiped on drop. The secret itself is not kept.
pub(crate) struct Key {
    pub(crate) id: u32,
    #[cfg(feature = "seal")]
    pub(crate) seal: Zeroizing<[u8; 64]>,
    pub(crate) challenge: Zeroizing<[u8; 32]>,
    pub(crate) discovery: Zeroizing<[u8; 32]>,
}

impl Key {
    fn new(id: u32, mut secret: [u8; 32]) -> Self {
        let hkdf = Hkdf::<Sha256>::new(None, &secret);
        secret.zeroize();
        let derive = |use_: Use, out: &mut [u8]| {
            // Cannot fail: every subkey is far below HKDF-SHA256's limit of
            // 8160 bytes.
            let _ = hkdf.expand(use_.info(), out);
        };
        let mut key = Self {
            id,
            #[cfg(feature = "seal")]
            seal: Zeroizing::new([0; 64]),
            challenge: Zeroizing::new([0; 32]),
            discovery: Zeroizing::new([0; 32]),
        };
        #[cfg(feature = "seal")]
        derive(Use::Seal, key.seal.as_mut_slice());
        derive(Use::Challenge, key.challenge.as_mut_slice());
        derive(Use::Discovery, key.discovery.as_mut_slice());
        key
    }
}

/// The keys behind every keyed use of the crate: a primary key that makes
/// new values, and older keys that still read what they made.
///
/// Each key is 32 bytes of secret key material from your KMS or secret
/// store, with an id of your choosing that every value it makes names.
/// From each, a subkey is derived for each use (HKDF-SHA256 with a label
/// per use: sealing, one-time-code challenges, discovery keys), so one key
/// from your store serves every keyed use and no two uses share a key. The
/// secret is not kept; the subkeys are wiped on drop, and `Debug` shows only
/// the ids.
///
/// **Rotation**: add the new key with [`rotate`](Self::rotate), which makes
/// it primary. What older keys made still reads while they are in the
/// ring; a sealed value moves to the primary key with `reseal`. Retire a key
/// once nothing names it.
///
/// # Examples
///
/// ```
/// use purpose_bound::Keyring;
///
/// let mut keyring = Keyring::new(1, [7; 32]); // 32 bytes from your KMS
/// keyring.rotate(2, [9; 32])?;
/// assert_eq!(keyring.primary(), 2);
/// assert_eq!(format!("{keyring:?}"), "Keyring { primary: 2, keys: [2, 1] }");
/// assert!(keyring.rotate(1, [3; 32]).is_err());
/// # Ok::<(), purpose_bound::KeyringError>(())
/// ```
pub struct Keyring {
    primary: Key,
    older: Vec<Key>,
}

impl Keyring {
    /// A keyring whose primary key is `secret`, named `id`.
    pub fn new(id: u32, secret: [u8; 32]) -> Self {
        Self {
            primary: Key::new(id, secret),
            older: Vec::new(),
        }
    }

    /// Adds `secret`, named `id`, as an older key: it reads what it made,
    /// it makes nothing new.
    ///
    /// # Errors
    ///
    /// [`KeyringError`] when the ring already has a key named `id`.
    pub fn with_key(mut self, id: u32, secret: [u8; 32]) -> Result<Self, KeyringError> {
        self.check_new(id)?;
        self.older.push(Key::new(id, secret));
        Ok(self)
    }

    /// Adds `secret`, named `id`, and makes it the primary key; the former
    /// primary stays to read what it made.
    ///
    /// # Errors
    ///
    /// [`KeyringError`] when the ring already has a key named `id`.
    pub fn rotate(&mut self, id: u32, secret: [u8; 32]) -> Result<(), KeyringError> {
        self.check_new(id)?;
        let former = core::mem::replace(&mut self.primary, Key::new(id, secret));
        self.older.insert(0, former);
        Ok(())
    }

    fn check_new(&self, id: u32) -> Result<(), KeyringError> {
        if self.key(id).is_some() {
            return Err(KeyringError { id });
        }
        Ok(())
    }

    /// The id of the key that makes new values.
    pub fn primary(&self) -> u32 {
        self.primary.id
    }

    /// The primary key.
    pub(crate) fn primary_key(&self) -> &Key {
        &self.primary
    }

    /// The key named `id`, primary or older.
    pub(crate) fn key(&self, id: u32) -> Option<&Key> {
        self.keys().find(|key| key.id == id)
    }

    /// Every key, the primary first.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &Key> {
        core::iter::once(&self.primary).chain(&self.older)
    }
}

/// Shows the key ids, never the keys.
impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keyring { primary: ")?;
        fmt::Debug::fmt(&self.primary(), f)?;
        f.write_str(", keys: ")?;
        f.debug_list()
            .entries(self.keys().map(|key| key.id))
            .finish()?;
        f.write_str(" }")
    }
}

/// A key id given twice to one [`Keyring`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyringError {
    id: u32,
}

impl fmt::Display for KeyringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the keyring already has a key with id {}", self.id)
    }
}

impl core::error::Error for KeyringError {}

#[cfg(feature = "seal")]
/// Sealing and opening: see [`Sealed`].
///
/// # Examples
///
/// ```
/// use purpose_bound::{Keyring, PhoneNumber, TwoFactor};
///
/// let mut keyring = Keyring::new(1, [7; 32]); // from your KMS
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
/// let sealed = keyring.seal(&phone);
/// assert_eq!(sealed, keyring.seal(&phone)); // deterministic: lookups work
/// assert_eq!(keyring.open(&sealed)?, phone);
///
/// keyring.rotate(2, [9; 32])?;
/// assert_eq!(keyring.open(&sealed)?, phone); // key 1 still opens it
/// let moved = keyring.reseal(&sealed)?;
/// assert_eq!(moved.key_id(), 2);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Keyring {
    /// Seals `id` under the primary key.
    ///
    /// Equal identifiers of one purpose (and, for consent purposes, one
    /// consent) seal to equal values under one key, so a sealed column can
    /// be looked up and indexed; the same value sealed for two purposes
    /// gives unrelated bytes.
    pub fn seal<I: Identifier>(&self, id: &I) -> Sealed<I> {
        let key = self.primary_key();
        let (header, len) = Header {
            key: key.id,
            consent: id.consent_id(),
        }
        .encode();
        let header = header.get(..len).unwrap_or_default();
        id.with_canonical(Token(()), |value| {
            let mut bytes = Vec::with_capacity(header.len() + TAG_LEN + value.len());
            bytes.extend_from_slice(header);
            bytes.extend_from_slice(&[0; TAG_LEN]);
            bytes.extend_from_slice(value.as_bytes());
            let (head, body) = bytes.split_at_mut(header.len() + TAG_LEN);
            let ad = associated_data::<I>(header);
            // Cannot fail: the associated data has four items, far below the
            // limit, and encryption takes any length.
            if let Ok(tag) = siv(key).encrypt_inout_detached(ad, body.into()) {
                if let Some(slot) = head.get_mut(header.len()..) {
                    slot.copy_from_slice(&tag);
                }
            }
            Sealed::from_vec(bytes)
        })
    }

    /// Opens a sealed identifier of a purpose collected without consent.
    /// For consent purposes, [`Consent::open`](crate::Consent::open) opens it with its consent.
    ///
    /// # Errors
    ///
    /// [`OpenError`] saying what is wrong: the value is malformed, names a
    /// key this ring does not have, or was sealed for another purpose or
    /// altered (the two cannot be told apart, by design).
    pub fn open<I>(&self, sealed: &Sealed<I>) -> Result<I, OpenError>
    where
        I: Identifier<Purpose: CollectedWithoutConsent>,
    {
        let id = self.decrypt(sealed)?;
        crate::boundary::audit::opened(&id, sealed.key_id());
        Ok(id)
    }

    /// Seals again under the primary key what an older key sealed, without
    /// handing the value out.
    ///
    /// # Errors
    ///
    /// As [`open`](Self::open).
    pub fn reseal<I: Identifier>(&self, sealed: &Sealed<I>) -> Result<Sealed<I>, OpenError> {
        let id = self.decrypt(sealed)?;
        Ok(self.seal(&id))
    }

    pub(crate) fn decrypt<I: Identifier>(&self, sealed: &Sealed<I>) -> Result<I, OpenError> {
        let error = |kind| Err(OpenError { kind });
        let (header, tag, body) = Header::split::<I>(sealed.as_bytes())?;
        let Some(key) = self.key(header.key) else {
            return error(OpenErrorKind::UnknownKey);
        };
        let mut plain = Zeroizing::new([0u8; MAX_VALUE_LEN]);
        let Some(plain) = plain.get_mut(..body.len()) else {
            return error(OpenErrorKind::Malformed);
        };
        plain.copy_from_slice(body);
        let tag = aes_siv::Tag::from(tag);
        let (clear, len) = header.encode();
        let ad = associated_data::<I>(clear.get(..len).unwrap_or_default());
        if siv(key)
            .decrypt_inout_detached(ad, plain.into(), &tag)
            .is_err()
        {
            return error(OpenErrorKind::PurposeOrTampered);
        }
        // Authentic, so written by `seal`: anything else is a value sealed
        // with this key by other code.
        let value = core::str::from_utf8(plain).map_err(|_| OpenError {
            kind: OpenErrorKind::Invalid,
        })?;
        I::from_sealed(Token(()), value, header.consent).map_err(|_| OpenError {
            kind: OpenErrorKind::Invalid,
        })
    }
}
