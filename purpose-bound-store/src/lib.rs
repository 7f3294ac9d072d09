//! The system of record for [`purpose_bound`]: a consent ledger that every
//! use of a consent asks again, and an audit that counts accounts, on one
//! [`Store`] abstraction with SQLite (embedded, the default) behind it.
//!
//! - [`ConsentLedger`]: append-only consent events per subject and
//!   purpose (W3C DPV's statuses, ISO/IEC TS 27560's fields), chained by
//!   a keyed MAC and verified against a [`Head`] kept elsewhere. Its
//!   consents re-check the ledger at each use, so a withdrawal stops every
//!   copy.
//! - [`AuditLog`]: the audit sink that writes every hand-off, adoption and
//!   refusal with the subject's keyed pseudonym through a bounded queue
//!   (full: the hand-off is refused), and [`AuditReport`], distinct
//!   subjects per purpose × capability × recipient.
//! - [`Store`]: the rows, behind one trait; [`SqliteStore`] keeps them in
//!   one SQLite file (WAL, versioned migrations).
//!
//! The ledger holds a subject only as its keyed pseudonym
//! ([`purpose_bound::SubjectPseudonym`]); no error holds an account id, a
//! notice's text or a row's content.
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod audit;
mod error;
mod ledger;
#[cfg(feature = "sqlite")]
mod sqlite;
mod store;

pub use audit::{AuditConfig, AuditLog, AuditReport};
pub use error::{Error, ErrorKind, Result};
pub use ledger::event::{Collection, EventKind, Fields, LedgerEvent, Notice};
pub use ledger::live::LiveConsents;
pub use ledger::receipt::{Controller, Receipt};
pub use ledger::{ConsentLedger, Head};
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;
pub use store::{AuditRow, EventRow, ReportRow, SCHEMA_VERSION, Store, Tip};

/// The longest field the ledger takes, in bytes.
pub mod limits {
    /// A field of an event: a notice id, a language, a method, who
    /// recorded it.
    pub const FIELD: usize = 256;
    /// The text of a notice, which the ledger hashes and does not keep.
    pub const NOTICE_TEXT: usize = 64 * 1024;
}

/// The README's examples, run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
