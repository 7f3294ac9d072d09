#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(test)]
extern crate std;

#[cfg(test)]
mod assertions;
mod audit;
mod boundary;
mod capability;
mod challenge;
mod consent;
mod ct;
mod discovery;
mod email;
mod keyring;
#[cfg(feature = "seal")]
mod keyset;
mod masked;
mod match_key;
mod otp;
mod phone;
mod purpose;
mod region;
#[cfg(feature = "seal")]
mod seal;
mod sealed;
#[cfg(feature = "rusqlite")]
mod sql_rusqlite;
#[cfg(feature = "sqlx")]
mod sql_sqlx;
mod stack_str;
#[cfg(feature = "serde")]
mod wire;

pub use boundary::{Stored, StoredForm, StoredFormError, StoredFormErrorKind};
pub use capability::{
    AsyncTransport, Audience, BeFound, Capability, Channel, FindContacts, Identifier, Mail,
    MatchAudience, Message, OwnedRecipient, Recipient, SendAccountNotice, SendError, SendMarketing,
    SendOtp, Sms, Transport,
};
pub use challenge::{Challenge, ChallengeError, ChallengeErrorKind};
pub use consent::{
    Consent, ConsentChannel, ConsentError, ConsentErrorKind, ConsentId, ConsentRecord,
};
pub use discovery::{DiscoveryKey, LookupKey};
pub use email::{EmailAddress, EmailError, EmailErrorKind};
pub use keyring::{KeyMaterial, KeyStatus, Keyring, KeyringError, KeyringErrorKind};
#[cfg(feature = "seal")]
pub use keyset::{Keyset, KeysetError, KeysetErrorKind};
pub use masked::Masked;
pub use match_key::{MatchKey, Platform};
pub use otp::{OtpCode, OtpError, OtpErrorKind};
pub use phone::{NumberType, PhoneError, PhoneErrorKind, PhoneNumber};
pub use purpose::{
    AccountNotice, AccountRecovery, Advertising, CollectedWithoutConsent, ContactUpload,
    Discoverable, GivenByOwner, Marketing, Purpose, RequiresConsent, TwoFactor, Within,
    WrittenImplicitly,
};
pub use region::{Region, RegionError};
#[cfg(feature = "seal")]
pub use seal::{OpenError, OpenErrorKind, Sealed, SealingKeys};
#[cfg(feature = "serde")]
pub use wire::{intake, stored};

/// The `subtle` crate, whose [`ConstantTimeEq`](subtle::ConstantTimeEq) the
/// identifiers implement.
pub use subtle;
/// The `zeroize` crate, whose [`ZeroizeOnDrop`](zeroize::ZeroizeOnDrop) the
/// identifiers implement.
pub use zeroize;
