//! The seals that keep purposes, identifier kinds and channels closed.
//!
//! Each public trait that must not be implemented outside this crate has a
//! supertrait here, in a module no other crate can name. The capability
//! traits are sealed through [`Identifier`](crate::Identifier).

/// Seals [`Purpose`](crate::Purpose).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of purpose-bound's purposes",
    label = "purposes are sealed",
    note = "the purposes are `TwoFactor`, `AccountRecovery`, `AccountNotice`, `Marketing` and `Advertising`; they and their capabilities are fixed, so that an audit of this crate is an audit of every use an identifier can be put to"
)]
pub trait SealedPurpose {}

/// Seals [`Identifier`](crate::Identifier), and through it the capabilities.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of purpose-bound's identifiers",
    label = "identifier kinds and their capabilities are sealed",
    note = "only `PhoneNumber<P>` and `EmailAddress<P>` have capabilities, each the ones its purpose grants, so that an audit of this crate is an audit of every use an identifier can be put to"
)]
pub trait SealedIdentifier {}

/// Seals [`Channel`](crate::Channel).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of purpose-bound's channels",
    label = "channels are sealed",
    note = "the channels are `Sms` for phone numbers and `Mail` for email addresses"
)]
pub trait SealedChannel {}
