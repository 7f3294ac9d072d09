//! The records' costs on the hot path, beside what an application would
//! do instead in the same run: a use of a consent that asks the consent
//! ledger (SQLite, WAL) against one that believes its record and against
//! the application's own indexed read of a consents table; and a hand-off
//! written to the audit's queue against one with no audit and against a
//! bare bounded channel of the same row; and an export's consent snapshot
//! against the chain walk it makes, and a row's consent from it against
//! one built from a consents table's columns.
//!
//! ```sh
//! cargo bench -p purpose-bound-benches --bench records
//! ```

#![allow(clippy::expect_used, reason = "a benchmark stops at once on bad setup")]

use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use criterion::Criterion;
use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Keyring, Mail, Marketing,
    Message, PhoneNumber, Platform, Recipient, Subject, TwoFactor,
};
use purpose_bound_store::{AuditConfig, AuditLog, Collection, ConsentLedger, Notice, SqliteStore};
use support::mean_ns;

mod support;

/// 2030-01-01, after the system clock: uses are judged at the later of
/// the two.
const NOW: Duration = Duration::from_secs(1_893_456_000);

fn collection() -> Collection {
    let notice = Notice::new("ads-v1", "Match my number for ads.").expect("a notice");
    Collection::new(notice, ConsentChannel::App, "en", "GB")
}

/// A ledger in `store` with 10,000 consents, and a consent of the last
/// subject with that subject's number.
fn ledger(
    store: Arc<dyn purpose_bound_store::Store>,
) -> (
    Consent<Advertising>,
    PhoneNumber<Advertising>,
    ConsentLedger,
) {
    let ledger =
        ConsentLedger::open(store, Keyring::new(1, &mut [7u8; 32]).ledger_key()).expect("a ledger");
    let mut last = None;
    for i in 0..10_000 {
        let subject = Subject::new(&format!("user-{i}")).expect("an id");
        last = Some((
            ledger
                .give::<Advertising>(&subject, NOW, &collection())
                .expect("given"),
            subject,
        ));
    }
    let (consent, subject) = last.expect("one consent");
    let phone = PhoneNumber::<TwoFactor>::parse("+44 7911 123456")
        .expect("a number")
        .owned_by(&subject)
        .expect("bound");
    let phone = consent.adopt(&phone).expect("adopted");
    (consent, phone, ledger)
}

fn consent_use(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a directory");
    let (from_ledger, phone, _) = ledger(Arc::new(
        SqliteStore::open(dir.path().join("ledger.db")).expect("a store"),
    ));
    let believed = Consent::<Advertising>::new(from_ledger.record().clone()).expect("a record");
    // The application's own table, one indexed read per use.
    let db = rusqlite::Connection::open(dir.path().join("app.db")).expect("a database");
    db.execute_batch(
        "PRAGMA journal_mode = WAL;
         CREATE TABLE consents (id INTEGER PRIMARY KEY, subject TEXT, purpose TEXT, withdrawn INTEGER);",
    )
    .expect("schema");
    for i in 1..=10_000 {
        db.execute(
            "INSERT INTO consents (id, subject, purpose) VALUES (?1, ?2, 'advertising')",
            rusqlite::params![i, format!("user-{i}")],
        )
        .expect("row");
    }

    let mut g = c.benchmark_group("consent_use");
    g.bench_function("ledger_sqlite", |b| {
        b.iter(|| {
            phone
                .match_key(black_box(&from_ledger), NOW, Platform::Meta)
                .expect("live")
        });
    });
    // PostgreSQL's revocation view, where a server is at DATABASE_URL
    // (`eval "$(.ci/postgres)"`); its tables are dropped first.
    if let Ok(url) = std::env::var("DATABASE_URL") {
        let store = purpose_bound_postgres::PgStore::connect(&url, Default::default())
            .expect("the server at DATABASE_URL");
        drop_tables(&url);
        drop(store);
        let store = purpose_bound_postgres::PgStore::connect(&url, Default::default())
            .expect("the server at DATABASE_URL");
        let (from_pg, pg_phone, _) = ledger(Arc::new(store));
        g.bench_function("ledger_postgres_view", |b| {
            b.iter(|| {
                pg_phone
                    .match_key(black_box(&from_pg), NOW, Platform::Meta)
                    .expect("live")
            });
        });
    }
    g.bench_function("record_believed", |b| {
        b.iter(|| {
            phone
                .match_key(black_box(&believed), NOW, Platform::Meta)
                .expect("live")
        });
    });
    g.bench_function("own_table_read", |b| {
        b.iter(|| {
            let withdrawn: Option<i64> = db
                .prepare_cached("SELECT withdrawn FROM consents WHERE id = ?1")
                .expect("statement")
                .query_row([black_box(10_000)], |row| row.get(0))
                .expect("a row");
            black_box(withdrawn)
        });
    });
    g.finish();
}

/// What an export pays for consent it cannot be handed in SQL: reading the
/// snapshot of 10,000 consents once a query (against walking the chain
/// alone, which the snapshot does), and each row's consents from it
/// (against building the consent from a consents table's columns, as the
/// functions did before).
fn snapshot(c: &mut Criterion) {
    let (consent, _, ledger) = ledger(Arc::new(SqliteStore::in_memory().expect("a store")));
    let empty: purpose_bound_store::Head =
        "0:0000000000000000000000000000000000000000000000000000000000000000"
            .parse()
            .expect("a head");
    let live = ledger.live::<Advertising>().expect("a snapshot");
    let subject = Subject::new("user-9999").expect("an id");
    let mut g = c.benchmark_group("snapshot");
    g.sample_size(20);
    g.bench_function("read_10000", |b| {
        b.iter(|| ledger.live::<Advertising>().expect("a snapshot"));
    });
    g.bench_function("verify_10000", |b| {
        b.iter(|| ledger.verify(black_box(&empty)).expect("verified"));
    });
    g.finish();
    let mut g = c.benchmark_group("row_consent");
    g.bench_function("from_snapshot", |b| {
        b.iter(|| live.of(black_box(&subject)).next().expect("a consent"));
    });
    g.bench_function("from_columns", |b| {
        b.iter(|| {
            let record = ConsentRecord::<Advertising>::new(
                black_box(consent.id()),
                &subject,
                NOW,
                "(consents table)",
                ConsentChannel::App,
            );
            Consent::new(record).expect("a consent")
        });
    });
    g.finish();
}

/// Drops the store's tables at `url`, for a ledger of the bench's own.
fn drop_tables(url: &str) {
    let status = std::process::Command::new("psql")
        .args([
            url,
            "-qc",
            "DROP TABLE IF EXISTS pb_consent_events, pb_audit, pb_settings",
        ])
        .status()
        .expect("psql runs");
    assert!(status.success(), "psql could not drop the tables");
}

/// A mail server that takes every message and keeps none.
struct Outbox;

impl purpose_bound::Transport<Mail> for Outbox {
    type Error = std::convert::Infallible;
    fn send(&mut self, _: Recipient<'_, Mail>, _: Message<'_>) -> Result<(), Self::Error> {
        Ok(())
    }
}

fn marketing() -> (Consent<Marketing>, purpose_bound::EmailAddress<Marketing>) {
    let subject = Subject::new("user-1").expect("an id");
    let consent = Consent::<Marketing>::new(ConsentRecord::new(
        ConsentId::new(1).expect("not zero"),
        &subject,
        NOW,
        "offers-v1",
        ConsentChannel::Web,
    ))
    .expect("a record");
    let email = consent.parse_email("ada@example.com").expect("an address");
    (consent, email)
}

/// A hand-off with no sink installed, then with the audit installed; a
/// bounded channel of the same row beside it. The audit is installed
/// once, for the rest of the process, so this group runs last.
fn audit_record(c: &mut Criterion) {
    let (consent, email) = marketing();
    let mut g = c.benchmark_group("audit_record");
    g.bench_function("no_audit", |b| {
        b.iter(|| {
            email
                .send_marketing(black_box(&consent), NOW, &mut Outbox, "Offers")
                .expect("sent")
        });
    });
    let (tx, rx) = std::sync::mpsc::sync_channel(1 << 16);
    let drain = std::thread::spawn(move || while rx.recv().is_ok() {});
    g.bench_function("bounded_channel", |b| {
        b.iter(|| {
            let row = (
                std::time::SystemTime::now(),
                black_box("marketing"),
                black_box("send_marketing"),
                black_box("mail").to_owned(),
                black_box(1u64),
            );
            tx.send(row).expect("the drain runs");
        });
    });
    drop(tx);
    drain.join().expect("the drain ends");

    let dir = tempfile::tempdir().expect("a directory");
    let store = Arc::new(SqliteStore::open(dir.path().join("audit.db")).expect("a store"));
    let config = AuditConfig::default()
        .capacity(1 << 16)
        .interval(Duration::from_millis(10));
    let audit = AuditLog::start(store, Keyring::new(1, &mut [7u8; 32]).ledger_key(), config)
        .expect("an audit")
        .install()
        .map_err(|_| "one sink per process")
        .expect("installed");
    // Timed in chunks the queue has room for, flushed between them
    // untimed: the cost of a record on the caller's thread. The writer's
    // throughput is timed apart, below.
    let chunk = 1 << 14;
    g.bench_function("audit_log", |b| {
        b.iter_custom(|iters| {
            let mut timed = Duration::ZERO;
            let mut left = iters;
            while left > 0 {
                let n = left.min(chunk);
                let start = std::time::Instant::now();
                for _ in 0..n {
                    email
                        .send_marketing(black_box(&consent), NOW, &mut Outbox, "Offers")
                        .expect("the queue has room");
                }
                timed += start.elapsed();
                audit.flush().expect("written");
                left -= n;
            }
            timed
        });
    });
    g.finish();
    let start = std::time::Instant::now();
    for _ in 0..chunk {
        email
            .send_marketing(&consent, NOW, &mut Outbox, "Offers")
            .expect("the queue has room");
    }
    audit.flush().expect("written");
    let rate = chunk as f64 / start.elapsed().as_secs_f64();
    println!("the audit's writer: {rate:.0} events a second, in batches, synchronous = FULL");
    println!("audit refused {} events (queue full)", audit.refused());
}

fn ratio_table() {
    let rows = [
        (
            "consent use via the ledger",
            "consent_use",
            "ledger_sqlite",
            "record_believed",
        ),
        (
            "ledger's extra cost vs own table read",
            "consent_use",
            "ledger_sqlite",
            "own_table_read",
        ),
        (
            "export snapshot vs the chain walk alone",
            "snapshot",
            "read_10000",
            "verify_10000",
        ),
        (
            "a row's consent from the snapshot vs from columns",
            "row_consent",
            "from_snapshot",
            "from_columns",
        ),
        (
            "hand-off audited vs not",
            "audit_record",
            "audit_log",
            "no_audit",
        ),
        (
            "audit queue vs bounded channel",
            "audit_record",
            "audit_log",
            "bounded_channel",
        ),
    ];
    println!("\n| comparison | ours (ns) | peer (ns) | ratio |\n|---|---:|---:|---:|");
    for (name, group, ours, peer) in rows {
        if let (Some(a), Some(b)) = (mean_ns(group, ours), mean_ns(group, peer)) {
            println!("| {name} | {a:.0} | {b:.0} | {:.2}× |", a / b);
        }
    }
    if let (Some(ledger), Some(believed)) = (
        mean_ns("consent_use", "ledger_sqlite"),
        mean_ns("consent_use", "record_believed"),
    ) {
        println!(
            "\nthe ledger's check: {:.2} µs a use (target ≤ 5 µs)",
            (ledger - believed) / 1e3
        );
    }
    if let (Some(view), Some(believed)) = (
        mean_ns("consent_use", "ledger_postgres_view"),
        mean_ns("consent_use", "record_believed"),
    ) {
        println!(
            "the PostgreSQL view's check: {:.2} µs a use (target ≤ 1 µs)",
            (view - believed) / 1e3
        );
    }
    if let Some(read) = mean_ns("snapshot", "read_10000") {
        println!(
            "the export's snapshot: {:.2} µs a ledger event, once a query",
            read / 10_000.0 / 1e3
        );
    }
    if let (Some(audited), Some(bare)) = (
        mean_ns("audit_record", "audit_log"),
        mean_ns("audit_record", "no_audit"),
    ) {
        println!(
            "the audit's record: {:.2} µs a hand-off (target ≤ 2 µs)",
            (audited - bare) / 1e3
        );
    }
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    consent_use(&mut c);
    snapshot(&mut c);
    audit_record(&mut c);
    c.final_summary();
    ratio_table();
}
