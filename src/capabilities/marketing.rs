//! Marketing: the [`SendMarketing`](crate::SendMarketing) capability
//! ([`send_marketing`]), under a live `Consent<Marketing>`.
//!
//! Granted in the purposes table to `Marketing`.

pub(crate) mod send_marketing;
