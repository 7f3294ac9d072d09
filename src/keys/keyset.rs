//! `Keyset<P>`: one purpose's sealing keys, and the subkeys of its other
//! keyed uses (lookup keys, discovery keys), for the service or system that
//! handles that purpose's columns and nothing else; Tink's JSON keysets in
//! and out.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::fmt::Write as _;
use core::marker::PhantomData;

use base64ct::{Base64, Encoding};
use serde_json::Value;
use zeroize::Zeroizing;

use crate::boundary::audit;
use crate::boundary::seal::cache::SealKey;
use crate::boundary::seal::encrypt::seal_with;
use crate::boundary::seal::error::{OpenError, SealError};
use crate::boundary::seal::open::open_with;
use crate::boundary::seal::sealed::Sealed;
use crate::boundary::seal::sealing_keys::{Lookup, SealingKeys, hooks};
use crate::identifiers::identifier::Identifier;
use crate::keys::keyring::Keyring;
use crate::keys::status::KeyStatus;
use crate::keys::subkeys::{MacKey, uses_discovery};
use crate::purposes::markers::{CollectedWithoutConsent, Purpose};
use crate::purposes::sealed::Token;
use crate::purposes::subject::Subject;

/// Tink's type URL of an AES-SIV key.
const TYPE_URL: &str = "type.googleapis.com/google.crypto.tink.AesSivKey";

/// A key of a [`Keyset`]: its id, its status, and its key unless
/// destroyed; and, in a keyset made from a keyring, the HMAC subkeys the
/// purpose's other uses need (none in one read from Tink's JSON).
struct Entry {
    id: u32,
    status: KeyStatus,
    key: Option<SealKey>,
    /// The purpose's lookup subkey.
    lookup: Option<MacKey>,
    /// The discovery subkey, for the two purposes that make or look up
    /// discovery keys.
    discovery: Option<MacKey>,
}

/// The sealing keys of one purpose, `P`, and nothing else: what a service
/// that seals or opens `P`'s columns (and only those) holds, or what was
/// imported from a Tink keyset.
///
/// Made from a keyring with [`Keyring::keyset`], or read from Tink's JSON
/// keyset with [`from_tink_json`](Self::from_tink_json). It seals and opens
/// exactly as the keyring does for `P` (the same bytes), and cannot seal or
/// open any other purpose: a `Keyset<Advertising>` holds no key of the
/// two-factor columns, so code that has one cannot open them, and asking
/// it to does not compile:
///
/// ```compile_fail,E0277
/// use purpose_bound::{Advertising, Keyring, PhoneNumber, Sealed, TwoFactor};
///
/// fn audience_job(keys: &purpose_bound::Keyset<Advertising>, sealed: &Sealed<PhoneNumber<TwoFactor>>) {
///     let _ = keys.open(sealed); // `Keyset<Advertising>` holds no sealing keys for `TwoFactor`
/// }
/// ```
///
/// Its keys carry the ring's ids and statuses, with the primary marked;
/// a keyset opens only what its enabled keys sealed, in the current format
/// (values of the crate's first format open with a [`Keyring`]). `Debug`
/// shows the ids, never a key.
///
/// A keyset made from a keyring also carries, of each key, what `P`'s
/// other keyed uses need, and nothing of any other purpose: `P`'s lookup
/// subkey ([`lookup_key`](Self::lookup_key)), and for
/// [`Discoverable`](crate::Discoverable) and
/// [`ContactUpload`](crate::ContactUpload) the discovery subkey
/// ([`discovery_key`](Self::discovery_key),
/// [`contact_lookup`](Self::contact_lookup)), giving the same bytes as
/// the keyring. So a job that makes discovery or lookup keys holds its
/// purpose's keyset, not the keyring. Tink's JSON carries the AES-SIV
/// keys alone: a keyset read with [`from_tink_json`](Self::from_tink_json)
/// seals and opens, and refuses those uses with
/// [`KeysetErrorKind::SealingOnly`] ([`check_subkeys`](Self::check_subkeys)
/// tells it up front).
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Keyring, Keyset, Subject};
/// use std::time::Duration;
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let consent = Consent::<Advertising>::new(ConsentRecord::new(
///     ConsentId::new(5).unwrap(), &Subject::new("user-42")?, Duration::from_secs(1_767_225_600),
///     "ads-v1", ConsentChannel::App,
/// ))?;
/// let sealed = keyring.seal(&consent.parse_email("ada@example.com")?)?;
///
/// // The audience service gets the advertising keys only, as Tink's JSON
/// // (wrapped with a KMS on the way: see the README).
/// let json = purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<Advertising>());
/// let keyset = Keyset::<Advertising>::from_tink_json(&json)?;
/// assert_eq!(consent.open(&keyset, &sealed)?.masked().to_string(), "a•••@e•••.com");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Keyset<P> {
    keys: Vec<Entry>,
    primary: u32,
    purpose: PhantomData<fn() -> P>,
}

impl<P: Purpose> Keyset<P> {
    pub(crate) fn from_keyring(keyring: &Keyring) -> Self {
        let keys = keyring
            .slots()
            .map(|(id, status, key)| Entry {
                id,
                status,
                key: key.map(|key| key.seal.of::<P>().duplicate()),
                lookup: key.map(|key| key.lookup::<P>().duplicate()),
                discovery: key
                    .filter(|_| uses_discovery::<P>())
                    .map(|key| key.discovery().duplicate()),
            })
            .collect();
        Self {
            keys,
            primary: keyring.primary(),
            purpose: PhantomData,
        }
    }

    /// The id of the key that seals new values.
    pub fn primary(&self) -> u32 {
        self.primary
    }

    /// Where key `id` stands, if the keyset has it.
    pub fn status(&self, id: u32) -> Option<KeyStatus> {
        self.entry(id).map(|entry| entry.status)
    }

    fn entry(&self, id: u32) -> Option<&Entry> {
        self.keys.iter().find(|entry| entry.id == id)
    }

    /// Whether this keyset holds, beside its sealing keys, what `P`'s other
    /// keyed uses need: each key's lookup subkey for
    /// [`lookup_key`](Self::lookup_key), and for
    /// [`Discoverable`](crate::Discoverable) and
    /// [`ContactUpload`](crate::ContactUpload) the discovery subkey, for
    /// [`discovery_key`](Self::discovery_key) and
    /// [`contact_lookup`](Self::contact_lookup). A keyset made with
    /// [`Keyring::keyset`] does; one read with
    /// [`from_tink_json`](Self::from_tink_json) holds the AES-SIV keys
    /// alone (Tink's JSON carries nothing else) and only seals and opens.
    /// A service checks it once, when it is given its keys.
    ///
    /// # Errors
    ///
    /// [`KeysetErrorKind::SealingOnly`] for a keyset read from Tink's JSON.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{ContactUpload, Keyring, KeysetErrorKind, Keyset};
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// assert!(keyring.keyset::<ContactUpload>().check_subkeys().is_ok());
    ///
    /// let json = purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<ContactUpload>());
    /// let imported = Keyset::<ContactUpload>::from_tink_json(&json)?;
    /// assert_eq!(imported.check_subkeys().unwrap_err().kind(), KeysetErrorKind::SealingOnly);
    /// # Ok::<(), purpose_bound::KeysetError>(())
    /// ```
    pub fn check_subkeys(&self) -> Result<(), KeysetError> {
        self.lookup_subkeys()?;
        if uses_discovery::<P>() {
            self.discovery_subkeys()?;
        }
        Ok(())
    }

    /// `P`'s lookup subkey under every enabled key, the primary's first,
    /// with the key's id: in the order of [`Keyring`]'s lookups.
    pub(crate) fn lookup_subkeys(&self) -> Result<Vec<(u32, &MacKey)>, KeysetError> {
        self.enabled_subkeys(|entry| entry.lookup.as_ref())
    }

    /// The discovery subkey under every enabled key, the primary's first,
    /// with the key's id.
    pub(crate) fn discovery_subkeys(&self) -> Result<Vec<(u32, &MacKey)>, KeysetError> {
        self.enabled_subkeys(|entry| entry.discovery.as_ref())
    }

    fn enabled_subkeys<'a>(
        &'a self,
        subkey: impl Fn(&'a Entry) -> Option<&'a MacKey>,
    ) -> Result<Vec<(u32, &'a MacKey)>, KeysetError> {
        let primary = self.primary;
        // The primary first, then the other enabled keys in the ring's
        // order: `from_keyring` keeps it, and only it sets subkeys.
        let enabled = self
            .keys
            .iter()
            .filter(move |entry| entry.id == primary)
            .chain(self.keys.iter().filter(move |entry| entry.id != primary))
            .filter(|entry| entry.status == KeyStatus::Enabled);
        enabled
            .map(|entry| match subkey(entry) {
                Some(key) => Ok((entry.id, key)),
                None => Err(KeysetError::sealing_only()),
            })
            .collect()
    }

    /// Seals `id` under the primary key: the same bytes as
    /// [`Keyring::seal`] with the ring this keyset came from.
    ///
    /// Only identifiers of `P` compile:
    ///
    /// ```compile_fail,E0277
    /// # use purpose_bound::{Advertising, Keyring, PhoneNumber, TwoFactor};
    /// let keyset = Keyring::new(1, &mut [7; 32]).keyset::<Advertising>();
    /// keyset.seal(&PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958").unwrap());
    /// ```
    ///
    /// # Errors
    ///
    /// As [`Keyring::seal`]: [`SealError`] when `id` is bound to no
    /// subject.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountNotice, Keyring, PhoneNumber};
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let keyset = keyring.keyset::<AccountNotice>();
    /// let ada = purpose_bound::Subject::new("user-42")?;
    /// let phone = PhoneNumber::<AccountNotice>::parse("+44 20 7946 0958")?.owned_by(&ada)?;
    /// assert_eq!(keyset.seal(&phone)?, keyring.seal(&phone)?);
    /// assert_eq!(keyset.open(&keyset.seal(&phone)?, &ada)?, phone);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn seal<I>(&self, id: &I) -> Result<Sealed<I>, SealError>
    where
        I: Identifier,
        Self: SealingKeys<I::Purpose>,
    {
        seal_with(self, id)
    }

    /// Opens a sealed identifier of `P`, a purpose collected without
    /// consent. For consent purposes,
    /// [`Consent::open`](crate::Consent::open) opens it with its consent.
    ///
    /// # Errors
    ///
    /// As [`Keyring::open`].
    pub fn open<I>(&self, sealed: &Sealed<I>, subject: &Subject) -> Result<I, OpenError>
    where
        I: Identifier<Purpose: CollectedWithoutConsent>,
        Self: SealingKeys<I::Purpose>,
    {
        let id = open_with(self, sealed, subject.tag(), None)?;
        audit::opened(&id, sealed.key_id().unwrap_or_default());
        Ok(id)
    }

    /// Seals again under the primary key what an older key sealed,
    /// without handing the value out. Audited as an [`open`](Self::open).
    ///
    /// # Errors
    ///
    /// As [`open`](Self::open).
    pub fn reseal<I>(&self, sealed: &Sealed<I>, subject: &Subject) -> Result<Sealed<I>, OpenError>
    where
        I: Identifier<Purpose: CollectedWithoutConsent>,
        Self: SealingKeys<I::Purpose>,
    {
        let id = self.open(sealed, subject)?;
        self.seal(&id).map_err(OpenError::from)
    }

    /// Tink's JSON keyset of these keys: for each, `keyData` (type URL
    /// `type.googleapis.com/google.crypto.tink.AesSivKey`, `value` the
    /// serialized `AesSivKey` proto in base64, `keyMaterialType`
    /// `SYMMETRIC`), `status` (`ENABLED`, `DISABLED`, or `DESTROYED` with
    /// no `keyData`, as Tink writes a destroyed key), `keyId` and
    /// `outputPrefixType` `TINK`; and `primaryKeyId`.
    ///
    /// Named `expose` because it is key material: keep it in a
    /// [`Zeroizing`](zeroize::Zeroizing) string, and wrap it with your KMS
    /// before it is stored or sent (see the README's "Opening sealed
    /// columns outside Rust").
    ///
    /// Only the sealing keys are written: the lookup and discovery subkeys
    /// stay with the keyring, so a system given the JSON (Python's Tink,
    /// BigQuery) seals and opens and makes no lookup or discovery key, and
    /// the keyset read back from it is sealing only
    /// ([`check_subkeys`](Self::check_subkeys)).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Keyring, Marketing};
    ///
    /// let mut keyring = Keyring::new(1, &mut [7; 32]);
    /// keyring.rotate(2, &mut [9; 32])?;
    /// keyring.destroy(1)?;
    /// let json = purpose_bound::zeroize::Zeroizing::new(keyring.keyset::<Marketing>().expose_tink_json());
    /// assert!(json.starts_with(r#"{"primaryKeyId":2,"key":[{"keyData":{"#));
    /// assert!(json.ends_with(r#"{"status":"DESTROYED","keyId":1,"outputPrefixType":"TINK"}]}"#));
    /// # Ok::<(), purpose_bound::KeyringError>(())
    /// ```
    pub fn expose_tink_json(&self) -> String {
        let mut json = String::new();
        // Writing to a `String` cannot fail.
        let _ = write!(json, r#"{{"primaryKeyId":{},"key":["#, self.primary);
        let mut first = true;
        for entry in self.sorted() {
            if !first {
                json.push(',');
            }
            first = false;
            json.push('{');
            if let Some(key) = &entry.key {
                let mut proto = Zeroizing::new([0u8; 66]);
                if let [tag, len, value @ ..] = proto.as_mut_slice() {
                    // Field 2 (`key_value`), length-delimited; 64 bytes.
                    *tag = 0x12;
                    *len = 64;
                    value.copy_from_slice(key.bytes());
                }
                let value = Zeroizing::new(Base64::encode_string(proto.as_slice()));
                let _ = write!(
                    json,
                    r#""keyData":{{"typeUrl":"{TYPE_URL}","value":"{}","keyMaterialType":"SYMMETRIC"}},"#,
                    value.as_str()
                );
            }
            let _ = write!(
                json,
                r#""status":"{}","keyId":{},"outputPrefixType":"TINK"}}"#,
                entry.status.tink_name(),
                entry.id
            );
        }
        json.push_str("]}");
        json
    }

    /// The primary first, then the others in order.
    fn sorted(&self) -> impl Iterator<Item = &Entry> {
        let primary = self.primary;
        self.keys
            .iter()
            .filter(move |entry| entry.id == primary)
            .chain(self.keys.iter().filter(move |entry| entry.id != primary))
    }

    /// Reads Tink's JSON keyset of AES-SIV keys with the `TINK` output
    /// prefix, as [`expose_tink_json`](Self::expose_tink_json) writes it
    /// or Tink (`tinkey`, any language's `JsonKeysetWriter`) does, in
    /// clear: unwrap a KMS-encrypted keyset first.
    ///
    /// That the keys are `P`'s is the caller's word: the JSON does not say
    /// which purpose it is for. A keyset of another purpose reads, and then
    /// opens nothing (every value fails to authenticate).
    ///
    /// # Errors
    ///
    /// [`KeysetError`] saying what is wrong, never echoing the JSON or any
    /// key: not JSON, or not a keyset; a key of another type, prefix or
    /// material type; malformed key material; an unknown status; a key id
    /// given twice; no enabled primary key.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Advertising, KeysetErrorKind, Keyset};
    ///
    /// let err = Keyset::<Advertising>::from_tink_json(r#"{"primaryKeyId": 1, "key": []}"#).unwrap_err();
    /// assert_eq!(err.kind(), KeysetErrorKind::NoPrimary);
    /// ```
    pub fn from_tink_json(json: &str) -> Result<Self, KeysetError> {
        let error = |kind, key: Option<u32>| KeysetError { kind, key };
        let keyset: Value =
            serde_json::from_str(json).map_err(|_| error(KeysetErrorKind::NotAKeyset, None))?;
        let primary = keyset
            .get("primaryKeyId")
            .and_then(Value::as_u64)
            .and_then(|id| u32::try_from(id).ok())
            .ok_or(error(KeysetErrorKind::NoPrimary, None))?;
        let listed = keyset
            .get("key")
            .and_then(Value::as_array)
            .ok_or(error(KeysetErrorKind::NotAKeyset, None))?;
        let mut keys: Vec<Entry> = Vec::with_capacity(listed.len());
        for key in listed {
            let id = key
                .get("keyId")
                .and_then(Value::as_u64)
                .and_then(|id| u32::try_from(id).ok())
                .ok_or(error(KeysetErrorKind::NotAKeyset, None))?;
            let refuse = |kind| error(kind, Some(id));
            if keys.iter().any(|entry| entry.id == id) {
                return Err(refuse(KeysetErrorKind::DuplicateId));
            }
            let status = match key.get("status").and_then(Value::as_str) {
                Some("ENABLED") => KeyStatus::Enabled,
                Some("DISABLED") => KeyStatus::Disabled,
                Some("DESTROYED") => KeyStatus::Destroyed,
                _ => return Err(refuse(KeysetErrorKind::Status)),
            };
            if key.get("outputPrefixType").and_then(Value::as_str) != Some("TINK") {
                return Err(refuse(KeysetErrorKind::OutputPrefix));
            }
            let material = match (status, key.get("keyData")) {
                (KeyStatus::Destroyed, _) => None,
                (_, Some(data)) => Some(read_key_data(data).map_err(refuse)?),
                (_, None) => return Err(refuse(KeysetErrorKind::KeyMaterial)),
            };
            keys.push(Entry {
                id,
                status,
                key: material,
                lookup: None,
                discovery: None,
            });
        }
        match keys.iter().find(|entry| entry.id == primary) {
            Some(Entry {
                status: KeyStatus::Enabled,
                key: Some(_),
                ..
            }) => Ok(Self {
                keys,
                primary,
                purpose: PhantomData,
            }),
            _ => Err(error(KeysetErrorKind::NoPrimary, Some(primary))),
        }
    }
}

/// An AES-SIV key from a keyset's `keyData`.
fn read_key_data(data: &Value) -> Result<SealKey, KeysetErrorKind> {
    if data.get("typeUrl").and_then(Value::as_str) != Some(TYPE_URL) {
        return Err(KeysetErrorKind::KeyType);
    }
    if data.get("keyMaterialType").and_then(Value::as_str) != Some("SYMMETRIC") {
        return Err(KeysetErrorKind::KeyType);
    }
    let value = data
        .get("value")
        .and_then(Value::as_str)
        .ok_or(KeysetErrorKind::KeyMaterial)?;
    // Tink writes standard base64; the proto JSON mapping allows url-safe
    // base64 too, with or without padding.
    let proto = Zeroizing::new(
        Base64::decode_vec(value)
            .or_else(|_| base64ct::Base64Url::decode_vec(value))
            .or_else(|_| base64ct::Base64Unpadded::decode_vec(value))
            .or_else(|_| base64ct::Base64UrlUnpadded::decode_vec(value))
            .map_err(|_| KeysetErrorKind::KeyMaterial)?,
    );
    read_aes_siv_key(&proto).map(SealKey::new)
}

/// The key of a serialized `AesSivKey` proto: `uint32 version = 1` (0, or
/// absent) and `bytes key_value = 2` (64 bytes), nothing else.
fn read_aes_siv_key(mut proto: &[u8]) -> Result<Zeroizing<[u8; 64]>, KeysetErrorKind> {
    let bad = KeysetErrorKind::KeyMaterial;
    let mut key = None;
    while let [tag, rest @ ..] = proto {
        proto = match (*tag, rest) {
            (0x08, [0, rest @ ..]) => rest,
            (0x08, _) => return Err(KeysetErrorKind::KeyVersion),
            (0x12, [64, rest @ ..]) if key.is_none() => {
                let (value, rest) = rest.split_first_chunk::<64>().ok_or(bad)?;
                key = Some(Zeroizing::new(*value));
                rest
            }
            _ => return Err(bad),
        };
    }
    key.ok_or(bad)
}

// For any `Q` that is `P`: so that a keyset asked for another purpose's
// keys fails on `KeysetOf`, whose message says why, rather than on a
// mismatch of types.
impl<P: Purpose, Q: hooks::KeysetOf<P>> hooks::Sealed<Q> for Keyset<P> {
    fn primary(&self, _: Token) -> (u32, &SealKey) {
        let primary = self.keys.iter().find_map(|entry| match entry {
            Entry {
                id,
                status: KeyStatus::Enabled,
                key: Some(key),
                ..
            } if *id == self.primary => Some(key),
            _ => None,
        });
        match primary {
            Some(key) => (self.primary, key),
            // A keyset has an enabled primary key by construction (both
            // constructors check it); this arm is never taken.
            None => unreachable_primary(),
        }
    }

    fn lookup(&self, _: Token, id: u32) -> Lookup<'_> {
        match self.entry(id) {
            Some(Entry {
                status: KeyStatus::Enabled,
                key: Some(key),
                ..
            }) => Lookup::Enabled(key, None),
            Some(_) => Lookup::NotEnabled,
            None => Lookup::Unknown,
        }
    }
}

#[cold]
fn unreachable_primary() -> ! {
    #[expect(
        clippy::panic,
        reason = "a keyset's invariant, checked by both constructors: its primary key is enabled"
    )]
    {
        panic!("a keyset's primary key is always enabled")
    }
}

#[diagnostic::do_not_recommend]
impl<P: Purpose, Q: Purpose + hooks::KeysetOf<P>> SealingKeys<Q> for Keyset<P> {}

/// Shows the purpose and the key ids, never a key.
impl<P: Purpose> fmt::Debug for Keyset<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Keyset<{}> {{ primary: {}, keys: ",
            P::NAME,
            self.primary
        )?;
        let with = |status| {
            self.sorted()
                .filter(move |entry| entry.status == status)
                .map(|entry| entry.id)
        };
        f.debug_list().entries(with(KeyStatus::Enabled)).finish()?;
        for (name, status) in [
            ("disabled", KeyStatus::Disabled),
            ("destroyed", KeyStatus::Destroyed),
        ] {
            let mut ids = with(status).peekable();
            if ids.peek().is_some() {
                write!(f, ", {name}: ")?;
                f.debug_list().entries(ids).finish()?;
            }
        }
        f.write_str(" }")
    }
}

/// Why a Tink keyset was refused, or why a keyset cannot make a lookup or
/// discovery key. It never contains the JSON or a key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeysetError {
    kind: KeysetErrorKind,
    key: Option<u32>,
}

impl KeysetError {
    /// A keyset that holds sealing keys only was asked for a lookup or
    /// discovery key.
    pub(crate) const fn sealing_only() -> Self {
        Self {
            kind: KeysetErrorKind::SealingOnly,
            key: None,
        }
    }

    /// What is wrong.
    pub const fn kind(&self) -> KeysetErrorKind {
        self.kind
    }

    /// The id of the key that is wrong, where one key is.
    pub const fn key_id(&self) -> Option<u32> {
        self.key
    }
}

/// What is wrong with a Tink keyset.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeysetErrorKind {
    /// Not JSON, or not a keyset: no `key` list, or a key without a
    /// numeric `keyId`.
    NotAKeyset,
    /// A key that is not an AES-SIV key (`typeUrl`
    /// `type.googleapis.com/google.crypto.tink.AesSivKey`, `keyMaterialType`
    /// `SYMMETRIC`): only deterministic AEAD keysets of AES-SIV are read.
    KeyType,
    /// An `outputPrefixType` other than `TINK`: sealed values carry the key
    /// id, as Tink's `TINK` prefix writes it.
    OutputPrefix,
    /// Key material that is not a serialized `AesSivKey` with a 64-byte
    /// key, or missing for a key that is not destroyed.
    KeyMaterial,
    /// An `AesSivKey` version other than 0.
    KeyVersion,
    /// A `status` other than `ENABLED`, `DISABLED` or `DESTROYED`.
    Status,
    /// Two keys with one id.
    DuplicateId,
    /// No `primaryKeyId`, or it names no enabled key.
    NoPrimary,
    /// The keyset holds sealing keys only, as one read from Tink's JSON
    /// does: lookup keys and discovery keys need the subkeys that a keyset
    /// made from the keyring ([`Keyring::keyset`]) carries, and that Tink's
    /// JSON does not.
    SealingOnly,
}

impl fmt::Display for KeysetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            KeysetErrorKind::NotAKeyset => "not a Tink JSON keyset",
            KeysetErrorKind::KeyType => "the keyset has a key that is not an AES-SIV key",
            KeysetErrorKind::OutputPrefix => "the keyset has a key whose output prefix is not TINK",
            KeysetErrorKind::KeyMaterial => {
                "the keyset has a key whose material is not a 64-byte AES-SIV key"
            }
            KeysetErrorKind::KeyVersion => "the keyset has an AES-SIV key of an unknown version",
            KeysetErrorKind::Status => "the keyset has a key of an unknown status",
            KeysetErrorKind::DuplicateId => "the keyset has two keys with one id",
            KeysetErrorKind::NoPrimary => "the keyset's primary key is missing or not enabled",
            KeysetErrorKind::SealingOnly => {
                "the keyset holds sealing keys only (as read from Tink's JSON): lookup and \
                 discovery keys need a keyset made from the keyring"
            }
        })?;
        if let Some(id) = self.key {
            write!(f, " (key {id})")?;
        }
        Ok(())
    }
}

impl core::error::Error for KeysetError {}
