#![doc = include_str!("../README.md")]
#![no_std]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

extern crate alloc;
#[cfg(any(test, feature = "std"))]
extern crate std;

// The layers, bottom to top: each imports only the layers before it
// (`tests/test_layers.rs` checks it).

// Constant-time comparison, masked hints, stack strings, the clock.
mod primitives;

// The purpose × capability table, the seals and grants it makes, consent
// ids, the capability list.
mod purposes;

// Phone numbers and email addresses: parsing, canonical form, equality.
mod identifiers;

// Consent records and `Consent<P>`, the door into consent purposes.
mod consent;

// The stored and sealed forms, sealing and opening, audit events.
mod boundary;

// The keyring, its key material and statuses, the subkeys it derives, and
// one purpose's sealing keys as Tink keysets.
mod keys;

// Every capability that hands a raw value over, a folder each, on the
// transports they share.
mod capabilities;

// Serde, rusqlite and sqlx.
mod adapters;

#[cfg(test)]
mod assertions;

#[cfg(feature = "serde")]
pub use adapters::wire::intake::intake;
#[cfg(feature = "serde")]
pub use adapters::wire::stored;
#[cfg(feature = "seal")]
pub use boundary::seal::error::{OpenError, OpenErrorKind, SealError, SealErrorKind};
#[cfg(feature = "seal")]
pub use boundary::seal::sealed::Sealed;
#[cfg(feature = "seal")]
pub use boundary::seal::sealing_keys::SealingKeys;
pub use boundary::stored::{Stored, StoredForm, StoredFormError, StoredFormErrorKind};
pub use capabilities::audience::match_audience::{Audience, MatchAudience};
pub use capabilities::audience::match_key::{MatchKey, Platform};
pub use capabilities::discovery::be_found::BeFound;
pub use capabilities::discovery::discovery_key::{ContactLookup, DiscoveryKey};
pub use capabilities::discovery::find_contacts::FindContacts;
pub use capabilities::marketing::reassigned::{
    AsyncMarketingTransport, AsyncReassignedCheck, CheckedSms, MarketingTransport, ReassignedCheck,
    Reassignment,
};
pub use capabilities::marketing::send_marketing::SendMarketing;
pub use capabilities::notice::kinds::{AsNotice, Device, LegalDocument, Notice};
pub use capabilities::notice::send_account_notice::SendAccountNotice;
pub use capabilities::otp::challenge::{Attempt, Challenge, ChallengeError, ChallengeErrorKind};
pub use capabilities::otp::code::{OtpCode, OtpError, OtpErrorKind};
pub use capabilities::otp::send_otp::SendOtp;
pub use capabilities::transport::{
    AsyncTransport, DynAsyncTransport, Message, OwnedRecipient, Recipient, SendError, Transport,
};
pub use consent::error::{ConsentError, ConsentErrorKind};
pub use consent::record::{ConsentChannel, ConsentRecord};
pub use consent::source::ConsentSource;
pub use consent::{Consent, ConsentFromData};
pub use identifiers::email::{EmailAddress, EmailError, EmailErrorKind};
pub use identifiers::identifier::{Channel, Identifier, Mail, Sms};
pub use identifiers::phone::{NumberType, PhoneError, PhoneErrorKind, PhoneNumber};
pub use identifiers::region::{Region, RegionError};
pub use keys::keyring::{Keyring, KeyringError, KeyringErrorKind};
#[cfg(feature = "seal")]
pub use keys::keyset::{Keyset, KeysetError, KeysetErrorKind};
pub use keys::ledger::{LedgerKey, SubjectPseudonym};
pub use keys::lookup::{LookupDigest, LookupKey};
pub use keys::material::KeyMaterial;
pub use keys::status::KeyStatus;
pub use primitives::clock::Clock;
#[cfg(feature = "std")]
pub use primitives::clock::SystemClock;
pub use primitives::masked::Masked;
#[cfg(feature = "std")]
pub use purposes::audit::set_audit_sink;
pub use purposes::audit::{AuditEvent, AuditOutcome, AuditSink, Unaudited};
pub use purposes::capability::Capability;
pub use purposes::consent_id::ConsentId;
pub use purposes::markers::{
    AccountNotice, AccountRecovery, AdoptInto, Advertising, CollectedWithoutConsent, ContactUpload,
    Discoverable, GivenByOwner, Marketing, Purpose, RequiresConsent, TwoFactor, Within,
    WrittenImplicitly,
};
pub use purposes::subject::{
    MAX_SUBJECT_ID_LEN, Subject, SubjectError, SubjectErrorKind, SubjectTag, TagHex,
};

/// The `subtle` crate, whose [`ConstantTimeEq`](subtle::ConstantTimeEq) the
/// identifiers implement.
pub use subtle;
/// The `zeroize` crate, whose [`ZeroizeOnDrop`](zeroize::ZeroizeOnDrop) the
/// identifiers implement.
pub use zeroize;
