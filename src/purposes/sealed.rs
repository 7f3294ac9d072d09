//! The seals that keep purposes closed, and the grants of the capabilities.
//!
//! [`Purpose`](crate::Purpose) has a supertrait here, in a module no other
//! crate can name. Every capability trait is implemented for the
//! identifiers whose purpose has its grant ([`grants`], one trait a line of
//! the capability list), and the purposes table
//! (`purposes/markers.rs`) gives each purpose its grants. [`Token`] is the
//! proof, asked for by every hook that reaches an identifier's raw value,
//! that a call comes from this crate.

use crate::purposes::capability::Capability;

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
    /// The capabilities the purposes table grants the purpose.
    const GRANTS: &'static [Capability];
}

/// The grants: a purpose has `grants::SendOtp` exactly when its row of the
/// purposes table grants [`SendOtp`](crate::SendOtp), and so on for every
/// line of the capability list.
pub(crate) mod grants {
    macro_rules! grant_traits {
        (() $($(#[$doc:meta])* $name:ident = $str:literal, uses: $uses:literal, method: $method:ident;)*) => {$(
            #[doc = concat!("The purpose grants `", stringify!($name), "`.")]
            pub trait $name {}
        )*};
    }

    crate::purposes::capability::capability_list!(grant_traits);
}
