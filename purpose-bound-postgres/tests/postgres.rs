//! The ledger and the audit on PostgreSQL, each test in a database of its
//! own on the server at `DATABASE_URL` (`eval "$(.ci/postgres)"` starts
//! one): a withdrawal or an invalidation in one process stops a copy in
//! another within the staleness bound, a view that cannot refresh refuses
//! every use after it, a row revived in SQL is refused by a process that
//! loads it, and concurrent writers from two processes keep one chain.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

use std::sync::Arc;
use std::time::{Duration, Instant};

use purpose_bound::{
    Consent, ConsentChannel, ConsentErrorKind, Keyring, Mail, Marketing, Message, Recipient,
    SendError, Subject,
};
use purpose_bound_postgres::{PgConfig, PgStore};
use purpose_bound_store::{
    AuditReport, AuditRow, Collection, ConsentLedger, ErrorKind, Head, Notice, Store,
};
use sqlx::Connection;

const NOW: Duration = Duration::from_secs(1_893_456_000);
const BOUND: Duration = Duration::from_millis(500);

/// Under `CI` a test that cannot run fails; elsewhere it says why and
/// passes.
fn skip(reason: &str) {
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    assert!(
        !ci,
        "CI is set, so this test must run, but it cannot: {reason}"
    );
    eprintln!("skipped: {reason}");
}

/// A server's URL and a runtime for the test's own statements.
struct Server {
    url: String,
    runtime: tokio::runtime::Runtime,
}

impl Server {
    fn get() -> Option<Self> {
        let Ok(url) = std::env::var("DATABASE_URL") else {
            skip("DATABASE_URL is not set; `eval \"$(.ci/postgres)\"` starts a throwaway server");
            return None;
        };
        if !url.starts_with("postgres") {
            skip("DATABASE_URL is not a postgres:// URL");
            return None;
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        Some(Self { url, runtime })
    }

    fn sql(&self, url: &str, statement: String) {
        self.runtime.block_on(async {
            let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                .execute(&mut conn)
                .await
                .unwrap();
        });
    }

    /// A new, empty database, and its URL.
    fn database(&self, name: &str) -> String {
        let name = format!("pb_{name}_{}", std::process::id());
        self.sql(
            &self.url,
            format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        );
        self.sql(&self.url, format!("CREATE DATABASE {name}"));
        let base = self
            .url
            .rsplit_once('/')
            .map_or(self.url.as_str(), |(base, _)| base);
        format!("{base}/{name}")
    }
}

fn keyring() -> Keyring {
    Keyring::new(1, &mut [7u8; 32])
}

fn ledger(url: &str) -> (Arc<PgStore>, ConsentLedger) {
    let store = Arc::new(PgStore::connect(url, PgConfig::default().staleness(BOUND)).unwrap());
    let ledger = ConsentLedger::open(store.clone(), keyring().ledger_key()).unwrap();
    (store, ledger)
}

fn collection() -> Collection {
    Collection::new(
        Notice::new("offers-v1", "May we email you our offers?").unwrap(),
        ConsentChannel::Web,
        "en",
        "EU",
    )
}

struct Outbox;

impl purpose_bound::Transport<Mail> for Outbox {
    type Error = std::convert::Infallible;
    fn send(&mut self, _: Recipient<'_, Mail>, _: Message<'_>) -> Result<(), Self::Error> {
        Ok(())
    }
}

fn use_of(consent: &Consent<Marketing>) -> Result<(), ConsentErrorKind> {
    let email = consent.parse_email("ada@example.com").unwrap();
    match email.send_marketing(consent, NOW, &mut Outbox, "Offers") {
        Ok(()) => Ok(()),
        Err(SendError::Consent(err)) => Err(err.kind()),
        Err(other) => panic!("not a consent refusal: {other}"),
    }
}

/// `consent`'s copy in `there`, another process's ledger, once its view
/// has it: within the bound.
fn seen_by(
    there: &ConsentLedger,
    ada: &Subject,
    consent: &Consent<Marketing>,
) -> Consent<Marketing> {
    let start = Instant::now();
    loop {
        match there.consent::<Marketing>(ada, consent.id()) {
            Ok(copy) => return copy,
            Err(_) if start.elapsed() < BOUND => std::thread::sleep(Duration::from_millis(5)),
            Err(err) => panic!("not seen within the bound: {err}"),
        }
    }
}

/// That `copy` is refused as `kind` as soon as its view has the end
/// recorded at `ended`, at the latest after the bound.
fn refused_within_the_bound(copy: &Consent<Marketing>, ended: Instant, kind: ConsentErrorKind) {
    while use_of(copy).is_ok() {
        assert!(
            ended.elapsed() <= BOUND,
            "the copy was used after the bound"
        );
        std::thread::sleep(Duration::from_millis(1));
    }
    eprintln!("seen by the other process after {:?}", ended.elapsed());
    std::thread::sleep(BOUND);
    assert_eq!(use_of(copy), Err(kind));
}

#[test]
fn a_withdrawal_in_one_process_stops_a_copy_in_another_within_the_bound() {
    let Some(server) = Server::get() else { return };
    let url = server.database("withdrawal");
    let (_a, here) = ledger(&url);
    let (_b, there) = ledger(&url);
    let ada = Subject::new("user-42").unwrap();
    let consent = here.give::<Marketing>(&ada, NOW, &collection()).unwrap();
    // The other process's view learns of the consent by its notification.
    let elsewhere = seen_by(&there, &ada, &consent);
    assert_eq!(use_of(&elsewhere), Ok(()));

    here.withdraw::<Marketing>(&ada, consent.id(), NOW, "settings page", "web")
        .unwrap();
    let withdrawn = Instant::now();
    // In this process, at once.
    assert_eq!(use_of(&consent), Err(ConsentErrorKind::Withdrawn));
    // In the other, as soon as its view has it, and at the latest after the bound.
    refused_within_the_bound(&elsewhere, withdrawn, ConsentErrorKind::Withdrawn);
}

#[test]
fn an_invalidation_in_one_process_stops_a_copy_in_another_within_the_bound() {
    let Some(server) = Server::get() else { return };
    let url = server.database("invalidation");
    let (_a, here) = ledger(&url);
    let (_b, there) = ledger(&url);
    let ada = Subject::new("user-42").unwrap();
    let consent = here.give::<Marketing>(&ada, NOW, &collection()).unwrap();
    let elsewhere = seen_by(&there, &ada, &consent);
    assert_eq!(use_of(&elsewhere), Ok(()));

    // The number was reported reassigned: its consent ends, in every process.
    here.invalidate::<Marketing>(&ada, consent.id(), NOW, "reassigned", "rnd-check")
        .unwrap();
    let invalidated = Instant::now();
    assert_eq!(use_of(&consent), Err(ConsentErrorKind::Invalidated));
    refused_within_the_bound(&elsewhere, invalidated, ConsentErrorKind::Invalidated);
    let again = there.invalidate::<Marketing>(&ada, consent.id(), NOW, "again", "web");
    assert_eq!(again.unwrap_err().kind(), ErrorKind::NotLive);
    assert!(
        here.verify(
            &"0:0000000000000000000000000000000000000000000000000000000000000000"
                .parse::<Head>()
                .unwrap()
        )
        .is_ok()
    );
}

#[test]
fn a_view_that_cannot_refresh_refuses_every_use_after_the_bound() {
    let Some(server) = Server::get() else { return };
    let url = server.database("stale");
    let (_store, ledger) = ledger(&url);
    let ada = Subject::new("user-42").unwrap();
    let consent = ledger.give::<Marketing>(&ada, NOW, &collection()).unwrap();
    assert_eq!(use_of(&consent), Ok(()));

    // The database stops taking connections, and loses the ones it had.
    let name = url.rsplit('/').next().unwrap().to_owned();
    server.sql(
        &server.url,
        format!("ALTER DATABASE {name} ALLOW_CONNECTIONS false"),
    );
    server.sql(
        &server.url,
        format!("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"),
    );
    std::thread::sleep(BOUND + BOUND / 2);
    assert_eq!(use_of(&consent), Err(ConsentErrorKind::SourceUnavailable));

    // Back: the view refreshes, and uses go on.
    server.sql(
        &server.url,
        format!("ALTER DATABASE {name} ALLOW_CONNECTIONS true"),
    );
    let start = Instant::now();
    while use_of(&consent).is_err() {
        assert!(start.elapsed() < 10 * BOUND, "the view did not come back");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_row_revived_in_sql_is_refused_and_named() {
    let Some(server) = Server::get() else { return };
    let url = server.database("revived");
    let (_store, ledger) = ledger(&url);
    let ada = Subject::new("user-42").unwrap();
    let consent = ledger.give::<Marketing>(&ada, NOW, &collection()).unwrap();
    ledger
        .withdraw::<Marketing>(&ada, consent.id(), NOW, "settings page", "web")
        .unwrap();
    let head = ledger.head().unwrap();
    server.sql(
        &url,
        "UPDATE pb_consent_events SET kind = 'given' WHERE kind = 'withdrawn'".to_owned(),
    );
    // A process that starts now loads the edited row, and refuses it.
    let (_later, later) = ledger_of(&url);
    let err = later.consent::<Marketing>(&ada, consent.id()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Edited);
    assert_eq!(use_of(&consent), Err(ConsentErrorKind::Withdrawn));
    let err = ledger.verify(&head).unwrap_err();
    assert_eq!((err.kind(), err.seq()), (ErrorKind::Edited, Some(2)));
}

/// [`ledger`], for a test whose own `ledger` binding hides it.
fn ledger_of(url: &str) -> (Arc<PgStore>, ConsentLedger) {
    ledger(url)
}

#[test]
fn two_processes_of_eight_writers_keep_one_chain() {
    let Some(server) = Server::get() else { return };
    let url = server.database("writers");
    let stores = [ledger(&url), ledger(&url)];
    std::thread::scope(|scope| {
        for (p, (_, ledger)) in stores.iter().enumerate() {
            for t in 0..8 {
                scope.spawn(move || {
                    for i in 0..10 {
                        let who = Subject::new(&format!("user-{p}-{t}-{i}")).unwrap();
                        let consent = ledger.give::<Marketing>(&who, NOW, &collection()).unwrap();
                        if i % 2 == 0 {
                            ledger
                                .withdraw::<Marketing>(&who, consent.id(), NOW, "web", "web")
                                .unwrap();
                            assert_eq!(use_of(&consent), Err(ConsentErrorKind::Withdrawn));
                        }
                    }
                });
            }
        }
    });
    let empty: Head = "0:0000000000000000000000000000000000000000000000000000000000000000"
        .parse()
        .unwrap();
    assert_eq!(stores[0].1.verify(&empty).unwrap().seq(), 2 * 8 * 15);
}

#[test]
fn the_audit_report_counts_distinct_subjects_on_postgres() {
    let Some(server) = Server::get() else { return };
    let url = server.database("audit");
    let (store, _) = ledger(&url);
    let row = |subject: u8, via: &str, outcome: &str| AuditRow {
        at: 1_000,
        subject: Some([subject; 16]),
        purpose: "advertising".into(),
        capability: Some("match_audience".into()),
        via: via.into(),
        consent: Some(1),
        outcome: outcome.into(),
        reason: (outcome == "refused").then(|| "withdrawn".into()),
    };
    store
        .append_audit(&[
            row(1, "Meta", "handed_over"),
            row(1, "Meta", "handed_over"),
            row(2, "Meta", "handed_over"),
            row(1, "Google", "handed_over"),
            row(3, "Meta", "refused"),
        ])
        .unwrap();
    let report = AuditReport::of(&*store, Duration::ZERO, Duration::from_secs(1)).unwrap();
    assert_eq!(report.subjects("advertising", "match_audience", "Meta"), 2);
    assert_eq!(
        report.subjects("advertising", "match_audience", "Google"),
        1
    );
    assert_eq!(report.refusals(), [("withdrawn", 1)]);
}

#[test]
fn a_newer_schema_is_refused() {
    let Some(server) = Server::get() else { return };
    let url = server.database("newer");
    drop(ledger(&url));
    server.sql(
        &url,
        "UPDATE pb_settings SET value = '99' WHERE name = 'schema_version'".to_owned(),
    );
    let err = PgStore::connect(&url, PgConfig::default()).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::SchemaTooNew);
}
