//! [`Error`]: what a store, the ledger or the audit could not do, and where
//! a chain was found broken. No error holds an account id, a wording's text
//! or a value read from a row.

use std::fmt;

/// What went wrong, in a store, the ledger or the audit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The store could not be read or written: the database is gone, locked
    /// past its timeout, or on a full disk.
    Unavailable,
    /// A row does not decode: a value out of range, a field missing, a
    /// file that is not the store's.
    Corrupt,
    /// The store was made by a newer version of this crate: its schema
    /// version is higher than this one knows.
    SchemaTooNew,
    /// A field is longer than its limit (see [`crate::limits`]).
    TooLong,
    /// A field that must say something is empty or white space.
    Empty,
    /// No such consent in the ledger, or not of this subject and purpose.
    NotFound,
    /// The consent is not live (withdrawn, expired or refused), so it can
    /// be neither withdrawn again nor used.
    NotLive,
    /// A row was keyed under a key the keyring no longer holds.
    KeyMissing,
    /// Verification: the event at [`Error::seq`] was changed after it was
    /// written.
    Edited,
    /// Verification: the event at [`Error::seq`] is missing.
    Deleted,
    /// Verification: an event that the ledger did not write stands at
    /// [`Error::seq`].
    Inserted,
    /// Verification: the event at [`Error::seq`] was written at another
    /// place in the chain.
    Reordered,
    /// Verification: the event at [`Error::seq`] is a copy of an earlier
    /// one: the same event written twice.
    Duplicated,
    /// Verification: the chain ends before the head it was checked against;
    /// [`Error::seq`] is the first missing event.
    Truncated,
    /// Verification: the chain holds the head's sequence number with
    /// another MAC: it was rewritten by a holder of the key, or the head is
    /// another ledger's.
    Forked,
    /// A head does not read as `<seq>:<64 hex digits>`.
    BadHead,
    /// The audit's queue is full or closed, so the event was not taken.
    QueueFull,
    /// A line of an import does not read; [`Error::seq`] is its line
    /// number.
    Import,
}

impl ErrorKind {
    /// The kind's name in snake case: `unavailable`, `edited`, ….
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Unavailable => "unavailable",
            Self::Corrupt => "corrupt",
            Self::SchemaTooNew => "schema_too_new",
            Self::TooLong => "too_long",
            Self::Empty => "empty",
            Self::NotFound => "not_found",
            Self::NotLive => "not_live",
            Self::KeyMissing => "key_missing",
            Self::Edited => "edited",
            Self::Deleted => "deleted",
            Self::Inserted => "inserted",
            Self::Reordered => "reordered",
            Self::Duplicated => "duplicated",
            Self::Truncated => "truncated",
            Self::Forked => "forked",
            Self::BadHead => "bad_head",
            Self::QueueFull => "queue_full",
            Self::Import => "import",
        }
    }
}

/// An error of a store, the ledger or the audit: its [`kind`](Self::kind),
/// the sequence number of the event (or the line of an import) it concerns
/// if any, and, for [`Unavailable`](ErrorKind::Unavailable), the database
/// driver's message (which names no row's content: the crate binds every
/// value as a parameter).
///
/// # Examples
///
/// ```
/// use purpose_bound_store::{Error, ErrorKind};
///
/// let err = Error::at(ErrorKind::Edited, 7);
/// assert_eq!(err.kind(), ErrorKind::Edited);
/// assert_eq!(err.seq(), Some(7));
/// assert_eq!(err.to_string(), "consent ledger: event 7 was edited after it was written");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    kind: ErrorKind,
    seq: Option<u64>,
    driver: Option<String>,
}

impl Error {
    /// An error of `kind`, about no one event.
    pub const fn new(kind: ErrorKind) -> Self {
        Self {
            kind,
            seq: None,
            driver: None,
        }
    }

    /// An error of `kind` about the event (or import line) `seq`.
    pub const fn at(kind: ErrorKind, seq: u64) -> Self {
        Self {
            kind,
            seq: Some(seq),
            driver: None,
        }
    }

    /// The store is unavailable, as the database driver put it.
    pub(crate) fn unavailable(driver: impl fmt::Display) -> Self {
        Self {
            kind: ErrorKind::Unavailable,
            seq: None,
            driver: Some(driver.to_string()),
        }
    }

    /// The error, with the database driver's message: for a backend of
    /// the [`Store`](crate::Store) trait, whose driver's messages name the
    /// server or the query, never a bound value.
    #[must_use]
    pub fn with_driver(mut self, driver: impl fmt::Display) -> Self {
        self.driver = Some(driver.to_string());
        self
    }

    /// What went wrong.
    pub const fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The sequence number of the event, or the line of the import, it
    /// concerns.
    pub const fn seq(&self) -> Option<u64> {
        self.seq
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let seq = self.seq.unwrap_or(0);
        match self.kind {
            ErrorKind::Unavailable => {
                f.write_str("store unavailable")?;
                if let Some(driver) = &self.driver {
                    write!(f, ": {driver}")?;
                }
                Ok(())
            }
            ErrorKind::Corrupt => match self.seq {
                Some(seq) => write!(f, "store: row {seq} does not decode"),
                None => f.write_str("store: a row does not decode"),
            },
            ErrorKind::SchemaTooNew => {
                f.write_str("store: made by a newer version of purpose-bound-store")
            }
            ErrorKind::TooLong => f.write_str("a field is longer than its limit"),
            ErrorKind::Empty => f.write_str("a field that must say something is empty"),
            ErrorKind::NotFound => f.write_str("no such consent for this subject and purpose"),
            ErrorKind::NotLive => f.write_str("the consent is not live"),
            ErrorKind::KeyMissing => {
                f.write_str("a row is keyed under a key the keyring does not hold")
            }
            ErrorKind::Edited => write!(
                f,
                "consent ledger: event {seq} was edited after it was written"
            ),
            ErrorKind::Deleted => write!(f, "consent ledger: event {seq} was deleted"),
            ErrorKind::Inserted => write!(
                f,
                "consent ledger: event {seq} was inserted, not written by the ledger"
            ),
            ErrorKind::Reordered => write!(f, "consent ledger: event {seq} was moved"),
            ErrorKind::Duplicated => write!(
                f,
                "consent ledger: event {seq} is an earlier event written again"
            ),
            ErrorKind::Truncated => write!(
                f,
                "consent ledger: the chain ends before the head, from event {seq}"
            ),
            ErrorKind::Forked => write!(
                f,
                "consent ledger: event {seq} differs from the head: rewritten, or another ledger's head"
            ),
            ErrorKind::BadHead => f.write_str("a ledger head reads `<seq>:<64 hex digits>`"),
            ErrorKind::QueueFull => f.write_str("audit: the queue is full"),
            ErrorKind::Import => write!(f, "import: line {seq} does not read"),
        }
    }
}

impl std::error::Error for Error {}

/// The crate's results.
pub type Result<T, E = Error> = std::result::Result<T, E>;
