//! A crash loses at most one batch: the events accepted and not yet
//! committed, which the queue bounds. The test runs itself as a child
//! that sends, says how many sends the audit accepted, and aborts.
#![cfg(feature = "sqlite")]

mod common;

use std::io::Write;
use std::process::Command;
use std::sync::Arc;
use std::time::Duration;

use common::{NOW, Outbox, collection, keyring, subject};
use purpose_bound::Marketing;
use purpose_bound_store::{AuditConfig, AuditLog, ConsentLedger, SqliteStore};

type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

const CAPACITY: usize = 64;
const CHILD: &str = "PURPOSE_BOUND_AUDIT_CRASH_DB";

#[test]
fn a_crash_loses_at_most_the_queues_capacity() -> Result {
    if let Ok(path) = std::env::var(CHILD) {
        return child(&path);
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("records.db");
    let out = Command::new(std::env::current_exe()?)
        .args([
            "--exact",
            "a_crash_loses_at_most_the_queues_capacity",
            "--nocapture",
        ])
        .env(CHILD, &path)
        .output()?;
    assert!(!out.status.success(), "the child aborts");
    let stdout = String::from_utf8(out.stdout)?;
    let accepted: u64 = stdout
        .lines()
        .find_map(|line| line.strip_prefix("accepted "))
        .ok_or_else(|| format!("no count from the child: {stdout}"))?
        .parse()?;
    let committed: i64 = rusqlite::Connection::open(&path)?.query_row(
        "SELECT COUNT(*) FROM pb_audit",
        [],
        |row| row.get(0),
    )?;
    let committed = u64::try_from(committed)?;
    assert!(accepted >= 1_000, "{accepted}");
    assert!(committed <= accepted, "{committed} > {accepted}");
    assert!(
        accepted - committed <= CAPACITY as u64,
        "lost {} of {accepted}",
        accepted - committed
    );
    Ok(())
}

fn child(path: &str) -> Result {
    let store = Arc::new(SqliteStore::open(path)?);
    let ledger = ConsentLedger::open(store.clone(), keyring().ledger_key())?;
    let config = AuditConfig::default()
        .capacity(CAPACITY)
        .interval(Duration::from_millis(2));
    let audit = AuditLog::start(store, keyring().ledger_key(), config)?
        .install()
        .map_err(|_| "a sink was installed already")?;
    let ada = subject("user-42");
    let offers = ledger.give::<Marketing>(&ada, NOW, &collection())?;
    let email = offers.parse_email("ada@example.com")?;
    let mut accepted = 0u64;
    while accepted < 1_000 {
        // Refused sends (a full queue) did not happen and are not counted.
        if email
            .send_marketing(&offers, NOW, &mut Outbox, "Offers")
            .is_ok()
        {
            accepted += 1;
        }
    }
    let _ = audit;
    println!("accepted {accepted}");
    std::io::stdout().flush()?;
    std::process::abort();
}
