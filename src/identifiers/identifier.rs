//! What every kind of identifier is: the [`Identifier`] trait, the
//! [`Channel`] that reaches it, and its kind.

use crate::identifiers::email::EmailError;
use crate::identifiers::phone::PhoneError;
use crate::identifiers::sealed;
use crate::purposes::markers::Purpose;
use crate::purposes::sealed::Token;
use crate::purposes::subject::{Binding, Subject, SubjectError};

/// A kind of identifier: [`PhoneNumber<P>`](crate::PhoneNumber) or
/// [`EmailAddress<P>`](crate::EmailAddress).
///
/// It names the identifier's purpose and the [`Channel`] that reaches it, so
/// that code generic over identifiers can ask for the right [`Transport`](crate::Transport).
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
pub trait Identifier: sealed::SealedIdentifier {
    /// The purpose the identifier was collected for.
    type Purpose: Purpose;
    /// The channel that delivers messages to it: [`Sms`] or [`Mail`].
    type Channel: Channel;
    /// The same kind of identifier for the purpose `Q`: what
    /// [`Consent::adopt`](crate::Consent::adopt) and narrowing make.
    type As<Q: Purpose>: Identifier<Purpose = Q, Channel = Self::Channel>;

    /// The same value for another purpose. Only this crate can call it.
    #[doc(hidden)]
    fn rebind<Q: Purpose>(&self, _: Token, binding: Binding) -> Self::As<Q>;
}

/// Binds `id` to `subject`: the one road from a value bound to nobody to a
/// value of someone, for both kinds. A value bound to `subject` already
/// stays as it is; one bound to another subject is refused.
pub(crate) fn owned_by<I: Identifier>(id: I, subject: &Subject) -> Result<I, SubjectError> {
    let binding = id.binding();
    match binding.subject {
        Some(tag) if tag != subject.tag() => {
            binding.audit(
                "owned_by",
                <I::Purpose as Purpose>::TAG,
                id.hint(),
                "refused",
            );
            Err(SubjectError::bound_to_another())
        }
        Some(_) => Ok(id),
        None => {
            let binding = Binding::new(binding.consent, Some(subject.tag()));
            binding.audit("owned_by", <I::Purpose as Purpose>::TAG, id.hint(), "bound");
            Ok(id.rebound(Token(()), binding))
        }
    }
}

/// A channel that delivers messages to one kind of identifier: [`Sms`] to
/// phone numbers, [`Mail`] to email addresses.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
pub trait Channel: sealed::SealedChannel {
    /// The channel's name in audit events: `"sms"` or `"mail"`.
    const NAME: &'static str;
}

/// Text messages to phone numbers. The recipient a [`Transport<Sms>`](crate::Transport) is
/// given is in E.164 form: `+14155552671`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sms {}

/// Mail to email addresses. The recipient a [`Transport<Mail>`](crate::Transport) is given is
/// the canonical address: trimmed, domain lowercased.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mail {}

#[diagnostic::do_not_recommend]
impl sealed::SealedChannel for Sms {
    const TYPE_NAME: &'static str = "Sms";
}
#[diagnostic::do_not_recommend]
impl sealed::SealedChannel for Mail {
    const TYPE_NAME: &'static str = "Mail";
}
impl Channel for Sms {
    const NAME: &'static str = "sms";
}
impl Channel for Mail {
    const NAME: &'static str = "mail";
}

/// The kind of identifier, for messages and associated data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum IdentifierKind {
    /// A [`PhoneNumber`](crate::PhoneNumber).
    Phone,
    /// An [`EmailAddress`](crate::EmailAddress).
    Email,
}

impl IdentifierKind {
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Phone => "phone number",
            Self::Email => "email address",
        }
    }

    pub(crate) const fn with_article(self) -> &'static str {
        match self {
            Self::Phone => "a phone number",
            Self::Email => "an email address",
        }
    }
}

/// Why a canonical value was not read back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum InvalidValue {
    /// Not exactly the form the identifier writes.
    NotCanonical,
    /// The phone parser's error.
    Phone(PhoneError),
    /// The email parser's error.
    Email(EmailError),
}
