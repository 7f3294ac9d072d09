//! The audit, installed as the process's sink over the ledger's store:
//! every hand-off, adoption and refusal is written with the subject's
//! pseudonym, and the report counts people, not calls.
#![cfg(feature = "sqlite")]

mod common;

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::{NOW, Outbox, collection, keyring, subject};
use purpose_bound::{Advertising, Marketing, Platform};
use purpose_bound_store::{AuditConfig, AuditLog, ConsentLedger, SqliteStore};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

fn now() -> Duration {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
}

// One sink per process: this binary has one test.
#[test]
fn the_report_counts_accounts_per_purpose_capability_and_recipient() -> Result {
    let dir = tempfile::tempdir()?;
    let store = Arc::new(SqliteStore::open(dir.path().join("records.db"))?);
    let ledger = ConsentLedger::open(store.clone(), keyring().ledger_key())?;
    let config = AuditConfig::default().interval(Duration::from_millis(5));
    let audit = AuditLog::start(store.clone(), keyring().ledger_key(), config)?
        .install()
        .map_err(|_| "a sink was installed already")?;
    let from = now();

    // Three people consent to ads; Ada's number is matched twice, on two
    // platforms, and Bob's once.
    let people: Vec<_> = ["user-1", "user-2", "user-3"].map(subject).into();
    let mut consents = Vec::new();
    for person in &people {
        consents.push(ledger.give::<Advertising>(person, NOW, &collection())?);
    }
    let phone = |i: usize, number: &str| consents[i].parse_phone(number);
    let ada = phone(0, "+44 7911 123456")?;
    let bob = phone(1, "+44 7911 123457")?;
    ada.match_key(&consents[0], NOW, Platform::Meta)?;
    ada.match_key(&consents[0], NOW, Platform::Meta)?;
    ada.match_key(&consents[0], NOW, Platform::Google)?;
    bob.match_key(&consents[1], NOW, Platform::Meta)?;

    // Carol withdraws; the match is refused, and the refusal audited.
    let carol = phone(2, "+44 7911 123458")?;
    ledger.withdraw::<Advertising>(&people[2], consents[2].id(), NOW, "settings page", "web")?;
    assert!(carol.match_key(&consents[2], NOW, Platform::Meta).is_err());

    // One offer by mail, through a transport with no name of its own, and
    // one through a provider that declares its name.
    let offers = ledger.give::<Marketing>(&people[0], NOW, &collection())?;
    let email = offers.parse_email("ada@example.com")?;
    email.send_marketing(&offers, NOW, &mut Outbox, "Offers")?;
    email.send_marketing(&offers, NOW, &mut Named, "Offers")?;

    // Bob's address changed hands; a send under its consent is refused.
    let bobs = ledger.give::<Marketing>(&people[1], NOW, &collection())?;
    let old_address = bobs.parse_email("bob@example.com")?;
    ledger.invalidate::<Marketing>(&people[1], bobs.id(), NOW, "replaced", "settings page")?;
    assert!(
        old_address
            .send_marketing(&bobs, NOW, &mut Outbox, "Offers")
            .is_err()
    );

    audit.flush()?;
    let report = audit.report(from, now() + Duration::from_secs(1))?;
    assert_eq!(report.subjects("advertising", "match_audience", "Meta"), 2);
    assert_eq!(
        report.subjects("advertising", "match_audience", "Google"),
        1
    );
    assert_eq!(report.subjects("marketing", "send_marketing", "mail"), 1);
    assert_eq!(report.subjects("marketing", "send_marketing", "relay-7"), 1);
    assert_eq!(report.subjects("two_factor", "match_audience", "Meta"), 0);
    let meta = report
        .handed_over("advertising", "match_audience")
        .find(|line| line.via == "Meta")
        .ok_or("no Meta line")?;
    assert_eq!((meta.subjects, meta.uses), (2, 3));
    assert_eq!(report.refusals(), [("invalidated", 1), ("withdrawn", 1)]);
    let table = report.to_string();
    assert!(table.contains("refused (withdrawn)"), "{table}");
    let json = serde_json::to_string(&report)?;
    assert!(json.contains("\"subjects\":2"), "{json}");

    // What the audit keeps: pseudonyms, never an account id or a number.
    let rows: Vec<Vec<u8>> = {
        let conn = rusqlite::Connection::open(dir.path().join("records.db"))?;
        let mut statement =
            conn.prepare("SELECT subject FROM pb_audit WHERE subject IS NOT NULL")?;
        statement
            .query_map([], |row| row.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    assert_eq!(rows.len(), 8);
    let ada_pseudonym = ledger.pseudonym(&people[0]).to_bytes().to_vec();
    assert_eq!(rows.iter().filter(|row| **row == ada_pseudonym).count(), 5);

    // A range that holds none of it reports nothing.
    assert!(
        audit
            .report(from - Duration::from_secs(60), from)?
            .lines
            .is_empty()
    );
    Ok(())
}

/// A mail provider that says who it is.
struct Named;

impl purpose_bound::Transport<purpose_bound::Mail> for Named {
    type Error = std::convert::Infallible;
    fn send(
        &mut self,
        _: purpose_bound::Recipient<'_, purpose_bound::Mail>,
        _: purpose_bound::Message<'_>,
    ) -> std::result::Result<(), Self::Error> {
        Ok(())
    }
    fn name(&self) -> &'static str {
        "relay-7"
    }
}
