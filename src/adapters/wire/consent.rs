//! Consents in serde: channels by name, records with their purpose's tag,
//! and a consent written as its record and never read.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::adapters::wire::text::{deserialize_text, refuse_scalars, text_only};
use crate::consent::record::{ConsentChannel, ConsentRecord};
use crate::consent::{Consent, ConsentFromData};
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::RequiresConsent;
use crate::purposes::subject::Subject;

/// Writes the channel's name, as text in every format: `"web"`, `"app"`,
/// `"email"`, `"sms"`, `"voice"`, `"in_person"` or `"paper"`.
impl Serialize for ConsentChannel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// Reads a channel's name as `Serialize` writes it. An unknown name is an
/// error that does not repeat it.
impl<'de> Deserialize<'de> for ConsentChannel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer, ChannelVisitor)
    }
}

/// Reads a consent channel's name.
struct ChannelVisitor;

impl Visitor<'_> for ChannelVisitor {
    type Value = ConsentChannel;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a consent channel: `web`, `app`, `email`, `sms`, `voice`, `in_person` or `paper`",
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<ConsentChannel, E> {
        v.parse().map_err(|_| {
            E::custom(
                "unknown consent channel: expected `web`, `app`, `email`, `sms`, `voice`, `in_person` or `paper`",
            )
        })
    }

    text_only!("expected a consent channel as text");
}

/// A consent record as stored: its purpose's tag beside the record.
#[derive(Deserialize)]
#[serde(rename = "ConsentRecord", deny_unknown_fields)]
struct RecordForm<'a> {
    purpose: Cow<'a, str>,
    id: ConsentId,
    subject: Cow<'a, str>,
    given: Duration,
    wording: Cow<'a, str>,
    channel: ConsentChannel,
    #[serde(default)]
    expires: Option<Duration>,
    #[serde(default)]
    withdrawn: Option<Duration>,
}

/// Writes the record with its purpose, as a struct:
///
/// ```json
/// { "purpose": "marketing", "id": 7, "subject": "user-42",
///   "given": { "secs": 1767225600, "nanos": 0 },
///   "wording": "newsletter-v3", "channel": "web",
///   "withdrawn": { "secs": 1767312000, "nanos": 0 } }
/// ```
///
/// Times are serde's form of a [`Duration`] since the Unix epoch; `expires`
/// and `withdrawn` are left out when there are none in human-readable
/// formats. Compact formats, which read a struct's fields by position, get
/// every field.
impl<P: RequiresConsent> Serialize for ConsentRecord<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;

        let every_field = !serializer.is_human_readable();
        let mut form = serializer.serialize_struct("ConsentRecord", 8)?;
        form.serialize_field("purpose", P::TAG)?;
        form.serialize_field("id", &self.id())?;
        form.serialize_field("subject", self.subject().expose_id())?;
        form.serialize_field("given", &self.given())?;
        form.serialize_field("wording", self.wording())?;
        form.serialize_field("channel", &self.channel())?;
        for (name, at) in [("expires", self.expires()), ("withdrawn", self.withdrawn())] {
            if every_field || at.is_some() {
                form.serialize_field(name, &at)?;
            } else {
                form.skip_field(name)?;
            }
        }
        form.end()
    }
}

/// Reads a record written by `Serialize`, only for the same purpose: a
/// record given for another purpose is an error that names both
/// ([`ConsentErrorKind::PurposeMismatch`](crate::ConsentErrorKind::PurposeMismatch)),
/// and never a value of the record. The record is data: it is checked when
/// [`Consent::new`] builds a consent from it.
impl<'de, P: RequiresConsent> Deserialize<'de> for ConsentRecord<P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let form = RecordForm::deserialize(deserializer)?;
        Self::check_tag(&form.purpose).map_err(de::Error::custom)?;
        let subject = Subject::new(&form.subject).map_err(de::Error::custom)?;
        let mut record = Self::new(form.id, &subject, form.given, form.wording, form.channel);
        record.expires = form.expires;
        record.withdrawn = form.withdrawn;
        Ok(record)
    }
}

/// Writes the consent's record, as [`ConsentRecord`]'s `Serialize` does:
/// read it back as a `ConsentRecord<P>` and build the consent with
/// [`Consent::new`].
impl<P: RequiresConsent> Serialize for Consent<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.record().serialize(serializer)
    }
}

/// Never applies: a consent is not read from data, so a
/// `#[derive(Deserialize)]` around one does not compile, with a message
/// that points at reading a [`ConsentRecord`] and calling [`Consent::new`]
/// (see [`ConsentFromData`]).
impl<'de, P> Deserialize<'de> for Consent<P>
where
    P: RequiresConsent + ConsentFromData,
{
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(de::Error::custom(
            "a consent is not read from data: read a `ConsentRecord` and call `Consent::new(record)`",
        ))
    }
}
