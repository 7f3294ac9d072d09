//! `Consent<P>`: the only door into a consent-based purpose, and the check
//! that it is still open each time an identifier is used.

use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;
use core::num::NonZeroU64;
use core::str::FromStr;
use core::time::Duration;

use crate::capabilities::transport::Identifier;
use crate::identifiers::email::{EmailAddress, EmailError};
use crate::identifiers::phone::{PhoneError, PhoneNumber};
use crate::identifiers::region::Region;
use crate::identifiers::sealed::Token;
use crate::purposes::markers::{GivenByOwner, RequiresConsent};

/// The identity of a recorded consent: your stable id for the record, such
/// as its row id. Not zero.
///
/// Every identifier collected through a [`Consent`] carries its id, and is
/// used only with that consent, while it is live. Ids need to be unique
/// among the consents to one purpose.
///
/// # Examples
///
/// ```
/// use purpose_bound::ConsentId;
///
/// let id = ConsentId::new(42).unwrap();
/// assert_eq!(id.get(), 42);
/// assert_eq!(id.to_string(), "42");
/// assert!(ConsentId::new(0).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct ConsentId(NonZeroU64);

impl ConsentId {
    /// The id `id`, or `None` for zero.
    pub const fn new(id: u64) -> Option<Self> {
        match NonZeroU64::new(id) {
            Some(id) => Some(Self(id)),
            None => None,
        }
    }

    /// The id as a number.
    pub const fn get(self) -> u64 {
        self.0.get()
    }
}

/// `consent`'s id as a word, 0 for none: for folding into constant-time
/// comparisons.
#[inline]
pub(crate) fn word(consent: Option<ConsentId>) -> u64 {
    consent.map_or(0, ConsentId::get)
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

/// How a consent was given.
///
/// Stored by its name ([`as_str`](Self::as_str), [`FromStr`], `Display`,
/// and serde with the `serde` feature): `web`, `app`, `email`, `sms`,
/// `voice`, `in_person`, `paper`.
///
/// # Examples
///
/// ```
/// use purpose_bound::ConsentChannel;
///
/// assert_eq!(ConsentChannel::InPerson.as_str(), "in_person");
/// assert_eq!("app".parse::<ConsentChannel>()?, ConsentChannel::App);
/// assert!("fax".parse::<ConsentChannel>().is_err());
/// # Ok::<(), purpose_bound::ConsentError>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ConsentChannel {
    /// A form on a web site.
    Web,
    /// A mobile or desktop application.
    App,
    /// A reply to or a link in an email.
    Email,
    /// A reply to a text message.
    Sms,
    /// A phone call.
    Voice,
    /// In person, at a counter or a point of sale.
    InPerson,
    /// A signed paper form.
    Paper,
}

impl ConsentChannel {
    const ALL: [Self; 7] = [
        Self::Web,
        Self::App,
        Self::Email,
        Self::Sms,
        Self::Voice,
        Self::InPerson,
        Self::Paper,
    ];

    /// The channel's name: `"web"`, `"app"`, `"email"`, `"sms"`, `"voice"`,
    /// `"in_person"` or `"paper"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Web => "web",
            Self::App => "app",
            Self::Email => "email",
            Self::Sms => "sms",
            Self::Voice => "voice",
            Self::InPerson => "in_person",
            Self::Paper => "paper",
        }
    }
}

impl fmt::Display for ConsentChannel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Reads a channel's name as [`as_str`](ConsentChannel::as_str) writes it.
impl FromStr for ConsentChannel {
    type Err = ConsentError;

    fn from_str(name: &str) -> Result<Self, ConsentError> {
        Self::ALL
            .into_iter()
            .find(|channel| channel.as_str() == name)
            .ok_or(ConsentError(ConsentErrorKind::UnknownChannel))
    }
}

/// What a controller must be able to show for a consent (GDPR Art. 7(1)):
/// which record, who gave it, when, to what wording, how, until when, and
/// whether it was withdrawn (Art. 7(3)).
///
/// Times are durations since the Unix epoch (UTC). The record is built with
/// [`new`](Self::new) and grows with [`expires_at`](Self::expires_at) and
/// [`withdrawn_at`](Self::withdrawn_at), so that fields added later do not
/// break code that builds one.
///
/// # Examples
///
/// ```
/// use purpose_bound::{ConsentChannel, ConsentId, ConsentRecord};
/// use std::time::Duration;
///
/// let given = Duration::from_secs(1_767_225_600);
/// let record = ConsentRecord::new(
///     ConsentId::new(7).unwrap(),
///     "user-42",
///     given,
///     "newsletter-sms-2026-03",
///     ConsentChannel::App,
/// )
/// .expires_at(given + Duration::from_secs(365 * 86_400));
/// assert_eq!(record.subject(), "user-42");
/// assert_eq!(record.withdrawn(), None);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ConsentRecord {
    id: ConsentId,
    subject: String,
    given: Duration,
    wording: String,
    channel: ConsentChannel,
    expires: Option<Duration>,
    withdrawn: Option<Duration>,
}

impl ConsentRecord {
    /// A consent `id` that `subject` (your stable identifier for the
    /// person, such as an account id; not the phone number or address) gave
    /// at `given` to `wording` (a policy version or the key of the exact
    /// text shown) through `channel`. It does not expire and is not
    /// withdrawn.
    pub fn new(
        id: ConsentId,
        subject: impl Into<String>,
        given: Duration,
        wording: impl Into<String>,
        channel: ConsentChannel,
    ) -> Self {
        Self {
            id,
            subject: subject.into(),
            given,
            wording: wording.into(),
            channel,
            expires: None,
            withdrawn: None,
        }
    }

    /// The record, ending at `at`.
    #[must_use]
    pub fn expires_at(mut self, at: Duration) -> Self {
        self.expires = Some(at);
        self
    }

    /// The record, withdrawn at `at`: as loaded back from storage after a
    /// [`Consent::withdraw`].
    #[must_use]
    pub fn withdrawn_at(mut self, at: Duration) -> Self {
        self.withdrawn = Some(at);
        self
    }

    /// The record's id.
    pub const fn id(&self) -> ConsentId {
        self.id
    }

    /// Who consented.
    pub fn subject(&self) -> &str {
        &self.subject
    }

    /// When.
    pub const fn given(&self) -> Duration {
        self.given
    }

    /// To what wording.
    pub fn wording(&self) -> &str {
        &self.wording
    }

    /// How.
    pub const fn channel(&self) -> ConsentChannel {
        self.channel
    }

    /// When it ends, if it does.
    pub const fn expires(&self) -> Option<Duration> {
        self.expires
    }

    /// When it was withdrawn, if it was.
    pub const fn withdrawn(&self) -> Option<Duration> {
        self.withdrawn
    }
}

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
/// not expired, not withdrawn.
///
/// `Consent` exists only for the consent-based purposes and is made only
/// from a [`ConsentRecord`]. It has no `Default` and no `Clone`, so that a
/// withdrawal cannot miss a copy: load it from your store where it is used.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing};
/// use std::time::Duration;
///
/// let given = Duration::from_secs(1_767_225_600);
/// let mut consent = Consent::<Marketing>::new(ConsentRecord::new(
///     ConsentId::new(1).unwrap(),
///     "user-42",
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
#[derive(PartialEq, Eq)]
pub struct Consent<P: RequiresConsent> {
    record: ConsentRecord,
    purpose: PhantomData<P>,
}

impl<P: RequiresConsent> Consent<P> {
    /// Wraps a consent record for the purpose `P`.
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the record proves nothing or contradicts
    /// itself: its `subject` or `wording` is empty or only white space
    /// ([`EmptySubject`](ConsentErrorKind::EmptySubject),
    /// [`EmptyWording`](ConsentErrorKind::EmptyWording)), or it expires or
    /// was withdrawn before it was given
    /// ([`EndsBeforeGiven`](ConsentErrorKind::EndsBeforeGiven)).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentErrorKind, ConsentId, ConsentRecord};
    /// use std::time::Duration;
    ///
    /// let id = ConsentId::new(9).unwrap();
    /// let given = Duration::from_secs(1_767_225_600);
    /// let record = ConsentRecord::new(id, "user-42", given, "ads-matching-v1", ConsentChannel::App);
    /// assert!(Consent::<Advertising>::new(record.clone()).is_ok());
    ///
    /// let empty = ConsentRecord::new(id, "user-42", given, " ", ConsentChannel::App);
    /// let err = Consent::<Advertising>::new(empty).unwrap_err();
    /// assert_eq!(err.kind(), ConsentErrorKind::EmptyWording);
    /// ```
    pub fn new(record: ConsentRecord) -> Result<Self, ConsentError> {
        let refuse = |kind| Err(ConsentError(kind));
        if record.subject.trim().is_empty() {
            return refuse(ConsentErrorKind::EmptySubject);
        }
        if record.wording.trim().is_empty() {
            return refuse(ConsentErrorKind::EmptyWording);
        }
        if record.expires.is_some_and(|end| end <= record.given)
            || record.withdrawn.is_some_and(|end| end < record.given)
        {
            return refuse(ConsentErrorKind::EndsBeforeGiven);
        }
        Ok(Self {
            record,
            purpose: PhantomData,
        })
    }

    /// The record this consent was made from, with its withdrawal if any.
    pub fn record(&self) -> &ConsentRecord {
        &self.record
    }

    /// The consent's id, which the identifiers it collects carry.
    pub const fn id(&self) -> ConsentId {
        self.record.id
    }

    /// Whether the consent is live at `at`: given by then, not expired, not
    /// withdrawn.
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
    /// use purpose_bound::{Consent, ConsentChannel, ConsentErrorKind, ConsentId, ConsentRecord, Marketing};
    /// use std::time::Duration;
    ///
    /// let day = Duration::from_secs(86_400);
    /// let given = 20_000 * day;
    /// let record = ConsentRecord::new(ConsentId::new(1).unwrap(), "user-42", given, "v3", ConsentChannel::Web)
    ///     .expires_at(given + 30 * day);
    /// let consent = Consent::<Marketing>::new(record)?;
    /// assert!(consent.check(given + day).is_ok());
    /// assert_eq!(consent.check(given + 30 * day).unwrap_err().kind(), ConsentErrorKind::Expired);
    /// assert_eq!(consent.check(given - day).unwrap_err().kind(), ConsentErrorKind::NotYetGiven);
    /// # Ok::<(), purpose_bound::ConsentError>(())
    /// ```
    pub fn check(&self, at: Duration) -> Result<(), ConsentError> {
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
        Err(ConsentError(kind))
    }

    /// Whether `id` was collected under this consent and the consent is
    /// live at `at`: what every use of a consent-purpose identifier asks.
    pub(crate) fn check_use<I: Identifier<Purpose = P>>(
        &self,
        id: &I,
        at: Duration,
    ) -> Result<(), ConsentError> {
        if id.consent_id() != Some(self.id()) {
            return Err(ConsentError(ConsentErrorKind::OtherConsent));
        }
        self.check(at)
    }

    /// Records that the person withdrew this consent at `at` (GDPR
    /// Art. 7(3)). From then on every use of the identifiers it collected
    /// is refused. An earlier withdrawal stands.
    ///
    /// Store the withdrawal ([`ConsentRecord::withdrawn`]) with the
    /// record, and erase the identifiers: they may not be used again.
    pub fn withdraw(&mut self, at: Duration) {
        let at = at.max(self.record.given);
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
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord::new(
    /// #     ConsentId::new(1).unwrap(), "user-42", Duration::from_secs(1_767_225_600),
    /// #     "newsletter-v3", ConsentChannel::Web,
    /// # ))?;
    /// let phone = consent.parse_phone("+44 20 7946 0958")?;
    /// assert!(consent.parse_phone("020 7946 0958").is_err());
    /// # drop(phone);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_phone(&self, input: &str) -> Result<PhoneNumber<P>, PhoneError> {
        PhoneNumber::parse_for(input, None, Some(self.id()))
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
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord::new(
    /// #     ConsentId::new(1).unwrap(), "user-42", Duration::from_secs(1_767_225_600),
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
        PhoneNumber::parse_for(input, Some(region), Some(self.id()))
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
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord::new(
    /// #     ConsentId::new(1).unwrap(), "user-42", Duration::from_secs(1_767_225_600),
    /// #     "newsletter-v3", ConsentChannel::Web,
    /// # ))?;
    /// let email = consent.parse_email("ada@example.com")?;
    /// assert!(consent.parse_email("ada").is_err());
    /// # drop(email);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_email(&self, input: &str) -> Result<EmailAddress<P>, EmailError> {
        EmailAddress::parse_for(input, Some(self.id()))
    }

    /// Adopts an identifier the user already gave for another purpose into
    /// `P`, bound to this consent, without asking them to type it again:
    /// the only road between purposes (GDPR Art. 6(4): a new purpose needs
    /// its own consent).
    ///
    /// The original keeps its purpose; the adopted copy is a new identifier
    /// of the same kind and value. There is no road back: no consent adopts
    /// into a purpose collected without consent, and none adopts a contact
    /// someone else uploaded ([`GivenByOwner`]).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, PhoneNumber, TwoFactor};
    /// use std::time::Duration;
    ///
    /// let sign_in = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
    /// // The user ticks "also send me offers at +44 •••• ••58".
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(3).unwrap(), "user-42", Duration::from_secs(1_767_225_600),
    ///     "offers-sms-v1", ConsentChannel::Web,
    /// ))?;
    /// let offers: PhoneNumber<Marketing> = consent.adopt(&sign_in);
    /// assert_eq!(offers.masked().to_string(), sign_in.masked().to_string());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn adopt<I: Identifier<Purpose: GivenByOwner>>(&self, id: &I) -> I::As<P> {
        id.rebind(Token(()), Some(self.id()))
    }
}

/// Shows the purpose and the record.
impl<P: RequiresConsent> fmt::Debug for Consent<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Consent<{}>(", P::NAME)?;
        fmt::Debug::fmt(&self.record, f)?;
        f.write_str(")")
    }
}

/// Why a consent record was refused, or why a use of an identifier under a
/// consent was.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing};
/// use std::time::Duration;
///
/// let record = ConsentRecord::new(
///     ConsentId::new(1).unwrap(), " ", Duration::from_secs(1_767_225_600),
///     "newsletter-v3", ConsentChannel::Web,
/// );
/// let err = Consent::<Marketing>::new(record).unwrap_err();
/// assert_eq!(err.to_string(), "consent record: the subject is empty");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsentError(ConsentErrorKind);

impl ConsentError {
    /// What is wrong.
    pub const fn kind(&self) -> ConsentErrorKind {
        self.0
    }
}

/// What is wrong with a consent record, or with a use under it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConsentErrorKind {
    /// The record's subject is empty or white space.
    EmptySubject,
    /// The record's wording is empty or white space.
    EmptyWording,
    /// The record expires, or was withdrawn, before it was given.
    EndsBeforeGiven,
    /// A consent channel's name is not one of [`ConsentChannel`]'s.
    UnknownChannel,
    /// At the time of use the consent had not been given yet.
    NotYetGiven,
    /// At the time of use the consent had expired.
    Expired,
    /// At the time of use the consent had been withdrawn.
    Withdrawn,
    /// The identifier was collected under another consent: each is used
    /// only with its own.
    OtherConsent,
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            ConsentErrorKind::EmptySubject => "consent record: the subject is empty",
            ConsentErrorKind::EmptyWording => "consent record: the wording is empty",
            ConsentErrorKind::EndsBeforeGiven => "consent record: it ends before it was given",
            ConsentErrorKind::UnknownChannel => "unknown consent channel",
            ConsentErrorKind::NotYetGiven => "consent refused: not given yet at the time of use",
            ConsentErrorKind::Expired => "consent refused: expired",
            ConsentErrorKind::Withdrawn => "consent refused: withdrawn",
            ConsentErrorKind::OtherConsent => {
                "consent refused: the identifier was collected under another consent"
            }
        })
    }
}

impl core::error::Error for ConsentError {}
