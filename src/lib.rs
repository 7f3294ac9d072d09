#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(test)]
extern crate std;

#[cfg(test)]
mod assertions;
mod capability;
mod consent;
mod email;
mod masked;
mod match_key;
mod otp;
mod phone;
mod purpose;
mod region;
mod sealed;
mod sha256;

pub use capability::{
    Channel, Identifier, Mail, MatchAudience, Message, SendAccountNotice, SendMarketing, SendOtp,
    Sms, Transport,
};
pub use consent::{Consent, ConsentChannel, ConsentError, ConsentRecord};
pub use email::{EmailAddress, EmailError, EmailErrorKind};
pub use masked::Masked;
pub use match_key::{MatchKey, Platform};
pub use otp::{OtpCode, OtpError, OtpErrorKind};
pub use phone::{PhoneError, PhoneErrorKind, PhoneNumber};
pub use purpose::{
    AccountNotice, AccountRecovery, Advertising, CollectedWithoutConsent, Marketing, Purpose,
    RequiresConsent, TwoFactor,
};
pub use region::{Region, RegionError};

/// The `subtle` crate, whose [`ConstantTimeEq`](subtle::ConstantTimeEq) the
/// identifiers implement.
pub use subtle;
/// The `zeroize` crate, whose [`ZeroizeOnDrop`](zeroize::ZeroizeOnDrop) the
/// identifiers implement.
pub use zeroize;
