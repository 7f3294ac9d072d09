//! Audit events: one `tracing` event for every hand-off of a raw value
//! (feature `tracing`), and for every use a consent refused.
//!
//! Every event has the target `purpose_bound::handoff` and the fields
//! `purpose` (the tag), `capability` (or `open` for a sealed value opened),
//! `via` (the channel, platform or key), `hint` (the masked identifier),
//! `consent` (its id, for consent purposes), `subject` (the keyed
//! pseudonym of the subject it is bound to, never the account id) and `outcome` (`handed_over`,
//! `transport_failed`, `refused`, `abandoned`, `opened`). None carries the
//! raw value. Blocking and async sends emit the same events. Without the
//! feature these functions compile to nothing.
//!
//! The events sit in the boundary, below the keyring and keysets whose
//! `open` calls emit `opened` (as `Consent::open` beside them does), and
//! below the capabilities that emit the rest.

use crate::consent::error::ConsentError;
use crate::identifiers::identifier::Identifier;
use crate::purposes::audit::{self as sink, AuditEvent, AuditOutcome, Unaudited};
use crate::purposes::capability::Capability;
#[cfg(feature = "tracing")]
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::Purpose;

/// How a hand-off ended: the `outcome` field of its event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Outcome {
    /// The transport took the value (or the match key was made).
    HandedOver,
    /// The transport had the value and reported an error.
    TransportFailed,
    /// The send was dropped before the transport answered: an async send
    /// cancelled at its `.await`, or a transport that panicked. The
    /// transport may have the value.
    Abandoned,
}

impl Outcome {
    #[cfg_attr(
        not(feature = "tracing"),
        expect(dead_code, reason = "read only by the audit events")
    )]
    const fn as_str(self) -> &'static str {
        match self {
            Self::HandedOver => "handed_over",
            Self::TransportFailed => "transport_failed",
            Self::Abandoned => "abandoned",
        }
    }
}

/// A raw value handed over for `capability` through `via`.
/// The sink's event for a use of `id`.
fn event<'a, I: Identifier>(
    id: &I,
    capability: Option<Capability>,
    via: &'a str,
    outcome: AuditOutcome,
) -> AuditEvent<'a> {
    AuditEvent {
        purpose: <I::Purpose as Purpose>::TAG,
        capability,
        via,
        subject: id.subject_tag(),
        consent: id.consent_id(),
        outcome,
    }
}

/// Records in the audit sink that `id` is about to be handed over by
/// `capability` to `via`: called before the value leaves, so that a sink
/// that cannot take the record refuses the hand-off.
pub(crate) fn before_handoff<I: Identifier>(
    id: &I,
    capability: Capability,
    via: &str,
) -> Result<(), Unaudited> {
    sink::record(&event(id, Some(capability), via, AuditOutcome::HandedOver))
}

/// Records in the audit sink, if it has room, that a transport failed the
/// hand-off of `id` recorded before it.
fn transport_failed<I: Identifier>(id: &I, capability: Capability, via: &str) {
    let _ = sink::record(&event(
        id,
        Some(capability),
        via,
        AuditOutcome::TransportFailed,
    ));
}

/// Records in the audit sink, if it has room, that a consent refused the
/// use of `id`.
fn refused_in_sink<I: Identifier>(id: &I, capability: Capability, via: &str, reason: ConsentError) {
    let outcome = AuditOutcome::Refused {
        reason: reason.kind().as_str(),
    };
    let _ = sink::record(&event(id, Some(capability), via, outcome));
}

/// A hand-off's outcome: a `tracing` event, and a sink record of a
/// transport's failure.
pub(crate) fn handoff<I: Identifier>(id: &I, capability: Capability, via: &str, outcome: Outcome) {
    if outcome == Outcome::TransportFailed {
        transport_failed(id, capability, via);
    }
    handoff_event(id, capability, via, outcome);
}

/// A refused use: a `tracing` event and a sink record.
pub(crate) fn refused<I: Identifier>(
    id: &I,
    capability: Capability,
    via: &str,
    reason: ConsentError,
) {
    refused_in_sink(id, capability, via, reason);
    refused_event(id, capability, via, reason);
}

#[cfg(feature = "tracing")]
fn handoff_event<I: Identifier>(id: &I, capability: Capability, via: &str, outcome: Outcome) {
    tracing::info!(
        target: "purpose_bound::handoff",
        purpose = <I::Purpose as Purpose>::TAG,
        capability = capability.as_str(),
        via,
        hint = %id.hint(),
        consent = id.consent_id().map(ConsentId::get),
        subject = id.subject_tag().map(|tag| tracing::field::display(tag.pseudonym())),
        outcome = outcome.as_str(),
    );
}

/// A use of `capability` through `via` that the consent refused: nothing
/// was handed over.
#[cfg(feature = "tracing")]
fn refused_event<I: Identifier>(id: &I, capability: Capability, via: &str, reason: ConsentError) {
    tracing::warn!(
        target: "purpose_bound::handoff",
        purpose = <I::Purpose as Purpose>::TAG,
        capability = capability.as_str(),
        via,
        hint = %id.hint(),
        consent = id.consent_id().map(ConsentId::get),
        subject = id.subject_tag().map(|tag| tracing::field::display(tag.pseudonym())),
        outcome = "refused",
        reason = %reason,
    );
}

/// A sealed value opened with key `key`.
#[cfg(all(feature = "tracing", feature = "seal"))]
pub(crate) fn opened<I: Identifier>(id: &I, key: u32) {
    tracing::info!(
        target: "purpose_bound::handoff",
        purpose = <I::Purpose as Purpose>::TAG,
        capability = "open",
        via = key,
        hint = %id.hint(),
        consent = id.consent_id().map(ConsentId::get),
        subject = id.subject_tag().map(|tag| tracing::field::display(tag.pseudonym())),
        outcome = "opened",
    );
}

#[cfg(not(feature = "tracing"))]
fn handoff_event<I>(_: &I, _: Capability, _: &str, _: Outcome) {}

#[cfg(not(feature = "tracing"))]
fn refused_event<I>(_: &I, _: Capability, _: &str, _: ConsentError) {}

#[cfg(all(not(feature = "tracing"), feature = "seal"))]
pub(crate) fn opened<I>(_: &I, _: u32) {}
