//! Capabilities: the only roads from an identifier to its raw value, each
//! granted by purpose in the purposes table (`purposes/markers.rs`), whose
//! names are the [`Capability`](crate::Capability) list
//! (`purposes/capability.rs`).
//!
//! Each capability has a room of its own: a folder holding its trait (a
//! file named as the trait), the inherent methods of `PhoneNumber` and
//! `EmailAddress` that forward to it, and the values it hands over. One-time
//! codes ([`otp`]: `SendOtp`, the code, challenges); account notices
//! ([`notice`]: `SendAccountNotice` and the kinds of notice); marketing
//! ([`marketing`]: `SendMarketing`); audience match keys ([`audience`]:
//! `MatchAudience`, match keys, platforms); contact discovery
//! ([`discovery`]: `BeFound`, `FindContacts`, discovery and lookup keys).
//! Below them all, the floor they share: the transports and recipients every
//! raw value leaves through ([`transport`]).
//!
//! May import: primitives, purposes, identifiers, consent, boundary, keys.

pub(crate) mod audience;
pub(crate) mod discovery;
pub(crate) mod marketing;
#[cfg(test)]
mod notes;
pub(crate) mod notice;
pub(crate) mod otp;
pub(crate) mod transport;
