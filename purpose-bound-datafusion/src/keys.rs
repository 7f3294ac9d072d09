//! The keys each function holds, and the one step in which a sealed value
//! is opened and turned into a key: the raw value lives only inside it.
//!
//! Every function holds only what its purpose needs, behind the types
//! below; this is the one module that names the core crate's key types.

use std::sync::Arc;
use std::time::Duration;

use purpose_bound::{
    Advertising, Consent, ContactUpload, Discoverable, EmailAddress, Keyring, Keyset,
    MatchAudience, MatchKey, PhoneNumber, Platform, Sealed,
};

use crate::counts::Outcome;
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
        I: MatchAudience + purpose_bound::Identifier<Purpose = Advertising>,
    {
        let sealed = Sealed::<I>::from_bytes(bytes);
        let id = consent
            .open(&*self.0, &sealed)
            .map_err(Outcome::not_opened)?;
        id.match_key(consent, at, platform)
            .map_err(|error| Outcome::refused(error.kind()))
    }
}

/// The keys that open discoverable values and make discovery keys, and
/// open uploaded contacts and make their lookup keys.
#[derive(Clone)]
pub(crate) struct DiscoveryKeys(Arc<Keyring>);

impl DiscoveryKeys {
    pub(crate) fn new(keyring: Keyring) -> Self {
        Self(Arc::new(keyring))
    }

    pub(crate) fn same(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }

    /// Opens `bytes`, a sealed discoverable `kind`, under `consent`, and
    /// makes its discovery key if the consent is live at `at`.
    pub(crate) fn discovery_key(
        &self,
        kind: Kind,
        bytes: &[u8],
        consent: &Consent<Discoverable>,
        at: Duration,
    ) -> Result<[u8; 32], Outcome> {
        let refused = |error: purpose_bound::ConsentError| Outcome::refused(error.kind());
        let key = match kind {
            Kind::Phone => {
                let sealed = Sealed::<PhoneNumber<Discoverable>>::from_bytes(bytes);
                let id = consent
                    .open(&self.0, &sealed)
                    .map_err(Outcome::not_opened)?;
                id.discovery_key(&self.0, consent, at).map_err(refused)?
            }
            Kind::Email => {
                let sealed = Sealed::<EmailAddress<Discoverable>>::from_bytes(bytes);
                let id = consent
                    .open(&self.0, &sealed)
                    .map_err(Outcome::not_opened)?;
                id.discovery_key(&self.0, consent, at).map_err(refused)?
            }
        };
        Ok(*key.as_bytes())
    }

    /// Opens `bytes`, a sealed uploaded contact of `kind`, and makes its
    /// lookup key.
    pub(crate) fn lookup_key(&self, kind: Kind, bytes: &[u8]) -> Result<[u8; 32], Outcome> {
        let key = match kind {
            Kind::Phone => {
                let sealed = Sealed::<PhoneNumber<ContactUpload>>::from_bytes(bytes);
                let id = self.0.open(&sealed).map_err(Outcome::not_opened)?;
                primary(&id.contact_lookup(&self.0))?
            }
            Kind::Email => {
                let sealed = Sealed::<EmailAddress<ContactUpload>>::from_bytes(bytes);
                let id = self.0.open(&sealed).map_err(Outcome::not_opened)?;
                primary(&id.contact_lookup(&self.0))?
            }
        };
        Ok(*key.as_bytes())
    }
}

/// The lookup key under the ring's primary key: the one discovery keys made
/// now are made under. Rows made under an older key are found again once
/// the discoverable column's keys are recomputed after a rotation.
fn primary(lookup: &purpose_bound::ContactLookup) -> Result<purpose_bound::DiscoveryKey, Outcome> {
    lookup.keys().first().cloned().ok_or(Outcome::UnknownKey)
}
