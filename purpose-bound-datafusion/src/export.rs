//! The export sink: the ledger's consents as a query was planned, and the
//! accounts the query keyed or refused, counted once however many times
//! the query reads them.

use std::any::Any;
use std::collections::{HashMap, HashSet};
use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, SystemTime};

use datafusion::arrow::array::StringArray;
use datafusion::common::{DataFusionError, Result, exec_err};
use datafusion::logical_expr::simplify::{ExprSimplifyResult, SimplifyContext};
use datafusion::logical_expr::{Expr, ScalarUDF, expr::ScalarFunction};
use purpose_bound::{Consent, RequiresConsent, Subject, SubjectPseudonym};
use purpose_bound_store::{ConsentLedger, Head, LiveConsents};

use crate::args;
use crate::outcome::{OUTCOMES, Outcome};

/// Where an export's functions read consent from, and what they count
/// into: a [`ConsentLedger`], and for each query the accounts it keyed
/// and refused.
///
/// The functions take no consent from SQL. When a query is planned, the
/// sink reads from the ledger the consents of each purpose its functions
/// need ([`ConsentLedger::live`], which verifies the chain; for the
/// queries after the first, [`LiveConsents::refreshed`], which reads only
/// the events written since and checks that they continue the chain it
/// read), and every row of that query is checked against that snapshot at
/// the time the query was planned: a literal, a forged row, a stale copy
/// or another purpose's consents table has no way in, and a withdrawal
/// recorded before the next query is planned stops its rows there.
///
/// Each query counts rows and distinct accounts by [`Outcome`], across all
/// its partitions and every call of the functions in it: a `UNION ALL` of
/// the same rows doubles the rows and not the accounts, and the next query
/// starts from zero. [`last`](Self::last) gives the query planned last;
/// give concurrent exports a sink each (their functions on a
/// `SessionContext` each).
///
/// Clones share the ledger and the counts. On Ballista, executors in this
/// process, given the same functions, run the query the scheduler planned
/// last, with its snapshot; an executor in another process has no query
/// planned there, and its functions refuse to run.
///
/// # Examples
///
/// ```
/// use purpose_bound::Keyring;
/// use purpose_bound_datafusion::ExportSink;
/// use purpose_bound_store::{ConsentLedger, SqliteStore};
/// use std::sync::Arc;
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), keyring.ledger_key())?;
/// let sink = ExportSink::new(ledger);
/// assert!(sink.last().is_none(), "no query planned yet");
/// # Ok::<(), purpose_bound_store::Error>(())
/// ```
#[derive(Clone)]
pub struct ExportSink {
    inner: Arc<Inner>,
}

struct Inner {
    ledger: ConsentLedger,
    current: Mutex<Option<Arc<Query>>>,
    /// The newest snapshot read of each purpose, which the next query's
    /// brings up to date rather than read the whole ledger again.
    latest: Mutex<Snapshots>,
}

type Snapshots = HashMap<&'static str, Arc<dyn Any + Send + Sync>>;

/// One query: when it was planned, the snapshots it read, what it counted.
pub(crate) struct Query {
    /// The planner's start time for the query, which every call site of
    /// the query sees.
    started: Option<i64>,
    /// The time of use of every row: when the query was planned.
    at: Duration,
    snapshots: Mutex<Snapshots>,
    head: Mutex<Option<Head>>,
    tally: Mutex<Tally>,
}

#[derive(Default)]
struct Tally {
    rows: [u64; OUTCOMES],
    accounts: [HashSet<[u8; 16]>; OUTCOMES],
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // The counts stay right through a panic elsewhere: every update is one
    // addition or insertion.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn ledger_error(function: &str, error: purpose_bound_store::Error) -> DataFusionError {
    DataFusionError::External(
        format!("{function}: the consent ledger could not be read: {error}").into(),
    )
}

impl ExportSink {
    /// A sink reading consent from `ledger`.
    pub fn new(ledger: ConsentLedger) -> Self {
        Self {
            inner: Arc::new(Inner {
                ledger,
                current: Mutex::new(None),
                latest: Mutex::default(),
            }),
        }
    }

    /// What the query planned last did so far: rows and accounts by
    /// outcome. `None` before any query was planned.
    pub fn last(&self) -> Option<ExportReport> {
        lock(&self.inner.current)
            .as_ref()
            .map(|query| query.report())
    }

    /// The query planned with start time `started`: the current one if it
    /// has that time, else a new one, current from now on.
    fn plan(&self, started: Option<i64>) -> Arc<Query> {
        let mut current = lock(&self.inner.current);
        if let Some(query) = current.as_ref()
            && started.is_some()
            && query.started == started
        {
            return Arc::clone(query);
        }
        let query = Arc::new(Query {
            started,
            at: SystemTime::now()
                .duration_since(SystemTime::UNIX_EPOCH)
                .unwrap_or_default(),
            snapshots: Mutex::default(),
            head: Mutex::default(),
            tally: Mutex::default(),
        });
        *current = Some(Arc::clone(&query));
        query
    }

    /// The query a call runs in: the one it was planned in, or (for a
    /// function an executor found by name) the one planned last.
    ///
    /// # Errors
    ///
    /// An execution error when no query was planned with this sink.
    pub(crate) fn query(&self, function: &str, planned: Option<&Arc<Query>>) -> Result<Arc<Query>> {
        match planned {
            Some(query) => Ok(Arc::clone(query)),
            None => match lock(&self.inner.current).as_ref() {
                Some(query) => Ok(Arc::clone(query)),
                None => exec_err!(
                    "{function}: no query was planned with this export sink, so no consent \
                     was read from the ledger; plan the query with a session whose optimizer \
                     simplifies expressions (the default)"
                ),
            },
        }
    }

    /// The planning step every function takes: binds the call to this
    /// query (`bind` makes the bound function), after `load` read what the
    /// function needs of the ledger (the snapshot of its purpose's
    /// consents). A call bound already is left as it is.
    ///
    /// # Errors
    ///
    /// `load`'s: an external error when the ledger cannot be read or does
    /// not verify, so that no query runs on consents that cannot be
    /// trusted.
    pub(crate) fn simplify(
        &self,
        planned: Option<&Arc<Query>>,
        args: Vec<Expr>,
        info: &SimplifyContext,
        load: impl FnOnce(&Query) -> Result<()>,
        bind: impl FnOnce(Arc<Query>) -> ScalarUDF,
    ) -> Result<ExprSimplifyResult> {
        if planned.is_some() {
            return Ok(ExprSimplifyResult::Original(args));
        }
        let started = info
            .query_execution_start_time()
            .and_then(|time| time.timestamp_nanos_opt());
        let query = self.plan(started);
        load(&query)?;
        let udf = Arc::new(bind(query));
        Ok(ExprSimplifyResult::Simplified(Expr::ScalarFunction(
            ScalarFunction::new_udf(udf, args),
        )))
    }
}

impl fmt::Debug for ExportSink {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExportSink").finish_non_exhaustive()
    }
}

impl Query {
    /// The time of use of every row of the query.
    pub(crate) const fn at(&self) -> Duration {
        self.at
    }

    /// The snapshot of `P`'s consents for this query, read the first time
    /// a function of the query asks: the sink's newest snapshot of `P`
    /// brought up to date (only the events written since are read, and
    /// they must continue its chain), or on the first query the whole
    /// ledger.
    pub(crate) fn live<P: RequiresConsent>(
        &self,
        function: &str,
        sink: &ExportSink,
    ) -> Result<Arc<LiveConsents<P>>> {
        let snapshot_type = || DataFusionError::Internal(format!("{function}: snapshot type"));
        let mut snapshots = lock(&self.snapshots);
        if let Some(live) = snapshots.get(P::TAG) {
            return Arc::clone(live)
                .downcast::<LiveConsents<P>>()
                .map_err(|_| snapshot_type());
        }
        let mut latest = lock(&sink.inner.latest);
        let read = match latest.get(P::TAG) {
            Some(before) => {
                let before = Arc::clone(before)
                    .downcast::<LiveConsents<P>>()
                    .map_err(|_| snapshot_type())?;
                match before.is_current() {
                    Ok(true) => Ok(before),
                    Ok(false) => before.refreshed().map(Arc::new),
                    Err(error) => Err(error),
                }
            }
            None => sink.inner.ledger.live::<P>().map(Arc::new),
        };
        let live = read.map_err(|error| ledger_error(function, error))?;
        *lock(&self.head) = Some(live.head());
        let any = Arc::clone(&live) as Arc<dyn Any + Send + Sync>;
        latest.insert(P::TAG, Arc::clone(&any));
        snapshots.insert(P::TAG, any);
        Ok(live)
    }

    /// Adds one batch's counts.
    fn add(&self, batch: BatchTally) {
        let mut tally = lock(&self.tally);
        for (total, rows) in tally.rows.iter_mut().zip(batch.rows) {
            *total += rows;
        }
        for (outcome, account) in batch.accounts {
            if let Some(accounts) = tally.accounts.get_mut(outcome.index()) {
                accounts.insert(account);
            }
        }
    }

    fn report(&self) -> ExportReport {
        let tally = lock(&self.tally);
        let mut accounts = [0; OUTCOMES];
        for (count, set) in accounts.iter_mut().zip(&tally.accounts) {
            *count = set.len() as u64;
        }
        ExportReport {
            planned_at: self.at,
            head: *lock(&self.head),
            rows: tally.rows,
            accounts,
        }
    }
}

/// One batch's counts: rows by outcome, and the accounts seen with each.
#[derive(Default)]
struct BatchTally {
    rows: [u64; OUTCOMES],
    accounts: Vec<(Outcome, [u8; 16])>,
}

impl BatchTally {
    /// Counts a row with `outcome`, of the account `account` if the row
    /// names one.
    fn count(&mut self, outcome: Outcome, account: Option<[u8; 16]>) {
        if let Some(rows) = self.rows.get_mut(outcome.index()) {
            *rows += 1;
        }
        if let Some(account) = account {
            self.accounts.push((outcome, account));
        }
    }
}

/// Runs one batch of a function: for each row, `key` of its sealed value,
/// its subject and the subject's pseudonym, or the outcome that refuses
/// it (no value, no or an invalid subject, or `key`'s own); hands each
/// result to `append` (`None` for a refused row) and counts every row into
/// `query` by outcome and account.
pub(crate) fn each_row<T>(
    sink: &ExportSink,
    query: &Query,
    sealed: Vec<Option<&[u8]>>,
    subjects: &StringArray,
    mut key: impl FnMut(&[u8], &Subject, SubjectPseudonym) -> Result<T, Outcome>,
    mut append: impl FnMut(Option<T>),
) {
    let mut tally = BatchTally::default();
    for (row, bytes) in sealed.into_iter().enumerate() {
        let subject = args::subject(subjects, row)
            .map(|subject| (sink.inner.ledger.pseudonym(&subject), subject));
        let account = subject
            .as_ref()
            .ok()
            .map(|(pseudonym, _)| pseudonym.to_bytes());
        let made = bytes.ok_or(Outcome::NoValue).and_then(|bytes| {
            let (pseudonym, subject) = subject?;
            key(bytes, &subject, pseudonym)
        });
        match made {
            Ok(made) => {
                tally.count(Outcome::Keyed, account);
                append(Some(made));
            }
            Err(outcome) => {
                tally.count(outcome, account);
                append(None);
            }
        }
    }
    query.add(tally);
}

/// Whether two calls are bound to the same query, or both to none.
pub(crate) fn same(one: Option<&Arc<Query>>, other: Option<&Arc<Query>>) -> bool {
    match (one, other) {
        (Some(one), Some(other)) => Arc::ptr_eq(one, other),
        (None, None) => true,
        _ => false,
    }
}

/// Uses the consent of `consents` the value was sealed under: `use_one`
/// with each in turn until one opens the value, and its answer. A value
/// none of them opens is refused as the last one refused it; a subject
/// with no consent for the purpose, as [`Outcome::NoConsent`].
pub(crate) fn under_its_consent<P: RequiresConsent, T>(
    consents: impl Iterator<Item = Consent<P>>,
    mut use_one: impl FnMut(&Consent<P>) -> Result<T, Outcome>,
) -> Result<T, Outcome> {
    let mut answer = Err(Outcome::NoConsent);
    for consent in consents {
        answer = use_one(&consent);
        if !answer
            .as_ref()
            .is_err_and(|outcome| outcome.not_opened_under())
        {
            break;
        }
    }
    answer
}

/// What one query did: rows and distinct accounts by [`Outcome`], and the
/// ledger's head its consents were read at.
///
/// # Examples
///
/// ```
/// # use purpose_bound::Keyring;
/// # use purpose_bound_store::{ConsentLedger, SqliteStore};
/// # use std::sync::Arc;
/// use purpose_bound_datafusion::{ExportSink, Outcome};
///
/// # let ledger = ConsentLedger::open(Arc::new(SqliteStore::in_memory()?), Keyring::new(1, &mut [7; 32]).ledger_key())?;
/// let sink = ExportSink::new(ledger);
/// // … register the functions with `sink`, run the export, then:
/// if let Some(report) = sink.last() {
///     println!("{} accounts keyed, {} withdrawn", report.accounts(Outcome::Keyed), report.accounts(Outcome::Withdrawn));
///     print!("{report}");
/// }
/// # Ok::<(), purpose_bound_store::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportReport {
    planned_at: Duration,
    head: Option<Head>,
    rows: [u64; OUTCOMES],
    accounts: [u64; OUTCOMES],
}

impl ExportReport {
    /// Rows with `outcome`, each time a function of the query read one.
    pub fn rows(&self, outcome: Outcome) -> u64 {
        self.rows.get(outcome.index()).copied().unwrap_or(0)
    }

    /// Distinct accounts with at least one row of `outcome`. Rows naming
    /// no account ([`Outcome::NoSubject`], [`Outcome::InvalidSubject`])
    /// count none.
    pub fn accounts(&self, outcome: Outcome) -> u64 {
        self.accounts.get(outcome.index()).copied().unwrap_or(0)
    }

    /// Rows refused, for any reason.
    pub fn refused_rows(&self) -> u64 {
        Outcome::ALL
            .into_iter()
            .filter(|&outcome| outcome != Outcome::Keyed)
            .map(|outcome| self.rows(outcome))
            .sum()
    }

    /// When the query was planned (since 1970): the time every row's
    /// consent was judged at.
    pub const fn planned_at(&self) -> Duration {
        self.planned_at
    }

    /// Where the ledger's chain stood when the query's consents were read;
    /// `None` for a query that read none (`lookup_key` alone).
    pub const fn ledger_head(&self) -> Option<Head> {
        self.head
    }
}

/// One line per outcome with a row: `name  rows  accounts`.
impl fmt::Display for ExportReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{:<26}{:>12}{:>12}", "outcome", "rows", "accounts")?;
        for outcome in Outcome::ALL {
            let rows = self.rows(outcome);
            if rows != 0 {
                writeln!(
                    f,
                    "{:<26}{rows:>12}{:>12}",
                    outcome.name(),
                    self.accounts(outcome)
                )?;
            }
        }
        Ok(())
    }
}
