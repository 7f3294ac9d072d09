//! One-time codes: the [`SendOtp`](crate::SendOtp) capability
//! ([`send_otp`]), the code it sends ([`code`]), and the challenges that
//! verify it later, in another process ([`challenge`]).
//!
//! Granted in the purposes table to `TwoFactor` and `AccountRecovery`.

pub(crate) mod challenge;
pub(crate) mod code;
pub(crate) mod send_otp;
