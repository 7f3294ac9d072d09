//! `Keyring`: the keys behind every keyed use of the crate, with a subkey
//! derived for each use.

use alloc::vec::Vec;
use core::fmt;

use hkdf::Hkdf;
use sha2::Sha256;
use zeroize::{Zeroize, Zeroizing};

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
