//! Sealed identifiers: deterministic authenticated encryption (AES-SIV,
//! RFC 5297) under a keyring, with the purpose as associated data.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use aes_siv::KeyInit;
use aes_siv::siv::Aes256Siv;
use base64ct::{Base64UrlUnpadded, Encoding};

use crate::boundary::keyring::{Key, Keyring};
use crate::consent::Consent;
use crate::identifiers::identifier::Identifier;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::{Purpose, RequiresConsent};
use crate::purposes::sealed::SealedPurpose;

/// The first byte of every sealed value: the format.
pub(crate) const VERSION: u8 = 1;

/// Names this format and the crate in the associated data, so that a
/// ciphertext made for anything else under the same key never opens here.
const DOMAIN: &[u8] = b"purpose-bound sealed v1";

/// The SIV tag's length.
pub(crate) const TAG_LEN: usize = 16;

/// The longest canonical value: an email address of 254 octets.
pub(crate) const MAX_VALUE_LEN: usize = 254;

/// The AES-SIV cipher of `key`'s sealing subkey.
pub(crate) fn siv(key: &Key) -> Aes256Siv {
    Aes256Siv::new(&(*key.seal).into())
}

/// The associated data of a sealed `I`: the format's domain, the kind of
/// identifier, the purpose's tag and the header (format, key, consent).
pub(crate) fn associated_data<I: Identifier>(header: &[u8]) -> [&[u8]; 4] {
    [
        DOMAIN,
        I::KIND.name().as_bytes(),
        <I::Purpose as Purpose>::TAG.as_bytes(),
        header,
    ]
}

/// The clear part of a sealed value: format, key id and, for consent
/// purposes, the consent's id.
pub(crate) struct Header {
    pub(crate) key: u32,
    pub(crate) consent: Option<ConsentId>,
}

impl Header {
    /// The header's bytes, and how many there are: 5, or 13 with a consent.
    pub(crate) fn encode(&self) -> ([u8; 13], usize) {
        let [k0, k1, k2, k3] = self.key.to_be_bytes();
        let consent = self.consent.map(ConsentId::get);
        let [c0, c1, c2, c3, c4, c5, c6, c7] = consent.unwrap_or(0).to_be_bytes();
        let bytes = [VERSION, k0, k1, k2, k3, c0, c1, c2, c3, c4, c5, c6, c7];
        (bytes, if consent.is_some() { 13 } else { 5 })
    }

    /// Splits a sealed `I` into its header, tag and ciphertext.
    pub(crate) fn split<I: Identifier>(
        bytes: &[u8],
    ) -> Result<(Self, [u8; TAG_LEN], &[u8]), OpenError> {
        let malformed = OpenError {
            kind: OpenErrorKind::Malformed,
        };
        let consent_len = if <I::Purpose as SealedPurpose>::REQUIRES_CONSENT {
            8
        } else {
            0
        };
        let (&version, rest) = bytes.split_first().ok_or(malformed)?;
        if version != VERSION {
            return Err(malformed);
        }
        let (key, rest) = rest.split_first_chunk::<4>().ok_or(malformed)?;
        let (consent, rest) = rest.split_at_checked(consent_len).ok_or(malformed)?;
        let (tag, body) = rest.split_first_chunk::<TAG_LEN>().ok_or(malformed)?;
        let consent = match <[u8; 8]>::try_from(consent) {
            Ok(id) => Some(ConsentId::new(u64::from_be_bytes(id)).ok_or(malformed)?),
            Err(_) => None,
        };
        if body.is_empty() || body.len() > MAX_VALUE_LEN {
            return Err(malformed);
        }
        let header = Self {
            key: u32::from_be_bytes(*key),
            consent,
        };
        Ok((header, *tag, body))
    }
}

/// An identifier sealed by a [`Keyring`]: unreadable without the key, and
/// opened only as the purpose (and, for consent purposes, with the consent)
/// it was sealed for.
///
/// Bytes: a format byte, the key id (4 bytes, big-endian), for consent
/// purposes the consent's id (8 bytes), then the AES-SIV tag and
/// ciphertext; 29 bytes for a typical phone number. The associated data is
/// the format's domain, the kind of identifier, the purpose's tag and the
/// clear header, so a value copied into another purpose's column, re-tagged,
/// truncated or altered does not open.
///
/// It travels as `BYTEA`/`BLOB` in SQL (binary, compact, and compared and
/// indexed byte for byte: `WHERE col = ?` with a freshly sealed value finds
/// the row), as bytes in compact serde formats and as unpadded base64url
/// text in human-readable ones (`Display`, [`FromStr`]), so pipelines in
/// other languages carry it unchanged. It holds no raw value: it is safe to
/// log.
pub struct Sealed<I> {
    bytes: Box<[u8]>,
    kind: PhantomData<fn() -> I>,
}

impl<I: Identifier> Sealed<I> {
    pub(crate) fn from_vec(bytes: Vec<u8>) -> Self {
        Self {
            bytes: bytes.into_boxed_slice(),
            kind: PhantomData,
        }
    }

    /// Takes sealed bytes as stored. They are checked when opened.
    pub fn from_bytes(bytes: impl Into<Box<[u8]>>) -> Self {
        Self {
            bytes: bytes.into(),
            kind: PhantomData,
        }
    }

    /// The sealed bytes, for storage.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The id of the key that sealed the value (0 when the value is too
    /// short to name one).
    pub fn key_id(&self) -> u32 {
        self.bytes
            .get(1..5)
            .and_then(|id| <[u8; 4]>::try_from(id).ok())
            .map_or(0, u32::from_be_bytes)
    }
}

impl<I> Clone for Sealed<I> {
    fn clone(&self) -> Self {
        Self {
            bytes: self.bytes.clone(),
            kind: PhantomData,
        }
    }
}

impl<I> PartialEq for Sealed<I> {
    fn eq(&self, other: &Self) -> bool {
        self.bytes == other.bytes
    }
}

impl<I> Eq for Sealed<I> {}

/// Feeds the hasher the sealed bytes: ciphertext under the keyring's
/// purpose key, the same bytes [`Display`](fmt::Display) shows and a
/// database stores. Nothing of the value can be recovered from them without
/// the keyring, and the purpose is already in them (each purpose seals under
/// its own key, with its own associated data), so they are fed as they are:
/// a map keyed by sealed values costs no more than one keyed by bytes.
impl<I> core::hash::Hash for Sealed<I> {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.bytes.hash(state);
    }
}

/// Unpadded base64url of the bytes.
impl<I> fmt::Display for Sealed<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&Base64UrlUnpadded::encode_string(&self.bytes))
    }
}

impl<I: Identifier> fmt::Debug for Sealed<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Sealed<{}>({self})", <I::Purpose as Purpose>::NAME)
    }
}

/// Reads unpadded base64url, as `Display` writes it.
impl<I: Identifier> FromStr for Sealed<I> {
    type Err = OpenError;

    fn from_str(text: &str) -> Result<Self, OpenError> {
        Base64UrlUnpadded::decode_vec(text)
            .map(Self::from_vec)
            .map_err(|_| OpenError {
                kind: OpenErrorKind::Malformed,
            })
    }
}

impl<P: RequiresConsent> Consent<P> {
    /// Opens a sealed identifier of this consent's purpose, if it was
    /// collected under this consent.
    ///
    /// # Errors
    ///
    /// [`OpenErrorKind::OtherConsent`] when it was collected under another
    /// consent; otherwise as [`Keyring::open`].
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Keyring, Marketing};
    /// use std::time::Duration;
    ///
    /// let keyring = Keyring::new(1, [7; 32]);
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(5).unwrap(), "user-42", Duration::from_secs(1_767_225_600),
    ///     "newsletter-v3", ConsentChannel::Web,
    /// ))?;
    /// let email = consent.parse_email("ada@example.com")?;
    /// let sealed = keyring.seal(&email);
    /// assert_eq!(consent.open(&keyring, &sealed)?, email);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<I: Identifier<Purpose = P>>(
        &self,
        keyring: &Keyring,
        sealed: &Sealed<I>,
    ) -> Result<I, OpenError> {
        // Authenticate first: a value copied from another purpose's column
        // is refused as such, not as another consent's.
        let id = keyring.decrypt(sealed)?;
        if id.consent_id() != Some(self.id()) {
            return Err(OpenError {
                kind: OpenErrorKind::OtherConsent,
            });
        }
        crate::boundary::audit::opened(&id, sealed.key_id());
        Ok(id)
    }
}

/// Why a sealed value did not open. It never contains the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OpenError {
    pub(crate) kind: OpenErrorKind,
}

impl OpenError {
    /// What is wrong.
    pub const fn kind(&self) -> OpenErrorKind {
        self.kind
    }
}

/// What is wrong with a sealed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OpenErrorKind {
    /// Not a sealed value of this kind: too short or too long, an unknown
    /// format, no consent id where the purpose needs one, or text that is
    /// not base64url.
    Malformed,
    /// Sealed under a key the keyring does not have.
    UnknownKey,
    /// Sealed for another consent than the one opening it.
    OtherConsent,
    /// Sealed for another purpose or kind of identifier, or altered: the
    /// authentication failed, and the two cannot be told apart.
    PurposeOrTampered,
    /// Authentic, but not a value this crate seals: the key has sealed
    /// something else.
    Invalid,
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            OpenErrorKind::Malformed => "sealed value is malformed",
            OpenErrorKind::UnknownKey => "sealed value names a key the keyring does not have",
            OpenErrorKind::OtherConsent => "sealed value was collected under another consent",
            OpenErrorKind::PurposeOrTampered => {
                "sealed value was sealed for another purpose, or altered"
            }
            OpenErrorKind::Invalid => "sealed value does not hold a valid identifier",
        })
    }
}

impl core::error::Error for OpenError {}
