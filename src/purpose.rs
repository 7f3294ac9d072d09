//! The purposes an identifier can be collected for.

use core::fmt::Debug;
use core::hash::Hash;

use crate::sealed;

/// The purpose an identifier was collected for.
///
/// A purpose is a type parameter of [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress). It decides which capabilities the
/// identifier has (see the [crate documentation](crate)) and is written into
/// the identifier's stored form as [`TAG`](Purpose::TAG).
///
/// The purposes are uninhabited enums: they exist only as types. The trait
/// carries the bounds that derives on generic wrappers need, so
/// `#[derive(Clone, Debug, PartialEq, Eq, Hash)]` works on a struct holding a
/// `PhoneNumber<P>`.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate: a purpose is a promise about every use of the identifier, and a new
/// one would escape the capability matrix.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, Purpose, TwoFactor};
///
/// assert_eq!(TwoFactor::TAG, "two_factor");
/// assert_eq!(Advertising::NAME, "Advertising");
/// ```
pub trait Purpose:
    sealed::SealedPurpose + Copy + Debug + Eq + Ord + Hash + Send + Sync + Unpin + 'static
{
    /// The purpose's tag in stored and wire forms: `"two_factor"`, `"marketing"`, …
    const TAG: &'static str;
    /// The purpose's type name, as `Debug` output and error messages show it.
    const NAME: &'static str;
}

/// A purpose whose identifiers are collected without a recorded consent.
///
/// Identifiers for these purposes are given by the user to secure or run their
/// account, so they can be parsed from bare input with
/// [`PhoneNumber::parse`](crate::PhoneNumber::parse),
/// [`EmailAddress::parse`](crate::EmailAddress::parse) and `FromStr`.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "identifiers for `{Self}` cannot be parsed from bare input",
    label = "`{Self}` requires a recorded consent",
    note = "collect them through the consent: `Consent::<{Self}>::new(record)?`, then `.parse_phone(input)`, `.parse_phone_with_region(input, region)` or `.parse_email(input)`",
    note = "`parse`, `parse_with_region` and `FromStr` exist only for `TwoFactor`, `AccountRecovery` and `AccountNotice`, which are collected without consent"
)]
pub trait CollectedWithoutConsent: Purpose {}

/// A purpose whose identifiers may be collected only through a recorded
/// [`Consent`](crate::Consent).
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a consent-based purpose",
    label = "a `Consent` exists only for `Marketing` and `Advertising`",
    note = "identifiers for `{Self}` are collected without consent: `PhoneNumber::<{Self}>::parse(input)` or `EmailAddress::<{Self}>::parse(input)`"
)]
pub trait RequiresConsent: Purpose {}

macro_rules! purposes {
    ($($(#[$doc:meta])* $name:ident = $tag:literal, $collection:ident;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {}

        #[diagnostic::do_not_recommend]
        impl sealed::SealedPurpose for $name {}

        impl Purpose for $name {
            const TAG: &'static str = $tag;
            const NAME: &'static str = stringify!($name);
        }

        #[diagnostic::do_not_recommend]
        impl $collection for $name {}
    )*};
}

purposes! {
    /// Collected as a second factor for signing in.
    ///
    /// Capability: [`SendOtp`](crate::SendOtp). Tag: `two_factor`.
    TwoFactor = "two_factor", CollectedWithoutConsent;
    /// Collected to let the owner back into a lost account.
    ///
    /// Capability: [`SendOtp`](crate::SendOtp). Tag: `account_recovery`.
    AccountRecovery = "account_recovery", CollectedWithoutConsent;
    /// Collected to tell the owner about their account: security alerts,
    /// receipts, changes of terms.
    ///
    /// Capability: [`SendAccountNotice`](crate::SendAccountNotice). Tag: `account_notice`.
    AccountNotice = "account_notice", CollectedWithoutConsent;
    /// Collected with a recorded consent to receive marketing.
    ///
    /// Capability: [`SendMarketing`](crate::SendMarketing). Tag: `marketing`.
    /// Collected only through a [`Consent<Marketing>`](crate::Consent).
    Marketing = "marketing", RequiresConsent;
    /// Collected with a recorded consent to be matched against advertising
    /// audiences.
    ///
    /// Capability: [`MatchAudience`](crate::MatchAudience). Tag: `advertising`.
    /// Collected only through a [`Consent<Advertising>`](crate::Consent).
    Advertising = "advertising", RequiresConsent;
}
