//! `Keyring`: the keys behind every keyed use of the crate, with a subkey
//! derived for each use.

#[cfg(feature = "seal")]
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

#[cfg(feature = "seal")]
use crate::boundary::audit;
#[cfg(feature = "seal")]
use crate::boundary::seal::cache::SealKey;
#[cfg(feature = "seal")]
use crate::boundary::seal::encrypt::seal_with;
#[cfg(feature = "seal")]
use crate::boundary::seal::error::{OpenError, SealError};
#[cfg(feature = "seal")]
use crate::boundary::seal::open::open_with;
#[cfg(feature = "seal")]
use crate::boundary::seal::sealed::Sealed;
#[cfg(feature = "seal")]
use crate::boundary::seal::sealing_keys::{Lookup, SealingKeys, hooks};
#[cfg(feature = "seal")]
use crate::identifiers::identifier::Identifier;
#[cfg(feature = "seal")]
use crate::keys::keyset::Keyset;
use crate::keys::material::KeyMaterial;
use crate::keys::status::KeyStatus;
use crate::keys::subkeys::Key;
#[cfg(feature = "seal")]
use crate::purposes::markers::{CollectedWithoutConsent, Purpose};
#[cfg(feature = "seal")]
use crate::purposes::sealed::Token;
#[cfg(feature = "seal")]
use crate::purposes::subject::Subject;

/// A key id of a [`Keyring`] and where it stands; `key` is `None` once
/// destroyed.
struct Slot {
    id: u32,
    status: KeyStatus,
    key: Option<Key>,
}

/// The keys behind every keyed use of the crate: a primary key that makes
/// new values, and other keys that still read what they made.
///
/// Each key is 32 bytes of secret key material from your KMS or secret
/// store ([`KeyMaterial`]: `&mut [u8; 32]`, wiped before the call returns),
/// with an id of your choosing that every value it makes names.
/// From each, subkeys are derived (HKDF-SHA256 with a label per use), so
/// one key from your store serves every keyed use and no two uses share a
/// key:
///
/// - **sealing**: one AES-SIV key per purpose (`purpose-bound/v2/seal/<tag>`,
///   purpose sets included), so that the key given to a system for one
///   purpose opens nothing of another: [`keyset`](Self::keyset) hands out
///   one purpose's keys, as a [`Keyset`](crate::Keyset) or Tink's JSON.
/// - **discovery keys**: one subkey for discovery, not per purpose: a
///   [`Discoverable`](crate::Discoverable) identifier and an uploaded
///   [`ContactUpload`](crate::ContactUpload) one must make the same key to
///   find each other, and no other purpose makes one.
/// - **one-time-code challenges**: one subkey, not per purpose: the
///   purpose is in what the MAC covers, and challenges are verified only by
///   the service that issued them, so no other system is ever given the
///   subkey and a split would protect nothing.
///
/// The secret is not kept; the subkeys are wiped on drop, and `Debug`
/// shows only the ids.
///
/// **Keys and their status, as in Tink**: [`add`](Self::add) a key (it
/// reads, it makes nothing), [`promote`](Self::promote) it to primary once
/// every reader has it ([`rotate`](Self::rotate) does both at once),
/// [`disable`](Self::disable) an old key to learn whether anything still
/// needs it ([`enable`](Self::enable) brings it back), then
/// [`destroy`](Self::destroy) it. What an enabled key made still reads; a
/// sealed value moves to the primary key with `reseal`.
///
/// # Examples
///
/// ```
/// use purpose_bound::{KeyStatus, Keyring};
///
/// let mut keyring = Keyring::new(1, &mut [7; 32]); // 32 bytes from your KMS
/// keyring.rotate(2, &mut [9; 32])?;
/// assert_eq!(keyring.primary(), 2);
/// assert_eq!(format!("{keyring:?}"), "Keyring { primary: 2, keys: [2, 1] }");
/// assert!(keyring.rotate(1, &mut [3; 32]).is_err());
///
/// keyring.disable(1)?;
/// assert_eq!(keyring.status(1), Some(KeyStatus::Disabled));
/// keyring.destroy(1)?;
/// assert_eq!(format!("{keyring:?}"), "Keyring { primary: 2, keys: [2], destroyed: [1] }");
/// assert!(keyring.add(1, &mut [3; 32]).is_err()); // the id stays taken
/// # Ok::<(), purpose_bound::KeyringError>(())
/// ```
pub struct Keyring {
    primary: Key,
    /// Every other key: enabled, disabled or destroyed.
    others: Vec<Slot>,
}

impl Keyring {
    /// A keyring whose primary key is `secret`, named `id`.
    pub fn new(id: u32, secret: impl KeyMaterial) -> Self {
        Self {
            primary: Key::new(id, secret),
            others: Vec::new(),
        }
    }

    /// Adds `secret`, named `id`, as an enabled key that is not primary: it
    /// reads what it made, it makes nothing new. The same as
    /// [`add`](Self::add), by value.
    ///
    /// # Errors
    ///
    /// [`KeyringError`] when the ring already has (or had) a key named `id`.
    pub fn with_key(mut self, id: u32, secret: impl KeyMaterial) -> Result<Self, KeyringError> {
        self.add(id, secret)?;
        Ok(self)
    }

    /// Adds `secret`, named `id`, as an enabled key that is not primary:
    /// give it to every reader first, then [`promote`](Self::promote) it.
    ///
    /// # Errors
    ///
    /// [`KeyringErrorKind::DuplicateId`] when the ring already has a key
    /// named `id`, in any status (a destroyed key's id stays taken). The
    /// secret is wiped all the same.
    pub fn add(&mut self, id: u32, secret: impl KeyMaterial) -> Result<(), KeyringError> {
        if self.status(id).is_some() {
            secret.with_secret(|_| ());
            return Err(KeyringError::new(id, KeyringErrorKind::DuplicateId));
        }
        self.others.push(Slot {
            id,
            status: KeyStatus::Enabled,
            key: Some(Key::new(id, secret)),
        });
        Ok(())
    }

    /// Makes the enabled key `id` the primary key: new values are made
    /// under it. Promote a key once every reader has it.
    ///
    /// # Errors
    ///
    /// [`KeyringErrorKind::UnknownId`] when the ring has no key `id`;
    /// [`KeyringErrorKind::NotEnabled`] when it is disabled or destroyed.
    pub fn promote(&mut self, id: u32) -> Result<(), KeyringError> {
        if id == self.primary.id {
            return Ok(());
        }
        let slot = self
            .others
            .iter_mut()
            .find(|slot| slot.id == id)
            .ok_or(KeyringError::new(id, KeyringErrorKind::UnknownId))?;
        let key = match (slot.status, slot.key.take()) {
            (KeyStatus::Enabled, Some(key)) => key,
            (_, key) => {
                slot.key = key;
                return Err(KeyringError::new(id, KeyringErrorKind::NotEnabled));
            }
        };
        // The former primary takes the promoted key's place.
        let former = core::mem::replace(&mut self.primary, key);
        slot.id = former.id;
        slot.key = Some(former);
        Ok(())
    }

    /// Adds `secret`, named `id`, and makes it the primary key at once
    /// ([`add`](Self::add), then [`promote`](Self::promote)); the former
    /// primary stays to read what it made.
    ///
    /// # Errors
    ///
    /// As [`add`](Self::add); a refused rotation leaves the ring as it was.
    pub fn rotate(&mut self, id: u32, secret: impl KeyMaterial) -> Result<(), KeyringError> {
        self.add(id, secret)?;
        self.promote(id)
    }

    /// Disables key `id`: it no longer reads (values it sealed, challenges
    /// and discovery keys it made are refused) until
    /// [`enable`](Self::enable)d again. Its subkeys are kept.
    ///
    /// # Errors
    ///
    /// [`KeyringErrorKind::UnknownId`], [`KeyringErrorKind::Primary`] (promote
    /// another key first), or [`KeyringErrorKind::NotEnabled`] for a
    /// destroyed key.
    pub fn disable(&mut self, id: u32) -> Result<(), KeyringError> {
        self.set_status(id, KeyStatus::Disabled)
    }

    /// Enables a disabled key `id` again.
    ///
    /// # Errors
    ///
    /// [`KeyringErrorKind::UnknownId`], or [`KeyringErrorKind::NotEnabled`]
    /// for a destroyed key, which stays destroyed.
    pub fn enable(&mut self, id: u32) -> Result<(), KeyringError> {
        if id == self.primary.id {
            return Ok(());
        }
        self.set_status(id, KeyStatus::Enabled)
    }

    /// Destroys key `id`: its subkeys are wiped, what it made no longer
    /// reads, and its id stays taken.
    ///
    /// # Errors
    ///
    /// [`KeyringErrorKind::UnknownId`], or [`KeyringErrorKind::Primary`]
    /// (promote another key first).
    pub fn destroy(&mut self, id: u32) -> Result<(), KeyringError> {
        self.set_status(id, KeyStatus::Destroyed)
    }

    fn set_status(&mut self, id: u32, status: KeyStatus) -> Result<(), KeyringError> {
        if id == self.primary.id {
            return Err(KeyringError::new(id, KeyringErrorKind::Primary));
        }
        let slot = self.slot_mut(id)?;
        match (slot.status, status) {
            (KeyStatus::Destroyed, KeyStatus::Destroyed) => {}
            (KeyStatus::Destroyed, _) => {
                return Err(KeyringError::new(id, KeyringErrorKind::NotEnabled));
            }
            (_, KeyStatus::Destroyed) => {
                // Dropping the key wipes its subkeys.
                slot.key = None;
                slot.status = KeyStatus::Destroyed;
            }
            (_, status) => slot.status = status,
        }
        Ok(())
    }

    fn slot_mut(&mut self, id: u32) -> Result<&mut Slot, KeyringError> {
        self.others
            .iter_mut()
            .find(|slot| slot.id == id)
            .ok_or(KeyringError::new(id, KeyringErrorKind::UnknownId))
    }

    /// The id of the key that makes new values.
    pub fn primary(&self) -> u32 {
        self.primary.id
    }

    /// Where key `id` stands, if the ring has (or had) it.
    pub fn status(&self, id: u32) -> Option<KeyStatus> {
        if id == self.primary.id {
            return Some(KeyStatus::Enabled);
        }
        self.others
            .iter()
            .find(|slot| slot.id == id)
            .map(|slot| slot.status)
    }

    /// The primary key.
    pub(crate) fn primary_key(&self) -> &Key {
        &self.primary
    }

    /// The enabled key named `id`, primary or not.
    pub(crate) fn key(&self, id: u32) -> Option<&Key> {
        self.keys().find(|key| key.id == id)
    }

    /// The enabled key named `id`, or where it stands if it does not read
    /// (`None`: the ring never had it).
    #[cfg(feature = "seal")]
    pub(crate) fn key_or_status(&self, id: u32) -> Result<&Key, Option<KeyStatus>> {
        self.key(id).ok_or_else(|| self.status(id))
    }

    /// Every enabled key, the primary first.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &Key> {
        core::iter::once(&self.primary).chain(self.others.iter().filter_map(|slot| {
            match (&slot.key, slot.status) {
                (Some(key), KeyStatus::Enabled) => Some(key),
                _ => None,
            }
        }))
    }

    /// Every key id with its status and key (`None` once destroyed), the
    /// primary first.
    pub(crate) fn slots(&self) -> impl Iterator<Item = (u32, KeyStatus, Option<&Key>)> {
        core::iter::once((self.primary.id, KeyStatus::Enabled, Some(&self.primary))).chain(
            self.others
                .iter()
                .map(|slot| (slot.id, slot.status, slot.key.as_ref())),
        )
    }
}

/// Shows the key ids, never the keys: the enabled ones (the primary
/// first), then any disabled or destroyed.
impl fmt::Debug for Keyring {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Keyring { primary: ")?;
        fmt::Debug::fmt(&self.primary(), f)?;
        f.write_str(", keys: ")?;
        f.debug_list()
            .entries(self.keys().map(|key| key.id))
            .finish()?;
        for (name, status) in [
            ("disabled", KeyStatus::Disabled),
            ("destroyed", KeyStatus::Destroyed),
        ] {
            let mut ids = self
                .others
                .iter()
                .filter(|slot| slot.status == status)
                .peekable();
            if ids.peek().is_some() {
                write!(f, ", {name}: ")?;
                f.debug_list().entries(ids.map(|slot| slot.id)).finish()?;
            }
        }
        f.write_str(" }")
    }
}

/// A change to a [`Keyring`] that was refused; the ring is left as it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct KeyringError {
    id: u32,
    kind: KeyringErrorKind,
}

impl KeyringError {
    const fn new(id: u32, kind: KeyringErrorKind) -> Self {
        Self { id, kind }
    }

    /// What was wrong.
    pub const fn kind(&self) -> KeyringErrorKind {
        self.kind
    }

    /// The key id the change named.
    pub const fn id(&self) -> u32 {
        self.id
    }
}

/// Why a change to a [`Keyring`] was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum KeyringErrorKind {
    /// The ring already has (or had: destroyed) a key with this id.
    DuplicateId,
    /// The ring has no key with this id.
    UnknownId,
    /// The key is the primary key, which is never disabled or destroyed:
    /// promote another key first.
    Primary,
    /// The key is disabled or destroyed: only an enabled key is promoted,
    /// and a destroyed key is never enabled or disabled again.
    NotEnabled,
}

impl fmt::Display for KeyringError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let id = self.id;
        match self.kind {
            KeyringErrorKind::DuplicateId => {
                write!(f, "the keyring already has a key with id {id}")
            }
            KeyringErrorKind::UnknownId => write!(f, "the keyring has no key with id {id}"),
            KeyringErrorKind::Primary => write!(
                f,
                "key {id} is the primary key: promote another key before disabling or destroying it"
            ),
            KeyringErrorKind::NotEnabled => write!(f, "key {id} is disabled or destroyed"),
        }
    }
}

impl core::error::Error for KeyringError {}

#[cfg(feature = "seal")]
/// Sealing and opening: see [`Sealed`].
///
/// # Examples
///
/// ```
/// use purpose_bound::{Keyring, PhoneNumber, Subject, TwoFactor};
///
/// let mut keyring = Keyring::new(1, &mut [7; 32]); // from your KMS
/// let ada = Subject::new("user-42")?;
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?.owned_by(&ada)?;
/// let sealed = keyring.seal(&phone)?;
/// assert_eq!(sealed, keyring.seal(&phone)?); // deterministic per subject
/// assert_eq!(keyring.open(&sealed, &ada)?, phone);
/// assert!(keyring.open(&sealed, &Subject::new("user-43")?).is_err());
///
/// keyring.rotate(2, &mut [9; 32])?;
/// assert_eq!(keyring.open(&sealed, &ada)?, phone); // key 1 still opens it
/// let moved = keyring.reseal(&sealed, &ada)?;
/// assert_eq!(moved.key_id(), Some(2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
impl Keyring {
    /// Seals `id` under the primary key's sealing key for `id`'s purpose,
    /// bound to the subject `id` belongs to.
    ///
    /// Equal identifiers of one purpose and one subject (and, for consent
    /// purposes, one consent) seal to equal values under one key; the same
    /// value sealed for two purposes or two subjects gives unrelated bytes.
    /// A lookup by value across accounts goes through
    /// [`lookup_key`](Self::lookup_key).
    ///
    /// # Errors
    ///
    /// [`SealError`] of kind [`Unbound`](crate::SealErrorKind::Unbound)
    /// when `id` is bound to no subject.
    pub fn seal<I: Identifier>(&self, id: &I) -> Result<Sealed<I>, SealError> {
        seal_with(self, id)
    }

    /// Opens a sealed identifier of a purpose collected without consent.
    /// For consent purposes, [`Consent::open`](crate::Consent::open) opens it with its consent.
    ///
    /// Values in the crate's first sealed format (before Tink's) open too;
    /// [`reseal`](Self::reseal) moves them to the current one.
    ///
    /// # Errors
    ///
    /// [`OpenError`] saying what is wrong: the value is malformed, names a
    /// key this ring does not have (or has disabled or destroyed), or was
    /// sealed for another purpose or altered (the two cannot be told
    /// apart, by design).
    pub fn open<I>(&self, sealed: &Sealed<I>, subject: &Subject) -> Result<I, OpenError>
    where
        I: Identifier<Purpose: CollectedWithoutConsent>,
    {
        let id = open_with(self, sealed, subject.tag(), None)?;
        audit::opened(&id, sealed.key_id().unwrap_or_default());
        Ok(id)
    }

    /// Seals again, under the primary key and in the current format, what
    /// an older key or the crate's first format sealed, without handing
    /// the value out. Audited as an [`open`](Self::open). For consent
    /// purposes, [`Consent::reseal`](crate::Consent::reseal) does it with
    /// the consent.
    ///
    /// # Errors
    ///
    /// As [`open`](Self::open).
    pub fn reseal<I>(&self, sealed: &Sealed<I>, subject: &Subject) -> Result<Sealed<I>, OpenError>
    where
        I: Identifier<Purpose: CollectedWithoutConsent>,
    {
        let id = self.open(sealed, subject)?;
        self.seal(&id).map_err(OpenError::from)
    }

    /// The sealing keys of purpose `P` alone, for a service or system that
    /// seals or opens `P`'s columns and nothing else: see [`Keyset`].
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Advertising, Keyring};
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let keyset = keyring.keyset::<Advertising>();
    /// assert_eq!(format!("{keyset:?}"), "Keyset<Advertising> { primary: 1, keys: [1] }");
    /// ```
    pub fn keyset<P: Purpose>(&self) -> Keyset<P> {
        Keyset::from_keyring(self)
    }

    /// Tink's JSON keyset of purpose `P`'s sealing keys: one AES-SIV key
    /// per key of the ring, with its id and status, the primary marked.
    /// Named `expose` because it is key material: wrap it with your KMS
    /// (`tinkey convert-keyset --new-master-key-uri …`, or BigQuery's
    /// `KEYS.KEYSET_CHAIN`) before it is stored or sent anywhere; see the
    /// README's "Opening sealed columns outside Rust".
    ///
    /// The same as `keyring.keyset::<P>().expose_tink_json()`.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Advertising, Keyring};
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let json = purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<Advertising>());
    /// assert!(json.starts_with(r#"{"primaryKeyId":1,"key":[{"keyData":{"typeUrl":"type.googleapis.com/google.crypto.tink.AesSivKey""#));
    /// ```
    pub fn expose_tink_keyset<P: Purpose>(&self) -> String {
        self.keyset::<P>().expose_tink_json()
    }
}

#[cfg(feature = "seal")]
impl<P: Purpose> hooks::Sealed<P> for Keyring {
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

#[cfg(feature = "seal")]
impl<P: Purpose> SealingKeys<P> for Keyring {}
