//! Capabilities: the only roads from an identifier to its raw value, each
//! granted by purpose. The transports and recipients every capability
//! hands over through ([`transport`]); one-time codes ([`send_otp`],
//! [`otp`], [`challenge`]); account notices ([`notice`], and what they may
//! say, [`account_notice`]); marketing
//! ([`marketing`]); audience match keys ([`audience`], [`match_key`]); and
//! contact discovery ([`discovery`], [`discovery_key`]). Each file holds
//! its capability trait and the inherent methods of `PhoneNumber` and
//! `EmailAddress` that forward to it.
//!
//! May import: primitives, purposes, identifiers, consent, boundary, keys.

pub(crate) mod account_notice;
pub(crate) mod audience;
pub(crate) mod challenge;
pub(crate) mod discovery;
pub(crate) mod discovery_key;
pub(crate) mod marketing;
pub(crate) mod match_key;
pub(crate) mod notice;
pub(crate) mod otp;
pub(crate) mod send_otp;
pub(crate) mod transport;
