//! The seals that keep purposes, identifier kinds and channels closed, and
//! the crate's private hooks into identifiers.
//!
//! Each public trait that must not be implemented outside this crate has a
//! supertrait here, in a module no other crate can name. The capability
//! traits are sealed through [`Identifier`](crate::Identifier) and granted
//! through the markers below; `SendMarketing` and `MatchAudience` belong
//! to one consent purpose each, and are granted to it by name. Hooks that reach the raw value take a
//! [`Token`], which only this crate can make: a bound on a public trait
//! makes its supertraits' methods callable from any crate, so the token,
//! not the module's privacy, is what keeps them ours.

use crate::boundary::stored::{IdentifierKind, InvalidValue};
use crate::consent::ConsentId;
use crate::identifiers::phone::E164;
use crate::primitives::masked::Masked;

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

/// Seals [`Identifier`](crate::Identifier), and through it the capabilities.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of purpose-bound's identifiers",
    label = "identifier kinds and their capabilities are sealed",
    note = "only `PhoneNumber<P>` and `EmailAddress<P>` have capabilities, each the ones its purpose grants, so that an audit of this crate is an audit of every use an identifier can be put to"
)]
//
// `Send + Sync`: both kinds are, and the async capabilities hold `&self`
// across the transport's `.await`, so their futures are `Send` for every
// identifier.
pub trait SealedIdentifier: Sized + Send + Sync {
    /// Which kind of identifier, for messages and the sealed form.
    const KIND: IdentifierKind;

    /// The canonical value: E.164, or the canonical address. It lives as
    /// long as the borrow, so that an async send can hold it across an
    /// `.await`.
    fn canonical(&self, _: Token) -> Canonical<'_>;

    /// Calls `f` with the canonical value.
    fn with_canonical<R>(&self, token: Token, f: impl FnOnce(&str) -> R) -> R {
        f(self.canonical(token).as_str())
    }

    /// Reads a canonical value exactly as `with_canonical` writes it, for
    /// the purpose of `Self` and bound to `consent`.
    fn from_canonical(
        _: Token,
        value: &str,
        consent: Option<ConsentId>,
    ) -> Result<Self, InvalidValue>;

    /// Reads a canonical value that `with_canonical` wrote and an
    /// authenticated seal has vouched for since: checked for shape, not
    /// validated against the numbering plan or parsed again.
    #[cfg(feature = "seal")]
    fn from_sealed(_: Token, value: &str, consent: Option<ConsentId>)
    -> Result<Self, InvalidValue>;

    /// The consent the identifier was collected under, for consent purposes.
    fn consent_id(&self) -> Option<ConsentId>;

    /// A masked hint for logs and interfaces.
    fn hint(&self) -> Masked<'_>;
}

/// Seals [`Channel`](crate::Channel).
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of purpose-bound's channels",
    label = "channels are sealed",
    note = "the channels are `Sms` for phone numbers and `Mail` for email addresses"
)]
pub trait SealedChannel {
    /// The channel type's name, as `Debug` of a recipient shows it.
    const TYPE_NAME: &'static str;
}

/// An identifier's canonical value, borrowed from it or written on the
/// stack (E.164 from a phone number's digits), wiped on drop. No heap.
pub struct Canonical<'a>(CanonicalInner<'a>);

/// Shows nothing of the value.
impl core::fmt::Debug for Canonical<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Canonical(..)")
    }
}

enum CanonicalInner<'a> {
    Borrowed(&'a str),
    Inline(E164),
}

impl<'a> Canonical<'a> {
    pub(crate) fn borrowed(value: &'a str) -> Self {
        Self(CanonicalInner::Borrowed(value))
    }

    pub(crate) fn inline(value: E164) -> Self {
        Self(CanonicalInner::Inline(value))
    }

    pub(crate) fn as_str(&self) -> &str {
        match &self.0 {
            CanonicalInner::Borrowed(value) => value,
            CanonicalInner::Inline(value) => value.as_str(),
        }
    }
}

/// The purpose grants [`SendOtp`](crate::SendOtp).
pub trait GrantsOtp {}
/// The purpose grants [`SendAccountNotice`](crate::SendAccountNotice).
pub trait GrantsNotice {}

#[cfg(test)]
mod tests {
    use super::Canonical;

    #[test]
    fn a_canonical_value_debugs_as_nothing_of_it() {
        let shown = alloc::format!("{:?}", Canonical::borrowed("ada@example.com"));
        assert_eq!(shown, "Canonical(..)");
    }
}
