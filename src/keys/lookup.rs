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
#[cfg(feature = "seal")]
use crate::keys::keyset::{Keyset, KeysetError};
use crate::keys::subkeys::{Key, MacKey};
use crate::primitives::keyed_hash;
use crate::purposes::markers::Purpose;
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
/// accounts, and it holds no raw value. A [`Keyset`](crate::Keyset) of the
/// purpose made from the keyring makes the same digests
/// ([`Keyset::lookup_key`](crate::Keyset::lookup_key)). It is still personal data: who
/// holds the key can confirm a guessed number (SECURITY.md).
///
/// # Examples
///
/// ```
/// use purpose_bound::{Keyring, PhoneNumber, TwoFactor};
///
/// let mut keyring = Keyring::new(1, &mut [7; 32]);
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 7911 123456")?;
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
    /// The digests of `id` under `primary`, the primary key's lookup subkey
    /// of `id`'s purpose with its id, and under each of `others`.
    fn new<'a, I: Identifier>(
        id: &I,
        primary: (u32, &MacKey),
        others: impl IntoIterator<Item = (u32, &'a MacKey)>,
    ) -> Self {
        id.with_canonical(Token(()), |value| Self {
            primary: LookupDigest::new::<I>(primary, value),
            others: others
                .into_iter()
                .map(|subkey| LookupDigest::new::<I>(subkey, value))
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
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 7911 123456")?;
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
    fn new<I: Identifier>((key_id, subkey): (u32, &MacKey), value: &str) -> Self {
        let mut mac = subkey.mac();
        mac.update(DOMAIN);
        mac.update(&[0]);
        mac.update(I::KIND.name().as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        Self {
            key_id,
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
    /// let typed = PhoneNumber::<TwoFactor>::parse("+44 7911 123456")?;
    /// let stored = typed.clone().owned_by(&Subject::new("user-42")?)?;
    /// assert_eq!(keyring.lookup_key(&typed), keyring.lookup_key(&stored));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lookup_key<I: Identifier>(&self, id: &I) -> LookupKey {
        fn subkey<P: Purpose>(key: &Key) -> (u32, &MacKey) {
            (key.id, key.lookup::<P>())
        }
        LookupKey::new(
            id,
            subkey::<I::Purpose>(self.primary_key()),
            self.keys().skip(1).map(subkey::<I::Purpose>),
        )
    }
}

#[cfg(feature = "seal")]
impl<P: Purpose> Keyset<P> {
    /// The [`LookupKey`] of `id`'s value, an identifier of `P`: the same
    /// digests as [`Keyring::lookup_key`] with the ring this keyset was
    /// made from, so that a job that looks rows up by value holds its
    /// purpose's keyset and no other purpose's keys. It does not depend on
    /// the subject `id` is bound to.
    ///
    /// Only identifiers of `P` compile:
    ///
    /// ```compile_fail,E0271
    /// # use purpose_bound::{Advertising, Keyring, PhoneNumber, TwoFactor};
    /// let keyset = Keyring::new(1, &mut [7; 32]).keyset::<Advertising>();
    /// keyset.lookup_key(&PhoneNumber::<TwoFactor>::parse("+44 7911 123456").unwrap());
    /// ```
    ///
    /// # Errors
    ///
    /// [`KeysetErrorKind::SealingOnly`](crate::KeysetErrorKind::SealingOnly)
    /// for a keyset read from Tink's JSON, which holds no lookup subkey.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Keyring, PhoneNumber, TwoFactor};
    ///
    /// let mut keyring = Keyring::new(1, &mut [7; 32]);
    /// keyring.rotate(2, &mut [9; 32])?;
    /// let keyset = keyring.keyset::<TwoFactor>();
    /// let phone = PhoneNumber::<TwoFactor>::parse("+44 7400 123456")?;
    /// assert_eq!(keyset.lookup_key(&phone)?, keyring.lookup_key(&phone));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn lookup_key<I: Identifier<Purpose = P>>(&self, id: &I) -> Result<LookupKey, KeysetError> {
        let subkeys = self.lookup_subkeys()?;
        let mut subkeys = subkeys.into_iter();
        match subkeys.next() {
            Some(primary) => Ok(LookupKey::new(id, primary, subkeys)),
            // A keyset has an enabled primary key, listed first.
            None => Err(KeysetError::sealing_only()),
        }
    }
}
