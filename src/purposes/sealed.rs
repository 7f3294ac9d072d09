//! The seals that keep purposes closed, and the grants of the capabilities
//! that more than one purpose has.
//!
//! [`Purpose`](crate::Purpose) has a supertrait here, in a module no other
//! crate can name. The capability traits are granted through the markers
//! below; `SendMarketing` and `MatchAudience` belong to one consent purpose
//! each, and are granted to it by name. [`Token`] is the proof, asked for by
//! every hook that reaches an identifier's raw value, that a call comes from
//! this crate.

/// Proof that a call comes from this crate.
#[derive(Clone, Copy, Debug)]
pub struct Token(pub(crate) ());

/// Seals [`Purpose`](crate::Purpose).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of purpose-bound's purposes",
    label = "purposes are sealed",
    note = "the purposes are `TwoFactor`, `AccountRecovery`, `AccountNotice`, `Marketing`, `Advertising`, `ContactUpload` and `Discoverable`, and sets of the first three in that order, such as `(TwoFactor, AccountNotice)`; they and their capabilities are fixed, so that an audit of this crate is an audit of every use an identifier can be put to"
)]
pub trait SealedPurpose {
    /// Whether identifiers for the purpose are sent one-time codes, so that
    /// numbers which cannot take one are refused at parse.
    const RECEIVES_CODES: bool;
    /// Whether identifiers for the purpose are collected, stored and used
    /// under a [`Consent`](crate::Consent), whose id they carry.
    const REQUIRES_CONSENT: bool;
}

/// The purpose grants [`SendOtp`](crate::SendOtp).
pub trait GrantsOtp {}
/// The purpose grants [`SendAccountNotice`](crate::SendAccountNotice).
pub trait GrantsNotice {}
