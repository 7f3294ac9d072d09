//! Sealed identifiers: Tink's deterministic AEAD (AES-SIV, RFC 5297) with
//! its TINK output prefix, under one key per purpose, with the kind,
//! purpose and consent as associated data.

use alloc::boxed::Box;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use aes_siv::KeyInit;
use aes_siv::siv::Aes256Siv;
use base64ct::{Base64UrlUnpadded, Encoding};
use hkdf::Hkdf;
use sha2::Sha256;
use spin::mutex::SpinMutex;
use zeroize::{Zeroize, Zeroizing};

use crate::boundary::keyring::{KeyStatus, Keyring, Use};
use crate::consent::Consent;
use crate::identifiers::identifier::{Identifier, IdentifierKind};
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::{Purpose, RequiresConsent, TAGS};
use crate::purposes::sealed::{SealedPurpose, Token};

/// The first byte of every sealed value: Tink's TINK output prefix, which
/// the crate's first format shared.
pub(crate) const VERSION: u8 = 1;

/// The prefix's length: the format byte and the key id.
pub(crate) const PREFIX_LEN: usize = 5;

/// The SIV tag's length.
pub(crate) const TAG_LEN: usize = 16;

/// The longest canonical value: an email address of 254 octets.
pub(crate) const MAX_VALUE_LEN: usize = 254;

/// The start of every associated data: the format.
pub(crate) const AD_PREFIX: &str = "purpose-bound/sealed/v2;kind=";

/// The HKDF-SHA256 `info` of a purpose's sealing key, before its tag.
const SEAL_INFO: &[u8] = b"purpose-bound/v2/seal/";

/// The associated data of the crate's first format: its domain, then the
/// kind, the purpose's tag and the clear header, as separate components.
const LEGACY_DOMAIN: &[u8] = b"purpose-bound sealed v1";

/// The position of `tag` in [`TAGS`]: the index of its purpose's sealing
/// key. Evaluated at compile time for each purpose; every purpose's tag is
/// there (a test checks it).
pub(crate) const fn purpose_index(tag: &str) -> usize {
    let mut rest: &[&str] = &TAGS;
    let mut index = 0;
    while let [first, tail @ ..] = rest {
        if bytes_eq(first.as_bytes(), tag.as_bytes()) {
            return index;
        }
        rest = tail;
        index += 1;
    }
    index
}

const fn bytes_eq(mut a: &[u8], mut b: &[u8]) -> bool {
    loop {
        match (a, b) {
            ([], []) => return true,
            ([x, a_rest @ ..], [y, b_rest @ ..]) if *x == *y => {
                a = a_rest;
                b = b_rest;
            }
            _ => return false,
        }
    }
}

/// One AES-SIV key (64 bytes: the CMAC key, then the CTR key, as Tink and
/// RFC 5297 split it) with a cipher kept prepared for the next call.
///
/// `Aes256Siv` seals and opens through `&mut self`; the prepared one is
/// taken with a `try_lock` that never waits, and a call that finds it
/// taken by another thread prepares its own. Both are wiped on drop.
pub struct SealKey {
    bytes: Zeroizing<[u8; 64]>,
    prepared: SpinMutex<Aes256Siv>,
}

impl SealKey {
    pub(crate) fn new(bytes: Zeroizing<[u8; 64]>) -> Self {
        let prepared = SpinMutex::new(Aes256Siv::new(&(*bytes).into()));
        Self { bytes, prepared }
    }

    /// The key's 64 bytes, for a keyset export.
    pub(crate) fn bytes(&self) -> &[u8; 64] {
        &self.bytes
    }

    /// A copy that prepares its own cipher.
    pub(crate) fn duplicate(&self) -> Self {
        Self::new(self.bytes.clone())
    }

    fn with_cipher<R>(&self, f: impl FnOnce(&mut Aes256Siv) -> R) -> R {
        match self.prepared.try_lock() {
            Some(mut cipher) => f(&mut cipher),
            None => f(&mut Aes256Siv::new(&(*self.bytes).into())),
        }
    }
}

/// Shows nothing of the key.
impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealKey([REDACTED])")
    }
}

/// The sealing keys a keyring key derives: one per purpose (purpose sets
/// included), and the single key of the crate's first format, kept to
/// open what it sealed.
pub(crate) struct SealKeys {
    purposes: Box<[SealKey; TAGS.len()]>,
    legacy: Zeroizing<[u8; 64]>,
}

impl SealKeys {
    /// HKDF-SHA256 from `hkdf`: `purpose-bound/v2/seal/<tag>` for each
    /// purpose's 64-byte AES-SIV key; `purpose-bound/v1/seal` for the first
    /// format's.
    pub(crate) fn derive(hkdf: &Hkdf<Sha256>) -> Self {
        let purposes = TAGS.map(|tag| {
            let mut bytes = Zeroizing::new([0u8; 64]);
            // Cannot fail: 64 bytes are far below HKDF-SHA256's limit.
            let _ = hkdf.expand_multi_info(&[SEAL_INFO, tag.as_bytes()], bytes.as_mut_slice());
            SealKey::new(bytes)
        });
        let mut legacy = Zeroizing::new([0u8; 64]);
        let _ = hkdf.expand(Use::LegacySeal.info(), legacy.as_mut_slice());
        Self {
            purposes: Box::new(purposes),
            legacy,
        }
    }

    /// Purpose `P`'s sealing key.
    pub(crate) fn of<P: Purpose>(&self) -> &SealKey {
        let index = const { purpose_index(P::TAG) };
        // Every purpose's tag is in `TAGS` (tested), so this is its key.
        let [first, ..] = &*self.purposes;
        self.purposes.get(index).unwrap_or(first)
    }
}

/// What a set of sealing keys has under a key id.
pub enum Lookup<'a> {
    /// An enabled key, and the first format's key where the set has it.
    Enabled(&'a SealKey, Option<&'a [u8; 64]>),
    /// A key that no longer opens.
    NotEnabled,
    /// No key of that id.
    Unknown,
}

/// Shows nothing of the keys.
impl fmt::Debug for Lookup<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Enabled(..) => "Enabled([REDACTED])",
            Self::NotEnabled => "NotEnabled",
            Self::Unknown => "Unknown",
        })
    }
}

pub(crate) mod keys {
    use super::{Lookup, SealKey};
    use crate::purposes::sealed::Token;

    /// Seals [`SealingKeys`](super::SealingKeys): the crate's hooks into a
    /// set of sealing keys.
    pub trait Sealed<P> {
        /// The primary key's id and `P`'s sealing key under it.
        fn primary(&self, _: Token) -> (u32, &SealKey);
        /// `P`'s sealing key under key `id`.
        fn lookup(&self, _: Token, id: u32) -> Lookup<'_>;
    }

    /// `Self` is the purpose `P`: a `Keyset<P>` holds sealing keys for
    /// `Self`. Its message is what a user reads who hands one purpose's
    /// keyset a value of another.
    #[diagnostic::on_unimplemented(
        message = "a `Keyset<{P}>` holds no sealing keys for `{Self}`",
        label = "`{Self}` values are sealed under `{Self}`'s own keys",
        note = "each purpose has its own sealing keys, and a `Keyset` holds one purpose's: a system given the keys of one purpose opens nothing of another",
        note = "use the keyset of the purpose you mean, `keyring.keyset::<{Self}>()`, or seal and open with the `Keyring`"
    )]
    pub trait KeysetOf<P> {}

    impl<P: crate::purposes::markers::Purpose> KeysetOf<P> for P {}
}

/// Holds purpose `P`'s sealing keys: a [`Keyring`] (every purpose's) or a
/// [`Keyset<P>`](crate::Keyset) (`P`'s alone). What
/// [`Consent::open`](crate::Consent::open) and
/// [`Consent::reseal`](crate::Consent::reseal) take.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "`{Self}` holds no sealing keys for `{P}`",
    label = "cannot seal or open `{P}` values",
    note = "each purpose has its own sealing keys, and a `Keyset` holds one purpose's: a system given the keys of one purpose opens nothing of another",
    note = "make the keyset of the purpose you mean: `keyring.keyset::<{P}>()`, or seal and open with the `Keyring` itself"
)]
pub trait SealingKeys<P: Purpose>: keys::Sealed<P> {}

impl<P: Purpose> keys::Sealed<P> for Keyring {
    fn primary(&self, _: Token) -> (u32, &SealKey) {
        let key = self.primary_key();
        (key.id, key.seal.of::<P>())
    }

    fn lookup(&self, _: Token, id: u32) -> Lookup<'_> {
        match self.key_or_status(id) {
            Ok(key) => Lookup::Enabled(key.seal.of::<P>(), Some(&key.seal.legacy)),
            Err(Some(KeyStatus::Disabled | KeyStatus::Destroyed)) => Lookup::NotEnabled,
            Err(_) => Lookup::Unknown,
        }
    }
}

impl<P: Purpose> SealingKeys<P> for Keyring {}

/// A shared keyring or keyset (`Arc<Keyring>` in a service's state) holds
/// the keys it points to.
impl<P: Purpose, K: keys::Sealed<P> + ?Sized> keys::Sealed<P> for alloc::sync::Arc<K> {
    fn primary(&self, token: Token) -> (u32, &SealKey) {
        (**self).primary(token)
    }

    fn lookup(&self, token: Token, id: u32) -> Lookup<'_> {
        (**self).lookup(token, id)
    }
}

#[diagnostic::do_not_recommend]
impl<P: Purpose, K: SealingKeys<P> + ?Sized> SealingKeys<P> for alloc::sync::Arc<K> {}

/// The associated data of a sealed value, written on the stack: at most
/// 29 + 5 + 9 + 42 + 9 + 20 bytes.
pub(crate) struct AssociatedData {
    bytes: [u8; 128],
    len: usize,
}

impl AssociatedData {
    /// `purpose-bound/sealed/v2;kind=<phone|email>;purpose=<tag>`, then
    /// `;consent=<decimal id>` when a consent is given.
    pub(crate) fn new<I: Identifier>(consent: Option<ConsentId>) -> Self {
        let mut ad = Self {
            bytes: [0; 128],
            len: 0,
        };
        ad.push(AD_PREFIX.as_bytes());
        ad.push(kind_name(I::KIND).as_bytes());
        ad.push(b";purpose=");
        ad.push(<I::Purpose as Purpose>::TAG.as_bytes());
        if let Some(consent) = consent {
            ad.push(b";consent=");
            let mut digits = [0u8; 20];
            let mut n = consent.get();
            let mut start = digits.len();
            while let Some(slot) = start.checked_sub(1).and_then(|i| digits.get_mut(i)) {
                // The last digit: `n % 10` is below 10.
                *slot = b'0' + (n % 10) as u8;
                start -= 1;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            ad.push(digits.get(start..).unwrap_or_default());
        }
        ad
    }

    fn push(&mut self, bytes: &[u8]) {
        if let Some(slot) = self.bytes.get_mut(self.len..self.len + bytes.len()) {
            slot.copy_from_slice(bytes);
            self.len += bytes.len();
        }
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

/// The kind of identifier as the associated data names it.
const fn kind_name(kind: IdentifierKind) -> &'static str {
    match kind {
        IdentifierKind::Phone => "phone",
        IdentifierKind::Email => "email",
    }
}

/// Seals `id` under `keys`' primary key for its purpose.
pub(crate) fn seal_with<I, K>(keys: &K, id: &I) -> Sealed<I>
where
    I: Identifier,
    K: keys::Sealed<I::Purpose> + ?Sized,
{
    let (key_id, key) = keys.primary(Token(()));
    let ad = AssociatedData::new::<I>(id.consent_id());
    id.with_canonical(Token(()), |value| {
        let mut bytes = Vec::with_capacity(PREFIX_LEN + TAG_LEN + value.len());
        bytes.push(VERSION);
        bytes.extend_from_slice(&key_id.to_be_bytes());
        bytes.extend_from_slice(&[0; TAG_LEN]);
        bytes.extend_from_slice(value.as_bytes());
        let (head, body) = bytes.split_at_mut(PREFIX_LEN + TAG_LEN);
        // Cannot fail: one associated-data component, and encryption takes
        // any length.
        if let Ok(tag) =
            key.with_cipher(|siv| siv.encrypt_inout_detached([ad.as_bytes()], body.into()))
        {
            if let Some(slot) = head.get_mut(PREFIX_LEN..) {
                slot.copy_from_slice(&tag);
            }
        }
        Sealed::from_vec(bytes)
    })
}

/// A sealed value's parts.
#[derive(Clone, Copy)]
struct Parts<'a> {
    key_id: u32,
    /// What lies between the prefix and the tag: the clear consent id of
    /// the first format's values of consent purposes, or nothing.
    skipped: &'a [u8],
    tag: [u8; TAG_LEN],
    body: &'a [u8],
}

/// The plaintext of a value being opened: a buffer on the stack, of which
/// the bytes written are wiped on drop (what was never written holds no
/// secret, so a phone number costs a wipe of 13 bytes, not 254).
struct Plaintext {
    bytes: [u8; MAX_VALUE_LEN],
    len: usize,
}

impl Plaintext {
    const fn new() -> Self {
        Self {
            bytes: [0; MAX_VALUE_LEN],
            len: 0,
        }
    }

    /// Decrypts `body` with AES-SIV under `cipher` and `ad` into the
    /// buffer, and returns the plaintext's length; `None` if it is not
    /// authentic (what was written is still wiped on drop).
    fn decrypt<T: AsRef<[u8]>>(
        &mut self,
        cipher: &mut Aes256Siv,
        ad: impl IntoIterator<Item = T>,
        tag: [u8; TAG_LEN],
        body: &[u8],
    ) -> Option<usize> {
        let slot = self.bytes.get_mut(..body.len())?;
        // Before the copy, so that a failed call still wipes what it wrote.
        self.len = self.len.max(body.len());
        slot.copy_from_slice(body);
        cipher
            .decrypt_inout_detached(ad, slot.into(), &tag.into())
            .ok()?;
        Some(body.len())
    }

    /// The first `len` bytes as text, if they are.
    fn text(&self, len: usize) -> Option<&str> {
        core::str::from_utf8(self.bytes.get(..len)?).ok()
    }
}

impl Drop for Plaintext {
    fn drop(&mut self) {
        if let Some(written) = self.bytes.get_mut(..self.len) {
            written.zeroize();
        }
    }
}

/// A sealed value split into key id, SIV tag and ciphertext, where the
/// ciphertext starts `skip` bytes after the prefix (8 in the first
/// format's values of consent purposes: the clear consent id).
fn split(bytes: &[u8], skip: usize) -> Option<Parts<'_>> {
    let (&version, rest) = bytes.split_first()?;
    if version != VERSION {
        return None;
    }
    let (key, rest) = rest.split_first_chunk::<4>()?;
    let (skipped, rest) = rest.split_at_checked(skip)?;
    let (tag, body) = rest.split_first_chunk::<TAG_LEN>()?;
    if body.is_empty() || body.len() > MAX_VALUE_LEN {
        return None;
    }
    Some(Parts {
        key_id: u32::from_be_bytes(*key),
        skipped,
        tag: *tag,
        body,
    })
}

/// Opens a sealed `I` with `keys`: in Tink's format first, then (where
/// `keys` has them) in the crate's first format. `consent` is the opening
/// consent's id, for consent purposes.
pub(crate) fn open_with<I, K>(
    keys: &K,
    sealed: &Sealed<I>,
    consent: Option<ConsentId>,
) -> Result<I, OpenError>
where
    I: Identifier,
    K: keys::Sealed<I::Purpose> + ?Sized,
{
    let error = |kind| OpenError { kind };
    let bytes = sealed.as_bytes();
    let current = split(bytes, 0);
    let legacy_skip = if <I::Purpose as SealedPurpose>::REQUIRES_CONSENT {
        8
    } else {
        0
    };
    let legacy = split(bytes, legacy_skip);
    let Some(key_id) = current.or(legacy).map(|parts| parts.key_id) else {
        return Err(error(OpenErrorKind::Malformed));
    };
    let (key, legacy_key) = match keys.lookup(Token(()), key_id) {
        Lookup::Enabled(key, legacy_key) => (key, legacy_key),
        Lookup::NotEnabled => return Err(error(OpenErrorKind::DisabledKey)),
        Lookup::Unknown => return Err(error(OpenErrorKind::UnknownKey)),
    };
    let mut plain = Plaintext::new();
    let opened = current.and_then(|parts| {
        let ad = AssociatedData::new::<I>(consent);
        key.with_cipher(|siv| plain.decrypt(siv, [ad.as_bytes()], parts.tag, parts.body))
    });
    let (len, consent) = match opened {
        Some(len) => (len, consent),
        None => open_legacy::<I>(&mut plain, legacy_key, legacy, consent)?,
    };
    // Authentic, so written by `seal`: anything else is a value sealed
    // with this key by other code.
    let value = plain.text(len).ok_or(error(OpenErrorKind::Invalid))?;
    I::from_sealed(Token(()), value, consent).map_err(|_| error(OpenErrorKind::Invalid))
}

/// Opens a value of the crate's first format into `plain`: the consent id
/// in the clear after the key id, the associated data in four components.
/// Returns the plaintext's length and the consent it was sealed for.
fn open_legacy<I: Identifier>(
    plain: &mut Plaintext,
    key: Option<&[u8; 64]>,
    parts: Option<Parts<'_>>,
    consent: Option<ConsentId>,
) -> Result<(usize, Option<ConsentId>), OpenError> {
    let refused = OpenError {
        kind: OpenErrorKind::PurposeOrTampered,
    };
    let (Some(key), Some(parts)) = (key, parts) else {
        return Err(refused);
    };
    let Parts {
        key_id,
        skipped: clear_consent,
        tag,
        body,
    } = parts;
    let mut header = [0u8; 13];
    let header_len = PREFIX_LEN + clear_consent.len();
    let clear = header.get_mut(..header_len).ok_or(refused)?;
    if let [version, rest @ ..] = clear {
        *version = VERSION;
        let (key, consent) = rest.split_at_mut(4);
        key.copy_from_slice(&key_id.to_be_bytes());
        consent.copy_from_slice(clear_consent);
    }
    let ad: [&[u8]; 4] = [
        LEGACY_DOMAIN,
        I::KIND.name().as_bytes(),
        <I::Purpose as Purpose>::TAG.as_bytes(),
        clear,
    ];
    let mut cipher = Aes256Siv::new(&(*key).into());
    let len = plain.decrypt(&mut cipher, ad, tag, body).ok_or(refused)?;
    let sealed_for = <[u8; 8]>::try_from(clear_consent)
        .ok()
        .map(u64::from_be_bytes)
        .and_then(ConsentId::new);
    if sealed_for != consent {
        return Err(OpenError {
            kind: OpenErrorKind::OtherConsent,
        });
    }
    Ok((len, sealed_for))
}

/// An identifier sealed by a [`Keyring`] or a [`Keyset`](crate::Keyset):
/// unreadable without its purpose's key, and opened only as the purpose
/// (and, for consent purposes, with the consent) it was sealed for.
///
/// # Format: Tink's deterministic AEAD
///
/// The bytes are exactly what Tink's `DeterministicAead` (AES-SIV, key
/// type `AesSivKey`, output prefix `TINK`) writes, so BigQuery, and Tink in
/// Java, Python, Go or C++, open them with the purpose's keyset
/// ([`Keyring::expose_tink_keyset`]) and the associated data below:
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
/// purpose-bound/sealed/v2;kind=<kind>;purpose=<tag>
/// purpose-bound/sealed/v2;kind=<kind>;purpose=<tag>;consent=<id>
/// ```
///
/// `<kind>` is `phone` or `email`; `<tag>` the purpose's
/// [`TAG`](crate::Purpose::TAG) (`two_factor`, `marketing`,
/// `two_factor+account_notice`, …); `<id>` the decimal
/// [`ConsentId`], written for consent purposes only (`Marketing`,
/// `Advertising`, `Discoverable`), and then always. Kinds and tags contain
/// no `;` or `=`, and a consent id has no leading zeros, so two different
/// kinds, purposes or consents never give the same string. In SQL:
/// `CONCAT('purpose-bound/sealed/v2;kind=email;purpose=marketing;consent=',
/// CAST(consent_id AS STRING))`.
///
/// A value copied into another purpose's or consent's column, re-tagged,
/// truncated or altered does not open.
///
/// # The crate's first format
///
/// Values sealed before this format (the same prefix, then for consent
/// purposes the consent id in the clear, under one sealing key for every
/// purpose) still open with a [`Keyring`], which tries the current format
/// first; [`Keyring::reseal`] and [`Consent::reseal`] move them to this
/// one. A [`Keyset`](crate::Keyset) opens the current format only.
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
    /// use purpose_bound::{Keyring, PhoneNumber, Sealed, TwoFactor};
    ///
    /// let keyring = Keyring::new(7, &mut [7; 32]);
    /// let sealed = keyring.seal(&PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?);
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

    /// The associated data that a value of `I` is sealed with: see
    /// [Associated data](Self#associated-data). `consent` is the id of
    /// the consent a value of a consent purpose was collected under; for
    /// purposes collected without consent, pass `None` (a consent id there
    /// gives associated data that opens nothing).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{ConsentId, EmailAddress, Marketing, PhoneNumber, Sealed, TwoFactor};
    ///
    /// assert_eq!(
    ///     Sealed::<PhoneNumber<TwoFactor>>::associated_data(None),
    ///     b"purpose-bound/sealed/v2;kind=phone;purpose=two_factor",
    /// );
    /// assert_eq!(
    ///     Sealed::<EmailAddress<Marketing>>::associated_data(ConsentId::new(42)),
    ///     b"purpose-bound/sealed/v2;kind=email;purpose=marketing;consent=42",
    /// );
    /// ```
    pub fn associated_data(consent: Option<ConsentId>) -> Vec<u8> {
        AssociatedData::new::<I>(consent).as_bytes().to_vec()
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
    /// collected under this consent, with a [`Keyring`] or the purpose's
    /// [`Keyset`](crate::Keyset).
    ///
    /// A withdrawn consent still opens its values, so that they can be
    /// erased or exported to their owner.
    ///
    /// # Errors
    ///
    /// [`OpenErrorKind::PurposeOrTampered`] when it was collected under
    /// another consent (the consent id is part of the associated data, so
    /// this cannot be told from tampering;
    /// [`OtherConsent`](OpenErrorKind::OtherConsent) for values in the
    /// crate's first format, which carried the id in the clear); otherwise
    /// as [`Keyring::open`].
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Keyring, Marketing};
    /// use std::time::Duration;
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(5).unwrap(), "user-42", Duration::from_secs(1_767_225_600),
    ///     "newsletter-v3", ConsentChannel::Web,
    /// ))?;
    /// let email = consent.parse_email("ada@example.com")?;
    /// let sealed = keyring.seal(&email);
    /// assert_eq!(consent.open(&keyring, &sealed)?, email);
    /// // The mailing service holds only the marketing keys.
    /// let keyset = keyring.keyset::<Marketing>();
    /// assert_eq!(consent.open(&keyset, &sealed)?, email);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<I, K>(&self, keys: &K, sealed: &Sealed<I>) -> Result<I, OpenError>
    where
        I: Identifier<Purpose = P>,
        K: SealingKeys<P> + ?Sized,
    {
        let id = open_with(keys, sealed, Some(self.id()))?;
        crate::boundary::audit::opened(&id, sealed.key_id().unwrap_or_default());
        Ok(id)
    }

    /// Seals again, under the primary key and in the current format, a
    /// value of this consent that an older key or the crate's first format
    /// sealed, without handing it out. Audited as an [`open`](Self::open).
    ///
    /// # Errors
    ///
    /// As [`open`](Self::open).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Keyring, Marketing};
    /// use std::time::Duration;
    ///
    /// let mut keyring = Keyring::new(1, &mut [7; 32]);
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(5).unwrap(), "user-42", Duration::from_secs(1_767_225_600),
    ///     "newsletter-v3", ConsentChannel::Web,
    /// ))?;
    /// let old = keyring.seal(&consent.parse_email("ada@example.com")?);
    /// keyring.rotate(2, &mut [9; 32])?;
    /// let moved = consent.reseal(&keyring, &old)?;
    /// assert_eq!(moved.key_id(), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reseal<I, K>(&self, keys: &K, sealed: &Sealed<I>) -> Result<Sealed<I>, OpenError>
    where
        I: Identifier<Purpose = P>,
        K: SealingKeys<P> + ?Sized,
    {
        let id = self.open(keys, sealed)?;
        Ok(seal_with(keys, &id))
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
    /// Not a sealed value: too short or too long, an unknown format, or
    /// text that is not base64url.
    Malformed,
    /// Sealed under a key the keyring or keyset does not have.
    UnknownKey,
    /// Sealed under a key that is disabled or destroyed.
    DisabledKey,
    /// Sealed, in the crate's first format, for another consent than the
    /// one opening it. In the current format another consent's value is
    /// [`PurposeOrTampered`](Self::PurposeOrTampered).
    OtherConsent,
    /// Sealed for another purpose, kind of identifier or consent, or
    /// altered: the authentication failed, and these cannot be told apart.
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
            OpenErrorKind::DisabledKey => "sealed value names a key that is disabled or destroyed",
            OpenErrorKind::OtherConsent => "sealed value was collected under another consent",
            OpenErrorKind::PurposeOrTampered => {
                "sealed value was sealed for another purpose or consent, or altered"
            }
            OpenErrorKind::Invalid => "sealed value does not hold a valid identifier",
        })
    }
}

impl core::error::Error for OpenError {}

#[cfg(test)]
mod tests {
    use super::{TAGS, purpose_index};
    use crate::purposes::markers::{
        AccountNotice, AccountRecovery, Advertising, ContactUpload, Discoverable, Marketing,
        Purpose, TwoFactor,
    };

    /// Every purpose finds its own sealing key: its tag's place in `TAGS`.
    #[test]
    fn every_purpose_has_its_own_key_index() {
        for (index, tag) in TAGS.iter().enumerate() {
            assert_eq!(purpose_index(tag), index, "{tag}");
        }
        assert_eq!(purpose_index("two_factor+"), TAGS.len());
        assert_eq!(purpose_index(""), TAGS.len());
        let indexes = [
            purpose_index(TwoFactor::TAG),
            purpose_index(AccountRecovery::TAG),
            purpose_index(AccountNotice::TAG),
            purpose_index(Marketing::TAG),
            purpose_index(Advertising::TAG),
            purpose_index(ContactUpload::TAG),
            purpose_index(Discoverable::TAG),
            purpose_index(<(TwoFactor, AccountRecovery)>::TAG),
            purpose_index(<(TwoFactor, AccountNotice)>::TAG),
            purpose_index(<(AccountRecovery, AccountNotice)>::TAG),
            purpose_index(<(TwoFactor, AccountRecovery, AccountNotice)>::TAG),
        ];
        assert_eq!(indexes, core::array::from_fn(|i| i));
    }
}
