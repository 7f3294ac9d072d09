//! Capabilities: the only roads from an identifier to its raw value.

use crate::email::EmailAddress;
use crate::match_key::{MatchKey, Platform};
use crate::otp::OtpCode;
use crate::phone::PhoneNumber;
use crate::purpose::{AccountNotice, AccountRecovery, Advertising, Marketing, Purpose, TwoFactor};
use crate::sealed;

/// A kind of identifier: [`PhoneNumber<P>`] or [`EmailAddress<P>`].
///
/// It names the identifier's purpose and the [`Channel`] that reaches it, so
/// that code generic over identifiers can ask for the right [`Transport`].
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
pub trait Identifier: sealed::SealedIdentifier {
    /// The purpose the identifier was collected for.
    type Purpose: Purpose;
    /// The channel that delivers messages to it: [`Sms`] or [`Mail`].
    type Channel: Channel;
}

/// A channel that delivers messages to one kind of identifier: [`Sms`] to
/// phone numbers, [`Mail`] to email addresses.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
pub trait Channel: sealed::SealedChannel {}

/// Text messages to phone numbers. The recipient a [`Transport<Sms>`] is
/// given is in E.164 form: `+14155552671`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sms {}

/// Mail to email addresses. The recipient a [`Transport<Mail>`] is given is
/// the canonical address: trimmed, domain lowercased.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mail {}

#[diagnostic::do_not_recommend]
impl sealed::SealedChannel for Sms {}
#[diagnostic::do_not_recommend]
impl sealed::SealedChannel for Mail {}
impl Channel for Sms {}
impl Channel for Mail {}

/// The gateway that delivers messages over channel `C`: an SMS provider for
/// [`Sms`], a mail server or API for [`Mail`].
///
/// This is the one place where a raw phone number or address leaves its
/// [`PhoneNumber`] or [`EmailAddress`], and only when a capability sends to
/// it. Implement it for your gateway client; keep what it logs masked.
///
/// `send` is synchronous. An async service implements it by putting the
/// message on its outbox (a queue or channel) from which a task delivers it.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Message, OtpCode, PhoneNumber, SendOtp, Sms, Transport, TwoFactor};
///
/// /// Collects messages instead of sending them.
/// #[derive(Default)]
/// struct Outbox(Vec<(String, String)>);
///
/// impl Transport<Sms> for Outbox {
///     type Error = std::convert::Infallible;
///
///     fn send(&mut self, to: &str, message: Message<'_>) -> Result<(), Self::Error> {
///         let text = match message {
///             Message::OneTimeCode(code) => format!("Your code is {}", code.expose_secret()),
///             Message::Notice(text) | Message::Promotion(text) => text.to_owned(),
///             _ => return Ok(()),
///         };
///         self.0.push((to.to_owned(), text));
///         Ok(())
///     }
/// }
///
/// let phone = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671")?;
/// let code = OtpCode::generate(6)?;
/// let mut outbox = Outbox::default();
/// phone.send_otp(&mut outbox, &code)?;
/// assert_eq!(outbox.0[0].0, "+14155552671");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Transport<C: Channel> {
    /// What the gateway reports when it cannot deliver.
    type Error;

    /// Delivers `message` to `to`.
    ///
    /// # Errors
    ///
    /// Whatever the gateway reports when it cannot deliver.
    fn send(&mut self, to: &str, message: Message<'_>) -> Result<(), Self::Error>;
}

/// What a [`Transport`] is asked to deliver, and why: the kind of message
/// lets a gateway pick its sender, template and opt-out footer.
///
/// `Debug` shows only the kind of message.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Message<'a> {
    /// A one-time code, sent by [`SendOtp`]; the transport puts
    /// [`OtpCode::expose_secret`] into its template.
    OneTimeCode(&'a OtpCode),
    /// A notice about the account, sent by [`SendAccountNotice`]: the text,
    /// or a template key the transport knows.
    Notice(&'a str),
    /// Marketing (a promotion), sent by [`SendMarketing`]: the text, or a template key the
    /// transport knows.
    Promotion(&'a str),
}

impl core::fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            Self::OneTimeCode(_) => "Message::OneTimeCode(..)",
            Self::Notice(_) => "Message::Notice(..)",
            Self::Promotion(_) => "Message::Promotion(..)",
        })
    }
}

/// May be sent a one-time code: identifiers collected for [`TwoFactor`] and
/// [`AccountRecovery`].
///
/// The method is also inherent on [`PhoneNumber`] and [`EmailAddress`], so
/// it can be called without importing this trait.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{EmailAddress, SendOtp, TwoFactor};
///
/// fn needs_otp<I: SendOtp>(_: &I) {}
/// needs_otp(&EmailAddress::<TwoFactor>::parse("ada@example.com")?);
/// # Ok::<(), purpose_bound::EmailError>(())
/// ```
///
/// An identifier collected for anything else does not compile:
///
/// ```compile_fail,E0277
/// use purpose_bound::{Consent, PhoneNumber, SendOtp, Marketing};
///
/// fn needs_otp<I: SendOtp>(_: &I) {}
/// fn check(phone: PhoneNumber<Marketing>) {
///     needs_otp(&phone);
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` may not be sent one-time codes",
    label = "not collected for two-factor authentication or account recovery",
    note = "one-time codes go only to identifiers collected for `TwoFactor` or `AccountRecovery`: ask the user for one, e.g. `PhoneNumber::<TwoFactor>::parse(input)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`"
)]
pub trait SendOtp: Identifier {
    /// Sends `code` through `transport`.
    ///
    /// # Errors
    ///
    /// The transport's error when it cannot deliver.
    fn send_otp<T: Transport<Self::Channel> + ?Sized>(
        &self,
        transport: &mut T,
        code: &OtpCode,
    ) -> Result<(), T::Error>;
}

/// May be sent notices about the account: identifiers collected for
/// [`AccountNotice`].
///
/// The method is also inherent on [`PhoneNumber`] and [`EmailAddress`], so
/// it can be called without importing this trait.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AccountNotice, EmailAddress, SendAccountNotice};
///
/// fn needs_notice<I: SendAccountNotice>(_: &I) {}
/// needs_notice(&EmailAddress::<AccountNotice>::parse("ada@example.com")?);
/// # Ok::<(), purpose_bound::EmailError>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` may not be sent account notices",
    label = "not collected for account notices",
    note = "account notices go only to identifiers collected for `AccountNotice`: ask the user for one, e.g. `EmailAddress::<AccountNotice>::parse(input)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`"
)]
pub trait SendAccountNotice: Identifier {
    /// Sends `notice` (its text, or a template key the transport knows)
    /// through `transport`.
    ///
    /// # Errors
    ///
    /// The transport's error when it cannot deliver.
    fn send_account_notice<T: Transport<Self::Channel> + ?Sized>(
        &self,
        transport: &mut T,
        notice: &str,
    ) -> Result<(), T::Error>;
}

/// May be sent marketing: identifiers collected through a recorded
/// [`Consent<Marketing>`](crate::Consent).
///
/// The method is also inherent on [`PhoneNumber`] and [`EmailAddress`], so
/// it can be called without importing this trait.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{EmailAddress, Marketing, SendMarketing};
///
/// fn needs_marketing<I: SendMarketing>(_: &I) {}
/// fn check(email: EmailAddress<Marketing>) {
///     needs_marketing(&email);
/// }
/// ```
///
/// A two-factor number is not a marketing number:
///
/// ```compile_fail,E0277
/// use purpose_bound::{PhoneNumber, SendMarketing, TwoFactor};
///
/// fn needs_marketing<I: SendMarketing>(_: &I) {}
/// fn check(phone: PhoneNumber<TwoFactor>) {
///     needs_marketing(&phone);
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` may not be sent marketing",
    label = "not collected with consent to marketing",
    note = "marketing goes only to identifiers collected with a recorded consent: `Consent::<Marketing>::new(record)?`, then `.parse_phone(input)` or `.parse_email(input)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`"
)]
pub trait SendMarketing: Identifier {
    /// Sends `content` (its text, or a template key the transport knows)
    /// through `transport`.
    ///
    /// # Errors
    ///
    /// The transport's error when it cannot deliver.
    fn send_marketing<T: Transport<Self::Channel> + ?Sized>(
        &self,
        transport: &mut T,
        content: &str,
    ) -> Result<(), T::Error>;
}

/// May be matched against an advertising audience: identifiers collected
/// through a recorded [`Consent<Advertising>`](crate::Consent).
///
/// The method is also inherent on [`PhoneNumber`] and [`EmailAddress`], so
/// it can be called without importing this trait.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, MatchAudience, MatchKey, Platform};
///
/// fn audience<I: MatchAudience>(ids: &[I]) -> Vec<MatchKey> {
///     ids.iter().map(|id| id.match_key(Platform::Meta)).collect()
/// }
/// ```
///
/// Numbers given for two-factor authentication never reach an audience:
///
/// ```compile_fail,E0277
/// use purpose_bound::{MatchAudience, MatchKey, Platform, PhoneNumber, TwoFactor};
///
/// fn audience<I: MatchAudience>(ids: &[I]) -> Vec<MatchKey> {
///     ids.iter().map(|id| id.match_key(Platform::Meta)).collect()
/// }
/// fn check(phones: Vec<PhoneNumber<TwoFactor>>) {
///     audience(&phones);
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` may not be matched against an advertising audience",
    label = "not collected with consent to advertising",
    note = "audience match keys come only from identifiers collected with a recorded consent: `Consent::<Advertising>::new(record)?`, then `.parse_phone(input)` or `.parse_email(input)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`"
)]
pub trait MatchAudience: Identifier {
    /// The key `platform` matches this identifier by: SHA-256 of the
    /// platform's normalization, in lowercase hex. See [`Platform`].
    fn match_key(&self, platform: Platform) -> MatchKey;
}

#[diagnostic::do_not_recommend]
impl<P: Purpose> sealed::SealedIdentifier for PhoneNumber<P> {}
#[diagnostic::do_not_recommend]
impl<P: Purpose> sealed::SealedIdentifier for EmailAddress<P> {}

impl<P: Purpose> Identifier for PhoneNumber<P> {
    type Purpose = P;
    type Channel = Sms;
}

impl<P: Purpose> Identifier for EmailAddress<P> {
    type Purpose = P;
    type Channel = Mail;
}

/// The capability matrix: each impl hands the raw value to exactly one road.
macro_rules! grant {
    ($capability:ident :: $method:ident ($arg:ident : $ty:ty) => $message:expr; $($purpose:ty),+) => {$(
        #[diagnostic::do_not_recommend]
        impl $capability for PhoneNumber<$purpose> {
            fn $method<T: Transport<Sms> + ?Sized>(&self, transport: &mut T, $arg: $ty) -> Result<(), T::Error> {
                transport.send(self.e164().as_str(), $message)
            }
        }

        #[diagnostic::do_not_recommend]
        impl $capability for EmailAddress<$purpose> {
            fn $method<T: Transport<Mail> + ?Sized>(&self, transport: &mut T, $arg: $ty) -> Result<(), T::Error> {
                transport.send(self.as_str(), $message)
            }
        }
    )+};
}

grant!(SendOtp::send_otp(code: &OtpCode) => Message::OneTimeCode(code); TwoFactor, AccountRecovery);
grant!(SendAccountNotice::send_account_notice(notice: &str) => Message::Notice(notice); AccountNotice);
grant!(SendMarketing::send_marketing(content: &str) => Message::Promotion(content); Marketing);

#[diagnostic::do_not_recommend]
impl MatchAudience for PhoneNumber<Advertising> {
    fn match_key(&self, platform: Platform) -> MatchKey {
        let e164 = self.e164();
        MatchKey::of_phone(&e164, platform)
    }
}

#[diagnostic::do_not_recommend]
impl MatchAudience for EmailAddress<Advertising> {
    fn match_key(&self, platform: Platform) -> MatchKey {
        MatchKey::of_email(self.as_str(), platform)
    }
}
