//! Lookup keys: how a row is found by an identifier's value (sign-in by
//! phone number, a unique number per service) when the sealed column
//! binds each value to its subject and so cannot be compared across
//! accounts.

use alloc::vec::Vec;
use core::fmt;
use core::hash::{Hash, Hasher};

use hmac::Mac;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::identifiers::identifier::Identifier;
use crate::keys::keyring::Keyring;
use crate::keys::subkeys::Key;
use crate::primitives::keyed_hash;
use crate::purposes::sealed::Token;

/// The domain of a lookup digest, before the kind and the value.
const DOMAIN: &[u8] = b"purpose-bound lookup v1";

/// An identifier's value as a keyed digest under each enabled key of a
/// [`Keyring`], to find its row by value: the primary key's digest is
/// the one to store ([`primary`](Self::primary)), and a row stored under
/// an older key is still found by [`matches`](Self::matches) or by
/// querying each of [`digests`](Self::digests) until it is moved.
///
/// A digest is HMAC-SHA256 of the kind and canonical value under a subkey
/// of each ring key for the identifier's purpose alone
/// (`purpose-bound/v1/lookup/<tag>`): the same number gives unrelated
/// digests for two purposes, and none of them equals a discovery key. It
/// does not depend on the subject, so a unique index on it holds across
/// accounts, and it holds no raw value. It is still personal data: who
/// holds the key can confirm a guessed number (SECURITY.md).
///
/// # Examples
///
/// ```
/// use purpose_bound::{Keyring, PhoneNumber, TwoFactor};
///
/// let mut keyring = Keyring::new(1, &mut [7; 32]);
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 7700 900123")?;
/// let stored = keyring.lookup_key(&phone).primary().clone(); // a `BLOB UNIQUE` column
///
/// keyring.rotate(2, &mut [9; 32])?;
/// let lookup = keyring.lookup_key(&phone);
/// assert_eq!(lookup.primary().key_id(), 2);
/// assert!(lookup.matches(&stored)); // still found under key 1
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct LookupKey {
    /// The digest under the primary key.
    primary: LookupDigest,
    /// The digests under the other enabled keys.
    others: Vec<LookupDigest>,
}

impl LookupKey {
    pub(crate) fn new<I: Identifier>(keyring: &Keyring, id: &I) -> Self {
        id.with_canonical(Token(()), |value| Self {
            primary: LookupDigest::new::<I>(keyring.primary_key(), value),
            others: keyring
                .keys()
                .skip(1)
                .map(|key| LookupDigest::new::<I>(key, value))
                .collect(),
        })
    }

    /// The digest under the ring's primary key: the one to store.
    pub const fn primary(&self) -> &LookupDigest {
        &self.primary
    }

    /// Every enabled key's digest, the primary's first.
    pub fn digests(&self) -> impl Iterator<Item = &LookupDigest> {
        core::iter::once(&self.primary).chain(self.others.iter())
    }

    /// Whether `stored` is this value's digest under one of the enabled
    /// keys, compared in constant time.
    pub fn matches(&self, stored: &LookupDigest) -> bool {
        self.digests()
            .fold(Choice::from(0), |any, digest| any | digest.ct_eq(stored))
            .into()
    }
}

/// Consistent with `Eq` among lookup keys of one keyring.
impl Hash for LookupKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.primary().hash(state);
    }
}

/// Shows the key ids, not the digests.
impl fmt::Debug for LookupKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.digests()).finish()
    }
}

/// One key's digest of a [`LookupKey`]: the key's id and 32 bytes, to
/// store beside the row (`BLOB UNIQUE` for the bytes, an integer for the
/// key id) and to look it up by.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Keyring, LookupDigest, PhoneNumber, TwoFactor};
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 7700 900123")?;
/// let digest = keyring.lookup_key(&phone).primary().clone();
/// let read = LookupDigest::from_parts(digest.key_id(), *digest.as_bytes());
/// assert_eq!(read, digest);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct LookupDigest {
    key_id: u32,
    mac: [u8; 32],
}

impl LookupDigest {
    fn new<I: Identifier>(key: &Key, value: &str) -> Self {
        let mut mac = key.lookup_mac::<I::Purpose>();
        mac.update(DOMAIN);
        mac.update(&[0]);
        mac.update(I::KIND.name().as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        Self {
            key_id: key.id,
            mac: mac.finalize().into_bytes().into(),
        }
    }

    /// A digest read back from storage, to compare with
    /// [`LookupKey::matches`].
    pub const fn from_parts(key_id: u32, bytes: [u8; 32]) -> Self {
        Self { key_id, mac: bytes }
    }

    /// The id of the keyring key it was made under.
    pub const fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The 32 bytes, to store.
    pub const fn as_bytes(&self) -> &[u8; 32] {
        &self.mac
    }
}

impl Clone for LookupDigest {
    fn clone(&self) -> Self {
        Self {
            key_id: self.key_id,
            mac: self.mac,
        }
    }
}

impl Drop for LookupDigest {
    fn drop(&mut self) {
        self.mac.zeroize();
    }
}

impl ZeroizeOnDrop for LookupDigest {}

impl ConstantTimeEq for LookupDigest {
    fn ct_eq(&self, other: &Self) -> Choice {
        let key = u64::from(self.key_id ^ other.key_id);
        (crate::primitives::ct::bytes_diff(&self.mac, &other.mac) | key).ct_eq(&0)
    }
}

impl PartialEq for LookupDigest {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for LookupDigest {}

impl Hash for LookupDigest {
    fn hash<H: Hasher>(&self, state: &mut H) {
        keyed_hash::hash_keyed(
            state,
            &[b"lookup_digest", &self.key_id.to_le_bytes(), &self.mac],
        );
    }
}

/// Shows the key id, not the digest.
impl fmt::Debug for LookupDigest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LookupDigest(key {}, [REDACTED])", self.key_id)
    }
}

impl Keyring {
    /// The [`LookupKey`] of `id`'s value: its digest under each enabled
    /// key, for `id`'s purpose. It does not depend on the subject `id` is
    /// bound to.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Keyring, PhoneNumber, Subject, TwoFactor};
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let typed = PhoneNumber::<TwoFactor>::parse("+44 7700 900123")?;
    /// let stored = typed.clone().owned_by(&Subject::new("user-42")?)?;
    /// assert_eq!(keyring.lookup_key(&typed), keyring.lookup_key(&stored));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lookup_key<I: Identifier>(&self, id: &I) -> LookupKey {
        LookupKey::new(self, id)
    }
}
