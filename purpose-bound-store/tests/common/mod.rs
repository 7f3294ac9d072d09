//! What the store's tests share: a keyring, a collection, a transport that
//! keeps nothing, and a use of a consent that asks its ledger.

#![allow(dead_code, reason = "each test binary uses some of these")]

use std::sync::Arc;
use std::time::Duration;

use purpose_bound::{
    Consent, ConsentChannel, ConsentErrorKind, EmailAddress, Keyring, Mail, Marketing, Message,
    Recipient, SendError, Subject,
};
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};

use purpose_bound_store::{
    AuditRow, Collection, ConsentLedger, Error, ErrorKind, EventRow, Notice, ReportRow,
    SqliteStore, Store, Tip,
};

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

/// A store in memory that fails on cue, as a database whose server or
/// disk is lost would: its audit writes while `audit_down` is set, its
/// appends once `appends_left` has run out.
#[derive(Debug)]
pub(crate) struct Faulty {
    inner: SqliteStore,
    audit_down: AtomicBool,
    appends_left: AtomicI64,
}

impl Faulty {
    pub(crate) fn new() -> purpose_bound_store::Result<Self> {
        Ok(Self {
            inner: SqliteStore::in_memory()?,
            audit_down: AtomicBool::new(false),
            appends_left: AtomicI64::new(i64::MAX),
        })
    }

    pub(crate) fn appends_left(self, left: i64) -> Self {
        self.appends_left.store(left, Ordering::SeqCst);
        self
    }

    pub(crate) fn audit_down(&self, down: bool) {
        self.audit_down.store(down, Ordering::SeqCst);
    }
}

impl Store for Faulty {
    fn setting(&self, name: &str, default: &str) -> purpose_bound_store::Result<String> {
        self.inner.setting(name, default)
    }
    fn append_event(
        &self,
        consent: Option<u64>,
        make: &mut dyn FnMut(Tip<'_>) -> purpose_bound_store::Result<EventRow>,
    ) -> purpose_bound_store::Result<EventRow> {
        if self.appends_left.fetch_sub(1, Ordering::SeqCst) <= 0 {
            return Err(Error::new(ErrorKind::Unavailable));
        }
        self.inner.append_event(consent, make)
    }
    fn last_of_consent(&self, consent: u64) -> purpose_bound_store::Result<Option<EventRow>> {
        self.inner.last_of_consent(consent)
    }
    fn events_after(&self, after: u64, limit: u32) -> purpose_bound_store::Result<Vec<EventRow>> {
        self.inner.events_after(after, limit)
    }
    fn events_of(&self, subject: [u8; 16]) -> purpose_bound_store::Result<Vec<EventRow>> {
        self.inner.events_of(subject)
    }
    fn append_audit(&self, rows: &[AuditRow]) -> purpose_bound_store::Result<()> {
        if self.audit_down.load(Ordering::SeqCst) {
            return Err(Error::new(ErrorKind::Unavailable));
        }
        self.inner.append_audit(rows)
    }
    fn audit_report(&self, from: i64, to: i64) -> purpose_bound_store::Result<Vec<ReportRow>> {
        self.inner.audit_report(from, to)
    }
}
