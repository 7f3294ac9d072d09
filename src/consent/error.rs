//! [`ConsentError`]: why a consent record, or a use under a consent, was
//! refused.

use core::fmt;

/// Why a consent record was refused, or why a use of an identifier under a
/// consent was.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing};
/// use std::time::Duration;
///
/// let record = ConsentRecord::new(
///     ConsentId::new(1).unwrap(), " ", Duration::from_secs(1_767_225_600),
///     "newsletter-v3", ConsentChannel::Web,
/// );
/// let err = Consent::<Marketing>::new(record).unwrap_err();
/// assert_eq!(err.to_string(), "consent record: the subject is empty");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsentError(pub(crate) ConsentErrorKind);

impl ConsentError {
    /// What is wrong.
    pub const fn kind(&self) -> ConsentErrorKind {
        self.0
    }
}

/// What is wrong with a consent record, or with a use under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsentErrorKind {
    /// The record's subject is empty or white space.
    EmptySubject,
    /// The record's wording is empty or white space.
    EmptyWording,
    /// The record expires, or was withdrawn, before it was given.
    EndsBeforeGiven,
    /// A consent channel's name is not one of [`ConsentChannel`](crate::ConsentChannel)'s.
    UnknownChannel,
    /// At the time of use the consent had not been given yet.
    NotYetGiven,
    /// At the time of use the consent had expired.
    Expired,
    /// At the time of use the consent had been withdrawn.
    Withdrawn,
    /// The identifier was collected under another consent: each is used
    /// only with its own.
    OtherConsent,
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            ConsentErrorKind::EmptySubject => "consent record: the subject is empty",
            ConsentErrorKind::EmptyWording => "consent record: the wording is empty",
            ConsentErrorKind::EndsBeforeGiven => "consent record: it ends before it was given",
            ConsentErrorKind::UnknownChannel => "unknown consent channel",
            ConsentErrorKind::NotYetGiven => "consent refused: not given yet at the time of use",
            ConsentErrorKind::Expired => "consent refused: expired",
            ConsentErrorKind::Withdrawn => "consent refused: withdrawn",
            ConsentErrorKind::OtherConsent => {
                "consent refused: the identifier was collected under another consent"
            }
        })
    }
}

impl core::error::Error for ConsentError {}
