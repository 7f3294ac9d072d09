//! The audit sink: where the crate writes one event for every hand-off of
//! a raw value, adoption and refusal, so that an audit store can count
//! people ("how many accounts") with no span in the application.
//!
//! The sink sits with the purposes, below every layer that uses an
//! identifier, so that consents (which adopt) and the capabilities (which
//! hand values over and refuse) write to it alike. It speaks only of tags,
//! names and the subject's tag, never of a raw value.

use core::fmt;

use crate::purposes::capability::Capability;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::subject::SubjectTag;

/// What became of one use of an identifier.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AuditOutcome {
    /// The raw value (or a key made from it) was handed to the
    /// application's transport or returned to its caller. Written before
    /// the value leaves: a sink that refuses it refuses the hand-off.
    HandedOver,
    /// The transport the value was handed to reported a failure. Written
    /// after [`HandedOver`](Self::HandedOver) for the same use, if the sink
    /// has room.
    TransportFailed,
    /// An identifier was adopted into a consent purpose.
    Adopted,
    /// A consent refused the use; `reason` is the refusal's name, as
    /// [`ConsentErrorKind::as_str`](crate::ConsentErrorKind::as_str) gives it.
    Refused {
        /// The refusal's name: `withdrawn`, `another_subject`, ….
        reason: &'static str,
    },
}

impl AuditOutcome {
    /// The outcome's name: `handed_over`, `transport_failed`, `adopted` or
    /// `refused`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::HandedOver => "handed_over",
            Self::TransportFailed => "transport_failed",
            Self::Adopted => "adopted",
            Self::Refused { .. } => "refused",
        }
    }
}

/// One use of an identifier, as the crate tells an [`AuditSink`].
///
/// It carries the purpose and capability, the recipient (the channel a
/// transport declares, the platform of a match key, or the key of a
/// discovery key), the subject's tag (an unkeyed digest of the account id:
/// a sink stores a keyed pseudonym of it instead), the consent, and the
/// outcome. It never carries the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditEvent<'a> {
    /// The purpose's tag: `two_factor`, `advertising`, ….
    pub purpose: &'static str,
    /// The capability used, or `None` for an adoption.
    pub capability: Option<Capability>,
    /// Who received the value: a transport's channel name, a platform, a
    /// key; `unknown` where the crate cannot know.
    pub via: &'a str,
    /// The subject the identifier is bound to, if any.
    pub subject: Option<SubjectTag>,
    /// The consent the identifier was collected or adopted under.
    pub consent: Option<ConsentId>,
    /// What came of the use.
    pub outcome: AuditOutcome,
}

/// Where audit events go: an audit store's bounded queue, typically.
///
/// Installed once per process with [`set_audit_sink`]. The crate calls
/// [`record`](Self::record) for every hand-off *before* the value leaves,
/// and refuses the hand-off when it returns [`Unaudited`]: a sink whose
/// queue is full fails closed, so that no value leaves unaudited. Events
/// that follow a use (a transport's failure, a refusal) are recorded if the
/// sink has room, and a sink that drops one should count it.
///
/// `record` runs on the caller's thread, inside the capability: it must
/// not block on I/O.
pub trait AuditSink: Send + Sync {
    /// Takes one event.
    ///
    /// # Errors
    ///
    /// [`Unaudited`] when the sink cannot take the event now; for a
    /// [`HandedOver`](AuditOutcome::HandedOver) event this refuses the
    /// hand-off.
    fn record(&self, event: &AuditEvent<'_>) -> Result<(), Unaudited>;
}

/// An audit sink could not take an event, so the use it records was
/// refused: no raw value leaves unaudited.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Unaudited;

impl fmt::Display for Unaudited {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("refused: the audit sink could not take the record of this use")
    }
}

impl core::error::Error for Unaudited {}

#[cfg(feature = "std")]
static SINK: std::sync::OnceLock<&'static dyn AuditSink> = std::sync::OnceLock::new();

/// Installs the process's audit sink, once (feature `std`).
///
/// From then on every hand-off, adoption and refusal in the process is
/// recorded there, and a hand-off the sink refuses does not happen.
///
/// # Errors
///
/// Gives `sink` back if a sink is installed already: the first one stays,
/// so that no later call can stop the audit.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AuditEvent, AuditSink, Unaudited, set_audit_sink};
/// use std::sync::atomic::{AtomicUsize, Ordering};
///
/// struct Count(AtomicUsize);
/// impl AuditSink for Count {
///     fn record(&self, _: &AuditEvent<'_>) -> Result<(), Unaudited> {
///         self.0.fetch_add(1, Ordering::Relaxed);
///         Ok(())
///     }
/// }
///
/// static COUNT: Count = Count(AtomicUsize::new(0));
/// assert!(set_audit_sink(&COUNT).is_ok());
/// assert!(set_audit_sink(&COUNT).is_err());
/// ```
#[cfg(feature = "std")]
pub fn set_audit_sink(sink: &'static dyn AuditSink) -> Result<(), &'static dyn AuditSink> {
    SINK.set(sink)
}

/// Records `event` in the installed sink; `Ok` when there is none.
pub(crate) fn record(event: &AuditEvent<'_>) -> Result<(), Unaudited> {
    #[cfg(feature = "std")]
    if let Some(sink) = SINK.get() {
        return sink.record(event);
    }
    let _ = event;
    Ok(())
}
