//! Consent: the only door into a consent-based purpose, and the check that
//! it is still open each time an identifier is used. [`Consent<P>`] is
//! here; the record it keeps in [`record`], its refusals in [`error`]. It
//! parses through the identifiers below it.
//!
//! May import: primitives, purposes, identifiers.

use core::fmt;
use core::time::Duration;

pub(crate) mod error;
pub(crate) mod record;
pub(crate) mod source;

use alloc::sync::Arc;

use crate::consent::error::{ConsentError, ConsentErrorKind};
use crate::consent::record::ConsentRecord;
use crate::consent::source::ConsentSource;
use crate::identifiers::email::{EmailAddress, EmailError};
use crate::identifiers::identifier::Identifier;
use crate::identifiers::phone::{PhoneError, PhoneNumber};
use crate::identifiers::region::Region;
use crate::identifiers::sealed::SealedIdentifier;
use crate::primitives::clock::Clock;
use crate::purposes::audit::{self as sink, AuditEvent, AuditOutcome};
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::{AdoptInto, Purpose, RequiresConsent};
use crate::purposes::sealed::Token;
use crate::purposes::subject::{Binding, Subject};

/// A [`Consent<Self>`](Consent) is never read from data: this trait has no
/// implementations.
///
/// It bounds `Consent`'s `Deserialize` impl (feature `serde`), so that a
/// `#[derive(Deserialize)]` around a consent fails to compile with this
/// message, instead of turning a request body or a stored row into a live
/// consent with no call to find in review. Read the record, a
/// [`ConsentRecord<P>`], which is data, and build the consent with
/// [`Consent::new`].
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```compile_fail,E0277
/// use purpose_bound::{Advertising, Consent};
///
/// #[derive(serde::Deserialize)]
/// struct OptIn {
///     consent: Consent<Advertising>, // error: a `Consent<Advertising>` is never read from data
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "a `Consent<{Self}>` is never read from data",
    label = "a consent is made only by `Consent::new(record)`",
    note = "read the record instead, a `ConsentRecord<{Self}>`, and build the consent where you mean to: `Consent::<{Self}>::new(record)?`",
    note = "a consent read from a request body or a stored row would be live with no `Consent::new` to find in review"
)]
pub trait ConsentFromData: RequiresConsent {}

/// A recorded consent to use identifiers for the purpose `P`: the only way
/// to make a [`PhoneNumber<P>`] or [`EmailAddress<P>`] for
/// [`Marketing`](crate::Marketing) or [`Advertising`](crate::Advertising),
/// and what their use is checked against.
///
/// Each identifier a consent collects ([`parse_phone`](Self::parse_phone),
/// [`parse_email`](Self::parse_email)), adopts ([`adopt`](Self::adopt)) or
/// reads back from storage carries the consent's [`ConsentId`]. Sending
/// marketing and making match keys take the consent again, with the time
/// of use, and refuse unless it is the same consent and is live then: given,
/// not expired, not withdrawn. A withdrawal is final: once the consent is
/// withdrawn, every use is refused whatever time is passed, also a time
/// before the withdrawal (a queued job carrying its enqueue time, a clock
/// stepped back, another server's clock).
///
/// `Consent` exists only for the consent-based purposes and is made only
/// from a [`ConsentRecord<P>`] given for the same purpose, by
/// [`Consent::new`]: that call is the visible act, so a consent is never
/// read from a request body or a stored row directly (no `Deserialize`;
/// read the record and call `new`). It has no `Default` and no `Clone`, so
/// that a withdrawal cannot miss a copy: load it from your store where it
/// is used.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
/// use std::time::Duration;
///
/// let given = Duration::from_secs(1_767_225_600);
/// let mut consent = Consent::<Marketing>::new(ConsentRecord::new(
///     ConsentId::new(1).unwrap(),
///     &Subject::new("user-42")?,
///     given,
///     "newsletter-v3",
///     ConsentChannel::Web,
/// ))?;
/// let email = consent.parse_email("ada@example.com")?;
/// assert_eq!(format!("{email:?}"), "EmailAddress<Marketing>(a•••@e•••.com, consent 1)");
///
/// let later = given + Duration::from_secs(86_400);
/// assert!(consent.check(later).is_ok());
/// consent.withdraw(later);
/// assert!(consent.check(later).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// There is no consent to two-factor authentication, whose numbers are
/// collected without one:
///
/// ```compile_fail,E0277
/// use purpose_bound::{Consent, TwoFactor};
///
/// fn check(_: Consent<TwoFactor>) {}
/// ```
pub struct Consent<P: RequiresConsent> {
    record: ConsentRecord<P>,
    /// The system of record asked again at each use, for a consent made by
    /// [`from_source`](Consent::from_source).
    source: Option<Arc<dyn ConsentSource>>,
}

/// Consents are equal when their records are, whatever their sources.
impl<P: RequiresConsent> PartialEq for Consent<P> {
    fn eq(&self, other: &Self) -> bool {
        self.record == other.record
    }
}

impl<P: RequiresConsent> Eq for Consent<P> {}

impl<P: RequiresConsent> Consent<P> {
    /// Wraps a consent record given for the purpose `P`.
    ///
    /// A record that expires or was withdrawn at the very instant it was
    /// given is accepted, both alike: it records a consent that was never
    /// live (see [`check`](Self::check)), and a [`withdraw`](Self::withdraw)
    /// at or before that instant stores such a record.
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the record proves nothing or contradicts
    /// itself: its `wording` is empty or only white space
    /// ([`EmptyWording`](ConsentErrorKind::EmptyWording)), or it expires or
    /// was withdrawn before it was given
    /// ([`EndsBeforeGiven`](ConsentErrorKind::EndsBeforeGiven)).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentErrorKind, ConsentId, ConsentRecord, Subject};
    /// use std::time::Duration;
    ///
    /// let id = ConsentId::new(9).unwrap();
    /// let given = Duration::from_secs(1_767_225_600);
    /// let record = ConsentRecord::new(id, &Subject::new("user-42")?, given, "ads-matching-v1", ConsentChannel::App);
    /// assert!(Consent::<Advertising>::new(record.clone()).is_ok());
    ///
    /// let empty = ConsentRecord::new(id, &Subject::new("user-42")?, given, " ", ConsentChannel::App);
    /// let err = Consent::<Advertising>::new(empty).unwrap_err();
    /// assert_eq!(err.kind(), ConsentErrorKind::EmptyWording);
    /// # Ok::<(), purpose_bound::SubjectError>(())
    /// ```
    pub fn new(record: ConsentRecord<P>) -> Result<Self, ConsentError> {
        let refuse = |kind| Err(ConsentError::new(kind));
        if record.wording.trim().is_empty() {
            return refuse(ConsentErrorKind::EmptyWording);
        }
        // One rule for both ends: live on [given, end).
        if [record.expires, record.withdrawn]
            .into_iter()
            .flatten()
            .any(|end| end < record.given)
        {
            return refuse(ConsentErrorKind::EndsBeforeGiven);
        }
        Ok(Self {
            record,
            source: None,
        })
    }

    /// Wraps a consent record read from its system of record, `source`,
    /// which every use asks again: a withdrawal recorded there refuses
    /// every later use of this consent, however old `record` is.
    ///
    /// A consent ledger makes its consents with this; an application with
    /// a store of its own that can answer at each use implements
    /// [`ConsentSource`] for it.
    ///
    /// # Errors
    ///
    /// As [`new`](Self::new).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{
    ///     Consent, ConsentChannel, ConsentError, ConsentErrorKind, ConsentId, ConsentRecord,
    ///     ConsentSource, Mail, Marketing, Message, Recipient, SendError, SendMarketing, Subject,
    ///     SubjectTag, SystemClock, Transport,
    /// };
    /// use std::sync::{Arc, atomic::{AtomicBool, Ordering}};
    /// use std::time::Duration;
    ///
    /// /// The application's own table of withdrawals, one flag here.
    /// struct Withdrawals(AtomicBool);
    /// impl ConsentSource for Withdrawals {
    ///     fn check(&self, _: &'static str, _: ConsentId, _: SubjectTag, _: Duration) -> Result<(), ConsentError> {
    ///         match self.0.load(Ordering::SeqCst) {
    ///             true => Err(ConsentErrorKind::Withdrawn.into()),
    ///             false => Ok(()),
    ///         }
    ///     }
    /// }
    /// struct Outbox;
    /// impl Transport<Mail> for Outbox {
    ///     type Error = std::convert::Infallible;
    ///     fn send(&mut self, _: Recipient<'_, Mail>, _: Message<'_>) -> Result<(), Self::Error> { Ok(()) }
    /// }
    ///
    /// let ada = Subject::new("user-42")?;
    /// let record = ConsentRecord::new(
    ///     ConsentId::new(1).unwrap(), &ada, Duration::from_secs(1_767_225_600), "newsletter-v3", ConsentChannel::Web,
    /// );
    /// let withdrawals = Arc::new(Withdrawals(AtomicBool::new(false)));
    /// // A copy of the record, taken before the withdrawal, in a queued job.
    /// let consent = Consent::<Marketing>::from_source(record, withdrawals.clone())?;
    /// let email = consent.parse_email("ada@example.com")?;
    /// assert!(email.send_marketing(&consent, SystemClock, &mut Outbox, "Offers").is_ok());
    ///
    /// withdrawals.0.store(true, Ordering::SeqCst);
    /// let refused = email.send_marketing(&consent, SystemClock, &mut Outbox, "Offers");
    /// assert!(matches!(refused, Err(SendError::Consent(err)) if err.kind() == ConsentErrorKind::Withdrawn));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_source(
        record: ConsentRecord<P>,
        source: Arc<dyn ConsentSource>,
    ) -> Result<Self, ConsentError> {
        let mut consent = Self::new(record)?;
        consent.source = Some(source);
        Ok(consent)
    }

    /// The record this consent was made from, with its withdrawal if any.
    pub fn record(&self) -> &ConsentRecord<P> {
        &self.record
    }

    /// The consent's id, which the identifiers it collects carry.
    pub const fn id(&self) -> ConsentId {
        self.record.id
    }

    /// Whether the consent was live at `at` (a `Duration` since the Unix
    /// epoch, or a [`Clock`] to ask about now): given by then, not expired,
    /// not withdrawn. It is live from the instant it was given until the
    /// instant it expires or is withdrawn, whichever comes first: `given`
    /// included, the end excluded. A record that ends at the instant it was
    /// given was never live.
    ///
    /// This answers questions about any time, also the past: a consent
    /// withdrawn today was live last month. A use asks more: once the
    /// consent is withdrawn, every capability refuses whatever time it is
    /// given.
    ///
    /// # Errors
    ///
    /// [`NotYetGiven`](ConsentErrorKind::NotYetGiven),
    /// [`Expired`](ConsentErrorKind::Expired) or
    /// [`Withdrawn`](ConsentErrorKind::Withdrawn).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentErrorKind, ConsentId, ConsentRecord, Marketing, Subject};
    /// use std::time::Duration;
    ///
    /// let day = Duration::from_secs(86_400);
    /// let given = 20_000 * day;
    /// let record = ConsentRecord::new(ConsentId::new(1).unwrap(), &Subject::new("user-42")?, given, "v3", ConsentChannel::Web)
    ///     .expires_at(given + 30 * day);
    /// let consent = Consent::<Marketing>::new(record)?;
    /// assert!(consent.check(given + day).is_ok());
    /// assert_eq!(consent.check(given + 30 * day).unwrap_err().kind(), ConsentErrorKind::Expired);
    /// assert_eq!(consent.check(given - day).unwrap_err().kind(), ConsentErrorKind::NotYetGiven);
    /// assert!(consent.check(given).is_ok());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn check(&self, at: impl Clock) -> Result<(), ConsentError> {
        let at = at.now();
        let record = &self.record;
        let kind = if record.withdrawn.is_some_and(|end| end <= at) {
            ConsentErrorKind::Withdrawn
        } else if record.expires.is_some_and(|end| end <= at) {
            ConsentErrorKind::Expired
        } else if at < record.given {
            ConsentErrorKind::NotYetGiven
        } else {
            return Ok(());
        };
        Err(ConsentError::new(kind))
    }

    /// Whether `id` was collected under this consent, the consent is not
    /// withdrawn (at any time: a withdrawal is final) and it is live at
    /// `at`: what every use of a consent-purpose identifier asks.
    pub(crate) fn check_use<I: Identifier<Purpose = P>>(
        &self,
        id: &I,
        at: Duration,
    ) -> Result<(), ConsentError> {
        if id.consent_id() != Some(self.id()) {
            return Err(ConsentError::new(ConsentErrorKind::OtherConsent));
        }
        if id.subject_tag() != Some(self.record.subject.tag()) {
            return Err(ConsentError::new(ConsentErrorKind::AnotherSubject));
        }
        if self.record.withdrawn.is_some() {
            return Err(ConsentError::new(ConsentErrorKind::Withdrawn));
        }
        let at = judged_at(at);
        self.check(at)?;
        self.ask_source(at)
    }

    /// What the consent's system of record says of it at `at`; `Ok` for a
    /// consent with none.
    fn ask_source(&self, at: Duration) -> Result<(), ConsentError> {
        match &self.source {
            Some(source) => source.check(P::TAG, self.id(), self.record.subject.tag(), at),
            None => Ok(()),
        }
    }

    /// The subject who gave the consent: every identifier it collects or
    /// adopts is bound to them.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
    /// use std::time::Duration;
    ///
    /// let ada = Subject::new("user-42")?;
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(3).unwrap(), &ada, Duration::from_secs(1_767_225_600),
    ///     "offers-sms-v1", ConsentChannel::Web,
    /// ))?;
    /// assert_eq!(consent.subject(), &ada);
    /// assert!(consent.parse_phone("+44 7911 123456")?.is_owned_by(&ada));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn subject(&self) -> &Subject {
        &self.record.subject
    }

    /// How this consent binds what it collects: its id and its subject.
    const fn binding(&self) -> Binding {
        Binding::new(Some(self.record.id), Some(self.record.subject.tag()))
    }

    /// Records that the person withdrew this consent at `at` (GDPR
    /// Art. 7(3)): a [`Clock`] such as [`SystemClock`](crate::SystemClock)
    /// for now, or a `Duration` for a withdrawal made earlier.
    ///
    /// From now on every use of the identifiers it collected is refused,
    /// whatever time the use is given, also one before `at`;
    /// [`check`](Self::check) still answers that it was live before `at`.
    /// An earlier withdrawal stands; a time before the consent was given
    /// counts as the instant it was given.
    ///
    /// Store the withdrawal ([`ConsentRecord::withdrawn`]) with the
    /// record, and erase the identifiers: they may not be used again.
    pub fn withdraw(&mut self, at: impl Clock) {
        let at = at.now().max(self.record.given);
        self.record.withdrawn = Some(self.record.withdrawn.map_or(at, |earlier| earlier.min(at)));
    }

    /// Parses a phone number in international form for the purpose `P`,
    /// bound to this consent: see [`PhoneNumber::parse`].
    ///
    /// # Errors
    ///
    /// As [`PhoneNumber::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord::new(
    /// #     ConsentId::new(1).unwrap(), &Subject::new("user-42")?, Duration::from_secs(1_767_225_600),
    /// #     "newsletter-v3", ConsentChannel::Web,
    /// # ))?;
    /// let phone = consent.parse_phone("+44 20 7946 0958")?;
    /// assert!(consent.parse_phone("020 7946 0958").is_err());
    /// # drop(phone);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_phone(&self, input: &str) -> Result<PhoneNumber<P>, PhoneError> {
        PhoneNumber::parse_for(input, None, self.binding())
    }

    /// Parses a phone number in international form or in the national form
    /// of `region` for the purpose `P`, bound to this consent: see
    /// [`PhoneNumber::parse_with_region`].
    ///
    /// # Errors
    ///
    /// As [`PhoneNumber::parse_with_region`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord::new(
    /// #     ConsentId::new(1).unwrap(), &Subject::new("user-42")?, Duration::from_secs(1_767_225_600),
    /// #     "newsletter-v3", ConsentChannel::Web,
    /// # ))?;
    /// let phone = consent.parse_phone_with_region("020 7946 0958", "GB".parse()?)?;
    /// assert_eq!(phone, consent.parse_phone("+442079460958")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_phone_with_region(
        &self,
        input: &str,
        region: Region,
    ) -> Result<PhoneNumber<P>, PhoneError> {
        PhoneNumber::parse_for(input, Some(region), self.binding())
    }

    /// Parses an email address for the purpose `P`, bound to this consent:
    /// see [`EmailAddress::parse`].
    ///
    /// # Errors
    ///
    /// As [`EmailAddress::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord::new(
    /// #     ConsentId::new(1).unwrap(), &Subject::new("user-42")?, Duration::from_secs(1_767_225_600),
    /// #     "newsletter-v3", ConsentChannel::Web,
    /// # ))?;
    /// let email = consent.parse_email("ada@example.com")?;
    /// assert!(consent.parse_email("ada").is_err());
    /// # drop(email);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_email(&self, input: &str) -> Result<EmailAddress<P>, EmailError> {
        EmailAddress::parse_for(input, self.binding())
    }

    /// Adopts an identifier the user already gave for another purpose into
    /// `P`, bound to this consent, without asking them to type it again:
    /// the only road between purposes (GDPR Art. 6(4): a new purpose needs
    /// its own consent).
    ///
    /// The original keeps its purpose; the adopted copy is a new identifier
    /// of the same kind and value, bound to this consent and its subject.
    /// There is no road back: no consent adopts into a purpose collected
    /// without consent, none adopts a contact someone else uploaded, and
    /// none adopts an identifier already of `P`, which its own consent
    /// binds ([`AdoptInto`]).
    ///
    /// A consent adopts only its own subject's identifiers: one bound to
    /// another subject, or to none yet, is refused. An identifier parsed
    /// without consent is bound with
    /// [`owned_by`](crate::PhoneNumber::owned_by) where the code knows
    /// whose it is (the signed-in account's own number), and one opened
    /// from a sealed value is bound to the subject its associated data
    /// proves.
    ///
    /// # Errors
    ///
    /// A [`ConsentError`] of kind
    /// [`AnotherSubject`](ConsentErrorKind::AnotherSubject) for an
    /// identifier bound to another subject, or
    /// [`Unbound`](ConsentErrorKind::Unbound) for one bound to nobody; a
    /// consent withdrawn, or one its system of record
    /// ([`from_source`](Self::from_source)) refuses now, adopts nothing
    /// ([`Withdrawn`](ConsentErrorKind::Withdrawn), or the source's
    /// refusal). The error holds neither the identifier nor either
    /// subject.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{
    ///     Consent, ConsentChannel, ConsentErrorKind, ConsentId, ConsentRecord, Marketing, PhoneNumber,
    ///     Subject, TwoFactor,
    /// };
    /// use std::time::Duration;
    ///
    /// let ada = Subject::new("user-42")?;
    /// let sign_in = PhoneNumber::<TwoFactor>::parse("+44 7911 123456")?.owned_by(&ada)?;
    /// // The user ticks "also send me offers at +44 •••• ••56".
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(3).unwrap(), &ada, Duration::from_secs(1_767_225_600),
    ///     "offers-sms-v1", ConsentChannel::Web,
    /// ))?;
    /// let offers: PhoneNumber<Marketing> = consent.adopt(&sign_in)?;
    /// assert_eq!(offers.masked().to_string(), sign_in.masked().to_string());
    ///
    /// // Another account's number, or one bound to nobody, is refused.
    /// let grace = PhoneNumber::<TwoFactor>::parse("+44 7911 123457")?
    ///     .owned_by(&Subject::new("user-43")?)?;
    /// assert_eq!(consent.adopt(&grace).unwrap_err().kind(), ConsentErrorKind::AnotherSubject);
    /// let nobodys = PhoneNumber::<TwoFactor>::parse("+44 7911 123457")?;
    /// assert_eq!(consent.adopt(&nobodys).unwrap_err().kind(), ConsentErrorKind::Unbound);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn adopt<I: Identifier<Purpose: AdoptInto<P>>>(
        &self,
        id: &I,
    ) -> Result<I::As<P>, ConsentError> {
        let purpose = <I::Purpose as Purpose>::TAG;
        let refuse = |kind: ConsentErrorKind| {
            id.binding().audit("adopt", purpose, id.hint(), "refused");
            // Best effort, as every refusal: nothing leaves.
            let _ = sink::record(&AuditEvent {
                purpose: P::TAG,
                capability: None,
                via: "adopt",
                subject: id.subject_tag(),
                consent: Some(self.id()),
                outcome: AuditOutcome::Refused {
                    reason: kind.as_str(),
                },
            });
            Err(ConsentError::new(kind))
        };
        match id.subject_tag() {
            None => refuse(ConsentErrorKind::Unbound),
            Some(tag) if tag != self.record.subject.tag() => {
                refuse(ConsentErrorKind::AnotherSubject)
            }
            Some(_) if self.record.withdrawn.is_some() => refuse(ConsentErrorKind::Withdrawn),
            Some(tag) => {
                if let Err(refused) = self.ask_source(judged_at(self.record.given)) {
                    return refuse(refused.kind());
                }
                let adopted = id.rebind(Token(()), self.binding());
                let event = AuditEvent {
                    purpose: P::TAG,
                    capability: None,
                    via: "adopt",
                    subject: Some(tag),
                    consent: Some(self.id()),
                    outcome: AuditOutcome::Adopted,
                };
                if sink::record(&event).is_err() {
                    return refuse(ConsentErrorKind::Unaudited);
                }
                adopted
                    .binding()
                    .audit("adopt", P::TAG, adopted.hint(), "adopted");
                Ok(adopted)
            }
        }
    }
}

/// The time a use is judged at: the later of the time passed and, with
/// `std`, the system clock, so that an expired consent refuses a use
/// stamped with an earlier time (a queued job's enqueue time, a time read
/// from a row) as a withdrawn one does. Without `std` there is no clock but
/// the application's: the time passed.
fn judged_at(at: Duration) -> Duration {
    #[cfg(feature = "std")]
    let at = at.max(crate::primitives::clock::SystemClock.now());
    at
}

/// Shows the purpose and the record.
impl<P: RequiresConsent> fmt::Debug for Consent<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Consent<{}>(", P::NAME)?;
        fmt::Debug::fmt(&self.record, f)?;
        f.write_str(")")
    }
}
