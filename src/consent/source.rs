//! [`ConsentSource`]: the system of record a consent re-checks at each use.

use core::time::Duration;

use crate::consent::error::ConsentError;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::subject::SubjectTag;

/// Where a consent's state is kept, asked again at every use of a consent
/// made by [`Consent::from_source`](crate::Consent::from_source).
///
/// A consent ledger implements it, so that a withdrawal recorded there
/// stops every later use of every copy of the consent, in every process
/// that shares the ledger, however old the record a consent was made from.
/// A [`Consent::new`](crate::Consent::new) has no source: it believes its
/// record, and a copy of the record made before a withdrawal stays live.
///
/// The capabilities are synchronous, so `check` is too: it must answer
/// from a local read (an indexed row of an embedded database, an
/// in-process view a listener keeps current), not a round trip that may
/// hang.
pub trait ConsentSource: Send + Sync {
    /// Whether the consent `consent` of the subject tagged `subject`, for
    /// the purpose tagged `purpose`, is live at `at` (a duration since the
    /// Unix epoch), as the system of record says now.
    ///
    /// # Errors
    ///
    /// A [`ConsentError`] saying why not:
    /// [`Withdrawn`](crate::ConsentErrorKind::Withdrawn),
    /// [`Invalidated`](crate::ConsentErrorKind::Invalidated) (the
    /// identifier it was given for changed hands),
    /// [`Expired`](crate::ConsentErrorKind::Expired), or
    /// [`SourceUnavailable`](crate::ConsentErrorKind::SourceUnavailable)
    /// when the record cannot be read, or is not there: a consent that
    /// cannot be checked is refused.
    fn check(
        &self,
        purpose: &'static str,
        consent: ConsentId,
        subject: SubjectTag,
        at: Duration,
    ) -> Result<(), ConsentError>;
}
