#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(test)]
extern crate std;

mod adapters;
#[cfg(test)]
mod assertions;
mod boundary;
mod capabilities;
mod consent;
mod identifiers;
mod primitives;
mod purposes;

#[cfg(feature = "serde")]
pub use adapters::wire::{intake, stored};
pub use boundary::keyring::{Keyring, KeyringError};
#[cfg(feature = "seal")]
pub use boundary::seal::{OpenError, OpenErrorKind, Sealed};
pub use boundary::stored::{Stored, StoredForm, StoredFormError, StoredFormErrorKind};
pub use capabilities::challenge::{Challenge, ChallengeError, ChallengeErrorKind};
pub use capabilities::discovery::DiscoveryKey;
pub use capabilities::match_key::{MatchKey, Platform};
pub use capabilities::otp::{OtpCode, OtpError, OtpErrorKind};
pub use capabilities::transport::{
    AsyncTransport, Audience, BeFound, Capability, Channel, FindContacts, Identifier, Mail,
    MatchAudience, Message, OwnedRecipient, Recipient, SendAccountNotice, SendError, SendMarketing,
    SendOtp, Sms, Transport,
};
pub use consent::{
    Consent, ConsentChannel, ConsentError, ConsentErrorKind, ConsentId, ConsentRecord,
};
pub use identifiers::email::{EmailAddress, EmailError, EmailErrorKind};
pub use identifiers::phone::{NumberType, PhoneError, PhoneErrorKind, PhoneNumber};
pub use identifiers::region::{Region, RegionError};
pub use primitives::masked::Masked;
pub use purposes::markers::{
    AccountNotice, AccountRecovery, Advertising, CollectedWithoutConsent, ContactUpload,
    Discoverable, GivenByOwner, Marketing, Purpose, RequiresConsent, TwoFactor, Within,
    WrittenImplicitly,
};

/// The `subtle` crate, whose [`ConstantTimeEq`](subtle::ConstantTimeEq) the
/// identifiers implement.
pub use subtle;
/// The `zeroize` crate, whose [`ZeroizeOnDrop`](zeroize::ZeroizeOnDrop) the
/// identifiers implement.
pub use zeroize;
