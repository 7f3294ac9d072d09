//! [`AuditLog`]: the audit sink that writes every hand-off, adoption and
//! refusal to the [`Store`] through a bounded queue off the hot path, and
//! [`AuditReport`], which counts the people it reached.

use std::fmt;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

use purpose_bound::{
    AuditEvent, AuditOutcome, AuditSink, ConsentId, LedgerKey, SubjectTag, Unaudited,
};
use serde::Serialize;

use crate::error::{Error, ErrorKind, Result};
use crate::ledger::{Pseudonyms, event::micros};
use crate::store::{AuditRow, ReportRow, Store};

/// How the audit queue behaves.
///
/// # Examples
///
/// ```
/// use purpose_bound_store::AuditConfig;
/// use std::time::Duration;
///
/// let config = AuditConfig::default().capacity(1_024).interval(Duration::from_millis(20));
/// assert_eq!(config.capacity_of(), 1_024);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct AuditConfig {
    capacity: usize,
    interval: Duration,
}

impl Default for AuditConfig {
    /// 4,096 events, written at least every 100 ms.
    fn default() -> Self {
        Self {
            capacity: 4_096,
            interval: Duration::from_millis(100),
        }
    }
}

impl AuditConfig {
    /// The most events accepted and not yet committed: when that many
    /// wait, hand-offs are refused, and a crash loses at most that many.
    /// At least 1.
    #[must_use]
    pub fn capacity(mut self, capacity: usize) -> Self {
        self.capacity = capacity.max(1);
        self
    }

    /// The longest an accepted event waits before its batch is written.
    #[must_use]
    pub const fn interval(mut self, interval: Duration) -> Self {
        self.interval = interval;
        self
    }

    /// The capacity set.
    pub const fn capacity_of(&self) -> usize {
        self.capacity
    }
}

/// One event waiting in the queue: what the crate told the sink, the
/// subject still as its tag (the writer thread computes the pseudonym).
struct Pending {
    at: Duration,
    subject: Option<SubjectTag>,
    purpose: &'static str,
    capability: Option<&'static str>,
    via: String,
    consent: Option<ConsentId>,
    outcome: &'static str,
    reason: Option<&'static str>,
}

struct Shared {
    store: Arc<dyn Store>,
    pseudonyms: Pseudonyms,
    config: AuditConfig,
    queue: Mutex<Vec<Pending>>,
    /// Events accepted and not yet committed, those being written
    /// included: the bound of what a crash loses.
    unflushed: AtomicUsize,
    /// Events accepted so far, and committed so far, for `flush`.
    accepted: AtomicU64,
    committed: Mutex<u64>,
    wake: Condvar,
    written: Condvar,
    closed: AtomicBool,
    refused: AtomicU64,
    failures: AtomicU64,
}

/// The audit of a process: an [`AuditSink`] that queues every event the
/// crate records and a thread that writes them to the [`Store`] in
/// batches, with the subject as its keyed pseudonym (the same as the
/// ledger's).
///
/// - **Off the hot path.** [`record`](AuditSink::record) takes a lock,
///   pushes, and returns; the writer thread computes pseudonyms and commits
///   a batch when a quarter of the capacity waits or the interval has
///   passed.
/// - **Fail closed.** At most [`AuditConfig::capacity`] events are accepted
///   and not yet committed; beyond that, `record` returns [`Unaudited`] and
///   the crate refuses the hand-off. A store that cannot be written keeps
///   the events queued and retries, so hand-offs are refused until it
///   comes back.
/// - **Bounded loss.** A crash loses the accepted events not yet
///   committed: at most one batch, the capacity. Hand-offs are audited
///   before they happen, so a lost event can only over-count.
///
/// # Examples
///
/// ```
/// use purpose_bound::Keyring;
/// use purpose_bound_store::{AuditConfig, AuditLog, SqliteStore};
/// use std::sync::Arc;
///
/// let keyring = Keyring::new(1, &mut [7u8; 32]);
/// let store = Arc::new(SqliteStore::in_memory()?);
/// let audit = AuditLog::start(store, keyring.ledger_key(), AuditConfig::default())?;
/// // Once per process: `audit.install()?` makes it the crate's sink.
/// audit.flush()?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct AuditLog {
    shared: Arc<Shared>,
    writer: Option<JoinHandle<()>>,
}

impl fmt::Debug for AuditLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AuditLog")
            .field("config", &self.shared.config)
            .field("unflushed", &self.shared.unflushed.load(Ordering::Relaxed))
            .field("refused", &self.refused())
            .finish_non_exhaustive()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The data under these locks is a queue and a counter, whole between
    // statements; a panic elsewhere leaves them usable.
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl AuditLog {
    /// Starts the audit of `store`, pseudonymising under `key` as the
    /// ledger in the same store does, and its writer thread.
    ///
    /// # Errors
    ///
    /// [`KeyMissing`](ErrorKind::KeyMissing) when the keyring no longer
    /// holds the store's key; [`Unavailable`](ErrorKind::Unavailable) when
    /// the thread cannot be started; the store's errors.
    pub fn start(store: Arc<dyn Store>, key: LedgerKey, config: AuditConfig) -> Result<Self> {
        let pseudonyms = Pseudonyms::of(&*store, key)?;
        let shared = Arc::new(Shared {
            store,
            pseudonyms,
            config,
            queue: Mutex::new(Vec::with_capacity(config.capacity)),
            unflushed: AtomicUsize::new(0),
            accepted: AtomicU64::new(0),
            committed: Mutex::new(0),
            wake: Condvar::new(),
            written: Condvar::new(),
            closed: AtomicBool::new(false),
            refused: AtomicU64::new(0),
            failures: AtomicU64::new(0),
        });
        let writer = {
            let shared = Arc::clone(&shared);
            std::thread::Builder::new()
                .name("purpose-bound-audit".into())
                .spawn(move || shared.run())
                .map_err(Error::unavailable)?
        };
        Ok(Self {
            shared,
            writer: Some(writer),
        })
    }

    /// Makes this the process's audit sink, for good.
    ///
    /// # Errors
    ///
    /// Gives the log back if the process has a sink already.
    pub fn install(self) -> Result<&'static Self, Box<Self>> {
        let leaked: &'static Self = Box::leak(Box::new(self));
        match purpose_bound::set_audit_sink(leaked) {
            Ok(()) => Ok(leaked),
            // Nothing else holds `leaked`: the sink that was set first is
            // another one.
            Err(_) => Err(Box::new(Self {
                shared: Arc::clone(&leaked.shared),
                writer: None,
            })),
        }
    }

    /// Waits until every event accepted before the call is committed.
    ///
    /// # Errors
    ///
    /// [`Unavailable`](ErrorKind::Unavailable) when the store could not be
    /// written within 30 seconds; the events stay queued.
    pub fn flush(&self) -> Result<()> {
        let shared = &self.shared;
        let target = shared.accepted.load(Ordering::SeqCst);
        shared.wake.notify_one();
        let committed = lock(&shared.committed);
        let (committed, timeout) = shared
            .written
            .wait_timeout_while(committed, Duration::from_secs(30), |done| *done < target)
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if timeout.timed_out() && *committed < target {
            return Err(Error::new(ErrorKind::Unavailable));
        }
        Ok(())
    }

    /// How many events were refused because the queue was full or closed:
    /// hand-offs that did not happen, and after-use events that were lost.
    pub fn refused(&self) -> u64 {
        self.shared.refused.load(Ordering::Relaxed)
    }

    /// How many times a batch could not be written and was retried.
    pub fn write_failures(&self) -> u64 {
        self.shared.failures.load(Ordering::Relaxed)
    }

    /// Distinct subjects per purpose × capability × recipient, and the
    /// uses refused by reason, for the uses at `from <= at < to`.
    ///
    /// # Errors
    ///
    /// The store's errors.
    pub fn report(&self, from: Duration, to: Duration) -> Result<AuditReport> {
        AuditReport::of(&*self.shared.store, from, to)
    }
}

/// Stops taking events, writes what waits, and ends the writer thread.
impl Drop for AuditLog {
    fn drop(&mut self) {
        if let Some(writer) = self.writer.take() {
            self.shared.closed.store(true, Ordering::SeqCst);
            self.shared.wake.notify_one();
            // A writer that panicked has nothing left to write.
            let _ = writer.join();
        }
    }
}

impl AuditSink for AuditLog {
    fn record(&self, event: &AuditEvent<'_>) -> Result<(), Unaudited> {
        let shared = &self.shared;
        let refuse = || {
            shared.refused.fetch_add(1, Ordering::Relaxed);
            Err(Unaudited)
        };
        if shared.closed.load(Ordering::Acquire) {
            return refuse();
        }
        if shared.unflushed.fetch_add(1, Ordering::AcqRel) >= shared.config.capacity {
            shared.unflushed.fetch_sub(1, Ordering::AcqRel);
            return refuse();
        }
        let reason = match event.outcome {
            AuditOutcome::Refused { reason } => Some(reason),
            _ => None,
        };
        let pending = Pending {
            at: SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default(),
            subject: event.subject,
            purpose: event.purpose,
            capability: event.capability.map(|capability| capability.as_str()),
            via: event.via.to_owned(),
            consent: event.consent,
            outcome: event.outcome.as_str(),
            reason,
        };
        let waiting = {
            let mut queue = lock(&shared.queue);
            queue.push(pending);
            shared.accepted.fetch_add(1, Ordering::SeqCst);
            queue.len()
        };
        if waiting >= (shared.config.capacity / 4).max(1) {
            shared.wake.notify_one();
        }
        Ok(())
    }
}

impl Shared {
    /// The writer thread: waits for a batch or the interval, writes it,
    /// and retries a batch the store refused, until closed and empty.
    fn run(&self) {
        let mut backoff = Duration::from_millis(10);
        loop {
            let batch = {
                let queue = lock(&self.queue);
                let threshold = (self.config.capacity / 4).max(1);
                let (mut queue, _) = self
                    .wake
                    .wait_timeout_while(queue, self.config.interval, |queue| {
                        queue.len() < threshold && !self.closed.load(Ordering::Acquire)
                    })
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                std::mem::take(&mut *queue)
            };
            if batch.is_empty() {
                if self.closed.load(Ordering::Acquire) {
                    return;
                }
                continue;
            }
            let rows: Vec<AuditRow> = batch.iter().map(|event| self.row(event)).collect();
            loop {
                match self.store.append_audit(&rows) {
                    Ok(()) => break,
                    Err(_) => {
                        self.failures.fetch_add(1, Ordering::Relaxed);
                        std::thread::sleep(backoff);
                        backoff = (backoff * 2).min(Duration::from_secs(1));
                    }
                }
            }
            backoff = Duration::from_millis(10);
            self.unflushed.fetch_sub(rows.len(), Ordering::AcqRel);
            let mut committed = lock(&self.committed);
            *committed += rows.len() as u64;
            self.written.notify_all();
        }
    }

    fn row(&self, event: &Pending) -> AuditRow {
        AuditRow {
            at: micros(event.at).unwrap_or(i64::MAX),
            subject: event
                .subject
                .map(|tag| self.pseudonyms.of_tag(tag).to_bytes()),
            purpose: event.purpose.to_owned(),
            capability: event.capability.map(str::to_owned),
            via: event.via.clone(),
            consent: event.consent.map(ConsentId::get),
            outcome: event.outcome.to_owned(),
            reason: event.reason.map(str::to_owned),
        }
    }
}

/// What the audit says of a time range: for every purpose × capability ×
/// recipient × outcome, how many distinct subjects and how many uses.
///
/// "How many accounts' two-factor numbers reached an ad audience" is
/// [`subjects`](Self::subjects) of `two_factor`, `match_audience` and the
/// platform: zero, or a number with precision.
///
/// Serialises to JSON as `{"from": µs, "to": µs, "lines": [...]}`, each
/// line with `purpose`, `capability` (null for an adoption), `via`,
/// `outcome`, `reason` (for a refusal), `subjects` and `uses`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// The start of the range, microseconds since the Unix epoch.
    pub from: i64,
    /// Its end, excluded.
    pub to: i64,
    /// The lines, ordered by purpose, capability, recipient, outcome and
    /// reason.
    pub lines: Vec<ReportRow>,
}

impl AuditReport {
    /// The report of `store` for `from <= at < to`.
    ///
    /// # Errors
    ///
    /// The store's errors.
    pub fn of(store: &dyn Store, from: Duration, to: Duration) -> Result<Self> {
        let (from, to) = (micros(from)?, micros(to)?);
        let lines = store.audit_report(from, to)?;
        Ok(Self { from, to, lines })
    }

    /// How many distinct subjects' identifiers of `purpose` were handed
    /// over by `capability` to `via` (a transport's channel, a platform).
    pub fn subjects(&self, purpose: &str, capability: &str, via: &str) -> u64 {
        self.handed_over(purpose, capability)
            .filter(|line| line.via == via)
            .map(|line| line.subjects)
            .sum()
    }

    /// The lines of hand-offs of `purpose` by `capability`.
    pub fn handed_over<'a>(
        &'a self,
        purpose: &'a str,
        capability: &'a str,
    ) -> impl Iterator<Item = &'a ReportRow> + 'a {
        self.lines.iter().filter(move |line| {
            line.purpose == purpose
                && line.capability.as_deref() == Some(capability)
                && line.outcome == AuditOutcome::HandedOver.as_str()
        })
    }

    /// Uses refused, by reason, over every purpose and capability.
    pub fn refusals(&self) -> Vec<(&str, u64)> {
        let mut by_reason: Vec<(&str, u64)> = Vec::new();
        for line in &self.lines {
            if let Some(reason) = line.reason.as_deref() {
                match by_reason.iter_mut().find(|(known, _)| *known == reason) {
                    Some((_, uses)) => *uses += line.uses,
                    None => by_reason.push((reason, line.uses)),
                }
            }
        }
        by_reason.sort_unstable();
        by_reason
    }
}

/// A table: purpose, capability, recipient, outcome, subjects, uses.
impl fmt::Display for AuditReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<16} {:<20} {:<12} {:<28} {:>8} {:>6}",
            "purpose", "capability", "via", "outcome", "subjects", "uses"
        )?;
        for line in &self.lines {
            let outcome = match &line.reason {
                Some(reason) => format!("{} ({reason})", line.outcome),
                None => line.outcome.clone(),
            };
            writeln!(
                f,
                "{:<16} {:<20} {:<12} {:<28} {:>8} {:>6}",
                line.purpose,
                line.capability.as_deref().unwrap_or("(adopt)"),
                line.via,
                outcome,
                line.subjects,
                line.uses
            )?;
        }
        Ok(())
    }
}
