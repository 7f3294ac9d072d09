//! Transports and recipients: the floor every capability's folder stands
//! on, how each hands a raw value over.
//!
//! Each capability is written once, for every kind of identifier and for
//! both kinds of transport, blocking ([`Transport`]) and async
//! ([`AsyncTransport`]). Every raw value it hands over leaves through a
//! [`Handoff`] as a [`Recipient`], by [`deliver`] or [`deliver_async`];
//! the consent capabilities check their consent with [`consented`] first.
//! Marketing to a phone number hands it to one more receiver, the
//! application's reassigned-number check, through a [`Handoff`] too
//! (`marketing/reassigned.rs`).

use alloc::boxed::Box;
use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;
use core::pin::Pin;

use zeroize::Zeroizing;

use crate::boundary::audit::{self, Outcome};
use crate::capabilities::notice::kinds::Notice;
use crate::capabilities::otp::code::OtpCode;
use crate::consent::Consent;
use crate::consent::error::ConsentError;
use crate::identifiers::identifier::{Channel, Identifier};
use crate::identifiers::sealed::{self, Canonical};
use crate::primitives::clock::Clock;
use crate::primitives::masked::Masked;
use crate::purposes::audit::Unaudited;
use crate::purposes::capability::Capability;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::{Purpose, RequiresConsent};
use crate::purposes::sealed::Token;

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
    /// The raw recipient: E.164 for [`Sms`](crate::Sms), the canonical address for
    /// [`Mail`](crate::Mail). Hand it to the gateway's API, and to nothing else.
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
/// [`Sms`](crate::Sms), a mail server or API for [`Mail`](crate::Mail).
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
///             Message::Notice(notice) => format!("Account notice: {}", notice.name()),
///             Message::Promotion(text) => text.to_owned(),
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

    /// Who this transport hands values to, as the audit names a
    /// hand-off's recipient (the `via` of its [`AuditEvent`](crate::AuditEvent)
    /// and of its `tracing` event): the gateway or provider, `twilio`,
    /// `ses`, `smtp-relay`. Without a name of its own, the channel's:
    /// `sms` or `mail`.
    fn name(&self) -> &'static str {
        C::NAME
    }
}

/// The async form of [`Transport`]: a gateway reached over the network
/// from an async runtime, such as an SMS provider's HTTP API called with an
/// async HTTP client.
///
/// Each capability has an async method beside the blocking one
/// ([`send_otp_async`](crate::SendOtp::send_otp_async),
/// [`send_account_notice_async`](crate::SendAccountNotice::send_account_notice_async),
/// [`send_marketing_async`](crate::SendMarketing::send_marketing_async)) that
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

    /// Who this transport hands values to, as the audit names a
    /// hand-off's recipient (the `via` of its [`AuditEvent`](crate::AuditEvent)
    /// and of its `tracing` event): the gateway or provider, `twilio`,
    /// `ses`, `smtp-relay`. Without a name of its own, the channel's:
    /// `sms` or `mail`.
    fn name(&self) -> &'static str {
        C::NAME
    }
}

/// A gateway delivers with an async `fn send` through an [`AsyncTransport`],
/// which Rust cannot call through a trait object. So each is also this
/// dyn-compatible form, whose `send_boxed` boxes the future: a service can
/// choose its gateway at run time and hold it as
/// `Box<dyn DynAsyncTransport<Sms, Error = E>>`.
///
/// Nothing to implement: every `Send` [`AsyncTransport<C>`] is a
/// `DynAsyncTransport<C>`, and `dyn DynAsyncTransport<C, Error = E>` (and a
/// `Box` of it) is an [`AsyncTransport<C>`] again, so the async
/// capabilities take `&mut dyn DynAsyncTransport<C, Error = E>` and
/// `&mut Box<dyn DynAsyncTransport<C, Error = E>>` as they take any
/// transport. Gateways with different errors first map them to one error
/// type. The box costs one allocation per send.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AsyncTransport, DynAsyncTransport, Message, OtpCode, PhoneNumber, Recipient, Sms, TwoFactor};
///
/// struct Twilio;
/// struct Vonage;
///
/// impl AsyncTransport<Sms> for Twilio {
///     type Error = String;
///     async fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), String> {
///         Ok(())
///     }
/// }
///
/// impl AsyncTransport<Sms> for Vonage {
///     type Error = String;
///     async fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), String> {
///         Err("not configured".to_owned())
///     }
/// }
///
/// /// The gateway the configuration names.
/// fn gateway(name: &str) -> Box<dyn DynAsyncTransport<Sms, Error = String>> {
///     match name {
///         "vonage" => Box::new(Vonage),
///         _ => Box::new(Twilio),
///     }
/// }
///
/// async fn sign_in(phone: &PhoneNumber<TwoFactor>, config: &str) -> Result<(), String> {
///     let mut sms = gateway(config);
///     let code = OtpCode::generate(6).map_err(|e| e.to_string())?;
///     phone.send_otp_async(&mut sms, &code).await.map_err(|e| e.to_string())
/// }
/// # let _ = sign_in;
/// ```
pub trait DynAsyncTransport<C: Channel>: Send {
    /// What the gateway reports when it cannot deliver.
    type Error;

    /// Delivers `message` to `to`, as [`AsyncTransport::send`] does, with
    /// the future boxed.
    ///
    /// # Errors
    ///
    /// Whatever the gateway reports when it cannot deliver.
    fn send_boxed<'a>(
        &'a mut self,
        to: Recipient<'a, C>,
        message: Message<'a>,
    ) -> Pin<Box<dyn Future<Output = Result<(), Self::Error>> + Send + 'a>>
    where
        C: 'a;

    /// The transport's [`AsyncTransport::name`].
    fn name(&self) -> &'static str;
}

/// Every `Send` async transport, boxing its future.
impl<C: Channel, T: AsyncTransport<C> + Send> DynAsyncTransport<C> for T {
    type Error = T::Error;

    fn send_boxed<'a>(
        &'a mut self,
        to: Recipient<'a, C>,
        message: Message<'a>,
    ) -> Pin<Box<dyn Future<Output = Result<(), Self::Error>> + Send + 'a>>
    where
        C: 'a,
    {
        Box::pin(AsyncTransport::send(self, to, message))
    }

    fn name(&self) -> &'static str {
        AsyncTransport::name(self)
    }
}

/// A gateway chosen at run time is a transport like any other.
impl<'t, C: Channel, E> AsyncTransport<C> for dyn DynAsyncTransport<C, Error = E> + 't {
    type Error = E;

    // An `async fn`, not the boxed future itself: that lives as long as
    // the shortest of the three borrows, which a returned type cannot name.
    async fn send(&mut self, to: Recipient<'_, C>, message: Message<'_>) -> Result<(), E> {
        self.send_boxed(to, message).await
    }

    fn name(&self) -> &'static str {
        DynAsyncTransport::name(self)
    }
}

/// A boxed transport sends through the transport in the box, so that
/// `&mut Box<dyn DynAsyncTransport<C, Error = E>>` is a transport too.
impl<C: Channel, T: AsyncTransport<C> + Send + ?Sized> AsyncTransport<C> for Box<T> {
    type Error = T::Error;

    fn send(
        &mut self,
        to: Recipient<'_, C>,
        message: Message<'_>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send {
        (**self).send(to, message)
    }

    fn name(&self) -> &'static str {
        (**self).name()
    }
}

/// What a [`Transport`] is asked to deliver, and why: the kind of message
/// lets a gateway pick its sender, template and opt-out footer.
///
/// `Debug` shows only the kind of message.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum Message<'a> {
    /// A one-time code, sent by [`SendOtp`](crate::SendOtp); the transport puts
    /// [`OtpCode::expose_secret`] into its template.
    OneTimeCode(&'a OtpCode),
    /// A notice about the account, sent by [`SendAccountNotice`](crate::SendAccountNotice):
    /// one of the [`Notice`] kinds, which the transport words with its own
    /// template for the kind ([`Notice::name`]).
    Notice(&'a Notice),
    /// Marketing (a promotion), sent by [`SendMarketing`](crate::SendMarketing): the text, or a
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

/// Why a send did not happen: a consent refused it, the audit sink could
/// not record it, or the transport failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SendError<E> {
    /// The consent was not live at the time of use, or was another one.
    Consent(ConsentError),
    /// The installed [`AuditSink`](crate::AuditSink) could not take the
    /// record of the send, so nothing was handed to the transport.
    Unaudited(Unaudited),
    /// The transport's own error.
    Transport(E),
}

impl<E: fmt::Display> fmt::Display for SendError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Consent(err) => fmt::Display::fmt(err, f),
            Self::Unaudited(err) => fmt::Display::fmt(err, f),
            Self::Transport(err) => write!(f, "transport: {err}"),
        }
    }
}

impl<E: core::error::Error + 'static> core::error::Error for SendError<E> {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match self {
            Self::Consent(err) => Some(err),
            Self::Unaudited(err) => Some(err),
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
pub(crate) struct Handoff<'a, I: Identifier> {
    id: &'a I,
    raw: Canonical<'a>,
    capability: Capability,
    /// The transport's name: who the audit says received the value.
    via: &'static str,
    audited: bool,
}

impl<'a, I: Identifier> Handoff<'a, I> {
    /// The hand-off of `id` by `capability` to the transport named `via`,
    /// recorded in the audit sink before the value can leave.
    pub(crate) fn new(
        id: &'a I,
        capability: Capability,
        via: &'static str,
    ) -> Result<Self, Unaudited> {
        audit::before_handoff(id, capability, via)?;
        Ok(Self {
            id,
            raw: id.canonical(Token(())),
            capability,
            via,
            audited: false,
        })
    }

    /// What the transport is given.
    pub(crate) fn recipient(&self) -> Recipient<'_, I::Channel> {
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
    fn answered<E>(mut self, outcome: Result<(), E>) -> Result<(), SendError<E>> {
        self.audit(if outcome.is_ok() {
            Outcome::HandedOver
        } else {
            Outcome::TransportFailed
        });
        outcome.map_err(SendError::Transport)
    }

    /// Records that the receiver answered: it took the value, or it had
    /// the value and failed.
    pub(crate) fn finished(mut self, took_it: bool) {
        self.audit(if took_it {
            Outcome::HandedOver
        } else {
            Outcome::TransportFailed
        });
    }

    fn audit(&mut self, outcome: Outcome) {
        self.audited = true;
        audit::handoff::<I>(self.id, self.capability, self.via, outcome);
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
pub(crate) fn deliver<I: Identifier, T: Transport<I::Channel> + ?Sized>(
    id: &I,
    capability: Capability,
    transport: &mut T,
    message: Message<'_>,
) -> Result<(), SendError<T::Error>> {
    let handoff = Handoff::new(id, capability, transport.name()).map_err(SendError::Unaudited)?;
    let outcome = transport.send(handoff.recipient(), message);
    handoff.answered(outcome)
}

/// Hands `id`'s raw value to an async `transport`.
pub(crate) async fn deliver_async<I: Identifier, T: AsyncTransport<I::Channel> + Send + ?Sized>(
    id: &I,
    capability: Capability,
    transport: &mut T,
    message: Message<'_>,
) -> Result<(), SendError<T::Error>> {
    let handoff = Handoff::new(id, capability, transport.name()).map_err(SendError::Unaudited)?;
    let outcome = transport.send(handoff.recipient(), message).await;
    handoff.answered(outcome)
}

/// Checks that `consent` is `id`'s own, never withdrawn, and live at the
/// time `now` reads, auditing a refusal: the gate of every consent
/// capability, and the one place their clock is read.
pub(crate) fn consented<P: RequiresConsent, I: Identifier<Purpose = P>>(
    id: &I,
    consent: &Consent<P>,
    now: &impl Clock,
    capability: Capability,
    via: &str,
) -> Result<(), ConsentError> {
    consent.check_use(id, now.now()).inspect_err(|refused| {
        audit::refused::<I>(id, capability, via, *refused);
    })
}
