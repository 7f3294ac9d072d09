//! What became of each row: a key, or the reason it was refused.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use purpose_bound::{ConsentErrorKind, OpenError, OpenErrorKind};

/// What a function did with one row: made its key, or refused it (the
/// result is then NULL) for one reason.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// The key was made.
    Keyed,
    /// The sealed value is NULL.
    NoValue,
    /// The row's subject (its account id) is NULL.
    NoSubject,
    /// The row's subject is no account id: empty or white space, longer
    /// than [`MAX_SUBJECT_ID_LEN`](purpose_bound::MAX_SUBJECT_ID_LEN) bytes,
    /// or holding a control character
    /// ([`Subject::new`](purpose_bound::Subject::new) refuses it).
    InvalidSubject,
    /// No consent for the row: its consent id or the time it was given is
    /// NULL (as after an outer join that found none).
    NoConsent,
    /// The consent row cannot be a consent: an id of 0 or below, a time
    /// before 1970, or an end before it was given.
    InvalidConsent,
    /// The value was collected under another consent than the row's, as
    /// a value sealed before the consent's id moved into the associated
    /// data says. A value in the current format says nothing: it does not
    /// open under another consent, and counts as
    /// [`OtherPurposeOrAltered`](Self::OtherPurposeOrAltered).
    OtherConsent,
    /// At the query's time the consent had not been given yet.
    NotYetGiven,
    /// At the query's time the consent had expired.
    Expired,
    /// At the query's time the consent had been withdrawn.
    Withdrawn,
    /// The value was sealed for another purpose, kind, subject or consent
    /// (copied from another column, or moved into another account's row),
    /// or altered: these cannot be told apart.
    OtherPurposeOrAltered,
    /// The value was sealed under a key the function does not hold, or
    /// under one that is disabled or destroyed.
    UnknownKey,
    /// The bytes are not a sealed value of the column's kind.
    Malformed,
}

impl Outcome {
    /// Every outcome, in the order [`RowCounts`] prints them.
    pub const ALL: [Self; 13] = [
        Self::Keyed,
        Self::NoValue,
        Self::NoSubject,
        Self::InvalidSubject,
        Self::NoConsent,
        Self::InvalidConsent,
        Self::OtherConsent,
        Self::NotYetGiven,
        Self::Expired,
        Self::Withdrawn,
        Self::OtherPurposeOrAltered,
        Self::UnknownKey,
        Self::Malformed,
    ];

    /// A short snake_case name, for logs and metrics.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Keyed => "keyed",
            Self::NoValue => "no_value",
            Self::NoSubject => "no_subject",
            Self::InvalidSubject => "invalid_subject",
            Self::NoConsent => "no_consent",
            Self::InvalidConsent => "invalid_consent",
            Self::OtherConsent => "other_consent",
            Self::NotYetGiven => "not_yet_given",
            Self::Expired => "expired",
            Self::Withdrawn => "withdrawn",
            Self::OtherPurposeOrAltered => "other_purpose_or_altered",
            Self::UnknownKey => "unknown_key",
            Self::Malformed => "malformed",
        }
    }

    const fn index(self) -> usize {
        self as usize
    }

    /// The outcome of a value that did not open.
    pub(crate) fn not_opened(error: OpenError) -> Self {
        match error.kind() {
            OpenErrorKind::OtherConsent => Self::OtherConsent,
            OpenErrorKind::UnknownKey | OpenErrorKind::DisabledKey => Self::UnknownKey,
            OpenErrorKind::PurposeOrTampered => Self::OtherPurposeOrAltered,
            _ => Self::Malformed,
        }
    }

    /// The outcome of a consent that refused.
    pub(crate) fn refused(kind: ConsentErrorKind) -> Self {
        match kind {
            ConsentErrorKind::Withdrawn => Self::Withdrawn,
            ConsentErrorKind::Expired => Self::Expired,
            ConsentErrorKind::NotYetGiven => Self::NotYetGiven,
            ConsentErrorKind::OtherConsent => Self::OtherConsent,
            _ => Self::InvalidConsent,
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

const OUTCOMES: usize = Outcome::ALL.len();

/// Counts of rows by [`Outcome`], shared by every copy of a function and
/// every partition that runs it: after a query, how many rows were keyed
/// and how many were refused, and why.
///
/// Clones count into the same totals. Counts are added once per batch; a
/// query that fails part way has counted the batches it finished.
///
/// # Examples
///
/// ```
/// use purpose_bound_datafusion::{Outcome, RowCounts};
///
/// let counts = RowCounts::default();
/// assert_eq!(counts.get(Outcome::Withdrawn), 0);
/// assert_eq!(counts.refused(), 0);
/// ```
#[derive(Clone, Default)]
pub struct RowCounts(Arc<[AtomicU64; OUTCOMES]>);

impl RowCounts {
    /// Rows with `outcome` so far.
    pub fn get(&self, outcome: Outcome) -> u64 {
        self.0
            .get(outcome.index())
            .map_or(0, |slot| slot.load(Ordering::Relaxed))
    }

    /// Rows refused so far, for any reason.
    pub fn refused(&self) -> u64 {
        Outcome::ALL
            .into_iter()
            .filter(|&outcome| outcome != Outcome::Keyed)
            .map(|outcome| self.get(outcome))
            .sum()
    }

    /// Sets every count back to zero, for the next query.
    pub fn reset(&self) {
        for slot in self.0.iter() {
            slot.store(0, Ordering::Relaxed);
        }
    }

    /// Adds one batch's counts.
    pub(crate) fn add(&self, batch: &BatchCounts) {
        for (slot, &count) in self.0.iter().zip(&batch.0) {
            if count != 0 {
                slot.fetch_add(count, Ordering::Relaxed);
            }
        }
    }
}

impl fmt::Debug for RowCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut map = f.debug_map();
        for outcome in Outcome::ALL {
            map.entry(&outcome.name(), &self.get(outcome));
        }
        map.finish()
    }
}

/// One line per outcome with a count above zero: `name  count`.
impl fmt::Display for RowCounts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for outcome in Outcome::ALL {
            let count = self.get(outcome);
            if count != 0 {
                writeln!(f, "{:<26}{count:>12}", outcome.name())?;
            }
        }
        Ok(())
    }
}

/// One batch's counts, added to the shared ones when the batch is done.
#[derive(Default)]
pub(crate) struct BatchCounts([u64; OUTCOMES]);

impl BatchCounts {
    pub(crate) fn count(&mut self, outcome: Outcome) {
        if let Some(count) = self.0.get_mut(outcome.index()) {
            *count += 1;
        }
    }
}
