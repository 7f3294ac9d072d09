//! [`ConsentError`]: why a consent record, or a use under a consent, was
//! refused.

use core::fmt;

/// Why a consent record was refused, or why a use of an identifier under a
/// consent was.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
/// use std::time::Duration;
///
/// let record = ConsentRecord::new(
///     ConsentId::new(1).unwrap(), &Subject::new("user-42")?, Duration::from_secs(1_767_225_600),
///     " ", ConsentChannel::Web,
/// );
/// let err = Consent::<Marketing>::new(record).unwrap_err();
/// assert_eq!(err.to_string(), "consent record: the wording is empty");
/// # Ok::<(), purpose_bound::SubjectError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsentError {
    kind: ConsentErrorKind,
    expected: Option<&'static str>,
    found: Option<&'static str>,
}

impl ConsentError {
    pub(crate) const fn new(kind: ConsentErrorKind) -> Self {
        Self {
            kind,
            expected: None,
            found: None,
        }
    }

    /// A stored record read for the purpose tagged `expected` was given
    /// for `found`, or for no purpose of this crate (`None`).
    #[cfg(feature = "serde")]
    pub(crate) const fn other_purpose(expected: &'static str, found: Option<&'static str>) -> Self {
        Self {
            kind: match found {
                Some(_) => ConsentErrorKind::PurposeMismatch,
                None => ConsentErrorKind::UnknownPurpose,
            },
            expected: Some(expected),
            found,
        }
    }

    /// What is wrong.
    pub const fn kind(&self) -> ConsentErrorKind {
        self.kind
    }

    /// On a stored record refused for its purpose
    /// ([`PurposeMismatch`](ConsentErrorKind::PurposeMismatch),
    /// [`UnknownPurpose`](ConsentErrorKind::UnknownPurpose)), the tag of the
    /// purpose it was read for: `"advertising"`, …
    pub const fn expected_purpose(&self) -> Option<&'static str> {
        self.expected
    }

    /// On a [purpose mismatch](ConsentErrorKind::PurposeMismatch), the tag
    /// of the purpose the record was given for.
    pub const fn found_purpose(&self) -> Option<&'static str> {
        self.found
    }
}

/// What is wrong with a consent record, or with a use under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsentErrorKind {
    /// The record's wording is empty or white space.
    EmptyWording,
    /// The record expires, or was withdrawn, before it was given. (Ending
    /// at the instant it was given is a record of a consent that was never
    /// live, and is accepted: see [`Consent::check`](crate::Consent::check).)
    EndsBeforeGiven,
    /// A consent channel's name is not one of [`ConsentChannel`](crate::ConsentChannel)'s.
    UnknownChannel,
    /// At the time of use the consent had not been given yet.
    NotYetGiven,
    /// At the time of use the consent had expired.
    Expired,
    /// At the time of use the consent had been withdrawn.
    Withdrawn,
    /// The consent was ended because the identifier it was collected for
    /// changed hands: the account replaced its number or address, or the
    /// number was reported reassigned to someone else (W3C DPV
    /// `dpv:ConsentInvalidated`). Final, as a withdrawal is.
    Invalidated,
    /// The application's [`ReassignedCheck`](crate::ReassignedCheck)
    /// answered that the number was reassigned after the consent was
    /// given: its holder now is not the person who consented. Nothing was
    /// sent; end the consent in its system of record (a consent ledger's
    /// `invalidate`).
    Reassigned,
    /// The application's [`ReassignedCheck`](crate::ReassignedCheck)
    /// could not answer, so the send was refused: a number that cannot be
    /// checked is not sent marketing.
    ReassignedCheckFailed,
    /// The identifier was collected under another consent: each is used
    /// only with its own.
    OtherConsent,
    /// The identifier belongs to another subject than the consent's: a
    /// person's consent covers their own identifiers only.
    AnotherSubject,
    /// The identifier is bound to no subject yet, so no consent can tell it
    /// is its subject's: bind it first, `id.owned_by(&subject)`.
    Unbound,
    /// A stored record was given for another purpose than the one it is
    /// read as: a record builds a consent only for its own purpose.
    PurposeMismatch,
    /// A stored record's purpose tag is none of the crate's consent
    /// purposes.
    UnknownPurpose,
    /// The consent's system of record (a [`ConsentSource`](crate::ConsentSource)
    /// such as a consent ledger) could not be read at the time of use, so
    /// the use was refused: a consent that cannot be checked is not live.
    SourceUnavailable,
    /// The audit sink could not take the record of this use, so it was
    /// refused: no value leaves unaudited (see
    /// [`AuditSink`](crate::AuditSink)).
    Unaudited,
}

impl ConsentErrorKind {
    /// The kind's name in snake case, as audit records write a refusal's
    /// reason: `withdrawn`, `another_subject`, ….
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::ConsentErrorKind;
    ///
    /// assert_eq!(ConsentErrorKind::AnotherSubject.as_str(), "another_subject");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::EmptyWording => "empty_wording",
            Self::EndsBeforeGiven => "ends_before_given",
            Self::UnknownChannel => "unknown_channel",
            Self::NotYetGiven => "not_yet_given",
            Self::Expired => "expired",
            Self::Withdrawn => "withdrawn",
            Self::Invalidated => "invalidated",
            Self::Reassigned => "reassigned",
            Self::ReassignedCheckFailed => "reassigned_check_failed",
            Self::OtherConsent => "other_consent",
            Self::AnotherSubject => "another_subject",
            Self::Unbound => "unbound",
            Self::PurposeMismatch => "purpose_mismatch",
            Self::UnknownPurpose => "unknown_purpose",
            Self::SourceUnavailable => "source_unavailable",
            Self::Unaudited => "unaudited",
        }
    }
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let expected = self.expected.unwrap_or("another purpose");
        f.write_str(match self.kind {
            ConsentErrorKind::EmptyWording => "consent record: the wording is empty",
            ConsentErrorKind::EndsBeforeGiven => "consent record: it ends before it was given",
            ConsentErrorKind::UnknownChannel => "unknown consent channel",
            ConsentErrorKind::NotYetGiven => "consent refused: not given yet at the time of use",
            ConsentErrorKind::Expired => "consent refused: expired",
            ConsentErrorKind::Withdrawn => "consent refused: withdrawn",
            ConsentErrorKind::Invalidated => {
                "consent refused: invalidated, the identifier it was given for changed hands"
            }
            ConsentErrorKind::Reassigned => {
                "consent refused: the number was reassigned since the consent was given"
            }
            ConsentErrorKind::ReassignedCheckFailed => {
                "consent refused: the reassigned-number check could not answer"
            }
            ConsentErrorKind::OtherConsent => {
                "consent refused: the identifier was collected under another consent"
            }
            ConsentErrorKind::AnotherSubject => {
                "consent refused: the identifier belongs to another subject"
            }
            ConsentErrorKind::Unbound => {
                "consent refused: the identifier is bound to no subject; bind it with `owned_by` where the code knows whose it is"
            }
            ConsentErrorKind::SourceUnavailable => {
                "consent refused: its system of record could not be read"
            }
            ConsentErrorKind::Unaudited => {
                "refused: the audit sink could not take the record of this use"
            }
            ConsentErrorKind::PurposeMismatch => {
                return write!(
                    f,
                    "purpose mismatch: expected a consent record for `{expected}`, found one for `{}`",
                    self.found.unwrap_or("another purpose")
                );
            }
            ConsentErrorKind::UnknownPurpose => {
                return write!(
                    f,
                    "consent record has an unknown purpose tag: expected `{expected}`"
                );
            }
        })
    }
}

impl core::error::Error for ConsentError {}

/// A use the audit sink could not record: refused as
/// [`Unaudited`](ConsentErrorKind::Unaudited).
impl From<crate::purposes::audit::Unaudited> for ConsentError {
    fn from(_: crate::purposes::audit::Unaudited) -> Self {
        Self::new(ConsentErrorKind::Unaudited)
    }
}

/// An error of `kind`: what a [`ConsentSource`](crate::ConsentSource)
/// answers.
impl From<ConsentErrorKind> for ConsentError {
    fn from(kind: ConsentErrorKind) -> Self {
        Self::new(kind)
    }
}
