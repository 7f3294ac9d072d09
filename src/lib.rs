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
mod ct;
mod email;
mod masked;
mod match_key;
mod otp;
mod phone;
mod purpose;
mod region;
mod sealed;
#[cfg(feature = "rusqlite")]
mod sql_rusqlite;
#[cfg(feature = "sqlx")]
mod sql_sqlx;
mod stack_str;
#[cfg(any(feature = "serde", feature = "rusqlite", feature = "sqlx"))]
mod stored;
#[cfg(feature = "serde")]
mod wire;

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
#[cfg(any(feature = "serde", feature = "rusqlite", feature = "sqlx"))]
pub use stored::{StoredFormError, StoredFormErrorKind};
#[cfg(feature = "serde")]
pub use wire::intake;

/// The `subtle` crate, whose [`ConstantTimeEq`](subtle::ConstantTimeEq) the
/// identifiers implement.
pub use subtle;
/// The `zeroize` crate, whose [`ZeroizeOnDrop`](zeroize::ZeroizeOnDrop) the
/// identifiers implement.
pub use zeroize;
