//! What became of each row: a key, or the reason it was refused.

use std::fmt;

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
    /// The ledger held no consent of the row's subject for the purpose
    /// when the query was planned.
    NoConsent,
    /// The consent refused the use for a reason other than those below.
    InvalidConsent,
    /// The value was collected under another consent than those the
    /// ledger holds for the row's subject, as a value sealed before the
    /// consent's id moved into the associated data says. A value in the
    /// current format says nothing: it does not open under another
    /// consent, and counts as
    /// [`OtherPurposeOrAltered`](Self::OtherPurposeOrAltered).
    OtherConsent,
    /// When the query was planned, the consent had not been given yet.
    NotYetGiven,
    /// When the query was planned, the consent had expired.
    Expired,
    /// When the query was planned, the consent had been withdrawn.
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
    /// Every outcome, in the order an [`ExportReport`](crate::ExportReport) prints them.
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

    pub(crate) const fn index(self) -> usize {
        self as usize
    }

    /// Whether the value did not open under the consent tried, and may
    /// under another of the subject's.
    pub(crate) const fn not_opened_under(self) -> bool {
        matches!(self, Self::OtherConsent | Self::OtherPurposeOrAltered)
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

/// How many outcomes there are.
pub(crate) const OUTCOMES: usize = Outcome::ALL.len();
