//! [`SqliteStore`]: the embedded backend, SQLite in WAL mode through
//! rusqlite. One writer connection and a few readers, so that consent
//! checks on many threads do not queue behind an audit batch.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, OptionalExtension, Row, params};

use crate::error::{Error, ErrorKind, Result};
use crate::store::{AuditRow, EventRow, ReportRow, SCHEMA_VERSION, Store, Tip};

/// How many read connections a file store keeps.
const READERS: usize = 4;

/// How long a connection waits for another process's write lock.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Each schema version's statements, applied in order from the store's
/// `user_version`.
const MIGRATIONS: [&str; SCHEMA_VERSION as usize] = ["
    CREATE TABLE pb_settings (
        name  TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    CREATE TABLE pb_consent_events (
        seq     INTEGER PRIMARY KEY CHECK (seq > 0),
        consent INTEGER NOT NULL,
        subject BLOB    NOT NULL CHECK (length(subject) = 16),
        purpose TEXT    NOT NULL,
        kind    TEXT    NOT NULL,
        at      INTEGER NOT NULL,
        until   INTEGER,
        fields  TEXT    NOT NULL,
        key_id  INTEGER NOT NULL,
        prev    BLOB    NOT NULL CHECK (length(prev) = 32),
        mac     BLOB    NOT NULL CHECK (length(mac) = 32)
    ) STRICT;
    CREATE INDEX pb_consent_events_consent ON pb_consent_events (consent, seq);
    CREATE INDEX pb_consent_events_subject ON pb_consent_events (subject, seq);
    CREATE TABLE pb_audit (
        id         INTEGER PRIMARY KEY,
        at         INTEGER NOT NULL,
        subject    BLOB CHECK (subject IS NULL OR length(subject) = 16),
        purpose    TEXT NOT NULL,
        capability TEXT,
        via        TEXT NOT NULL,
        consent    INTEGER,
        outcome    TEXT NOT NULL,
        reason     TEXT
    ) STRICT;
    CREATE INDEX pb_audit_at ON pb_audit (at);
"];

const EVENT_COLUMNS: &str =
    "seq, consent, subject, purpose, kind, at, until, fields, key_id, prev, mac";

/// The ledger's and the audit's rows in one SQLite database.
///
/// A file store is opened in WAL mode with `synchronous = FULL` (a
/// committed withdrawal survives a power cut) and a busy timeout of five
/// seconds, so that several processes can share it; its schema is created
/// or migrated on open. Every statement is prepared once per connection
/// and binds its values.
///
/// # Examples
///
/// ```
/// use purpose_bound_store::{SqliteStore, Store};
///
/// let dir = tempfile::tempdir()?;
/// let store = SqliteStore::open(dir.path().join("consent.db"))?;
/// assert_eq!(store.setting("greeting", "hello")?, "hello");
/// assert_eq!(store.setting("greeting", "bye")?, "hello");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct SqliteStore {
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next: AtomicUsize,
}

impl SqliteStore {
    /// Opens (or creates) the store in the file at `path`.
    ///
    /// # Errors
    ///
    /// [`Unavailable`](ErrorKind::Unavailable) when the file cannot be
    /// opened or written, [`Corrupt`](ErrorKind::Corrupt) when it is not a
    /// database, [`SchemaTooNew`](ErrorKind::SchemaTooNew) when a newer
    /// version of this crate made it.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let writer = Connection::open(path).map_err(driver)?;
        configure(&writer, true)?;
        migrate(&writer)?;
        let readers = (0..READERS)
            .map(|_| {
                let reader = Connection::open_with_flags(
                    path,
                    OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
                )
                .map_err(driver)?;
                configure(&reader, false)?;
                Ok(Mutex::new(reader))
            })
            .collect::<Result<_>>()?;
        Ok(Self {
            writer: Mutex::new(writer),
            readers,
            next: AtomicUsize::new(0),
        })
    }

    /// A store in memory, gone when dropped: for tests. One connection
    /// serves reads and writes.
    ///
    /// # Errors
    ///
    /// [`Unavailable`](ErrorKind::Unavailable) when SQLite cannot allocate
    /// it.
    pub fn in_memory() -> Result<Self> {
        let conn = Connection::open_in_memory().map_err(driver)?;
        migrate(&conn)?;
        Ok(Self {
            writer: Mutex::new(conn),
            readers: Vec::new(),
            next: AtomicUsize::new(0),
        })
    }

    fn write(&self) -> MutexGuard<'_, Connection> {
        // A poisoned lock means a thread panicked between statements; the
        // connection itself is consistent (SQLite rolled back), so go on.
        self.writer
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A free reader if there is one, else the next in turn; the writer for a store in memory.
    fn read(&self) -> MutexGuard<'_, Connection> {
        if self.readers.is_empty() {
            return self.write();
        }
        if let Some(free) = self.readers.iter().find_map(|r| r.try_lock().ok()) {
            return free;
        }
        let index = self.next.fetch_add(1, Ordering::Relaxed) % self.readers.len();
        self.readers
            .get(index)
            .unwrap_or(&self.writer)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

fn driver(err: rusqlite::Error) -> Error {
    match err {
        rusqlite::Error::SqliteFailure(code, _)
            if matches!(
                code.code,
                rusqlite::ErrorCode::NotADatabase | rusqlite::ErrorCode::DatabaseCorrupt
            ) =>
        {
            Error::new(ErrorKind::Corrupt)
        }
        rusqlite::Error::FromSqlConversionFailure(..)
        | rusqlite::Error::IntegralValueOutOfRange(..)
        | rusqlite::Error::InvalidColumnType(..) => Error::new(ErrorKind::Corrupt),
        // The message is SQLite's, about the database, never a bound value.
        other => Error::unavailable(other),
    }
}

fn configure(conn: &Connection, writer: bool) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT).map_err(driver)?;
    if writer {
        conn.pragma_update(None, "journal_mode", "WAL")
            .map_err(driver)?;
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(driver)?;
    }
    Ok(())
}

fn migrate(conn: &Connection) -> Result<()> {
    // The version is read inside the write transaction, so that two
    // processes opening a new store do not both create it.
    conn.execute_batch("BEGIN IMMEDIATE").map_err(driver)?;
    let migrated = (|| {
        let version: u32 = conn
            .pragma_query_value(None, "user_version", |row| row.get(0))
            .map_err(driver)?;
        if version > SCHEMA_VERSION {
            return Err(Error::new(ErrorKind::SchemaTooNew));
        }
        for migration in MIGRATIONS.iter().skip(version as usize) {
            conn.execute_batch(migration).map_err(driver)?;
        }
        conn.pragma_update(None, "user_version", SCHEMA_VERSION)
            .map_err(driver)
    })();
    match migrated {
        Ok(()) => conn.execute_batch("COMMIT").map_err(driver),
        Err(err) => {
            // Leave no half-made schema behind.
            let _ = conn.execute_batch("ROLLBACK");
            Err(err)
        }
    }
}

fn u64_of(value: i64) -> rusqlite::Result<u64> {
    u64::try_from(value).map_err(|_| rusqlite::Error::IntegralValueOutOfRange(0, value))
}

fn i64_of(value: u64) -> Result<i64> {
    i64::try_from(value).map_err(|_| Error::new(ErrorKind::TooLong))
}

fn event(row: &Row<'_>) -> rusqlite::Result<EventRow> {
    Ok(EventRow {
        seq: u64_of(row.get(0)?)?,
        consent: u64_of(row.get(1)?)?,
        subject: row.get(2)?,
        purpose: row.get(3)?,
        kind: row.get(4)?,
        at: row.get(5)?,
        until: row.get(6)?,
        fields: row.get(7)?,
        key_id: row.get(8)?,
        prev: row.get(9)?,
        mac: row.get(10)?,
    })
}

fn last_of(conn: &Connection, consent: u64) -> Result<Option<EventRow>> {
    conn.prepare_cached(&format!(
        "SELECT {EVENT_COLUMNS} FROM pb_consent_events WHERE consent = ?1 ORDER BY seq DESC LIMIT 1"
    ))
    .map_err(driver)?
    .query_row([i64_of(consent)?], event)
    .optional()
    .map_err(driver)
}

impl Store for SqliteStore {
    fn setting(&self, name: &str, default: &str) -> Result<String> {
        let mut conn = self.write();
        let tx = conn.transaction().map_err(driver)?;
        tx.execute(
            "INSERT INTO pb_settings (name, value) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING",
            params![name, default],
        )
        .map_err(driver)?;
        let value = tx
            .query_row(
                "SELECT value FROM pb_settings WHERE name = ?1",
                [name],
                |row| row.get(0),
            )
            .map_err(driver)?;
        tx.commit().map_err(driver)?;
        Ok(value)
    }

    fn append_event(
        &self,
        consent: Option<u64>,
        make: &mut dyn FnMut(Tip<'_>) -> Result<EventRow>,
    ) -> Result<EventRow> {
        let mut conn = self.write();
        let tx = conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(driver)?;
        let last = tx
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM pb_consent_events ORDER BY seq DESC LIMIT 1"
            ))
            .map_err(driver)?
            .query_row([], event)
            .optional()
            .map_err(driver)?;
        let of_consent = match consent {
            Some(consent) => last_of(&tx, consent)?,
            None => None,
        };
        let row = make(Tip {
            last: last.as_ref(),
            consent: of_consent.as_ref(),
        })?;
        tx.prepare_cached(&format!(
            "INSERT INTO pb_consent_events ({EVENT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
        ))
        .map_err(driver)?
        .execute(params![
            i64_of(row.seq)?,
            i64_of(row.consent)?,
            row.subject,
            row.purpose,
            row.kind,
            row.at,
            row.until,
            row.fields,
            row.key_id,
            row.prev,
            row.mac,
        ])
        .map_err(driver)?;
        tx.commit().map_err(driver)?;
        Ok(row)
    }

    fn last_of_consent(&self, consent: u64) -> Result<Option<EventRow>> {
        last_of(&self.read(), consent)
    }

    fn events_after(&self, after: u64, limit: u32) -> Result<Vec<EventRow>> {
        let conn = self.read();
        let mut statement = conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM pb_consent_events WHERE seq > ?1 ORDER BY seq LIMIT ?2"
            ))
            .map_err(driver)?;
        let rows = statement
            .query_map(params![i64_of(after)?, limit], event)
            .map_err(driver)?;
        rows.collect::<rusqlite::Result<_>>().map_err(driver)
    }

    fn events_of(&self, subject: [u8; 16]) -> Result<Vec<EventRow>> {
        let conn = self.read();
        let mut statement = conn
            .prepare_cached(&format!(
                "SELECT {EVENT_COLUMNS} FROM pb_consent_events WHERE subject = ?1 ORDER BY seq"
            ))
            .map_err(driver)?;
        let rows = statement.query_map([subject], event).map_err(driver)?;
        rows.collect::<rusqlite::Result<_>>().map_err(driver)
    }

    fn append_audit(&self, rows: &[AuditRow]) -> Result<()> {
        let mut conn = self.write();
        let tx = conn.transaction().map_err(driver)?;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO pb_audit (at, subject, purpose, capability, via, consent, outcome, reason)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                )
                .map_err(driver)?;
            for row in rows {
                let consent = row.consent.map(i64_of).transpose()?;
                insert
                    .execute(params![
                        row.at,
                        row.subject,
                        row.purpose,
                        row.capability,
                        row.via,
                        consent,
                        row.outcome,
                        row.reason,
                    ])
                    .map_err(driver)?;
            }
        }
        tx.commit().map_err(driver)
    }

    fn audit_report(&self, from: i64, to: i64) -> Result<Vec<ReportRow>> {
        let conn = self.read();
        let mut statement = conn
            .prepare_cached(
                "SELECT purpose, capability, via, outcome, reason, COUNT(DISTINCT subject), COUNT(*)
                 FROM pb_audit WHERE at >= ?1 AND at < ?2
                 GROUP BY purpose, capability, via, outcome, reason
                 ORDER BY purpose, capability, via, outcome, reason",
            )
            .map_err(driver)?;
        let rows = statement
            .query_map([from, to], |row| {
                Ok(ReportRow {
                    purpose: row.get(0)?,
                    capability: row.get(1)?,
                    via: row.get(2)?,
                    outcome: row.get(3)?,
                    reason: row.get(4)?,
                    subjects: u64_of(row.get(5)?)?,
                    uses: u64_of(row.get(6)?)?,
                })
            })
            .map_err(driver)?;
        rows.collect::<rusqlite::Result<_>>().map_err(driver)
    }
}
