//! The keys each function holds, and the one step in which a sealed value
//! is opened and turned into a key: the raw value lives only inside it.
//!
//! Every function holds only what its purpose needs, behind the types
//! below; this is the one module that names the core crate's key types.

use std::sync::Arc;
use std::time::Duration;

use purpose_bound::{
    Advertising, BeFound, Consent, ContactLookup, ContactUpload, Discoverable, DiscoveryKey,
    EmailAddress, FindContacts, Identifier, Keyset, KeysetError, MatchAudience, MatchKey,
    PhoneNumber, Platform, Sealed, Subject,
};

use crate::outcome::Outcome;
use crate::schema::Kind;

/// The keys that open advertising values, for audience match keys: the
/// advertising purpose's sealing keys and nothing else, so the function that
/// builds audiences cannot open a two-factor or any other column.
#[derive(Clone)]
pub(crate) struct AdvertisingKeys(Arc<Keyset<Advertising>>);

impl AdvertisingKeys {
    pub(crate) fn new(keyset: Keyset<Advertising>) -> Self {
        Self(Arc::new(keyset))
    }

    pub(crate) fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Opens `bytes`, a sealed `kind` of the advertising purpose, under
    /// `consent`, and makes its match key for `platform` if the consent is
    /// live at `at`.
    pub(crate) fn match_key(
        &self,
        kind: Kind,
        bytes: &[u8],
        consent: &Consent<Advertising>,
        at: Duration,
        platform: Platform,
    ) -> Result<MatchKey, Outcome> {
        match kind {
            Kind::Phone => {
                self.match_key_of::<PhoneNumber<Advertising>>(bytes, consent, at, platform)
            }
            Kind::Email => {
                self.match_key_of::<EmailAddress<Advertising>>(bytes, consent, at, platform)
            }
        }
    }

    fn match_key_of<I>(
        &self,
        bytes: &[u8],
        consent: &Consent<Advertising>,
        at: Duration,
        platform: Platform,
    ) -> Result<MatchKey, Outcome>
    where
        I: MatchAudience + Identifier<Purpose = Advertising>,
    {
        let sealed = Sealed::<I>::from_bytes(bytes);
        let id = consent
            .open(&*self.0, &sealed)
            .map_err(Outcome::not_opened)?;
        id.match_key(consent, at, platform)
            .map_err(|error| Outcome::refused(error.kind()))
    }
}

/// The keys that open discoverable values and make their discovery keys:
/// the discoverable purpose's sealing keys and the discovery subkey, and
/// nothing of another purpose.
#[derive(Clone)]
pub(crate) struct DiscoverableKeys(Arc<Keyset<Discoverable>>);

impl DiscoverableKeys {
    /// # Errors
    ///
    /// [`KeysetErrorKind::SealingOnly`](purpose_bound::KeysetErrorKind::SealingOnly)
    /// for a keyset read from Tink's JSON.
    pub(crate) fn new(keyset: Keyset<Discoverable>) -> Result<Self, KeysetError> {
        keyset.check_subkeys()?;
        Ok(Self(Arc::new(keyset)))
    }

    pub(crate) fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Opens `bytes`, a sealed discoverable `kind`, under `consent` (and
    /// so for its subject), and makes its discovery key if the consent is
    /// live at `at`.
    pub(crate) fn discovery_key(
        &self,
        kind: Kind,
        bytes: &[u8],
        consent: &Consent<Discoverable>,
        at: Duration,
    ) -> Result<[u8; 32], Outcome> {
        let key = match kind {
            Kind::Phone => self.discovery_key_of::<PhoneNumber<Discoverable>>(bytes, consent, at),
            Kind::Email => self.discovery_key_of::<EmailAddress<Discoverable>>(bytes, consent, at),
        }?;
        Ok(*key.as_bytes())
    }

    fn discovery_key_of<I>(
        &self,
        bytes: &[u8],
        consent: &Consent<Discoverable>,
        at: Duration,
    ) -> Result<DiscoveryKey, Outcome>
    where
        I: BeFound + Identifier<Purpose = Discoverable>,
    {
        let sealed = Sealed::<I>::from_bytes(bytes);
        let id = consent
            .open(&*self.0, &sealed)
            .map_err(Outcome::not_opened)?;
        self.0
            .discovery_key(&id, consent, at)
            // Checked when the function was made: the keyset has the
            // discovery subkey.
            .map_err(|_| Outcome::UnknownKey)?
            .map_err(|error| Outcome::refused(error.kind()))
    }
}

/// The keys that open uploaded contacts and make their lookups: the
/// uploaded contacts' sealing keys and the discovery subkey, and nothing
/// of another purpose.
#[derive(Clone)]
pub(crate) struct ContactKeys(Arc<Keyset<ContactUpload>>);

impl ContactKeys {
    /// # Errors
    ///
    /// [`KeysetErrorKind::SealingOnly`](purpose_bound::KeysetErrorKind::SealingOnly)
    /// for a keyset read from Tink's JSON.
    pub(crate) fn new(keyset: Keyset<ContactUpload>) -> Result<Self, KeysetError> {
        keyset.check_subkeys()?;
        Ok(Self(Arc::new(keyset)))
    }

    pub(crate) fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Opens `bytes`, a sealed uploaded contact of `kind` that `subject`
    /// uploaded, and makes its lookup: one discovery key per enabled key,
    /// the primary's first.
    pub(crate) fn contact_lookup(
        &self,
        kind: Kind,
        bytes: &[u8],
        subject: &Subject,
    ) -> Result<ContactLookup, Outcome> {
        match kind {
            Kind::Phone => self.contact_lookup_of::<PhoneNumber<ContactUpload>>(bytes, subject),
            Kind::Email => self.contact_lookup_of::<EmailAddress<ContactUpload>>(bytes, subject),
        }
    }

    fn contact_lookup_of<I>(
        &self,
        bytes: &[u8],
        subject: &Subject,
    ) -> Result<ContactLookup, Outcome>
    where
        I: FindContacts + Identifier<Purpose = ContactUpload>,
    {
        let sealed = Sealed::<I>::from_bytes(bytes);
        let id = self.0.open(&sealed, subject).map_err(Outcome::not_opened)?;
        // Checked when the function was made: the keyset has the discovery
        // subkey.
        self.0.contact_lookup(&id).map_err(|_| Outcome::UnknownKey)
    }
}
