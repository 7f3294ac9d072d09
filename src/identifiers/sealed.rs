//! The seals that keep identifier kinds and channels closed, and the
//! crate's private hooks into identifiers.
//!
//! [`Identifier`](crate::Identifier) and [`Channel`](crate::Channel) have a
//! supertrait here, in a module no other crate can name; the capability
//! traits are sealed through `Identifier`. Hooks that reach the raw value
//! take a [`Token`], which only this crate can make: a bound on a public
//! trait makes its supertraits' methods callable from any crate, so the
//! token, not the module's privacy, is what keeps them ours.

use crate::identifiers::identifier::{IdentifierKind, InvalidValue};
use crate::identifiers::phone::E164;
use crate::primitives::masked::Masked;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::sealed::Token;
use crate::purposes::subject::{Binding, SubjectTag};

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
    /// the purpose of `Self`, with `binding`.
    fn from_canonical(_: Token, value: &str, binding: Binding) -> Result<Self, InvalidValue>;

    /// Reads a canonical value that `with_canonical` wrote and an
    /// authenticated seal has vouched for since: checked for shape, not
    /// validated against the numbering plan or parsed again.
    #[cfg(feature = "seal")]
    fn from_sealed(_: Token, value: &str, binding: Binding) -> Result<Self, InvalidValue>;

    /// The consent the identifier was collected under and the subject it
    /// belongs to.
    fn binding(&self) -> Binding;

    /// The same identifier with another binding. Only this crate can call
    /// it, and it answers for the binding: see `identifier::bind`.
    fn rebound(self, _: Token, binding: Binding) -> Self;

    /// The consent the identifier was collected under, for consent purposes.
    fn consent_id(&self) -> Option<ConsentId> {
        self.binding().consent
    }

    /// The tag of the subject the identifier is bound to, if any.
    fn subject_tag(&self) -> Option<SubjectTag> {
        self.binding().subject
    }

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

#[cfg(test)]
mod tests {
    use super::Canonical;

    #[test]
    fn a_canonical_value_debugs_as_nothing_of_it() {
        let shown = alloc::format!("{:?}", Canonical::borrowed("ada@example.com"));
        assert_eq!(shown, "Canonical(..)");
    }
}
