//! The audit fails closed: when its queue holds as many unwritten events
//! as it may, the next hand-off is refused, and it comes back once the
//! store is written again.
#![cfg(feature = "sqlite")]

mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{NOW, Outbox, collection, keyring, subject};
use purpose_bound::{Marketing, SendError};
use purpose_bound_store::{
    AuditConfig, AuditLog, AuditRow, ConsentLedger, Error, ErrorKind, EventRow, ReportRow,
    SqliteStore, Store, Tip,
};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// A store whose audit writes fail while `down` is set, as a full disk or
/// a lost database would.
#[derive(Debug)]
struct Flaky {
    inner: SqliteStore,
    down: AtomicBool,
}

impl Store for Flaky {
    fn setting(&self, name: &str, default: &str) -> purpose_bound_store::Result<String> {
        self.inner.setting(name, default)
    }
    fn append_event(
        &self,
        consent: Option<u64>,
        make: &mut dyn FnMut(Tip<'_>) -> purpose_bound_store::Result<EventRow>,
    ) -> purpose_bound_store::Result<EventRow> {
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
        if self.down.load(Ordering::SeqCst) {
            return Err(Error::new(ErrorKind::Unavailable));
        }
        self.inner.append_audit(rows)
    }
    fn audit_report(&self, from: i64, to: i64) -> purpose_bound_store::Result<Vec<ReportRow>> {
        self.inner.audit_report(from, to)
    }
}

#[test]
fn a_full_queue_refuses_the_hand_off_until_the_store_is_back() -> Result {
    let store = Arc::new(Flaky {
        inner: SqliteStore::in_memory()?,
        down: AtomicBool::new(true),
    });
    let ledger = ConsentLedger::open(store.clone(), keyring().ledger_key())?;
    let config = AuditConfig::default()
        .capacity(8)
        .interval(Duration::from_millis(1));
    let audit = AuditLog::start(store.clone(), keyring().ledger_key(), config)?
        .install()
        .map_err(|_| "a sink was installed already")?;

    let ada = subject("user-42");
    let offers = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let email = offers.parse_email("ada@example.com")?;
    for _ in 0..8 {
        email.send_marketing(&offers, NOW, &mut Outbox, "Offers")?;
    }
    let refused = email.send_marketing(&offers, NOW, &mut Outbox, "Offers");
    assert!(
        matches!(refused, Err(SendError::Unaudited(_))),
        "{refused:?}"
    );
    assert_eq!(audit.refused(), 1);
    std::thread::sleep(Duration::from_millis(50));
    assert!(audit.write_failures() > 0);

    store.down.store(false, Ordering::SeqCst);
    audit.flush()?;
    email.send_marketing(&offers, NOW, &mut Outbox, "Offers")?;
    audit.flush()?;
    let report = audit.report(NOW - NOW, NOW * 2)?;
    let line = report
        .handed_over("marketing", "send_marketing")
        .next()
        .ok_or("no line")?;
    assert_eq!((line.subjects, line.uses), (1, 9));
    Ok(())
}
