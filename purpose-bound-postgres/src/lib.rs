//! PostgreSQL behind [`purpose_bound_store`]: [`PgStore`] implements its
//! [`Store`], so the consent ledger and the audit run on a server that
//! several processes share.
//!
//! Every use of a consent asks the ledger, and the capabilities are
//! synchronous: a round trip to the server on each use would put the
//! network on every send. So a `PgStore` keeps an in-process **revocation
//! view**, the last event of every consent, that a `LISTEN`/`NOTIFY`
//! listener keeps current and a poll refreshes every half
//! [`staleness`](PgConfig::staleness) bound:
//!
//! - an event this process appends is in its view before the append
//!   returns;
//! - an event another process commits reaches the view within
//!   milliseconds by its notification, and at the latest one staleness
//!   bound (2 s by default) after it committed;
//! - a view that could not refresh for longer than the bound answers
//!   [`Unavailable`](purpose_bound_store::ErrorKind::Unavailable), so every
//!   use is refused (fail closed) until it can.
//!
//! A use therefore sees every withdrawal committed at least one bound
//! before it, anywhere. The view's memory is one row per consent.
//!
//! The store's writes and reads other than the view block the calling
//! thread on the store's own runtime: call them from a thread, not from
//! inside an async runtime (`tokio::task::spawn_blocking`), where they
//! answer `Unavailable` rather than block a worker.
#![forbid(unsafe_code)]

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use purpose_bound_store::{
    AuditRow, Error, ErrorKind, EventRow, ReportRow, Result, SCHEMA_VERSION, Store, Tip,
};
use sqlx::postgres::{PgListener, PgPool, PgPoolOptions, PgRow};
use sqlx::{Executor, Postgres, Row, Transaction};

/// The channel appends notify on.
const CHANNEL: &str = "pb_consent_events";

/// How many times an append is tried when another writer took its place.
const APPEND_TRIES: usize = 1_000;

const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = ["
    CREATE TABLE pb_consent_events (
        seq     BIGINT PRIMARY KEY CHECK (seq > 0),
        consent BIGINT  NOT NULL,
        subject BYTEA   NOT NULL CHECK (length(subject) = 16),
        purpose TEXT    NOT NULL,
        kind    TEXT    NOT NULL,
        at      BIGINT  NOT NULL,
        until   BIGINT,
        fields  TEXT    NOT NULL,
        key_id  BIGINT  NOT NULL,
        prev    BYTEA   NOT NULL CHECK (length(prev) = 32),
        mac     BYTEA   NOT NULL CHECK (length(mac) = 32)
    );
    CREATE INDEX pb_consent_events_consent ON pb_consent_events (consent, seq);
    CREATE INDEX pb_consent_events_subject ON pb_consent_events (subject, seq);
    CREATE TABLE pb_audit (
        id         BIGSERIAL PRIMARY KEY,
        at         BIGINT NOT NULL,
        subject    BYTEA CHECK (subject IS NULL OR length(subject) = 16),
        purpose    TEXT NOT NULL,
        capability TEXT,
        via        TEXT NOT NULL,
        consent    BIGINT,
        outcome    TEXT NOT NULL,
        reason     TEXT
    );
    CREATE INDEX pb_audit_at ON pb_audit (at);
"];

/// A query on the events, `SELECT <every column> FROM pb_consent_events
/// <rest>`, as the literal sqlx requires of a query.
macro_rules! select_events {
    ($rest:literal) => {
        concat!(
            "SELECT seq, consent, subject, purpose, kind, at, until, fields, key_id, prev, mac
             FROM pb_consent_events ",
            $rest
        )
    };
}

/// How a [`PgStore`] connects and how fresh its view must be.
///
/// # Examples
///
/// ```
/// use purpose_bound_postgres::PgConfig;
/// use std::time::Duration;
///
/// let config = PgConfig::default().staleness(Duration::from_millis(500));
/// assert_eq!(config.staleness_of(), Duration::from_millis(500));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PgConfig {
    staleness: Duration,
    connections: u32,
}

impl Default for PgConfig {
    /// A staleness bound of 2 s, and 4 connections.
    fn default() -> Self {
        Self {
            staleness: Duration::from_secs(2),
            connections: 4,
        }
    }
}

impl PgConfig {
    /// The longest the revocation view may go without a refresh before it
    /// refuses to answer; it polls every half of it. At least 10 ms.
    #[must_use]
    pub fn staleness(mut self, bound: Duration) -> Self {
        self.staleness = bound.max(Duration::from_millis(10));
        self
    }

    /// The staleness bound set.
    pub const fn staleness_of(&self) -> Duration {
        self.staleness
    }

    /// How many connections the pool keeps (the listener holds one more).
    #[must_use]
    pub fn connections(mut self, connections: u32) -> Self {
        self.connections = connections.max(1);
        self
    }
}

/// The last event of every consent, and how fresh it is.
#[derive(Debug)]
struct View {
    rows: RwLock<HashMap<u64, EventRow>>,
    /// The highest sequence number applied.
    seen: AtomicU64,
    /// When the last refresh that read everything committed began, in
    /// milliseconds since `epoch`.
    fresh_ms: AtomicU64,
    epoch: Instant,
}

impl View {
    fn apply(&self, rows: &[EventRow]) {
        let mut view = self.rows.write().unwrap_or_else(|p| p.into_inner());
        for row in rows {
            let newer = view.get(&row.consent).is_none_or(|old| old.seq < row.seq);
            if newer {
                view.insert(row.consent, row.clone());
            }
            self.seen.fetch_max(row.seq, Ordering::AcqRel);
        }
    }

    fn mark_fresh(&self, began: Instant) {
        let ms = u64::try_from(began.duration_since(self.epoch).as_millis()).unwrap_or(u64::MAX);
        self.fresh_ms.fetch_max(ms, Ordering::AcqRel);
    }

    fn age(&self) -> Duration {
        let fresh = Duration::from_millis(self.fresh_ms.load(Ordering::Acquire));
        self.epoch.elapsed().saturating_sub(fresh)
    }
}

/// The ledger's and the audit's rows in a PostgreSQL database, with a
/// revocation view in the process (see the [crate] documentation).
///
/// Its schema is created or migrated on connect, under an advisory lock so
/// that processes starting together do not both create it. Appends are
/// optimistic: an append that loses the race for the next sequence number
/// to another writer reads the new tip and is made again.
///
/// # Examples
///
/// ```no_run
/// use purpose_bound::Keyring;
/// use purpose_bound_postgres::{PgConfig, PgStore};
/// use purpose_bound_store::ConsentLedger;
/// use std::sync::Arc;
///
/// let store = Arc::new(PgStore::connect("postgres://app@db/records", PgConfig::default())?);
/// let ledger = ConsentLedger::open(store, Keyring::new(1, &mut [7u8; 32]).ledger_key())?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct PgStore {
    runtime: tokio::runtime::Runtime,
    pool: PgPool,
    view: Arc<View>,
    config: PgConfig,
}

fn driver(err: sqlx::Error) -> Error {
    match err {
        sqlx::Error::ColumnDecode { .. } | sqlx::Error::Decode(_) => Error::new(ErrorKind::Corrupt),
        // The driver's message is about the server or the query, never a
        // bound value.
        other => Error::new(ErrorKind::Unavailable).with_driver(other),
    }
}

fn i64_of(value: u64) -> Result<i64> {
    i64::try_from(value).map_err(|_| Error::new(ErrorKind::TooLong))
}

fn bytes<const N: usize>(row: &PgRow, column: &str) -> Result<[u8; N]> {
    let value: Vec<u8> = row.try_get(column).map_err(driver)?;
    value.try_into().map_err(|_| Error::new(ErrorKind::Corrupt))
}

fn event(row: &PgRow) -> Result<EventRow> {
    let get_u64 = |column: &str| -> Result<u64> {
        let value: i64 = row.try_get(column).map_err(driver)?;
        u64::try_from(value).map_err(|_| Error::new(ErrorKind::Corrupt))
    };
    Ok(EventRow {
        seq: get_u64("seq")?,
        consent: get_u64("consent")?,
        subject: bytes(row, "subject")?,
        purpose: row.try_get("purpose").map_err(driver)?,
        kind: row.try_get("kind").map_err(driver)?,
        at: row.try_get("at").map_err(driver)?,
        until: row.try_get("until").map_err(driver)?,
        fields: row.try_get("fields").map_err(driver)?,
        key_id: u32::try_from(get_u64("key_id")?).map_err(|_| Error::new(ErrorKind::Corrupt))?,
        prev: bytes(row, "prev")?,
        mac: bytes(row, "mac")?,
    })
}

async fn events_after<'c>(
    on: impl Executor<'c, Database = Postgres>,
    after: u64,
    limit: u32,
) -> Result<Vec<EventRow>> {
    let rows = sqlx::query(select_events!("WHERE seq > $1 ORDER BY seq LIMIT $2"))
        .bind(i64_of(after)?)
        .bind(i64::from(limit))
        .fetch_all(on)
        .await
        .map_err(driver)?;
    rows.iter().map(event).collect()
}

/// Reads every event the view has not seen, as of the moment it began, on
/// `on`: the listener's own connection, so that writers holding the pool's
/// connections never hold the view back.
async fn refresh<C>(on: &mut C, view: &View) -> Result<()>
where
    for<'c> &'c mut C: Executor<'c, Database = Postgres>,
{
    let began = Instant::now();
    loop {
        let page = events_after(&mut *on, view.seen.load(Ordering::Acquire), 10_000).await?;
        if page.is_empty() {
            view.mark_fresh(began);
            return Ok(());
        }
        view.apply(&page);
    }
}

/// Keeps the view current: a refresh on every notification, and one every
/// half staleness bound, read on the listener's connection; a lost listener
/// connects again.
async fn listen(pool: PgPool, view: Arc<View>, staleness: Duration) {
    let poll = staleness / 2;
    loop {
        let mut listener = match PgListener::connect_with(&pool).await {
            Ok(listener) => listener,
            Err(_) => {
                tokio::time::sleep(poll.min(Duration::from_millis(100))).await;
                continue;
            }
        };
        if listener.listen(CHANNEL).await.is_err() {
            continue;
        }
        loop {
            // Anything committed before the listener listened, or since the
            // last notification or poll.
            if refresh(&mut listener, &view).await.is_err() {
                // The connection was lost (notifications may have been
                // missed): connect and listen again, then read.
                break;
            }
            tokio::select! {
                notified = listener.try_recv() => if !matches!(notified, Ok(Some(_))) {
                    break;
                },
                () = tokio::time::sleep(poll) => {}
            }
        }
    }
}

impl PgStore {
    /// Connects to the database at `url`, creates or migrates the schema,
    /// loads the revocation view and starts its listener.
    ///
    /// # Errors
    ///
    /// [`Unavailable`](ErrorKind::Unavailable) when the server cannot be
    /// reached or the runtime cannot start; [`SchemaTooNew`](ErrorKind::SchemaTooNew)
    /// when a newer version of this crate made the schema.
    pub fn connect(url: &str, config: PgConfig) -> Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("purpose-bound-postgres")
            .enable_all()
            .build()
            .map_err(|err| Error::new(ErrorKind::Unavailable).with_driver(err))?;
        let view = Arc::new(View {
            rows: RwLock::new(HashMap::new()),
            seen: AtomicU64::new(0),
            fresh_ms: AtomicU64::new(0),
            epoch: Instant::now(),
        });
        let pool = runtime.block_on(async {
            let pool = PgPoolOptions::new()
                // The listener holds one of them.
                .max_connections(config.connections + 1)
                .acquire_timeout(Duration::from_secs(5))
                .connect(url)
                .await
                .map_err(driver)?;
            migrate(&pool).await?;
            refresh(&mut *pool.acquire().await.map_err(driver)?, &view).await?;
            Ok::<_, Error>(pool)
        })?;
        runtime.spawn(listen(pool.clone(), Arc::clone(&view), config.staleness));
        Ok(Self {
            runtime,
            pool,
            view,
            config,
        })
    }

    /// Runs `work` on the store's runtime, blocking this thread; refused
    /// inside an async runtime, where blocking would stall its worker.
    fn block<T>(&self, work: impl Future<Output = Result<T>>) -> Result<T> {
        if tokio::runtime::Handle::try_current().is_ok() {
            return Err(Error::new(ErrorKind::Unavailable)
                .with_driver("called inside an async runtime: call from spawn_blocking"));
        }
        self.runtime.block_on(work)
    }
}

async fn migrate(pool: &PgPool) -> Result<()> {
    let mut tx = pool.begin().await.map_err(driver)?;
    // One process creates the schema; the others wait here, then see it.
    sqlx::query("SELECT pg_advisory_xact_lock(7355608)")
        .execute(&mut *tx)
        .await
        .map_err(driver)?;
    sqlx::query(
        "CREATE TABLE IF NOT EXISTS pb_settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
    )
    .execute(&mut *tx)
    .await
    .map_err(driver)?;
    let version: Option<String> =
        sqlx::query_scalar("SELECT value FROM pb_settings WHERE name = 'schema_version'")
            .fetch_optional(&mut *tx)
            .await
            .map_err(driver)?;
    let version: u32 = match version {
        Some(text) => text.parse().map_err(|_| Error::new(ErrorKind::Corrupt))?,
        None => 0,
    };
    if version > SCHEMA_VERSION {
        return Err(Error::new(ErrorKind::SchemaTooNew));
    }
    for migration in MIGRATIONS.iter().skip(version as usize) {
        sqlx::raw_sql(*migration)
            .execute(&mut *tx)
            .await
            .map_err(driver)?;
    }
    sqlx::query(
        "INSERT INTO pb_settings (name, value) VALUES ('schema_version', $1)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value",
    )
    .bind(SCHEMA_VERSION.to_string())
    .execute(&mut *tx)
    .await
    .map_err(driver)?;
    tx.commit().await.map_err(driver)
}

async fn last_of(
    tx: &mut Transaction<'_, Postgres>,
    consent: Option<u64>,
) -> Result<Option<EventRow>> {
    let row = match consent {
        Some(consent) => {
            sqlx::query(select_events!(
                "WHERE consent = $1 ORDER BY seq DESC LIMIT 1"
            ))
            .bind(i64_of(consent)?)
            .fetch_optional(&mut **tx)
            .await
        }
        None => {
            sqlx::query(select_events!("ORDER BY seq DESC LIMIT 1"))
                .fetch_optional(&mut **tx)
                .await
        }
    }
    .map_err(driver)?;
    row.as_ref().map(event).transpose()
}

fn is_conflict(err: &sqlx::Error) -> bool {
    err.as_database_error()
        .is_some_and(|db| db.is_unique_violation())
}

impl Store for PgStore {
    fn setting(&self, name: &str, default: &str) -> Result<String> {
        self.block(async {
            sqlx::query(
                "INSERT INTO pb_settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
            )
            .bind(name)
            .bind(default)
            .execute(&self.pool)
            .await
            .map_err(driver)?;
            sqlx::query_scalar("SELECT value FROM pb_settings WHERE name = $1")
                .bind(name)
                .fetch_one(&self.pool)
                .await
                .map_err(driver)
        })
    }

    fn append_event(
        &self,
        consent: Option<u64>,
        make: &mut dyn FnMut(Tip<'_>) -> Result<EventRow>,
    ) -> Result<EventRow> {
        let row = self.block(async {
            for _ in 0..APPEND_TRIES {
                let mut tx = self.pool.begin().await.map_err(driver)?;
                let last = last_of(&mut tx, None).await?;
                let of_consent = match consent {
                    Some(_) => last_of(&mut tx, consent).await?,
                    None => None,
                };
                let row = make(Tip {
                    last: last.as_ref(),
                    consent: of_consent.as_ref(),
                })?;
                let inserted = sqlx::query(
                    "INSERT INTO pb_consent_events
                       (seq, consent, subject, purpose, kind, at, until, fields, key_id, prev, mac)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
                )
                .bind(i64_of(row.seq)?)
                .bind(i64_of(row.consent)?)
                .bind(row.subject.to_vec())
                .bind(&row.purpose)
                .bind(&row.kind)
                .bind(row.at)
                .bind(row.until)
                .bind(&row.fields)
                .bind(i64::from(row.key_id))
                .bind(row.prev.to_vec())
                .bind(row.mac.to_vec())
                .execute(&mut *tx)
                .await;
                match inserted {
                    Ok(_) => {}
                    // Another writer took this place: read the new tip.
                    Err(err) if is_conflict(&err) => continue,
                    Err(err) => return Err(driver(err)),
                }
                sqlx::query("SELECT pg_notify($1, $2)")
                    .bind(CHANNEL)
                    .bind(row.seq.to_string())
                    .execute(&mut *tx)
                    .await
                    .map_err(driver)?;
                tx.commit().await.map_err(driver)?;
                return Ok(row);
            }
            Err(Error::new(ErrorKind::Unavailable).with_driver("too many concurrent appends"))
        })?;
        // In this process's view before the append returns.
        self.view.apply(std::slice::from_ref(&row));
        Ok(row)
    }

    fn last_of_consent(&self, consent: u64) -> Result<Option<EventRow>> {
        if self.view.age() > self.config.staleness {
            return Err(Error::new(ErrorKind::Unavailable)
                .with_driver("the revocation view is older than its staleness bound"));
        }
        let view = self.view.rows.read().unwrap_or_else(|p| p.into_inner());
        Ok(view.get(&consent).cloned())
    }

    fn events_after(&self, after: u64, limit: u32) -> Result<Vec<EventRow>> {
        self.block(events_after(&self.pool, after, limit))
    }

    fn events_of(&self, subject: [u8; 16]) -> Result<Vec<EventRow>> {
        self.block(async {
            let rows = sqlx::query(select_events!("WHERE subject = $1 ORDER BY seq"))
                .bind(subject.to_vec())
                .fetch_all(&self.pool)
                .await
                .map_err(driver)?;
            rows.iter().map(event).collect()
        })
    }

    fn append_audit(&self, rows: &[AuditRow]) -> Result<()> {
        self.block(async {
            let mut tx = self.pool.begin().await.map_err(driver)?;
            for row in rows {
                sqlx::query(
                    "INSERT INTO pb_audit (at, subject, purpose, capability, via, consent, outcome, reason)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                )
                .bind(row.at)
                .bind(row.subject.map(|s| s.to_vec()))
                .bind(&row.purpose)
                .bind(&row.capability)
                .bind(&row.via)
                .bind(row.consent.map(i64_of).transpose()?)
                .bind(&row.outcome)
                .bind(&row.reason)
                .execute(&mut *tx)
                .await
                .map_err(driver)?;
            }
            tx.commit().await.map_err(driver)
        })
    }

    fn audit_report(&self, from: i64, to: i64) -> Result<Vec<ReportRow>> {
        self.block(async {
            let rows = sqlx::query(
                "SELECT purpose, capability, via, outcome, reason,
                        COUNT(DISTINCT subject) AS subjects, COUNT(*) AS uses
                 FROM pb_audit WHERE at >= $1 AND at < $2
                 GROUP BY purpose, capability, via, outcome, reason
                 ORDER BY purpose, capability NULLS FIRST, via, outcome, reason NULLS FIRST",
            )
            .bind(from)
            .bind(to)
            .fetch_all(&self.pool)
            .await
            .map_err(driver)?;
            rows.iter()
                .map(|row| {
                    let count = |column: &str| -> Result<u64> {
                        let n: i64 = row.try_get(column).map_err(driver)?;
                        u64::try_from(n).map_err(|_| Error::new(ErrorKind::Corrupt))
                    };
                    Ok(ReportRow {
                        purpose: row.try_get("purpose").map_err(driver)?,
                        capability: row.try_get("capability").map_err(driver)?,
                        via: row.try_get("via").map_err(driver)?,
                        outcome: row.try_get("outcome").map_err(driver)?,
                        reason: row.try_get("reason").map_err(driver)?,
                        subjects: count("subjects")?,
                        uses: count("uses")?,
                    })
                })
                .collect()
        })
    }
}

/// The README's examples, compiled as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
