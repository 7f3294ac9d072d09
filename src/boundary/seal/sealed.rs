//! `Sealed<I>`: the bytes of a sealed identifier, their documented
//! format, and how they compare, hash, print and parse.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use base64ct::{Base64UrlUnpadded, Encoding};

use crate::boundary::seal::error::{OpenError, OpenErrorKind};
use crate::boundary::seal::format::{AssociatedData, VERSION};
use crate::identifiers::identifier::Identifier;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::Purpose;
use crate::purposes::subject::Subject;

/// An identifier sealed by a [`Keyring`](crate::Keyring) or a
/// [`Keyset`](crate::Keyset): unreadable without its purpose's key, and opened only as the purpose
/// (and, for consent purposes, with the consent) it was sealed for.
///
/// # Format: Tink's deterministic AEAD
///
/// The bytes are exactly what Tink's `DeterministicAead` (AES-SIV, key
/// type `AesSivKey`, output prefix `TINK`) writes, so BigQuery, and Tink in
/// Java, Python, Go or C++, open them with the purpose's keyset
/// ([`Keyring::expose_tink_keyset`](crate::Keyring::expose_tink_keyset))
/// and the associated data below:
///
/// ```text
/// 0x01 ‖ key id (u32, big-endian) ‖ SIV (16 bytes) ‖ AES-CTR ciphertext
/// ```
///
/// 34 bytes for a typical phone number (`+442079460958`). The SIV is
/// AES-CMAC-SIV (RFC 5297) over exactly one associated-data component, then
/// the plaintext: the canonical value (E.164, or the canonical address) in
/// UTF-8. The key is the one purpose's key of the ring key named in the
/// prefix: each purpose (and each purpose set) has its own, so the key of
/// one purpose opens nothing sealed for another, whatever associated data
/// is given.
///
/// # Associated data
///
/// One ASCII string, built per row in SQL as easily as here
/// ([`associated_data`](Self::associated_data)):
///
/// ```text
/// purpose-bound/sealed/v3;kind=<kind>;purpose=<tag>;subject=<subject>
/// purpose-bound/sealed/v3;kind=<kind>;purpose=<tag>;subject=<subject>;consent=<id>
/// ```
///
/// `<kind>` is `phone` or `email`; `<tag>` the purpose's
/// [`TAG`](crate::Purpose::TAG) (`two_factor`, `marketing`,
/// `two_factor+account_notice`, …); `<subject>` the 32 hex digits of the
/// [`SubjectTag`](crate::SubjectTag) of the account the value belongs to;
/// `<id>` the decimal [`ConsentId`], written for consent purposes only
/// (`Marketing`, `Advertising`, `Discoverable`), and then always. Kinds and
/// tags contain no `;` or `=`, the subject has a fixed length, and a
/// consent id has no leading zeros, so two different kinds, purposes,
/// subjects or consents never give the same string. In BigQuery:
///
/// ```sql
/// CONCAT('purpose-bound/sealed/v3;kind=email;purpose=marketing;subject=',
///        TO_HEX(SUBSTR(SHA256(CONCAT('purpose-bound/subject/v1:', account_id)), 1, 16)),
///        ';consent=', CAST(consent_id AS STRING))
/// ```
///
/// A value copied into another account's, purpose's or consent's row,
/// re-tagged, truncated or altered does not open. Equal values of one
/// subject seal to equal bytes (a unique index per account works); the same
/// value of two subjects does not, so a lookup by value across accounts
/// (sign-in by phone number, a unique number per service) goes through a
/// [`LookupKey`](crate::LookupKey) column instead.
///
/// # Values sealed before subjects
///
/// Values sealed with the previous associated data
/// (`purpose-bound/sealed/v2;kind=<kind>;purpose=<tag>[;consent=<id>]`)
/// still open, for the subject the caller names, since nothing in them
/// binds one: `reseal` with the row's subject moves them to the current
/// format. Reseal them under a new primary key, then disable the old key
/// ids ([`Keyring::disable`](crate::Keyring::disable)): from then on a
/// value of the previous format copied into another account's row opens
/// nowhere.
///
/// # The crate's first format
///
/// Values sealed before this format (the same prefix, then for consent
/// purposes the consent id in the clear, under one sealing key for every
/// purpose) still open with a [`Keyring`](crate::Keyring), which tries the
/// current format first; [`Keyring::reseal`](crate::Keyring::reseal) and
/// [`Consent::reseal`](crate::Consent::reseal) move them to this one. A
/// [`Keyset`](crate::Keyset) opens the current format only.
///
/// # Storage
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

    /// The id of the key that sealed the value: `None` when the bytes are
    /// too short to name one, or do not start with the format byte `0x01`.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Keyring, PhoneNumber, Sealed, Subject, TwoFactor};
    ///
    /// let keyring = Keyring::new(7, &mut [7; 32]);
    /// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?.owned_by(&Subject::new("user-42")?)?;
    /// let sealed = keyring.seal(&phone)?;
    /// assert_eq!(sealed.key_id(), Some(7));
    /// assert_eq!(Sealed::<PhoneNumber<TwoFactor>>::from_bytes(vec![1, 0]).key_id(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn key_id(&self) -> Option<u32> {
        match &*self.bytes {
            [VERSION, a, b, c, d, ..] => Some(u32::from_be_bytes([*a, *b, *c, *d])),
            _ => None,
        }
    }

    /// The associated data that a value of `I` of `subject` is sealed
    /// with: see [Associated data](Self#associated-data). `consent` is the
    /// id of the consent a value of a consent purpose was collected under;
    /// for purposes collected without consent, pass `None` (a consent id
    /// there gives associated data that opens nothing).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{ConsentId, EmailAddress, Marketing, PhoneNumber, Sealed, Subject, TwoFactor};
    ///
    /// let ada = Subject::new("user-42")?;
    /// let subject = ada.tag().hex();
    /// assert_eq!(
    ///     Sealed::<PhoneNumber<TwoFactor>>::associated_data(&ada, None),
    ///     format!("purpose-bound/sealed/v3;kind=phone;purpose=two_factor;subject={}", subject.as_str())
    ///         .into_bytes(),
    /// );
    /// assert_eq!(
    ///     Sealed::<EmailAddress<Marketing>>::associated_data(&ada, ConsentId::new(42)),
    ///     format!(
    ///         "purpose-bound/sealed/v3;kind=email;purpose=marketing;subject={};consent=42",
    ///         subject.as_str(),
    ///     )
    ///     .into_bytes(),
    /// );
    /// # Ok::<(), purpose_bound::SubjectError>(())
    /// ```
    pub fn associated_data(subject: &Subject, consent: Option<ConsentId>) -> Vec<u8> {
        AssociatedData::new::<I>(Some(subject.tag()), consent)
            .map(|ad| ad.as_bytes().to_vec())
            .unwrap_or_default()
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
