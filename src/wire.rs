//! serde support: identifiers and consents in their stored form, and the
//! intake adaptor for bare user input.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;
use core::time::Duration;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::capability::Identifier;
use crate::consent::{Consent, ConsentChannel, ConsentRecord};
use crate::email::EmailAddress;
use crate::phone::PhoneNumber;
use crate::purpose::{CollectedWithoutConsent, Purpose, RequiresConsent};
use crate::stored::Tagged;

/// Reads one bare-input or stored-form string; values that are not text
/// are refused with a message that does not contain them (serde's default
/// `invalid_type` errors print numbers and bytes).
macro_rules! refuse_non_text {
    ($error:expr) => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_i128<E: de::Error>(self, _: i128) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_u128<E: de::Error>(self, _: u128) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            Err(E::custom($error))
        }

        fn visit_string<E: de::Error>(self, mut v: String) -> Result<Self::Value, E> {
            let read = self.visit_str(&v);
            v.zeroize();
            read
        }

        fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Self::Value, E> {
            match core::str::from_utf8(v) {
                Ok(text) => self.visit_str(text),
                Err(_) => Err(E::custom($error)),
            }
        }

        fn visit_byte_buf<E: de::Error>(self, mut v: Vec<u8>) -> Result<Self::Value, E> {
            let read = self.visit_bytes(&v);
            v.zeroize();
            read
        }
    };
}

/// Asks `deserializer` for a string, handing `visitor` whatever the input
/// holds in a self-describing (human-readable) format, so that a number or
/// other non-string reaches the visitor's own message: serde_json's and
/// others' `deserialize_str` report a wrong type with the value in it
/// (``invalid type: integer `14155552671` ``). Compact formats are not
/// self-describing and are asked for a string.
fn deserialize_text<'de, D, V>(deserializer: D, visitor: V) -> Result<V::Value, D::Error>
where
    D: Deserializer<'de>,
    V: Visitor<'de>,
{
    if deserializer.is_human_readable() {
        deserializer.deserialize_any(visitor)
    } else {
        deserializer.deserialize_str(visitor)
    }
}

/// Reads the stored form of `T`.
struct StoredFormVisitor<T>(PhantomData<T>);

impl<T: Tagged> Visitor<'_> for StoredFormVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "a {} stored as the string `{}:…`",
            T::KIND.name(),
            <T::Purpose as Purpose>::TAG
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        T::from_stored_form(v).map_err(E::custom)
    }

    refuse_non_text!(T::not_text());
}

macro_rules! stored_form_serde {
    ($kind:ident, $example:literal) => {
        /// Writes the stored form, one string: the purpose's tag, `:`, and
        #[doc = concat!("the canonical value (`\"", $example, "\"`).")]
        ///
        /// The string is built in a buffer that is wiped afterwards; what the
        /// serializer does with it is the serializer's.
        impl<P: Purpose> Serialize for $kind<P> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.with_stored_form(|form| serializer.serialize_str(form))
            }
        }

        /// Reads the stored form written by `Serialize`, and only for the same
        /// purpose: the tag must be `P::TAG`, and the value after it is parsed
        /// again and validated.
        ///
        /// A value of another purpose, a value without a tag or with an unknown
        /// one, and an invalid value are errors (see
        /// [`StoredFormError`](crate::StoredFormError)) that never contain the
        /// value. Bare strings from users are read with [`intake`](crate::intake).
        impl<'de, P: Purpose> Deserialize<'de> for $kind<P> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_text(deserializer, StoredFormVisitor(PhantomData))
            }
        }
    };
}

stored_form_serde!(PhoneNumber, "two_factor:+14155552671");
stored_form_serde!(EmailAddress, "marketing:ada@example.com");

/// Reads a bare phone number or email address typed by a user, for
/// `#[serde(deserialize_with = "purpose_bound::intake")]`.
///
/// The string is parsed as [`PhoneNumber::parse`] or [`EmailAddress::parse`]
/// would: a phone number in international form, with the usual formatting;
/// an address, trimmed, domain lowercased. It exists only for the purposes
/// collected without consent ([`TwoFactor`](crate::TwoFactor),
/// [`AccountRecovery`](crate::AccountRecovery) and
/// [`AccountNotice`](crate::AccountNotice)): identifiers for
/// [`Marketing`](crate::Marketing) and [`Advertising`](crate::Advertising)
/// come only through a [`Consent`]. Values a program stored itself are read
/// by the types' own `Deserialize`, which expects the tagged form.
///
/// For national input (`020 7946 0958`) read a `String` and call
/// [`PhoneNumber::parse_with_region`] with the user's region.
///
/// # Errors
///
/// The parser's error ([`PhoneError`](crate::PhoneError) or
/// [`EmailError`](crate::EmailError)) as a deserializer error, which never
/// contains the input; an error when the value is not text.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AccountRecovery, EmailAddress, PhoneNumber, TwoFactor};
/// use serde::Deserialize;
///
/// #[derive(Debug, Deserialize)]
/// struct SignUp {
///     #[serde(deserialize_with = "purpose_bound::intake")]
///     phone: PhoneNumber<TwoFactor>,
///     #[serde(deserialize_with = "purpose_bound::intake")]
///     recovery_email: EmailAddress<AccountRecovery>,
/// }
///
/// let form: SignUp = serde_json::from_str(
///     r#"{ "phone": "+44 20 7946 0958", "recovery_email": "Ada@Example.com" }"#,
/// )?;
/// assert_eq!(form.phone, PhoneNumber::parse("+442079460958")?);
/// assert_eq!(form.recovery_email, EmailAddress::parse("Ada@example.com")?);
///
/// let err = serde_json::from_str::<SignUp>(
///     r#"{ "phone": "+44 20 7946 O958", "recovery_email": "ada@example.com" }"#,
/// )
/// .unwrap_err();
/// assert!(err.to_string().starts_with("invalid phone number: letter at character 12"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A marketing number needs a consent, so the adaptor refuses it:
///
/// ```compile_fail,E0277
/// use purpose_bound::{Marketing, PhoneNumber};
/// use serde::Deserialize;
///
/// #[derive(Deserialize)]
/// struct NewsletterForm {
///     #[serde(deserialize_with = "purpose_bound::intake")]
///     phone: PhoneNumber<Marketing>, // error: identifiers for `Marketing` cannot be parsed from bare input
/// }
/// ```
pub fn intake<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Identifier + FromStr,
    T::Purpose: CollectedWithoutConsent,
    T::Err: fmt::Display,
{
    deserialize_text(deserializer, IntakeVisitor(PhantomData))
}

/// Parses bare input as `T`.
struct IntakeVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for IntakeVisitor<T>
where
    T: Identifier + FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a phone number or email address as text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }

    refuse_non_text!("expected a phone number or email address as text");
}

// The names of the consent channels in the stored form.
impl ConsentChannel {
    const fn tag(self) -> &'static str {
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

    const ALL: [Self; 7] = [
        Self::Web,
        Self::App,
        Self::Email,
        Self::Sms,
        Self::Voice,
        Self::InPerson,
        Self::Paper,
    ];
}

/// Writes the channel's name: `"web"`, `"app"`, `"email"`, `"sms"`,
/// `"voice"`, `"in_person"` or `"paper"`.
impl Serialize for ConsentChannel {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.tag())
    }
}

/// Reads a channel's name as `Serialize` writes it.
impl<'de> Deserialize<'de> for ConsentChannel {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ChannelVisitor;

        impl Visitor<'_> for ChannelVisitor {
            type Value = ConsentChannel;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(
                    "a consent channel: `web`, `app`, `email`, `sms`, `voice`, `in_person` or `paper`",
                )
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ConsentChannel, E> {
                ConsentChannel::ALL
                    .into_iter()
                    .find(|channel| channel.tag() == v)
                    .ok_or_else(|| {
                        E::custom("unknown consent channel: expected `web`, `app`, `email`, `sms`, `voice`, `in_person` or `paper`")
                    })
            }

            refuse_non_text!("expected a consent channel as text");
        }

        deserialize_text(deserializer, ChannelVisitor)
    }
}

/// The fields of a stored consent, in order.
const CONSENT_FIELDS: &[&str] = &["purpose", "subject", "given_at", "wording", "channel"];

/// Writes the consent with its purpose, as a struct:
///
/// ```json
/// { "purpose": "marketing", "subject": "user-42",
///   "given_at": { "secs": 1767225600, "nanos": 0 },
///   "wording": "newsletter-v3", "channel": "web" }
/// ```
///
/// `given_at` is serde's form of a [`Duration`] since the Unix epoch.
impl<P: RequiresConsent> Serialize for Consent<P> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let record = self.record();
        let mut consent = serializer.serialize_struct("Consent", CONSENT_FIELDS.len())?;
        consent.serialize_field("purpose", P::TAG)?;
        consent.serialize_field("subject", &record.subject)?;
        consent.serialize_field("given_at", &record.given_at)?;
        consent.serialize_field("wording", &record.wording)?;
        consent.serialize_field("channel", &record.channel)?;
        consent.end()
    }
}

/// Reads a consent written by `Serialize`, only for the same purpose: a
/// consent to another purpose is an error that names both. The record is
/// checked as [`Consent::new`] checks it.
impl<'de, P: RequiresConsent> Deserialize<'de> for Consent<P> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct("Consent", CONSENT_FIELDS, ConsentVisitor(PhantomData))
    }
}

/// A field of a stored consent.
enum ConsentField {
    Purpose,
    Subject,
    GivenAt,
    Wording,
    Channel,
}

impl<'de> Deserialize<'de> for ConsentField {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FieldVisitor;

        impl Visitor<'_> for FieldVisitor {
            type Value = ConsentField;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field of a consent")
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ConsentField, E> {
                match v {
                    0 => Ok(ConsentField::Purpose),
                    1 => Ok(ConsentField::Subject),
                    2 => Ok(ConsentField::GivenAt),
                    3 => Ok(ConsentField::Wording),
                    4 => Ok(ConsentField::Channel),
                    _ => Err(E::custom("consent field index out of range")),
                }
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<ConsentField, E> {
                match v {
                    "purpose" => Ok(ConsentField::Purpose),
                    "subject" => Ok(ConsentField::Subject),
                    "given_at" => Ok(ConsentField::GivenAt),
                    "wording" => Ok(ConsentField::Wording),
                    "channel" => Ok(ConsentField::Channel),
                    _ => Err(E::custom(
                        "unknown field in a consent: expected `purpose`, `subject`, `given_at`, `wording` or `channel`",
                    )),
                }
            }

            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<ConsentField, E> {
                match core::str::from_utf8(v) {
                    Ok(text) => self.visit_str(text),
                    Err(_) => Err(E::custom("a consent field name is not text")),
                }
            }
        }

        deserializer.deserialize_identifier(FieldVisitor)
    }
}

/// A stored consent's purpose tag: one of the crate's tags, or unknown.
struct PurposeTag(Option<&'static str>);

impl<'de> Deserialize<'de> for PurposeTag {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagVisitor;

        impl Visitor<'_> for TagVisitor {
            type Value = PurposeTag;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a purpose tag")
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<PurposeTag, E> {
                Ok(PurposeTag(crate::stored::known_tag(v)))
            }

            refuse_non_text!("expected a purpose tag as text");
        }

        deserialize_text(deserializer, TagVisitor)
    }
}

/// Reads a stored consent for the purpose `P`.
struct ConsentVisitor<P>(PhantomData<P>);

impl<P: RequiresConsent> ConsentVisitor<P> {
    fn build<E: de::Error>(purpose: PurposeTag, record: ConsentRecord) -> Result<Consent<P>, E> {
        match purpose.0 {
            Some(tag) if tag == P::TAG => Consent::new(record).map_err(E::custom),
            Some(found) => Err(E::custom(format_args!(
                "purpose mismatch: expected a consent to `{}`, found one to `{found}`",
                P::TAG
            ))),
            None => Err(E::custom(format_args!(
                "stored consent has an unknown purpose tag: expected `{}`",
                P::TAG
            ))),
        }
    }
}

impl<'de, P: RequiresConsent> Visitor<'de> for ConsentVisitor<P> {
    type Value = Consent<P>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "a consent to `{}`", P::TAG)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Consent<P>, A::Error> {
        let missing = |i| <A::Error as de::Error>::invalid_length(i, &self);
        let purpose: PurposeTag = seq.next_element()?.ok_or_else(|| missing(0))?;
        let subject: String = seq.next_element()?.ok_or_else(|| missing(1))?;
        let given_at: Duration = seq.next_element()?.ok_or_else(|| missing(2))?;
        let wording: String = seq.next_element()?.ok_or_else(|| missing(3))?;
        let channel: ConsentChannel = seq.next_element()?.ok_or_else(|| missing(4))?;
        Self::build(
            purpose,
            ConsentRecord {
                subject,
                given_at,
                wording,
                channel,
            },
        )
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Consent<P>, A::Error> {
        let mut purpose: Option<PurposeTag> = None;
        let mut subject: Option<String> = None;
        let mut given_at: Option<Duration> = None;
        let mut wording: Option<String> = None;
        let mut channel: Option<ConsentChannel> = None;
        while let Some(field) = map.next_key()? {
            match field {
                ConsentField::Purpose => set(&mut purpose, &mut map, "purpose")?,
                ConsentField::Subject => set(&mut subject, &mut map, "subject")?,
                ConsentField::GivenAt => set(&mut given_at, &mut map, "given_at")?,
                ConsentField::Wording => set(&mut wording, &mut map, "wording")?,
                ConsentField::Channel => set(&mut channel, &mut map, "channel")?,
            }
        }
        Self::build(
            purpose.ok_or_else(|| de::Error::missing_field("purpose"))?,
            ConsentRecord {
                subject: subject.ok_or_else(|| de::Error::missing_field("subject"))?,
                given_at: given_at.ok_or_else(|| de::Error::missing_field("given_at"))?,
                wording: wording.ok_or_else(|| de::Error::missing_field("wording"))?,
                channel: channel.ok_or_else(|| de::Error::missing_field("channel"))?,
            },
        )
    }
}

/// Reads a map value into `slot`, refusing a field given twice.
fn set<'de, T: Deserialize<'de>, A: MapAccess<'de>>(
    slot: &mut Option<T>,
    map: &mut A,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}
