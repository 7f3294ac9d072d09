//! [`SendMarketing`]: marketing, under a live consent.

use crate::capabilities::marketing::reassigned::{
    AsyncMarketingTransport, BeforeMarketing, BeforeMarketingAsync, MarketingTransport,
};
use crate::capabilities::transport::{Message, SendError, consented, deliver, deliver_async};
use crate::consent::Consent;
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::Identifier;
use crate::identifiers::phone::PhoneNumber;
use crate::primitives::clock::Clock;
use crate::purposes::capability::Capability;
use crate::purposes::markers::{Marketing, Purpose};
use crate::purposes::sealed::{Token, grants};

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
            `ContactUpload`                 finding contacts      `contact_lookup`"
)]
pub trait SendMarketing: Identifier {
    /// Sends `content` (its text, or a template key the transport knows)
    /// through `transport`, if `consent` is the one the identifier was
    /// collected under, was never withdrawn, and is live at the time of
    /// use, read from `now` as the consent is checked: a [`Clock`] such as
    /// [`SystemClock`](crate::SystemClock), or a `Duration` for tests and
    /// replays.
    ///
    /// To a phone number, `transport` is a [`CheckedSms`](crate::CheckedSms):
    /// the SMS gateway and the application's
    /// [`ReassignedCheck`](crate::ReassignedCheck), which is asked, once
    /// the consent has answered, whether the number was reassigned since
    /// the consent was given; a bare gateway does not compile
    /// ([`MarketingTransport`]). To an email address, any
    /// [`Transport<Mail>`](crate::Transport).
    ///
    /// # Errors
    ///
    /// [`SendError::Consent`] when the consent is another one, withdrawn
    /// or invalidated (at any time), expired or not yet given, or when the
    /// reassigned-number check answers that the number was reassigned
    /// ([`Reassigned`](crate::ConsentErrorKind::Reassigned)) or cannot
    /// answer ([`ReassignedCheckFailed`](crate::ConsentErrorKind::ReassignedCheckFailed)):
    /// nothing is sent.
    /// [`SendError::Transport`] when the transport cannot deliver;
    /// [`SendError::Unaudited`] when the installed audit sink cannot record
    /// the send, or the hand-off to the check, and nothing was sent.
    ///
    /// # Examples
    ///
    /// An address collected under the user's consent to the newsletter is
    /// sent it while the consent is live, and nothing once it is withdrawn:
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use purpose_bound::{
    ///     Consent, ConsentChannel, ConsentErrorKind, ConsentId, ConsentRecord, Mail, Marketing,
    ///     Message, Recipient, SendError, SendMarketing, Transport, Subject,
    /// };
    ///
    /// /// Keeps the mail it is given instead of sending it.
    /// #[derive(Default)]
    /// struct Outbox(Vec<(String, String)>);
    ///
    /// impl Transport<Mail> for Outbox {
    ///     type Error = std::convert::Infallible;
    ///
    ///     fn send(&mut self, to: Recipient<'_, Mail>, message: Message<'_>) -> Result<(), Self::Error> {
    ///         if let Message::Promotion(text) = message {
    ///             self.0.push((to.expose_secret().to_owned(), text.to_owned()));
    ///         }
    ///         Ok(())
    ///     }
    /// }
    ///
    /// // The user opted in on the web site at `given`, to wording "newsletter-v3".
    /// let given = Duration::from_secs(1_767_225_600);
    /// let record = ConsentRecord::new(
    ///     ConsentId::new(7).unwrap(), &Subject::new("user-42")?, given, "newsletter-v3", ConsentChannel::Web,
    /// );
    /// let mut consent = Consent::<Marketing>::new(record)?;
    /// let email = consent.parse_email("ada@example.com")?;
    ///
    /// // A service passes `SystemClock`; a fixed time keeps the example still.
    /// let minute = Duration::from_secs(60);
    /// let mut outbox = Outbox::default();
    /// email.send_marketing(&consent, given + minute, &mut outbox, "Spring sale: 20% off")?;
    /// assert_eq!(outbox.0, [("ada@example.com".to_owned(), "Spring sale: 20% off".to_owned())]);
    ///
    /// // After a withdrawal nothing is sent, whatever time is passed.
    /// consent.withdraw(given + 2 * minute);
    /// let refused = email.send_marketing(&consent, given + minute, &mut outbox, "Last chance");
    /// assert!(matches!(refused, Err(SendError::Consent(why)) if why.kind() == ConsentErrorKind::Withdrawn));
    /// assert_eq!(outbox.0.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn send_marketing<T: MarketingTransport<Self::Channel> + ?Sized>(
        &self,
        consent: &Consent<Marketing>,
        now: impl Clock,
        transport: &mut T,
        content: &str,
    ) -> Result<(), SendError<T::Error>>;

    /// Sends `content` through an async `transport`, as
    /// [`send_marketing`](Self::send_marketing) does through a blocking
    /// one: to a phone number, a [`CheckedSms`](crate::CheckedSms) of an
    /// async gateway and an [`AsyncReassignedCheck`](crate::AsyncReassignedCheck)
    /// ([`AsyncMarketingTransport`]). The clock is read, and the consent
    /// checked, when the future is first polled.
    ///
    /// # Errors
    ///
    /// As [`send_marketing`](Self::send_marketing): [`SendError::Consent`]
    /// when the consent refuses or the reassigned-number check does,
    /// nothing sent; [`SendError::Transport`] when the transport cannot
    /// deliver; [`SendError::Unaudited`] when the installed audit sink
    /// cannot record the send, and nothing was sent.
    fn send_marketing_async<T: AsyncMarketingTransport<Self::Channel> + Send + ?Sized>(
        &self,
        consent: &Consent<Marketing>,
        now: impl Clock,
        transport: &mut T,
        content: &str,
    ) -> impl Future<Output = Result<(), SendError<T::Error>>> + Send;
}

// The grant comes from the purposes table. The capability takes a
// `Consent<Marketing>`, so only the `Marketing` row can grant it: a grant in
// another row would fail the crate's assertions of the matrix.
#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose = Marketing>> SendMarketing for I
where
    I::Purpose: grants::SendMarketing,
{
    fn send_marketing<T: MarketingTransport<I::Channel> + ?Sized>(
        &self,
        consent: &Consent<Marketing>,
        now: impl Clock,
        transport: &mut T,
        content: &str,
    ) -> Result<(), SendError<T::Error>> {
        consented(
            self,
            consent,
            &now,
            Capability::SendMarketing,
            transport.name(),
        )
        .map_err(SendError::Consent)?;
        BeforeMarketing::before_marketing(transport, Token(()), self, consent.record().given())?;
        deliver(
            self,
            Capability::SendMarketing,
            transport,
            Message::Promotion(content),
        )
    }

    async fn send_marketing_async<T: AsyncMarketingTransport<I::Channel> + Send + ?Sized>(
        &self,
        consent: &Consent<Marketing>,
        now: impl Clock,
        transport: &mut T,
        content: &str,
    ) -> Result<(), SendError<T::Error>> {
        consented(
            self,
            consent,
            &now,
            Capability::SendMarketing,
            transport.name(),
        )
        .map_err(SendError::Consent)?;
        BeforeMarketingAsync::before_marketing_async(
            transport,
            Token(()),
            self,
            consent.record().given(),
        )
        .await?;
        deliver_async(
            self,
            Capability::SendMarketing,
            transport,
            Message::Promotion(content),
        )
        .await
    }
}

/// The marketing methods, callable without importing [`SendMarketing`].
///
/// They exist for every purpose but compile only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
//
// Written out for each identifier kind rather than generated by a macro:
// compiler messages quote these signatures, and a macro would add its
// private path and an expansion backtrace to each.
impl<P: Purpose> PhoneNumber<P> {
    /// Sends marketing if `consent` is this number's and is live at the
    /// time `now` reads, and the application's reassigned-number check
    /// says the number was not reassigned since: see
    /// [`SendMarketing::send_marketing`]. `transport` is a
    /// [`CheckedSms`](crate::CheckedSms), the gateway with the check.
    ///
    /// # Errors
    ///
    /// [`SendError::Consent`] when the consent refuses, or the check does
    /// ([`Reassigned`](crate::ConsentErrorKind::Reassigned),
    /// [`ReassignedCheckFailed`](crate::ConsentErrorKind::ReassignedCheckFailed)),
    /// nothing sent;
    /// [`SendError::Transport`] when the transport cannot deliver;
    /// [`SendError::Unaudited`] when the installed audit sink cannot record
    /// the send, and nothing was sent.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// use purpose_bound::{
    ///     CheckedSms, Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Message,
    ///     Reassignment, ReassignedCheck, Recipient, Sms, Transport, Subject,
    /// };
    ///
    /// /// An SMS provider's API.
    /// struct SmsApi(Vec<String>);
    ///
    /// impl Transport<Sms> for SmsApi {
    ///     type Error = std::io::Error;
    ///
    ///     fn send(&mut self, to: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), Self::Error> {
    ///         // POST {"to": to.expose_secret(), "text": …} to the provider.
    ///         self.0.push(to.expose_secret().to_owned());
    ///         Ok(())
    ///     }
    /// }
    ///
    /// /// The reassigned-number check: a UK number, of which the FCC's database knows nothing.
    /// struct Rnd;
    ///
    /// impl ReassignedCheck for Rnd {
    ///     type Error = std::io::Error;
    ///
    ///     fn check(&mut self, number: Recipient<'_, Sms>, _since: Duration) -> Result<Reassignment, Self::Error> {
    ///         assert!(!number.expose_secret().starts_with("+1"));
    ///         Ok(Reassignment::NoData)
    ///     }
    /// }
    ///
    /// let given = Duration::from_secs(1_767_225_600);
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(7).unwrap(), &Subject::new("user-42")?, given, "sms-offers-v1", ConsentChannel::App,
    /// ))?;
    /// let phone = consent.parse_phone("+44 7400 123456")?;
    /// let mut api = SmsApi(Vec::new());
    /// phone.send_marketing(&consent, given, &mut CheckedSms::new(&mut api, &mut Rnd), "Spring sale: 20% off")?;
    /// assert_eq!(api.0, ["+447400123456"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn send_marketing<T: MarketingTransport<<Self as Identifier>::Channel> + ?Sized>(
        &self,
        consent: &Consent<Marketing>,
        now: impl Clock,
        transport: &mut T,
        content: &str,
    ) -> Result<(), SendError<T::Error>>
    where
        Self: SendMarketing,
    {
        SendMarketing::send_marketing(self, consent, now, transport, content)
    }

    /// Sends marketing through an async transport if `consent` is this
    /// number's and is live at the time `now` reads, and the application's
    /// reassigned-number check says the number was not reassigned since:
    /// see [`SendMarketing::send_marketing_async`]. `transport` is a
    /// [`CheckedSms`](crate::CheckedSms) of an async gateway and an
    /// [`AsyncReassignedCheck`](crate::AsyncReassignedCheck).
    ///
    /// # Errors
    ///
    /// [`SendError::Consent`] when the consent refuses, or the check does,
    /// nothing sent;
    /// [`SendError::Transport`] when the transport cannot deliver;
    /// [`SendError::Unaudited`] when the installed audit sink cannot record
    /// the send, and nothing was sent.
    pub fn send_marketing_async<
        T: AsyncMarketingTransport<<Self as Identifier>::Channel> + Send + ?Sized,
    >(
        &self,
        consent: &Consent<Marketing>,
        now: impl Clock,
        transport: &mut T,
        content: &str,
    ) -> impl Future<Output = Result<(), SendError<T::Error>>> + Send
    where
        Self: SendMarketing,
    {
        SendMarketing::send_marketing_async(self, consent, now, transport, content)
    }
}

/// The marketing methods, callable without importing [`SendMarketing`].
///
/// They exist for every purpose but compile only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
//
// Written out for each identifier kind rather than generated by a macro:
// compiler messages quote these signatures, and a macro would add its
// private path and an expansion backtrace to each.
impl<P: Purpose> EmailAddress<P> {
    /// Sends marketing if `consent` is this address's and is live at the
    /// time `now` reads: see [`SendMarketing::send_marketing`].
    ///
    /// # Errors
    ///
    /// [`SendError::Consent`] when the consent refuses, nothing sent;
    /// [`SendError::Transport`] when the transport cannot deliver;
    /// [`SendError::Unaudited`] when the installed audit sink cannot record
    /// the send, and nothing was sent.
    pub fn send_marketing<T: MarketingTransport<<Self as Identifier>::Channel> + ?Sized>(
        &self,
        consent: &Consent<Marketing>,
        now: impl Clock,
        transport: &mut T,
        content: &str,
    ) -> Result<(), SendError<T::Error>>
    where
        Self: SendMarketing,
    {
        SendMarketing::send_marketing(self, consent, now, transport, content)
    }

    /// Sends marketing through an async transport if `consent` is this
    /// address's and is live at the time `now` reads: see
    /// [`SendMarketing::send_marketing_async`].
    ///
    /// # Errors
    ///
    /// [`SendError::Consent`] when the consent refuses, nothing sent;
    /// [`SendError::Transport`] when the transport cannot deliver;
    /// [`SendError::Unaudited`] when the installed audit sink cannot record
    /// the send, and nothing was sent.
    pub fn send_marketing_async<
        T: AsyncMarketingTransport<<Self as Identifier>::Channel> + Send + ?Sized,
    >(
        &self,
        consent: &Consent<Marketing>,
        now: impl Clock,
        transport: &mut T,
        content: &str,
    ) -> impl Future<Output = Result<(), SendError<T::Error>>> + Send
    where
        Self: SendMarketing,
    {
        SendMarketing::send_marketing_async(self, consent, now, transport, content)
    }
}
