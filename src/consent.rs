//! `Consent<P>`: the only door into a consent-based purpose.

use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;
use core::time::Duration;

use crate::email::{EmailAddress, EmailError};
use crate::phone::{PhoneError, PhoneNumber};
use crate::purpose::RequiresConsent;
use crate::region::Region;

/// How a consent was given.
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

/// What a controller must be able to show for a consent (GDPR Art. 7(1)):
/// who gave it, when, to what wording, and how.
///
/// # Examples
///
/// ```
/// use purpose_bound::{ConsentChannel, ConsentRecord};
/// use std::time::{SystemTime, UNIX_EPOCH};
///
/// let record = ConsentRecord {
///     subject: "user-42".into(),
///     given_at: SystemTime::now().duration_since(UNIX_EPOCH)?,
///     wording: "newsletter-sms-2026-03".into(),
///     channel: ConsentChannel::App,
/// };
/// # drop(record);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ConsentRecord {
    /// Who consented: your stable identifier for the person, such as an
    /// account id. Not the phone number or address itself.
    pub subject: String,
    /// When, as time since the Unix epoch (UTC).
    pub given_at: Duration,
    /// The wording the person agreed to: a policy version or the key of the
    /// exact text shown.
    pub wording: String,
    /// How it was given.
    pub channel: ConsentChannel,
}

/// A recorded consent to use identifiers for the purpose `P`: the only way
/// to make a [`PhoneNumber<P>`] or [`EmailAddress<P>`] for
/// [`Marketing`](crate::Marketing) or [`Advertising`](crate::Advertising).
///
/// `Consent` exists only for the consent-based purposes and is made only
/// from a [`ConsentRecord`]; there is no `Default`, and no conversion from a
/// consent for one purpose to another.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Consent, ConsentChannel, ConsentRecord, Marketing};
/// use std::time::Duration;
///
/// let consent = Consent::<Marketing>::new(ConsentRecord {
///     subject: "user-42".into(),
///     given_at: Duration::from_secs(1_767_225_600),
///     wording: "newsletter-v3".into(),
///     channel: ConsentChannel::Web,
/// })?;
/// let email = consent.parse_email("ada@example.com")?;
/// assert_eq!(format!("{email:?}"), "EmailAddress<Marketing>(a•••@e•••.com)");
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
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Consent<P: RequiresConsent> {
    record: ConsentRecord,
    purpose: PhantomData<P>,
}

impl<P: RequiresConsent> Consent<P> {
    /// Wraps a consent record for the purpose `P`.
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the record's `subject` or `wording` is empty or
    /// only white space: such a record proves nothing.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentRecord};
    /// use std::time::Duration;
    ///
    /// let mut record = ConsentRecord {
    ///     subject: "user-42".into(),
    ///     given_at: Duration::from_secs(1_767_225_600),
    ///     wording: "ads-matching-v1".into(),
    ///     channel: ConsentChannel::App,
    /// };
    /// assert!(Consent::<Advertising>::new(record.clone()).is_ok());
    ///
    /// record.wording.clear();
    /// assert!(Consent::<Advertising>::new(record).is_err());
    /// ```
    pub fn new(record: ConsentRecord) -> Result<Self, ConsentError> {
        if record.subject.trim().is_empty() {
            return Err(ConsentError(ConsentErrorKind::Subject));
        }
        if record.wording.trim().is_empty() {
            return Err(ConsentError(ConsentErrorKind::Wording));
        }
        Ok(Self {
            record,
            purpose: PhantomData,
        })
    }

    /// The record this consent was made from.
    pub fn record(&self) -> &ConsentRecord {
        &self.record
    }

    /// Parses a phone number in international form for the purpose `P`: see
    /// [`PhoneNumber::parse`].
    ///
    /// # Errors
    ///
    /// As [`PhoneNumber::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentRecord, Marketing};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord {
    /// #     subject: "user-42".into(),
    /// #     given_at: Duration::from_secs(1_767_225_600),
    /// #     wording: "newsletter-v3".into(),
    /// #     channel: ConsentChannel::Web,
    /// # })?;
    /// let phone = consent.parse_phone("+44 20 7946 0958")?;
    /// assert!(consent.parse_phone("020 7946 0958").is_err());
    /// # drop(phone);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_phone(&self, input: &str) -> Result<PhoneNumber<P>, PhoneError> {
        PhoneNumber::parse_unchecked_purpose(input)
    }

    /// Parses a phone number in international form or in the national form
    /// of `region` for the purpose `P`: see [`PhoneNumber::parse_with_region`].
    ///
    /// # Errors
    ///
    /// As [`PhoneNumber::parse_with_region`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentRecord, Marketing, Region};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord {
    /// #     subject: "user-42".into(),
    /// #     given_at: Duration::from_secs(1_767_225_600),
    /// #     wording: "newsletter-v3".into(),
    /// #     channel: ConsentChannel::Web,
    /// # })?;
    /// let phone = consent.parse_phone_with_region("020 7946 0958", "GB".parse()?)?;
    /// assert_eq!(phone, consent.parse_phone("+442079460958")?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_phone_with_region(
        &self,
        input: &str,
        region: Region,
    ) -> Result<PhoneNumber<P>, PhoneError> {
        PhoneNumber::parse_with_region_unchecked_purpose(input, region)
    }

    /// Parses an email address for the purpose `P`: see
    /// [`EmailAddress::parse`].
    ///
    /// # Errors
    ///
    /// As [`EmailAddress::parse`].
    ///
    /// # Examples
    ///
    /// ```
    /// # use purpose_bound::{Consent, ConsentChannel, ConsentRecord, Marketing};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Marketing>::new(ConsentRecord {
    /// #     subject: "user-42".into(),
    /// #     given_at: Duration::from_secs(1_767_225_600),
    /// #     wording: "newsletter-v3".into(),
    /// #     channel: ConsentChannel::Web,
    /// # })?;
    /// let email = consent.parse_email("ada@example.com")?;
    /// assert!(consent.parse_email("ada").is_err());
    /// # drop(email);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_email(&self, input: &str) -> Result<EmailAddress<P>, EmailError> {
        EmailAddress::parse_unchecked_purpose(input)
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

/// Why a consent record was refused.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Consent, ConsentChannel, ConsentRecord, Marketing};
/// use std::time::Duration;
///
/// let err = Consent::<Marketing>::new(ConsentRecord {
///     subject: " ".into(),
///     given_at: Duration::from_secs(1_767_225_600),
///     wording: "newsletter-v3".into(),
///     channel: ConsentChannel::Web,
/// })
/// .unwrap_err();
/// assert_eq!(err.to_string(), "consent record: the subject is empty");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ConsentError(ConsentErrorKind);

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum ConsentErrorKind {
    Subject,
    Wording,
}

impl fmt::Display for ConsentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            ConsentErrorKind::Subject => "consent record: the subject is empty",
            ConsentErrorKind::Wording => "consent record: the wording is empty",
        })
    }
}

impl core::error::Error for ConsentError {}
