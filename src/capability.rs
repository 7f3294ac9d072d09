//! Capabilities: the only roads from an identifier to its raw value.
//!
//! Each capability is written once, for every kind of identifier and for
//! both kinds of transport, blocking ([`Transport`]) and async
//! ([`AsyncTransport`]). Every raw value it hands over leaves through a
//! [`Handoff`] as a [`Recipient`].

use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;
use core::time::Duration;

use zeroize::Zeroizing;

use crate::audit::Outcome;
use crate::boundary::IdentifierKind;
use crate::consent::{Consent, ConsentError, ConsentId};
use crate::discovery::{DiscoveryKey, LookupKey};
use crate::keyring::Keyring;
use crate::masked::Masked;
use crate::match_key::{MatchKey, Platform};
use crate::otp::OtpCode;
use crate::purpose::{
    Advertising, ContactUpload, Discoverable, Marketing, Purpose, RequiresConsent,
};
use crate::sealed::{self, Canonical, Token};

/// A kind of identifier: [`PhoneNumber<P>`](crate::PhoneNumber) or
/// [`EmailAddress<P>`](crate::EmailAddress).
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
    /// The same kind of identifier for the purpose `Q`: what
    /// [`Consent::adopt`] and narrowing make.
    type As<Q: Purpose>: Identifier<Purpose = Q, Channel = Self::Channel>;

    /// The same value for another purpose. Only this crate can call it.
    #[doc(hidden)]
    fn rebind<Q: Purpose>(&self, _: Token, consent: Option<ConsentId>) -> Self::As<Q>;
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

/// Text messages to phone numbers. The recipient a [`Transport<Sms>`] is
/// given is in E.164 form: `+14155552671`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Sms {}

/// Mail to email addresses. The recipient a [`Transport<Mail>`] is given is
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

/// A capability: the use an identifier's raw value is handed over for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Capability {
    /// A one-time code, by [`SendOtp`].
    OneTimeCode,
    /// An account notice, by [`SendAccountNotice`].
    Notice,
    /// Marketing, by [`SendMarketing`].
    Promotion,
    /// An audience match key, by [`MatchAudience`].
    AudienceMatch,
    /// A discovery key of an identifier its owner let be found, by
    /// [`BeFound`].
    Discovery,
    /// A lookup key of an uploaded contact, by [`FindContacts`].
    ContactLookup,
}

impl Capability {
    /// The capability's name in audit events: `"send_otp"`,
    /// `"send_account_notice"`, `"send_marketing"`, `"match_audience"`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(purpose_bound::Capability::OneTimeCode.as_str(), "send_otp");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::OneTimeCode => "send_otp",
            Self::Notice => "send_account_notice",
            Self::Promotion => "send_marketing",
            Self::AudienceMatch => "match_audience",
            Self::Discovery => "be_found",
            Self::ContactLookup => "find_contacts",
        }
    }
}

/// The raw recipient a [`Transport`] delivers to, with why it is handed
/// over: the purpose it was collected for, the capability, and the consent
/// where there is one.
///
/// `Debug` is masked and there is no `Display`: a gateway's own logging of
/// the recipient shows `Recipient<Sms>(two_factor, send_otp, +44 •••• ••58)`,
/// and for a consent purpose the consent too:
/// `Recipient<Mail>(marketing, send_marketing, a•••@e•••.com, consent 7)`.
/// [`expose_secret`](Self::expose_secret) is the one way to the raw value,
/// for the gateway's API call; [`to_owned`](Self::to_owned) keeps it, wiped
/// on drop, for an outbox or a queue.
///
/// It is `Send` and `Sync`, so an [`AsyncTransport`] may hold it across an
/// `.await` and its future stays `Send`.
pub struct Recipient<'a, C: Channel> {
    raw: &'a str,
    hint: Masked<'a>,
    purpose: &'static str,
    capability: Capability,
    consent: Option<ConsentId>,
    /// `fn() -> C`: the channel is a name, never a value held, so the
    /// recipient is `Send` and `Sync` for every channel, also in code
    /// generic over it.
    channel: PhantomData<fn() -> C>,
}

impl<'a, C: Channel> Recipient<'a, C> {
    /// The raw recipient: E.164 for [`Sms`], the canonical address for
    /// [`Mail`]. Hand it to the gateway's API, and to nothing else.
    pub fn expose_secret(&self) -> &'a str {
        self.raw
    }

    /// The masked hint, for logs: `+44 •••• ••58`, `a•••@e•••.com`.
    pub fn masked(&self) -> Masked<'a> {
        self.hint
    }

    /// The tag of the purpose the recipient was collected for.
    pub fn purpose(&self) -> &'static str {
        self.purpose
    }

    /// The capability it is handed over for.
    pub fn capability(&self) -> Capability {
        self.capability
    }

    /// The consent it was collected under, for consent purposes.
    pub fn consent(&self) -> Option<ConsentId> {
        self.consent
    }

    /// An owned copy for an outbox or a queue, wiped on drop.
    pub fn to_owned(&self) -> OwnedRecipient<C> {
        let mut hint = String::new();
        // Cannot fail: writing to a `String`.
        let _ = fmt::Write::write_fmt(&mut hint, format_args!("{}", self.hint));
        OwnedRecipient {
            raw: Zeroizing::new(String::from(self.raw)),
            hint,
            purpose: self.purpose,
            capability: self.capability,
            consent: self.consent,
            channel: PhantomData,
        }
    }
}

impl<C: Channel> fmt::Debug for Recipient<'_, C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_recipient::<C>(
            f,
            "Recipient",
            self.purpose,
            self.capability,
            &self.hint,
            self.consent,
        )
    }
}

/// `Recipient<Sms>(two_factor, send_otp, +44 •••• ••58)`, with
/// `, consent 7` before the parenthesis closes where there is a consent.
fn debug_recipient<C: Channel>(
    f: &mut fmt::Formatter<'_>,
    name: &str,
    purpose: &str,
    capability: Capability,
    hint: &dyn fmt::Display,
    consent: Option<ConsentId>,
) -> fmt::Result {
    write!(
        f,
        "{name}<{}>({purpose}, {}, {hint}",
        <C as sealed::SealedChannel>::TYPE_NAME,
        capability.as_str(),
    )?;
    if let Some(consent) = consent {
        write!(f, ", consent {consent}")?;
    }
    f.write_str(")")
}

/// A [`Recipient`] kept for later delivery, as an outbox or a queue holds
/// it: the raw value is wiped on drop, `Debug` is masked.
pub struct OwnedRecipient<C: Channel> {
    raw: Zeroizing<String>,
    hint: String,
    purpose: &'static str,
    capability: Capability,
    consent: Option<ConsentId>,
    /// `fn() -> C`: the channel is a name, never a value held, so the
    /// recipient is `Send` and `Sync` for every channel, also in code
    /// generic over it.
    channel: PhantomData<fn() -> C>,
}

impl<C: Channel> OwnedRecipient<C> {
    /// The raw recipient, for the gateway's API call.
    pub fn expose_secret(&self) -> &str {
        &self.raw
    }

    /// The masked hint, for logs.
    pub fn masked(&self) -> &str {
        &self.hint
    }

    /// The tag of the purpose the recipient was collected for.
    pub fn purpose(&self) -> &'static str {
        self.purpose
    }

    /// The capability it is handed over for.
    pub fn capability(&self) -> Capability {
        self.capability
    }

    /// The consent it was collected under, for consent purposes.
    pub fn consent(&self) -> Option<ConsentId> {
        self.consent
    }
}

/// The raw value is a [`Zeroizing`] buffer.
impl<C: Channel> zeroize::ZeroizeOnDrop for OwnedRecipient<C> {}

impl<C: Channel> fmt::Debug for OwnedRecipient<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        debug_recipient::<C>(
            f,
            "OwnedRecipient",
            self.purpose,
            self.capability,
            &self.hint,
            self.consent,
        )
    }
}

/// The gateway that delivers messages over channel `C`: an SMS provider for
/// [`Sms`], a mail server or API for [`Mail`].
///
/// This is where a raw phone number or address leaves its identifier, and
/// only when a capability sends to it: the gateway gets a [`Recipient`],
/// whose [`expose_secret`](Recipient::expose_secret) it passes to its API.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Message, OtpCode, PhoneNumber, Recipient, Sms, Transport, TwoFactor};
///
/// /// Collects messages instead of sending them.
/// #[derive(Default)]
/// struct Outbox(Vec<(String, String)>);
///
/// impl Transport<Sms> for Outbox {
///     type Error = std::convert::Infallible;
///
///     fn send(&mut self, to: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), Self::Error> {
///         let text = match message {
///             Message::OneTimeCode(code) => format!("Your code is {}", code.expose_secret()),
///             Message::Notice(text) | Message::Promotion(text) => text.to_owned(),
///             _ => return Ok(()),
///         };
///         self.0.push((to.expose_secret().to_owned(), text));
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
    fn send(&mut self, to: Recipient<'_, C>, message: Message<'_>) -> Result<(), Self::Error>;
}

/// The async form of [`Transport`]: a gateway reached over the network
/// from an async runtime, such as an SMS provider's HTTP API called with an
/// async HTTP client.
///
/// Each capability has an async method beside the blocking one
/// ([`send_otp_async`](SendOtp::send_otp_async),
/// [`send_account_notice_async`](SendAccountNotice::send_account_notice_async),
/// [`send_marketing_async`](SendMarketing::send_marketing_async)) that
/// hands the raw value over exactly as the blocking one does, with the same
/// audit event, and awaits the transport.
///
/// The future `send` returns must be `Send`, and so are the futures of the
/// async capabilities when the transport is: they can be spawned on a
/// multi-threaded runtime. Implement it with an `async fn`; a [`Recipient`]
/// may be held across `.await`.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AsyncTransport, Message, OtpCode, PhoneNumber, Recipient, Sms, TwoFactor};
///
/// /// An SMS provider's HTTP API, reached with an async client.
/// struct SmsApi {
///     sent: Vec<String>,
/// }
///
/// impl AsyncTransport<Sms> for SmsApi {
///     type Error = std::io::Error;
///
///     async fn send(&mut self, to: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), Self::Error> {
///         let Message::OneTimeCode(code) = message else {
///             return Ok(());
///         };
///         // POST {"to": to.expose_secret(), "code": code.expose_secret()}, and await the answer.
///         let _ = code.expose_secret();
///         self.sent.push(to.expose_secret().to_owned());
///         Ok(())
///     }
/// }
///
/// async fn sign_in(phone: &PhoneNumber<TwoFactor>, api: &mut SmsApi) -> Result<OtpCode, Box<dyn std::error::Error>> {
///     let code = OtpCode::generate(6)?;
///     phone.send_otp_async(api, &code).await?;
///     Ok(code)
/// }
///
/// // The future is `Send`: it can be spawned on a multi-threaded runtime.
/// fn assert_send<F: Future + Send>(future: F) -> F {
///     future
/// }
/// let phone = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671")?;
/// let mut api = SmsApi { sent: Vec::new() };
/// let _ = assert_send(phone.send_otp_async(&mut api, &OtpCode::generate(6)?));
/// # let _ = sign_in;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait AsyncTransport<C: Channel> {
    /// What the gateway reports when it cannot deliver.
    type Error;

    /// Delivers `message` to `to`.
    ///
    /// # Errors
    ///
    /// Whatever the gateway reports when it cannot deliver.
    fn send(
        &mut self,
        to: Recipient<'_, C>,
        message: Message<'_>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send;
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
    /// Marketing (a promotion), sent by [`SendMarketing`]: the text, or a
    /// template key the transport knows.
    Promotion(&'a str),
}

impl fmt::Debug for Message<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::OneTimeCode(_) => "Message::OneTimeCode(..)",
            Self::Notice(_) => "Message::Notice(..)",
            Self::Promotion(_) => "Message::Promotion(..)",
        })
    }
}

/// Why a send under a consent did not happen: the consent refused it, or
/// the transport failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendError<E> {
    /// The consent was not live at the time of use, or was another one.
    Consent(ConsentError),
    /// The transport's own error.
    Transport(E),
}

impl<E: fmt::Display> fmt::Display for SendError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Consent(err) => fmt::Display::fmt(err, f),
            Self::Transport(err) => write!(f, "transport: {err}"),
        }
    }
}

impl<E: core::error::Error + 'static> core::error::Error for SendError<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Consent(err) => Some(err),
            Self::Transport(err) => Some(err),
        }
    }
}

/// One hand-off of an identifier's raw value to a transport: the one place
/// a capability sends. It builds the [`Recipient`] and emits the audit
/// event once the transport has answered; blocking and async sends differ
/// only in awaiting the answer ([`deliver`], [`deliver_async`]).
///
/// Dropped before the answer (an async send cancelled while the transport
/// was awaited, or a transport that panicked), it still emits the event,
/// as abandoned: the transport may have the value.
struct Handoff<'a, I: Identifier> {
    id: &'a I,
    raw: Canonical<'a>,
    capability: Capability,
    audited: bool,
}

impl<'a, I: Identifier> Handoff<'a, I> {
    fn new(id: &'a I, capability: Capability) -> Self {
        Self {
            id,
            raw: id.canonical(Token(())),
            capability,
            audited: false,
        }
    }

    /// What the transport is given.
    fn recipient(&self) -> Recipient<'_, I::Channel> {
        Recipient {
            raw: self.raw.as_str(),
            hint: self.id.hint(),
            purpose: <I::Purpose as Purpose>::TAG,
            capability: self.capability,
            consent: self.id.consent_id(),
            channel: PhantomData,
        }
    }

    /// Records the transport's answer, and returns it.
    fn answered<E>(mut self, outcome: Result<(), E>) -> Result<(), E> {
        self.audit(if outcome.is_ok() {
            Outcome::HandedOver
        } else {
            Outcome::TransportFailed
        });
        outcome
    }

    fn audit(&mut self, outcome: Outcome) {
        self.audited = true;
        crate::audit::handoff::<I>(self.id, self.capability, I::Channel::NAME, outcome);
    }
}

impl<I: Identifier> Drop for Handoff<'_, I> {
    fn drop(&mut self) {
        if !self.audited {
            self.audit(Outcome::Abandoned);
        }
    }
}

/// Hands `id`'s raw value to a blocking `transport`.
fn deliver<I: Identifier, T: Transport<I::Channel> + ?Sized>(
    id: &I,
    capability: Capability,
    transport: &mut T,
    message: Message<'_>,
) -> Result<(), T::Error> {
    let handoff = Handoff::new(id, capability);
    let outcome = transport.send(handoff.recipient(), message);
    handoff.answered(outcome)
}

/// Hands `id`'s raw value to an async `transport`.
async fn deliver_async<I: Identifier, T: AsyncTransport<I::Channel> + Send>(
    id: &I,
    capability: Capability,
    transport: &mut T,
    message: Message<'_>,
) -> Result<(), T::Error> {
    let handoff = Handoff::new(id, capability);
    let outcome = transport.send(handoff.recipient(), message).await;
    handoff.answered(outcome)
}

/// Checks that `consent` is `id`'s own and live at `at`, auditing a
/// refusal: the gate of every consent capability.
fn consented<P: RequiresConsent, I: Identifier<Purpose = P>>(
    id: &I,
    consent: &Consent<P>,
    at: Duration,
    capability: Capability,
    via: &str,
) -> Result<(), ConsentError> {
    consent.check_use(id, at).inspect_err(|refused| {
        crate::audit::refused::<I>(id, capability, via, *refused);
    })
}

/// May be sent a one-time code: identifiers collected for
/// [`TwoFactor`](crate::TwoFactor) and
/// [`AccountRecovery`](crate::AccountRecovery), alone or in a set.
///
/// The methods, blocking and async, are also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress), so they can be called without
/// importing this trait.
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
/// use purpose_bound::{PhoneNumber, SendOtp, Marketing};
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
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `lookup_key`"
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

    /// Sends `code` through an async `transport`, as
    /// [`send_otp`](Self::send_otp) does through a blocking one.
    ///
    /// # Errors
    ///
    /// The transport's error when it cannot deliver.
    fn send_otp_async<T: AsyncTransport<Self::Channel> + Send>(
        &self,
        transport: &mut T,
        code: &OtpCode,
    ) -> impl Future<Output = Result<(), T::Error>> + Send;
}

#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose: sealed::GrantsOtp>> SendOtp for I {
    fn send_otp<T: Transport<I::Channel> + ?Sized>(
        &self,
        transport: &mut T,
        code: &OtpCode,
    ) -> Result<(), T::Error> {
        deliver(
            self,
            Capability::OneTimeCode,
            transport,
            Message::OneTimeCode(code),
        )
    }

    fn send_otp_async<T: AsyncTransport<I::Channel> + Send>(
        &self,
        transport: &mut T,
        code: &OtpCode,
    ) -> impl Future<Output = Result<(), T::Error>> + Send {
        deliver_async(
            self,
            Capability::OneTimeCode,
            transport,
            Message::OneTimeCode(code),
        )
    }
}

/// May be sent notices about the account: identifiers collected for
/// [`AccountNotice`](crate::AccountNotice), alone or in a set.
///
/// The methods, blocking and async, are also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress), so they can be called without
/// importing this trait.
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
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `lookup_key`"
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

    /// Sends `notice` through an async `transport`, as
    /// [`send_account_notice`](Self::send_account_notice) does through a
    /// blocking one.
    ///
    /// # Errors
    ///
    /// The transport's error when it cannot deliver.
    fn send_account_notice_async<T: AsyncTransport<Self::Channel> + Send>(
        &self,
        transport: &mut T,
        notice: &str,
    ) -> impl Future<Output = Result<(), T::Error>> + Send;
}

#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose: sealed::GrantsNotice>> SendAccountNotice for I {
    fn send_account_notice<T: Transport<I::Channel> + ?Sized>(
        &self,
        transport: &mut T,
        notice: &str,
    ) -> Result<(), T::Error> {
        deliver(self, Capability::Notice, transport, Message::Notice(notice))
    }

    fn send_account_notice_async<T: AsyncTransport<I::Channel> + Send>(
        &self,
        transport: &mut T,
        notice: &str,
    ) -> impl Future<Output = Result<(), T::Error>> + Send {
        deliver_async(self, Capability::Notice, transport, Message::Notice(notice))
    }
}

/// May be sent marketing: identifiers collected through a recorded
/// [`Consent<Marketing>`](crate::Consent), while it is live.
///
/// The methods, blocking and async, are also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress), so they can be called without
/// importing this trait.
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
    note = "marketing goes only to identifiers collected with a recorded consent: `Consent::<Marketing>::new(record)?`, then `.parse_phone(input)`, `.parse_email(input)` or `.adopt(&id)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `lookup_key`"
)]
pub trait SendMarketing: Identifier {
    /// Sends `content` (its text, or a template key the transport knows)
    /// through `transport`, if `consent` is the one the identifier was
    /// collected under and is live at `at` (time since the Unix epoch).
    ///
    /// # Errors
    ///
    /// [`SendError::Consent`] when the consent is another one, withdrawn,
    /// expired or not yet given at `at`: nothing is sent.
    /// [`SendError::Transport`] when the transport cannot deliver.
    fn send_marketing<T: Transport<Self::Channel> + ?Sized>(
        &self,
        consent: &Consent<Marketing>,
        at: Duration,
        transport: &mut T,
        content: &str,
    ) -> Result<(), SendError<T::Error>>;

    /// Sends `content` through an async `transport`, as
    /// [`send_marketing`](Self::send_marketing) does through a blocking
    /// one. The consent is checked when the future is first polled.
    ///
    /// # Errors
    ///
    /// [`SendError::Consent`] when the consent is another one, withdrawn,
    /// expired or not yet given at `at`: nothing is sent.
    /// [`SendError::Transport`] when the transport cannot deliver.
    fn send_marketing_async<T: AsyncTransport<Self::Channel> + Send>(
        &self,
        consent: &Consent<Marketing>,
        at: Duration,
        transport: &mut T,
        content: &str,
    ) -> impl Future<Output = Result<(), SendError<T::Error>>> + Send;
}

#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose = Marketing>> SendMarketing for I {
    fn send_marketing<T: Transport<I::Channel> + ?Sized>(
        &self,
        consent: &Consent<Marketing>,
        at: Duration,
        transport: &mut T,
        content: &str,
    ) -> Result<(), SendError<T::Error>> {
        consented(self, consent, at, Capability::Promotion, I::Channel::NAME)
            .map_err(SendError::Consent)?;
        deliver(
            self,
            Capability::Promotion,
            transport,
            Message::Promotion(content),
        )
        .map_err(SendError::Transport)
    }

    async fn send_marketing_async<T: AsyncTransport<I::Channel> + Send>(
        &self,
        consent: &Consent<Marketing>,
        at: Duration,
        transport: &mut T,
        content: &str,
    ) -> Result<(), SendError<T::Error>> {
        consented(self, consent, at, Capability::Promotion, I::Channel::NAME)
            .map_err(SendError::Consent)?;
        deliver_async(
            self,
            Capability::Promotion,
            transport,
            Message::Promotion(content),
        )
        .await
        .map_err(SendError::Transport)
    }
}

/// May be matched against an advertising audience: identifiers collected
/// through a recorded [`Consent<Advertising>`](crate::Consent), while it is
/// live.
///
/// The method is also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress), so it can be called without
/// importing this trait. For a whole audience, [`Audience::export`] checks
/// every row's consent in one pass.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, Consent, MatchAudience, MatchKey, Platform};
/// use std::time::Duration;
///
/// fn key<I: MatchAudience>(id: &I, consent: &Consent<Advertising>, now: Duration) -> Option<MatchKey> {
///     id.match_key(consent, now, Platform::Meta).ok()
/// }
/// ```
///
/// Numbers given for two-factor authentication never reach an audience:
///
/// ```compile_fail,E0277
/// use purpose_bound::{Advertising, Consent, MatchAudience, MatchKey, Platform, PhoneNumber, TwoFactor};
/// use std::time::Duration;
///
/// fn key<I: MatchAudience>(id: &I, consent: &Consent<Advertising>, now: Duration) -> Option<MatchKey> {
///     id.match_key(consent, now, Platform::Meta).ok()
/// }
/// fn check(phone: PhoneNumber<TwoFactor>, consent: Consent<Advertising>, now: Duration) {
///     key(&phone, &consent, now);
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` may not be matched against an advertising audience",
    label = "not collected with consent to advertising",
    note = "audience match keys come only from identifiers collected with a recorded consent: `Consent::<Advertising>::new(record)?`, then `.parse_phone(input)`, `.parse_email(input)` or `.adopt(&id)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `lookup_key`"
)]
pub trait MatchAudience: Identifier {
    /// The key `platform` matches this identifier by (SHA-256 of the
    /// platform's normalization, in lowercase hex; see [`Platform`]), if
    /// `consent` is the one the identifier was collected under and is live
    /// at `at` (time since the Unix epoch).
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the consent is another one, withdrawn, expired
    /// or not yet given at `at`.
    fn match_key(
        &self,
        consent: &Consent<Advertising>,
        at: Duration,
        platform: Platform,
    ) -> Result<MatchKey, ConsentError>;
}

#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose = Advertising>> MatchAudience for I {
    fn match_key(
        &self,
        consent: &Consent<Advertising>,
        at: Duration,
        platform: Platform,
    ) -> Result<MatchKey, ConsentError> {
        consented(
            self,
            consent,
            at,
            Capability::AudienceMatch,
            platform.name(),
        )?;
        let key = self.with_canonical(Token(()), |raw| match I::KIND {
            IdentifierKind::Phone => MatchKey::of_phone(raw, platform),
            IdentifierKind::Email => MatchKey::of_email(raw, platform),
        });
        crate::audit::handoff::<I>(
            self,
            Capability::AudienceMatch,
            platform.name(),
            Outcome::HandedOver,
        );
        Ok(key)
    }
}

/// May be found by the people who have this identifier in their address
/// book: identifiers collected through a recorded
/// [`Consent<Discoverable>`](crate::Consent), while it is live.
///
/// The method is also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress).
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{BeFound, Consent, ConsentChannel, ConsentId, ConsentRecord, Discoverable, Keyring};
/// use std::time::Duration;
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let given = Duration::from_secs(1_767_225_600);
/// let consent = Consent::<Discoverable>::new(ConsentRecord::new(
///     ConsentId::new(3).unwrap(), "user-42", given, "find-me-by-phone-v1", ConsentChannel::App,
/// ))?;
/// let phone = consent.parse_phone("+44 20 7946 0958")?;
/// let key = phone.discovery_key(&keyring, &consent, given)?;
/// assert_eq!(key.as_bytes().len(), 32);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A two-factor number is never a discovery key:
///
/// ```compile_fail,E0277
/// use purpose_bound::{BeFound, Consent, Discoverable, Keyring, PhoneNumber, TwoFactor};
///
/// fn findable<I: BeFound>(_: &I) {}
/// fn check(phone: PhoneNumber<TwoFactor>) {
///     findable(&phone);
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` may not be found by other users",
    label = "not collected with consent to be found",
    note = "discovery keys come only from identifiers whose owner agreed to be found: `Consent::<Discoverable>::new(record)?`, then `.parse_phone(input)` or `.adopt(&id)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `lookup_key`"
)]
pub trait BeFound: Identifier {
    /// The key by which uploaded contacts find this identifier (see
    /// [`DiscoveryKey`]), if `consent` is the one it was collected under
    /// and is live at `at` (time since the Unix epoch).
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the consent is another one, withdrawn, expired
    /// or not yet given at `at`.
    fn discovery_key(
        &self,
        keyring: &Keyring,
        consent: &Consent<Discoverable>,
        at: Duration,
    ) -> Result<DiscoveryKey, ConsentError>;
}

#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose = Discoverable>> BeFound for I {
    fn discovery_key(
        &self,
        keyring: &Keyring,
        consent: &Consent<Discoverable>,
        at: Duration,
    ) -> Result<DiscoveryKey, ConsentError> {
        consented(self, consent, at, Capability::Discovery, "keyring")?;
        Ok(discovery_key(self, keyring, Capability::Discovery))
    }
}

/// May look up, for the user who uploaded it, whether an account was found
/// by this identifier: identifiers collected for
/// [`ContactUpload`](crate::ContactUpload), and nothing else.
///
/// The lookup key holds the [`DiscoveryKey`] of the same number or address
/// collected for [`Discoverable`](crate::Discoverable) under each enabled
/// key of the ring, and matches nothing else: uploaded contacts find only
/// people who agreed to be found, under any key still in the ring.
/// The method is also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress).
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{ContactUpload, FindContacts, Keyring, PhoneNumber};
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")?;
/// let lookup = contact.lookup_key(&keyring);
/// assert_eq!(lookup.keys().len(), 1); // one per enabled key of the ring
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` was not uploaded as a contact to look up",
    label = "not collected for contact discovery",
    note = "lookup keys come only from address-book entries a user uploaded: `PhoneNumber::<ContactUpload>::parse(input)`; they find only identifiers collected for `Discoverable`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `lookup_key`"
)]
pub trait FindContacts: Identifier {
    /// The keys to look this contact up by among the findable, one per
    /// enabled key of the ring: see [`LookupKey`].
    fn lookup_key(&self, keyring: &Keyring) -> LookupKey;
}

#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose = ContactUpload>> FindContacts for I {
    fn lookup_key(&self, keyring: &Keyring) -> LookupKey {
        let made = self.with_canonical(Token(()), |raw| LookupKey::new(keyring, I::KIND, raw));
        crate::audit::handoff::<I>(
            self,
            Capability::ContactLookup,
            "keyring",
            Outcome::HandedOver,
        );
        made
    }
}

/// The discovery key of `id` under the keyring's primary key, with its
/// audit event.
fn discovery_key<I: Identifier>(id: &I, keyring: &Keyring, capability: Capability) -> DiscoveryKey {
    let key = keyring.primary_key();
    let made = id.with_canonical(Token(()), |raw| DiscoveryKey::new(key, I::KIND, raw));
    crate::audit::handoff::<I>(id, capability, "keyring", Outcome::HandedOver);
    made
}

/// An advertising audience: match keys of the rows whose consent is live,
/// and a count of the rows left out, made in one pass by
/// [`export`](Self::export).
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, Audience, Consent, ConsentChannel, ConsentId, ConsentRecord, Platform};
/// use std::time::Duration;
///
/// let given = Duration::from_secs(1_767_225_600);
/// let consent = |id, subject: &str| {
///     Consent::<Advertising>::new(ConsentRecord::new(
///         ConsentId::new(id).unwrap(), subject, given, "ads-v1", ConsentChannel::App,
///     ))
/// };
/// let (ada, mut grace) = (consent(1, "user-1")?, consent(2, "user-2")?);
/// let rows = vec![
///     (ada.parse_email("ada@example.com")?, ada),
///     (grace.parse_email("grace@example.com")?, { grace.withdraw(given); grace }),
/// ];
/// let audience = Audience::export(rows, Platform::Meta, given + Duration::from_secs(60));
/// assert_eq!(audience.keys().len(), 1);
/// assert_eq!(audience.withdrawn(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct Audience {
    keys: alloc::vec::Vec<MatchKey>,
    withdrawn: usize,
    expired: usize,
    refused: usize,
}

impl Audience {
    /// Match keys for `platform` of every row whose consent is the row
    /// identifier's own and is live at `at`, leaving out the others and
    /// counting them.
    pub fn export<I, C>(
        rows: impl IntoIterator<Item = (I, C)>,
        platform: Platform,
        at: Duration,
    ) -> Self
    where
        I: MatchAudience,
        C: core::borrow::Borrow<Consent<Advertising>>,
    {
        let mut audience = Self::default();
        for (id, consent) in rows {
            match id.match_key(consent.borrow(), at, platform) {
                Ok(key) => audience.keys.push(key),
                Err(err) => match err.kind() {
                    crate::ConsentErrorKind::Withdrawn => audience.withdrawn += 1,
                    crate::ConsentErrorKind::Expired => audience.expired += 1,
                    _ => audience.refused += 1,
                },
            }
        }
        audience
    }

    /// The keys, for the upload.
    pub fn keys(&self) -> &[MatchKey] {
        &self.keys
    }

    /// How many rows were left out because their consent was withdrawn.
    pub fn withdrawn(&self) -> usize {
        self.withdrawn
    }

    /// How many rows were left out because their consent had expired.
    pub fn expired(&self) -> usize {
        self.expired
    }

    /// How many rows were left out for another reason: a consent not yet
    /// given, or not the identifier's own.
    pub fn refused(&self) -> usize {
        self.refused
    }

    /// How many rows were left out in all.
    pub fn left_out(&self) -> usize {
        self.withdrawn + self.expired + self.refused
    }
}
