//! Marketing: the [`SendMarketing`](crate::SendMarketing) capability
//! ([`send_marketing`]), under a live `Consent<Marketing>`.
//!
//! Granted in the purposes table to `Marketing`. A marketing send to a
//! phone number asks the application's reassigned-number check first
//! ([`reassigned`]): it goes through a [`CheckedSms`](crate::CheckedSms),
//! never a bare SMS gateway.

pub(crate) mod reassigned;
pub(crate) mod send_marketing;
