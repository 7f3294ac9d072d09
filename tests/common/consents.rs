//! Consent records and consents. `record_with` is the one place a test
//! makes a `ConsentRecord`; every other helper goes through it.

use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, RequiresConsent, Subject};
use std::time::Duration;

use super::clock::GIVEN;

/// What a test consent record says besides its id. Tests that need one
/// field of their own write `Fields { given: …, ..FIELDS }`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields<'a> {
    /// Who gave it: the application's account id.
    pub(crate) subject: &'a str,
    /// When it was given.
    pub(crate) given: Duration,
    /// The policy version shown.
    pub(crate) wording: &'a str,
    /// Where it was given.
    pub(crate) channel: ConsentChannel,
}

/// The account id of every test record and identifier that does not set
/// its own.
pub(crate) const SUBJECT: &str = "user-42";

/// The subject [`SUBJECT`] names.
pub(crate) fn subject() -> Subject {
    Subject::new(SUBJECT).unwrap()
}

/// The fields of every test consent record that does not set its own.
pub(crate) const FIELDS: Fields<'static> = Fields {
    subject: SUBJECT,
    given: GIVEN,
    wording: "policy-v1",
    channel: ConsentChannel::Web,
};

/// The record of consent `id` to `P`, with `fields`.
pub(crate) fn record_with<P: RequiresConsent>(id: u64, fields: Fields<'_>) -> ConsentRecord<P> {
    ConsentRecord::new(
        ConsentId::new(id).unwrap(),
        &Subject::new(fields.subject).unwrap(),
        fields.given,
        fields.wording,
        fields.channel,
    )
}

/// The record of consent `id` to `P`, with [`FIELDS`]: given at
/// [`GIVEN`], open-ended, not withdrawn.
pub(crate) fn record<P: RequiresConsent>(id: u64) -> ConsentRecord<P> {
    record_with(id, FIELDS)
}

/// Consent `id` to `P`, with `fields`.
pub(crate) fn consent_with<P: RequiresConsent>(id: u64, fields: Fields<'_>) -> Consent<P> {
    Consent::new(record_with(id, fields)).unwrap()
}

/// Consent `id` to `P`, from [`record`]: live from [`GIVEN`] on.
pub(crate) fn consent<P: RequiresConsent>(id: u64) -> Consent<P> {
    consent_with(id, FIELDS)
}

/// Binds a test identifier to [`subject`]: `.owned()` where a test
/// parsed it from bare input and seals or adopts it.
pub(crate) trait Owned: Sized {
    /// The identifier, bound to [`subject`].
    fn owned(self) -> Self;
}

impl<P: purpose_bound::Purpose> Owned for purpose_bound::PhoneNumber<P> {
    fn owned(self) -> Self {
        self.owned_by(&subject()).unwrap()
    }
}

impl<P: purpose_bound::Purpose> Owned for purpose_bound::EmailAddress<P> {
    fn owned(self) -> Self {
        self.owned_by(&subject()).unwrap()
    }
}
