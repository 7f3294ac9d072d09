//! The reassigned-number check that marketing to a phone number asks
//! before the number leaves: [`ReassignedCheck`] and
//! [`AsyncReassignedCheck`], which the application implements, and the
//! transports marketing goes through, [`MarketingTransport`] and
//! [`AsyncMarketingTransport`]: every mail transport, and an SMS gateway
//! only when paired with a check, as a [`CheckedSms`].
//!
//! A mobile number is handed to someone else when its holder gives it up;
//! a consent to marketing at that number was given by the old holder, not
//! the new one. The model is the FCC's Reassigned Numbers Database (47 CFR
//! 64.1200(m)): asked about a number and the date since which the caller
//! has had consent, it answers yes, no, or no data.

use core::fmt;
use core::time::Duration;

use crate::boundary::audit;
use crate::capabilities::transport::{
    AsyncTransport, Handoff, Message, Recipient, SendError, Transport,
};
use crate::consent::error::{ConsentError, ConsentErrorKind};
use crate::identifiers::identifier::{Channel, Identifier, Mail, Sms};
use crate::purposes::capability::Capability;
use crate::purposes::sealed::Token;

/// What a reassigned-number check answers about a number, as the FCC's
/// Reassigned Numbers Database does.
///
/// # Examples
///
/// ```
/// use purpose_bound::Reassignment;
///
/// // The RND's answer to a query, "yes", "no" or "no data".
/// let answer = match "no" {
///     "yes" => Reassignment::Reassigned,
///     "no" => Reassignment::NotReassigned,
///     _ => Reassignment::NoData,
/// };
/// assert!(answer.may_send());
/// assert!(!Reassignment::Reassigned.may_send());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reassignment {
    /// The number was disconnected, and so may have been given to someone
    /// else, after the date asked about (the RND's "yes"): the consent was
    /// given by its former holder. Marketing is refused, as
    /// [`ConsentErrorKind::Reassigned`].
    Reassigned,
    /// The number was not disconnected since that date (the RND's "no"):
    /// the marketing is sent.
    NotReassigned,
    /// The check holds nothing about the number (the RND's "no data": a
    /// number outside the United States, or one it was never told of). The
    /// marketing is sent, on the consent alone; a check that must refuse
    /// then returns an error instead.
    NoData,
}

impl Reassignment {
    /// Whether marketing is sent after this answer:
    /// [`NotReassigned`](Self::NotReassigned) and [`NoData`](Self::NoData).
    pub const fn may_send(self) -> bool {
        !matches!(self, Self::Reassigned)
    }
}

/// The application's reassigned-number check: asked before each marketing
/// message to a phone number whether the number changed hands since the
/// consent was given, as a caller asks the FCC's Reassigned Numbers
/// Database. Marketing to a phone number goes only through a
/// [`CheckedSms`], which pairs the SMS gateway with a check.
///
/// The check receives the raw number: that is a hand-off to whoever
/// answers it, audited like a transport's, with
/// [`name`](Self::name) as the event's `via` and `send_marketing` as its
/// capability, before the number leaves. It gets a [`Recipient`], whose
/// [`expose_secret`](Recipient::expose_secret) it passes to its database or
/// API, and `since`, the time the consent was given (a `Duration` since
/// the Unix epoch; the RND takes its day, in UTC).
///
/// On [`Reassigned`](Reassignment::Reassigned) the send is refused
/// ([`SendError::Consent`] of kind [`ConsentErrorKind::Reassigned`]); end
/// the consent in its system of record then, so that no other use tries
/// again: a consent ledger's `invalidate` (`purpose-bound-store`). On an
/// error the send is refused too
/// ([`ReassignedCheckFailed`](ConsentErrorKind::ReassignedCheckFailed)), and
/// the error is dropped, since it may hold the number (an HTTP client's
/// error names the URL it asked): log what you need inside `check`, with
/// the recipient's masked hint.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Reassignment, ReassignedCheck, Recipient, Sms};
/// use std::time::Duration;
///
/// /// A copy of the RND's answers, as a nightly job downloads it: each number
/// /// with the time it was last disconnected.
/// struct Rnd(Vec<(String, Duration)>);
///
/// impl ReassignedCheck for Rnd {
///     type Error = std::convert::Infallible;
///
///     fn check(&mut self, number: Recipient<'_, Sms>, since: Duration) -> Result<Reassignment, Self::Error> {
///         if !number.expose_secret().starts_with("+1") {
///             return Ok(Reassignment::NoData);
///         }
///         Ok(match self.0.iter().find(|(known, _)| known == number.expose_secret()) {
///             Some((_, disconnected)) if *disconnected >= since => Reassignment::Reassigned,
///             _ => Reassignment::NotReassigned,
///         })
///     }
///
///     fn name(&self) -> &'static str {
///         "fcc-rnd"
///     }
/// }
/// # let _ = Rnd(Vec::new());
/// ```
pub trait ReassignedCheck {
    /// What the check reports when it cannot answer.
    type Error;

    /// Whether `number` was reassigned (disconnected) after `since`.
    ///
    /// # Errors
    ///
    /// When it cannot answer: the send is refused.
    fn check(
        &mut self,
        number: Recipient<'_, Sms>,
        since: Duration,
    ) -> Result<Reassignment, Self::Error>;

    /// Who answers, as the audit names the hand-off's recipient: `fcc-rnd`,
    /// a carrier's API. Without a name of its own, `reassigned_check`.
    fn name(&self) -> &'static str {
        "reassigned_check"
    }
}

/// The async form of [`ReassignedCheck`], for the async sends
/// ([`send_marketing_async`](crate::SendMarketing::send_marketing_async)):
/// a database or an API reached from an async runtime. Its future must be
/// `Send`; implement it with an `async fn`.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AsyncReassignedCheck, Reassignment, Recipient, Sms};
/// use std::time::Duration;
///
/// /// The RND's API, reached with an async HTTP client.
/// struct RndApi;
///
/// impl AsyncReassignedCheck for RndApi {
///     type Error = std::io::Error;
///
///     async fn check(&mut self, number: Recipient<'_, Sms>, since: Duration) -> Result<Reassignment, Self::Error> {
///         // POST {"tn": number.expose_secret(), "date": day of `since`}, and await the answer.
///         let _ = (number.expose_secret(), since);
///         Ok(Reassignment::NotReassigned)
///     }
/// }
/// # let _ = RndApi;
/// ```
pub trait AsyncReassignedCheck {
    /// What the check reports when it cannot answer.
    type Error;

    /// Whether `number` was reassigned (disconnected) after `since`.
    ///
    /// # Errors
    ///
    /// When it cannot answer: the send is refused.
    fn check(
        &mut self,
        number: Recipient<'_, Sms>,
        since: Duration,
    ) -> impl Future<Output = Result<Reassignment, Self::Error>> + Send;

    /// Who answers, as the audit names the hand-off's recipient: `fcc-rnd`,
    /// a carrier's API. Without a name of its own, `reassigned_check`.
    fn name(&self) -> &'static str {
        "reassigned_check"
    }
}

/// An SMS gateway paired with the application's reassigned-number check:
/// the one transport marketing to a phone number goes through. Every send
/// delivers through the gateway, and a marketing send asks the check
/// first.
///
/// Blocking when the gateway is a [`Transport<Sms>`] and the check a
/// [`ReassignedCheck`]; async when they are an [`AsyncTransport<Sms>`] and
/// an [`AsyncReassignedCheck`].
///
/// # Examples
///
/// ```
/// use std::time::Duration;
///
/// use purpose_bound::{
///     CheckedSms, Consent, ConsentChannel, ConsentErrorKind, ConsentId, ConsentRecord, Marketing,
///     Message, Reassignment, ReassignedCheck, Recipient, SendError, Sms, Subject, Transport,
/// };
///
/// struct SmsApi(Vec<String>);
/// impl Transport<Sms> for SmsApi {
///     type Error = std::io::Error;
///     fn send(&mut self, to: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> {
///         self.0.push(to.expose_secret().to_owned());
///         Ok(())
///     }
/// }
///
/// /// Knows one number that was disconnected, on 2026-03-01.
/// struct Rnd;
/// impl ReassignedCheck for Rnd {
///     type Error = std::convert::Infallible;
///     fn check(&mut self, number: Recipient<'_, Sms>, since: Duration) -> Result<Reassignment, Self::Error> {
///         let disconnected = Duration::from_secs(1_772_323_200);
///         Ok(match number.expose_secret() {
///             "+14155552671" if disconnected >= since => Reassignment::Reassigned,
///             _ => Reassignment::NotReassigned,
///         })
///     }
/// }
///
/// let given = Duration::from_secs(1_767_225_600);
/// let ada = Subject::new("user-42")?;
/// let consent = Consent::<Marketing>::new(ConsentRecord::new(
///     ConsentId::new(7).unwrap(), &ada, given, "sms-offers-v1", ConsentChannel::App,
/// ))?;
/// let (mut api, mut rnd) = (SmsApi(Vec::new()), Rnd);
///
/// let kept = consent.parse_phone("+1 415 555 2672")?;
/// kept.send_marketing(&consent, given, &mut CheckedSms::new(&mut api, &mut rnd), "Offers")?;
/// assert_eq!(api.0, ["+14155552672"]);
///
/// // Disconnected after Ada consented: someone else holds it now.
/// let gone = consent.parse_phone("+1 415 555 2671")?;
/// let refused = gone.send_marketing(&consent, given, &mut CheckedSms::new(&mut api, &mut rnd), "Offers");
/// assert!(matches!(refused, Err(SendError::Consent(why)) if why.kind() == ConsentErrorKind::Reassigned));
/// assert_eq!(api.0.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct CheckedSms<'a, T: ?Sized, R: ?Sized> {
    transport: &'a mut T,
    check: &'a mut R,
}

impl<'a, T: ?Sized, R: ?Sized> CheckedSms<'a, T, R> {
    /// The gateway `transport`, with `check` asked before each marketing
    /// message.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{CheckedSms, Message, Reassignment, ReassignedCheck, Recipient, Sms, Transport};
    /// use std::time::Duration;
    ///
    /// struct Gateway;
    /// impl Transport<Sms> for Gateway {
    ///     type Error = std::io::Error;
    ///     fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> { Ok(()) }
    /// }
    /// struct Rnd;
    /// impl ReassignedCheck for Rnd {
    ///     type Error = std::io::Error;
    ///     fn check(&mut self, _: Recipient<'_, Sms>, _: Duration) -> Result<Reassignment, Self::Error> {
    ///         Ok(Reassignment::NoData)
    ///     }
    /// }
    ///
    /// let (mut gateway, mut rnd) = (Gateway, Rnd);
    /// let sms = CheckedSms::new(&mut gateway, &mut rnd);
    /// assert_eq!(Transport::name(&sms), "sms");
    /// ```
    pub fn new(transport: &'a mut T, check: &'a mut R) -> Self {
        Self { transport, check }
    }
}

/// Names neither the gateway's state nor the check's.
impl<T: ?Sized, R: ?Sized> fmt::Debug for CheckedSms<'_, T, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CheckedSms").finish_non_exhaustive()
    }
}

/// Delivers through the gateway, under its name.
impl<T: Transport<Sms> + ?Sized, R: ?Sized> Transport<Sms> for CheckedSms<'_, T, R> {
    type Error = T::Error;

    fn send(&mut self, to: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), Self::Error> {
        self.transport.send(to, message)
    }

    fn name(&self) -> &'static str {
        self.transport.name()
    }
}

/// Delivers through the async gateway, under its name.
impl<T: AsyncTransport<Sms> + Send + ?Sized, R: Send + ?Sized> AsyncTransport<Sms>
    for CheckedSms<'_, T, R>
{
    type Error = T::Error;

    fn send(
        &mut self,
        to: Recipient<'_, Sms>,
        message: Message<'_>,
    ) -> impl Future<Output = Result<(), Self::Error>> + Send {
        self.transport.send(to, message)
    }

    fn name(&self) -> &'static str {
        self.transport.name()
    }
}

/// What a marketing send asks of its transport before the value leaves:
/// nothing of a mail transport, the reassigned-number check of a
/// [`CheckedSms`]. Sealed: the hook takes a [`Token`].
pub trait BeforeMarketing<C: Channel>: Transport<C> {
    /// `Ok` when the marketing to `id`, under a consent given at `since`,
    /// may go on.
    fn before_marketing<I: Identifier<Channel = C>>(
        &mut self,
        _: Token,
        id: &I,
        since: Duration,
    ) -> Result<(), SendError<<Self as Transport<C>>::Error>>;
}

/// The async form of [`BeforeMarketing`].
pub trait BeforeMarketingAsync<C: Channel>: AsyncTransport<C> {
    /// `Ok` when the marketing to `id`, under a consent given at `since`,
    /// may go on.
    fn before_marketing_async<I: Identifier<Channel = C>>(
        &mut self,
        _: Token,
        id: &I,
        since: Duration,
    ) -> impl Future<Output = Result<(), SendError<<Self as AsyncTransport<C>>::Error>>> + Send;
}

/// A transport marketing may be sent through over channel `C`: every
/// [`Transport<Mail>`](Transport), and for [`Sms`] a [`CheckedSms`], an
/// SMS gateway paired with the application's [`ReassignedCheck`]. So a
/// marketing send to a phone number that forgets the check does not
/// compile.
///
/// Nothing to implement: this trait is sealed and cannot be implemented
/// for types outside of this crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{CheckedSms, Mail, MarketingTransport, Message, Reassignment, ReassignedCheck, Recipient, Sms, Transport};
/// use std::time::Duration;
///
/// struct Gateway;
/// impl Transport<Sms> for Gateway {
///     type Error = std::io::Error;
///     fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> { Ok(()) }
/// }
/// impl Transport<Mail> for Gateway {
///     type Error = std::io::Error;
///     fn send(&mut self, _: Recipient<'_, Mail>, _: Message<'_>) -> Result<(), Self::Error> { Ok(()) }
/// }
/// struct Rnd;
/// impl ReassignedCheck for Rnd {
///     type Error = std::io::Error;
///     fn check(&mut self, _: Recipient<'_, Sms>, _: Duration) -> Result<Reassignment, Self::Error> {
///         Ok(Reassignment::NotReassigned)
///     }
/// }
///
/// fn marketing<C: purpose_bound::Channel, T: MarketingTransport<C> + ?Sized>(_: &mut T) {}
/// marketing::<Mail, _>(&mut Gateway);
/// marketing::<Sms, _>(&mut CheckedSms::new(&mut Gateway, &mut Rnd));
/// ```
///
/// A bare SMS gateway is not one:
///
/// ```compile_fail,E0277
/// # use purpose_bound::{MarketingTransport, Message, Recipient, Sms, Transport};
/// # struct Gateway;
/// # impl Transport<Sms> for Gateway {
/// #     type Error = std::io::Error;
/// #     fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> { Ok(()) }
/// # }
/// fn marketing<C: purpose_bound::Channel, T: MarketingTransport<C> + ?Sized>(_: &mut T) {}
/// marketing::<Sms, _>(&mut Gateway);
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not send marketing over `{C}`",
    label = "marketing to a phone number needs a reassigned-number check",
    note = "pair the SMS gateway with the application's check, `CheckedSms::new(&mut gateway, &mut check)`, where the check implements `ReassignedCheck` (`AsyncReassignedCheck` for `send_marketing_async`)",
    note = "a number reassigned since the consent was given belongs to someone who never consented: the check asks, as the FCC's Reassigned Numbers Database answers, before the number leaves"
)]
pub trait MarketingTransport<C: Channel>: Transport<C> + BeforeMarketing<C> {}

#[diagnostic::do_not_recommend]
impl<C: Channel, T: BeforeMarketing<C> + ?Sized> MarketingTransport<C> for T {}

/// The async form of [`MarketingTransport`]: every
/// [`AsyncTransport<Mail>`](AsyncTransport), and for [`Sms`] a
/// [`CheckedSms`] of an async gateway and an [`AsyncReassignedCheck`].
///
/// Nothing to implement: this trait is sealed and cannot be implemented
/// for types outside of this crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AsyncMarketingTransport, AsyncReassignedCheck, AsyncTransport, CheckedSms, Message, Reassignment, Recipient, Sms};
/// use std::time::Duration;
///
/// struct Gateway;
/// impl AsyncTransport<Sms> for Gateway {
///     type Error = std::io::Error;
///     async fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> { Ok(()) }
/// }
/// struct Rnd;
/// impl AsyncReassignedCheck for Rnd {
///     type Error = std::io::Error;
///     async fn check(&mut self, _: Recipient<'_, Sms>, _: Duration) -> Result<Reassignment, Self::Error> {
///         Ok(Reassignment::NotReassigned)
///     }
/// }
///
/// fn marketing<T: AsyncMarketingTransport<Sms> + ?Sized>(_: &mut T) {}
/// marketing(&mut CheckedSms::new(&mut Gateway, &mut Rnd));
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` does not send marketing over `{C}` from async code",
    label = "marketing to a phone number needs a reassigned-number check",
    note = "pair the async SMS gateway with the application's check, `CheckedSms::new(&mut gateway, &mut check)`, where the check implements `AsyncReassignedCheck`",
    note = "a number reassigned since the consent was given belongs to someone who never consented: the check asks, as the FCC's Reassigned Numbers Database answers, before the number leaves"
)]
pub trait AsyncMarketingTransport<C: Channel>: AsyncTransport<C> + BeforeMarketingAsync<C> {}

#[diagnostic::do_not_recommend]
impl<C: Channel, T: BeforeMarketingAsync<C> + ?Sized> AsyncMarketingTransport<C> for T {}

/// Mail is sent on the consent alone: there is no reassigned-address
/// database to ask.
impl<T: Transport<Mail> + ?Sized> BeforeMarketing<Mail> for T {
    fn before_marketing<I: Identifier<Channel = Mail>>(
        &mut self,
        _: Token,
        _: &I,
        _: Duration,
    ) -> Result<(), SendError<T::Error>> {
        Ok(())
    }
}

impl<T: AsyncTransport<Mail> + Send + ?Sized> BeforeMarketingAsync<Mail> for T {
    async fn before_marketing_async<I: Identifier<Channel = Mail>>(
        &mut self,
        _: Token,
        _: &I,
        _: Duration,
    ) -> Result<(), SendError<T::Error>> {
        Ok(())
    }
}

impl<T: Transport<Sms> + ?Sized, R: ReassignedCheck + ?Sized> BeforeMarketing<Sms>
    for CheckedSms<'_, T, R>
{
    fn before_marketing<I: Identifier<Channel = Sms>>(
        &mut self,
        _: Token,
        id: &I,
        since: Duration,
    ) -> Result<(), SendError<T::Error>> {
        let handoff = Handoff::new(id, Capability::SendMarketing, self.check.name())
            .map_err(SendError::Unaudited)?;
        let answer = self.check.check(handoff.recipient(), since);
        handoff.finished(answer.is_ok());
        judged(id, self.transport.name(), answer.ok())
    }
}

impl<T, R> BeforeMarketingAsync<Sms> for CheckedSms<'_, T, R>
where
    T: AsyncTransport<Sms> + Send + ?Sized,
    R: AsyncReassignedCheck + Send + ?Sized,
{
    async fn before_marketing_async<I: Identifier<Channel = Sms>>(
        &mut self,
        _: Token,
        id: &I,
        since: Duration,
    ) -> Result<(), SendError<T::Error>> {
        let handoff = Handoff::new(id, Capability::SendMarketing, self.check.name())
            .map_err(SendError::Unaudited)?;
        let answer = self.check.check(handoff.recipient(), since).await;
        handoff.finished(answer.is_ok());
        judged(id, self.transport.name(), answer.ok())
    }
}

/// The send's fate after the check's `answer` (`None` when it could not
/// answer): a refusal is audited as the consent's, through `via`, the
/// transport the marketing would have gone through.
fn judged<I: Identifier, E>(
    id: &I,
    via: &str,
    answer: Option<Reassignment>,
) -> Result<(), SendError<E>> {
    let kind = match answer {
        Some(answer) if answer.may_send() => return Ok(()),
        Some(_) => ConsentErrorKind::Reassigned,
        None => ConsentErrorKind::ReassignedCheckFailed,
    };
    let refused = ConsentError::new(kind);
    audit::refused::<I>(id, Capability::SendMarketing, via, refused);
    Err(SendError::Consent(refused))
}
