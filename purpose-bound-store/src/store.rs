//! [`Store`]: the one abstraction the ledger and the audit keep their rows
//! behind, and the rows themselves. A backend implements it once, with
//! every value bound as a parameter; [`SqliteStore`](crate::SqliteStore)
//! is the embedded one.
//!
//! The rows are plain data: the ledger gives them their meaning, MACs and
//! pseudonyms, so that a backend holds no key and can neither forge nor
//! read whose a row is.

use std::fmt;

use crate::error::Result;

/// The schema version this crate writes, in every backend. A store of a
/// higher version is refused with
/// [`SchemaTooNew`](crate::ErrorKind::SchemaTooNew); a lower one is
/// migrated when opened.
pub const SCHEMA_VERSION: u32 = 1;

/// One event of the consent ledger as a store keeps it.
///
/// `seq` numbers the chain from 1 with no gap; `consent` is the `seq` of
/// the event that gave the consent; `subject` is the subject's keyed
/// pseudonym; times are microseconds since the Unix epoch; `fields` is the
/// event's ISO/IEC TS 27560 fields as JSON; `mac` is the HMAC-SHA256 under
/// key `key_id` of all of it and of `prev`, the MAC of event `seq - 1`
/// (zeros for the first).
#[derive(Clone, PartialEq, Eq)]
#[allow(missing_docs, reason = "the fields are documented on the struct")]
pub struct EventRow {
    pub seq: u64,
    pub consent: u64,
    pub subject: [u8; 16],
    pub purpose: String,
    pub kind: String,
    pub at: i64,
    pub until: Option<i64>,
    pub fields: String,
    pub key_id: u32,
    pub prev: [u8; 32],
    pub mac: [u8; 32],
}

/// Shows the sequence numbers, purpose and kind, not the fields.
impl fmt::Debug for EventRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("EventRow")
            .field("seq", &self.seq)
            .field("consent", &self.consent)
            .field("purpose", &self.purpose)
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// What an append is made against, read in the append's own transaction:
/// the chain's last event, and the last event of the consent it is about.
#[derive(Clone, Copy, Debug)]
pub struct Tip<'a> {
    /// The chain's last event, `None` in an empty ledger.
    pub last: Option<&'a EventRow>,
    /// The last event of the consent the append names, if it named one and
    /// the consent has any.
    pub consent: Option<&'a EventRow>,
}

/// One use of an identifier as the audit keeps it: microseconds since the
/// Unix epoch, the subject's keyed pseudonym, the purpose's tag, the
/// capability's name (none for an adoption), the recipient or platform, the
/// consent id, the outcome's name and a refusal's reason.
#[derive(Clone, Debug, PartialEq, Eq)]
#[allow(missing_docs, reason = "the fields are documented on the struct")]
pub struct AuditRow {
    pub at: i64,
    pub subject: Option<[u8; 16]>,
    pub purpose: String,
    pub capability: Option<String>,
    pub via: String,
    pub consent: Option<u64>,
    pub outcome: String,
    pub reason: Option<String>,
}

/// One line of an audit report, grouped by purpose, capability, recipient,
/// outcome and reason: how many distinct subjects, and how many uses.
/// Uses with no subject count as uses, not as subjects.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub struct ReportRow {
    /// The purpose's tag.
    pub purpose: String,
    /// The capability's name; none for an adoption.
    pub capability: Option<String>,
    /// The recipient or platform: a transport's name, a platform, `adopt`.
    pub via: String,
    /// `handed_over`, `transport_failed`, `adopted` or `refused`.
    pub outcome: String,
    /// A refusal's reason: `withdrawn`, `another_subject`, ….
    pub reason: Option<String>,
    /// Distinct subjects.
    pub subjects: u64,
    /// Uses, those with no subject included.
    pub uses: u64,
}

/// Where the ledger and the audit keep their rows.
///
/// Blocking, and safe to share between threads. Every method is one
/// transaction. Backends bind every value as a parameter and never put a
/// row's content in an error.
///
/// # Errors
///
/// Every method returns [`Unavailable`](crate::ErrorKind::Unavailable)
/// when the database cannot be reached, [`Corrupt`](crate::ErrorKind::Corrupt)
/// when a row does not decode, and passes on the error of an append's
/// `make`.
#[allow(
    clippy::missing_errors_doc,
    reason = "the errors of every method are the trait's, documented above"
)]
pub trait Store: Send + Sync + fmt::Debug {
    /// The value of the setting `name`, writing `default` first if it has
    /// none: one transaction, so that two processes opening a new store
    /// agree on it.
    fn setting(&self, name: &str, default: &str) -> Result<String>;

    /// Appends the event `make` builds from the [`Tip`] (read for
    /// `consent`, if given) in the same write transaction, and returns it.
    /// `make` must not call the store.
    fn append_event(
        &self,
        consent: Option<u64>,
        make: &mut dyn FnMut(Tip<'_>) -> Result<EventRow>,
    ) -> Result<EventRow>;

    /// The last event of consent `consent`: one indexed read.
    fn last_of_consent(&self, consent: u64) -> Result<Option<EventRow>>;

    /// Up to `limit` events with `seq > after`, in order.
    fn events_after(&self, after: u64, limit: u32) -> Result<Vec<EventRow>>;

    /// Every event of the subject with pseudonym `subject`, in order.
    fn events_of(&self, subject: [u8; 16]) -> Result<Vec<EventRow>>;

    /// Appends `rows` to the audit, all or none.
    fn append_audit(&self, rows: &[AuditRow]) -> Result<()>;

    /// The audit's uses at `from <= at < to`, grouped as [`ReportRow`]s.
    fn audit_report(&self, from: i64, to: i64) -> Result<Vec<ReportRow>>;
}
