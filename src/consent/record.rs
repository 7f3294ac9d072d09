//! [`ConsentRecord`]: what a controller must be able to show for a consent,
//! and [`ConsentChannel`], how it was given.

use alloc::string::String;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;
use core::time::Duration;

use crate::consent::error::{ConsentError, ConsentErrorKind};
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::RequiresConsent;
#[cfg(feature = "serde")]
use crate::purposes::markers::known_tag;
use crate::purposes::subject::Subject;

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
/// # Ok::<(), Box<dyn std::error::Error>>(())
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
            .ok_or(ConsentError::new(ConsentErrorKind::UnknownChannel))
    }
}

/// What a controller must be able to show for a consent (GDPR Art. 7(1)):
/// which record, who gave it, when, to what wording, how, until when, and
/// whether it was withdrawn (Art. 7(3)); and, in its type, for which purpose
/// `P`.
///
/// A record given for one purpose builds a [`Consent`](crate::Consent) for
/// that purpose only: `Consent::<Advertising>::new` takes a
/// `ConsentRecord<Advertising>`, and a `ConsentRecord<Marketing>` does not
/// compile there. There is no conversion between purposes.
///
/// Times are durations since the Unix epoch (UTC). The record is built with
/// [`new`](Self::new) and grows with [`expires_at`](Self::expires_at) and
/// [`withdrawn_at`](Self::withdrawn_at), so that fields added later do not
/// break code that builds one. The consent is live from `given` until it
/// expires or is withdrawn, whichever comes first, `given` included and the
/// end excluded: see [`Consent::check`](crate::Consent::check).
///
/// A record is data: it may be read from anywhere (with the `serde`
/// feature it reads and writes its stored form, which names its purpose).
/// Building a consent from it, [`Consent::new`](crate::Consent::new), is
/// the visible act.
///
/// # Examples
///
/// ```
/// use purpose_bound::{ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
/// use std::time::Duration;
///
/// let given = Duration::from_secs(1_767_225_600);
/// let record = ConsentRecord::<Marketing>::new(
///     ConsentId::new(7).unwrap(),
///     &Subject::new("user-42")?,
///     given,
///     "newsletter-sms-2026-03",
///     ConsentChannel::App,
/// )
/// .expires_at(given + Duration::from_secs(365 * 86_400));
/// assert_eq!(record.subject().expose_id(), "user-42");
/// assert_eq!(record.withdrawn(), None);
/// # Ok::<(), purpose_bound::SubjectError>(())
/// ```
///
/// A record given for marketing builds no advertising consent:
///
/// ```compile_fail,E0308
/// use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, Subject};
/// use std::time::Duration;
///
/// let offers = ConsentRecord::<Marketing>::new(
///     ConsentId::new(7).unwrap(), &Subject::new("user-42")?, Duration::from_secs(1_767_225_600),
///     "offers-v1", ConsentChannel::Web,
/// );
/// let ads = Consent::<Advertising>::new(offers);
/// ```
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ConsentRecord<P: RequiresConsent> {
    pub(crate) id: ConsentId,
    pub(crate) subject: Subject,
    pub(crate) given: Duration,
    pub(crate) wording: String,
    pub(crate) channel: ConsentChannel,
    pub(crate) expires: Option<Duration>,
    pub(crate) withdrawn: Option<Duration>,
    pub(crate) purpose: PhantomData<P>,
}

impl<P: RequiresConsent> ConsentRecord<P> {
    /// A consent `id` that `subject` (your stable identifier for the
    /// person, such as an account id; not the phone number or address) gave
    /// for the purpose `P` at `given` to `wording` (a policy version or the
    /// key of the exact text shown) through `channel`. It does not expire
    /// and is not withdrawn.
    pub fn new(
        id: ConsentId,
        subject: &Subject,
        given: Duration,
        wording: impl Into<String>,
        channel: ConsentChannel,
    ) -> Self {
        Self {
            id,
            subject: subject.clone(),
            given,
            wording: wording.into(),
            channel,
            expires: None,
            withdrawn: None,
            purpose: PhantomData,
        }
    }

    /// The record, ending at `at`: the consent is live before `at`, not at
    /// `at`.
    #[must_use]
    pub fn expires_at(mut self, at: Duration) -> Self {
        self.expires = Some(at);
        self
    }

    /// The record, withdrawn at `at`: as loaded back from storage after a
    /// [`Consent::withdraw`](crate::Consent::withdraw).
    #[must_use]
    pub fn withdrawn_at(mut self, at: Duration) -> Self {
        self.withdrawn = Some(at);
        self
    }

    /// The tag of the purpose the record was given for: `"marketing"`, …
    pub const fn purpose(&self) -> &'static str {
        P::TAG
    }

    /// Whether a stored record whose purpose tag is `tag` may be read as a
    /// record for `P`.
    #[cfg(feature = "serde")]
    pub(crate) fn check_tag(tag: &str) -> Result<(), ConsentError> {
        if tag == P::TAG {
            Ok(())
        } else {
            Err(ConsentError::other_purpose(P::TAG, known_tag(tag)))
        }
    }

    /// The record's id.
    pub const fn id(&self) -> ConsentId {
        self.id
    }

    /// Who consented.
    pub const fn subject(&self) -> &Subject {
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

/// `ConsentRecord<Marketing> { id: ConsentId(7), subject: "user-42", … }`:
/// the purpose in the name, not a marker field.
impl<P: RequiresConsent> fmt::Debug for ConsentRecord<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct(&alloc::format!("ConsentRecord<{}>", P::NAME))
            .field("id", &self.id)
            .field("subject", &self.subject)
            .field("given", &self.given)
            .field("wording", &self.wording)
            .field("channel", &self.channel)
            .field("expires", &self.expires)
            .field("withdrawn", &self.withdrawn)
            .finish()
    }
}

#[cfg(all(test, feature = "serde"))]
mod tests {
    use super::ConsentRecord;
    use crate::consent::error::ConsentErrorKind;
    use crate::purposes::markers::{Advertising, Marketing};

    #[test]
    fn a_stored_records_tag_is_its_own_purpose_or_a_typed_refusal() {
        assert!(ConsentRecord::<Marketing>::check_tag("marketing").is_ok());

        let err = ConsentRecord::<Advertising>::check_tag("marketing").unwrap_err();
        assert_eq!(err.kind(), ConsentErrorKind::PurposeMismatch);
        assert_eq!(err.expected_purpose(), Some("advertising"));
        assert_eq!(err.found_purpose(), Some("marketing"));
        assert_eq!(
            alloc::format!("{err}"),
            "purpose mismatch: expected a consent record for `advertising`, found one for `marketing`"
        );

        let err = ConsentRecord::<Advertising>::check_tag("ads").unwrap_err();
        assert_eq!(err.kind(), ConsentErrorKind::UnknownPurpose);
        assert_eq!(err.expected_purpose(), Some("advertising"));
        assert_eq!(err.found_purpose(), None);
        // The unknown tag is not repeated: it came from the data.
        assert_eq!(
            alloc::format!("{err}"),
            "consent record has an unknown purpose tag: expected `advertising`"
        );
    }
}
