//! What the store's tests share: a keyring, a collection, a transport that
//! keeps nothing, and a use of a consent that asks its ledger.

#![allow(dead_code, reason = "each test binary uses some of these")]

use std::sync::Arc;
use std::time::Duration;

use purpose_bound::{
    Consent, ConsentChannel, ConsentErrorKind, EmailAddress, Keyring, Mail, Marketing, Message,
    Recipient, SendError, Subject,
};
use purpose_bound_store::{Collection, ConsentLedger, Notice, SqliteStore};

/// 2030-01-01: uses are judged at the later of the time given and the
/// system clock, so the tests live in the future.
pub(crate) const NOW: Duration = Duration::from_secs(1_893_456_000);
pub(crate) const MINUTE: Duration = Duration::from_secs(60);

pub(crate) fn keyring() -> Keyring {
    Keyring::new(1, &mut [7u8; 32])
}

pub(crate) fn subject(id: &str) -> Subject {
    Subject::new(id).unwrap_or_else(|_| unreachable!("test ids are valid"))
}

pub(crate) fn collection() -> Collection {
    let notice = Notice::new("newsletter-v3", "May we email you our offers?")
        .unwrap_or_else(|_| unreachable!("the notice is valid"));
    Collection::new(notice, ConsentChannel::Web, "en", "EU")
        .method("unticked checkbox")
        .recorded_by("signup-form")
        .withdrawal_method("https://example.com/settings")
}

pub(crate) fn ledger_at(path: &std::path::Path) -> ConsentLedger {
    let store = SqliteStore::open(path).unwrap_or_else(|err| unreachable!("open: {err}"));
    ConsentLedger::open(Arc::new(store), keyring().ledger_key())
        .unwrap_or_else(|err| unreachable!("ledger: {err}"))
}

/// A transport that accepts every message and keeps none.
pub(crate) struct Outbox;

impl purpose_bound::Transport<Mail> for Outbox {
    type Error = std::convert::Infallible;
    fn send(&mut self, _: Recipient<'_, Mail>, _: Message<'_>) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// Sends one offer under `consent` at `at`: `Ok`, or the refusal's kind.
pub(crate) fn use_at(
    email: &EmailAddress<Marketing>,
    consent: &Consent<Marketing>,
    at: Duration,
) -> Result<(), ConsentErrorKind> {
    match email.send_marketing(consent, at, &mut Outbox, "Offers") {
        Ok(()) => Ok(()),
        Err(SendError::Consent(err)) => Err(err.kind()),
        Err(other) => unreachable!("not a consent refusal: {other}"),
    }
}
