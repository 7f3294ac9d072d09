//! `intake`: bare user input read as an identifier of a purpose collected
//! without consent.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use zeroize::Zeroize;

use crate::adapters::wire::text::{deserialize_text, refuse_scalars, text_only};
use crate::identifiers::identifier::Identifier;
use crate::purposes::markers::{CollectedWithoutConsent, known_tag};

/// Reads a bare phone number or email address typed by a user, for
/// `#[serde(deserialize_with = "purpose_bound::intake")]`.
///
/// The string is parsed as [`PhoneNumber::parse`](crate::PhoneNumber::parse)
/// or [`EmailAddress::parse`](crate::EmailAddress::parse) would: a phone number in international form, with the usual formatting;
/// an address, trimmed, domain lowercased. It exists only for the purposes
/// collected without consent ([`TwoFactor`](crate::TwoFactor),
/// [`AccountRecovery`](crate::AccountRecovery),
/// [`AccountNotice`](crate::AccountNotice) and their sets): identifiers for
/// [`Marketing`](crate::Marketing) and [`Advertising`](crate::Advertising)
/// come only through a [`Consent`](crate::Consent). Values a program stored itself are read
/// by the types' own `Deserialize`, which expects the tagged form.
///
/// For national input (`020 7946 0958`) read a `String` and call
/// [`PhoneNumber::parse_with_region`](crate::PhoneNumber::parse_with_region)
/// with the user's region.
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
///     phone: PhoneNumber<Marketing>, // error: identifiers for `Marketing` come only through a recorded consent
/// }
/// ```
pub fn intake<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Identifier<Purpose: CollectedWithoutConsent> + FromStr,
    T::Err: fmt::Display,
{
    deserialize_text(deserializer, IntakeVisitor(PhantomData))
}

/// Parses bare input as `T`.
struct IntakeVisitor<T>(PhantomData<T>);

impl<T> Visitor<'_> for IntakeVisitor<T>
where
    T: FromStr,
    T::Err: fmt::Display,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a phone number or email address as text")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        // A value this crate stored (`two_factor:+44…`) read as user input:
        // say so, rather than that it has a letter at character 0.
        if let Some(tag) = v.split_once(':').and_then(|(tag, _)| known_tag(tag)) {
            return Err(E::custom(format_args!(
                "not user input: `{tag}:…` is the stored form; read stored values with `#[serde(with = \"purpose_bound::stored\")]`"
            )));
        }
        v.parse().map_err(E::custom)
    }

    text_only!("expected a phone number or email address as text");
}
