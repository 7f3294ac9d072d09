//! serde support: identifiers read back in their stored form, written only
//! where a field opts in, consents, and the intake adaptor for bare user
//! input.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;
use core::str::FromStr;
use core::time::Duration;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

#[cfg(feature = "seal")]
use crate::boundary::seal::Sealed;
use crate::boundary::stored::{Stored, StoredForm, StoredFormError};
use crate::capabilities::challenge::Challenge;
use crate::consent::record::{ConsentChannel, ConsentRecord};
use crate::consent::{Consent, ConsentFromData};
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::Identifier;
use crate::identifiers::phone::PhoneNumber;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::{
    CollectedWithoutConsent, Purpose, RequiresConsent, WrittenImplicitly, known_tag,
};

/// Refuses booleans and numbers with a message that does not contain them
/// (serde's default `invalid_type` errors print them).
macro_rules! refuse_scalars {
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
    };
}

/// Refuses values that are not text with a message that does not contain
/// them, and wipes owned strings after reading them.
macro_rules! text_only {
    ($error:expr) => {
        refuse_scalars!($error);

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

/// Reads the stored form of `I`.
struct StoredVisitor<I>(PhantomData<I>);

impl<I: Identifier> Visitor<'_> for StoredVisitor<I> {
    type Value = Stored<I>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} stored as the string `{}:…`",
            I::KIND.with_article(),
            <I::Purpose as Purpose>::TAG
        )
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Stored<I>, E> {
        v.parse().map_err(E::custom)
    }

    text_only!(StoredFormError::not_text::<I>());
}

/// Reads the stored form written by [`StoredForm`], and only for the same
/// purpose (and, for consent purposes, with a consent id): see [`Stored`].
impl<'de, I: Identifier> Deserialize<'de> for Stored<I> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize_text(deserializer, StoredVisitor(PhantomData))
    }
}

/// Writes the stored form, one string: `"two_factor:+442079460958"`.
impl<I: Identifier> Serialize for StoredForm<'_, I> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.with(|form| serializer.serialize_str(form))
    }
}

macro_rules! identifier_serde {
    ($kind:ident) => {
        /// Reads the stored form, for purposes collected without consent:
        /// see [`Stored`]. A consent purpose's identifier is read as a
        /// `Stored<…>` and handed over by [`Consent::read`].
        ///
        /// A value of another purpose, a value without a tag or with an
        /// unknown one, and an invalid value are errors (see
        /// [`StoredFormError`]) that never contain the value. Bare strings
        /// from users are read with [`intake`](crate::intake).
        impl<'de, P: CollectedWithoutConsent> Deserialize<'de> for $kind<P> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Stored::deserialize(deserializer).map(Stored::into_inner)
            }
        }

        /// Never applies: an identifier is not written implicitly, so a
        /// `#[derive(Serialize)]` around one does not compile, with a
        /// message that names the explicit roads
        /// (`#[serde(with = "purpose_bound::stored")]`, sealing).
        impl<P: Purpose> Serialize for $kind<P>
        where
            P: WrittenImplicitly,
        {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                self.expose_stored().serialize(serializer)
            }
        }
    };
}

identifier_serde!(PhoneNumber);
identifier_serde!(EmailAddress);

/// The stored form of an identifier field, written only where a field says
/// so: `#[serde(with = "purpose_bound::stored")]`.
///
/// [`serialize`](stored::serialize) writes the stored form (`"two_factor:+442079460958"`);
/// [`deserialize`](stored::deserialize) reads it back for purposes collected without consent. A
/// consent purpose's field is written with
/// `#[serde(serialize_with = "purpose_bound::stored::serialize")]` and read
/// as a [`Stored`], which only its [`Consent`] opens.
///
/// The field may be an identifier `I`, a borrowed `&I` (an event that does
/// not own the account's number), an `Option<I>` (`null` or a missing value
/// when there is none) or a `Vec<I>` (a list of stored forms), and these
/// nested (`Option<Vec<I>>`): the shapes are the sealed traits
/// [`stored::Field`] for writing and [`stored::ReadField`] for reading. A
/// borrowed identifier is written, never read: read the owned shape. With
/// an `Option` field, add `#[serde(default)]` so that a missing field reads
/// as `None`.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AccountRecovery, EmailAddress, PhoneNumber, TwoFactor};
/// use serde::{Deserialize, Serialize};
///
/// #[derive(Serialize, Deserialize)]
/// struct Account {
///     id: u64,
///     #[serde(with = "purpose_bound::stored")]
///     phone: PhoneNumber<TwoFactor>,
///     #[serde(with = "purpose_bound::stored", default)]
///     recovery: Option<EmailAddress<AccountRecovery>>,
///     #[serde(with = "purpose_bound::stored")]
///     backup_phones: Vec<PhoneNumber<AccountRecovery>>,
/// }
///
/// let account = Account {
///     id: 1,
///     phone: PhoneNumber::parse("+44 20 7946 0958")?,
///     recovery: None,
///     backup_phones: vec![PhoneNumber::parse("+1 415 555 2671")?],
/// };
/// let json = serde_json::to_string(&account)?;
/// assert_eq!(
///     json,
///     r#"{"id":1,"phone":"two_factor:+442079460958","recovery":null,"backup_phones":["account_recovery:+14155552671"]}"#,
/// );
/// let back: Account = serde_json::from_str(&json)?;
/// assert_eq!(back.phone, account.phone);
/// assert_eq!(back.backup_phones, account.backup_phones);
///
/// // An event that borrows the number it reports.
/// #[derive(Serialize)]
/// struct SignedIn<'a> {
///     #[serde(with = "purpose_bound::stored")]
///     phone: &'a PhoneNumber<TwoFactor>,
/// }
/// let event = serde_json::to_string(&SignedIn { phone: &account.phone })?;
/// assert_eq!(event, r#"{"phone":"two_factor:+442079460958"}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Without the attribute, the derive does not compile:
///
/// ```compile_fail,E0277
/// use purpose_bound::{PhoneNumber, TwoFactor};
///
/// #[derive(serde::Serialize)]
/// struct LoginEvent {
///     phone: PhoneNumber<TwoFactor>, // error: `PhoneNumber<TwoFactor>` is never written implicitly
/// }
/// ```
pub mod stored {
    use alloc::vec::Vec;
    use core::fmt;
    use core::marker::PhantomData;

    use serde::de::{self, SeqAccess, Visitor};
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::boundary::stored::{Stored, StoredForm};
    use crate::identifiers::email::EmailAddress;
    use crate::identifiers::phone::PhoneNumber;
    use crate::purposes::markers::{CollectedWithoutConsent, Purpose};

    /// Seals [`Field`] and [`ReadField`].
    mod seal {
        pub trait Sealed {}
    }

    /// A field type that `#[serde(with = "purpose_bound::stored")]` writes
    /// in the stored form: an identifier, a borrowed one, or an `Option` or
    /// `Vec` of these.
    ///
    /// This trait is sealed and cannot be implemented for types outside of
    /// this crate.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not a field `purpose_bound::stored` writes",
        label = "not an identifier, `&` identifier, `Option` or `Vec` of them",
        note = "`purpose_bound::stored` writes `PhoneNumber<P>` and `EmailAddress<P>`, a `&` of one, and `Option<…>` and `Vec<…>` of these"
    )]
    pub trait Field: seal::Sealed {
        /// Writes the stored form of every identifier in the field.
        #[doc(hidden)]
        fn serialize_stored<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    }

    /// A field type that `#[serde(with = "purpose_bound::stored")]` reads
    /// back: an identifier of a purpose collected without consent, or an
    /// `Option` or `Vec` of these. A consent purpose's identifier is read as
    /// a [`Stored`] and handed over by its [`Consent`](crate::Consent); a
    /// borrowed identifier is not read at all.
    ///
    /// This trait is sealed and cannot be implemented for types outside of
    /// this crate.
    #[diagnostic::on_unimplemented(
        message = "`{Self}` is not a field `purpose_bound::stored` reads",
        label = "read an owned identifier, or an `Option` or `Vec` of them",
        note = "`purpose_bound::stored` reads `PhoneNumber<P>` and `EmailAddress<P>` for purposes collected without consent, and `Option<…>` and `Vec<…>` of these; a borrowed `&` identifier is written only"
    )]
    pub trait ReadField<'de>: Field + Sized {
        /// Reads the stored form of every identifier in the field.
        #[doc(hidden)]
        fn deserialize_stored<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
    }

    /// One element of an `Option` or `Vec` field, written as its stored form.
    struct Write<'a, T: ?Sized>(&'a T);

    impl<T: Field + ?Sized> Serialize for Write<'_, T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.serialize_stored(serializer)
        }
    }

    /// One element of an `Option` or `Vec` field, read from its stored form.
    struct Read<T>(T);

    impl<'de, T: ReadField<'de>> Deserialize<'de> for Read<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            T::deserialize_stored(deserializer).map(Read)
        }
    }

    impl<P: Purpose> seal::Sealed for PhoneNumber<P> {}

    impl<P: Purpose> Field for PhoneNumber<P> {
        fn serialize_stored<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            StoredForm(self).serialize(serializer)
        }
    }

    impl<'de, P: CollectedWithoutConsent> ReadField<'de> for PhoneNumber<P> {
        fn deserialize_stored<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Stored::deserialize(deserializer).map(Stored::into_inner)
        }
    }

    impl<P: Purpose> seal::Sealed for EmailAddress<P> {}

    impl<P: Purpose> Field for EmailAddress<P> {
        fn serialize_stored<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            StoredForm(self).serialize(serializer)
        }
    }

    impl<'de, P: CollectedWithoutConsent> ReadField<'de> for EmailAddress<P> {
        fn deserialize_stored<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Stored::deserialize(deserializer).map(Stored::into_inner)
        }
    }

    impl<T: Field + ?Sized> seal::Sealed for &T {}

    impl<T: Field + ?Sized> Field for &T {
        fn serialize_stored<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            (**self).serialize_stored(serializer)
        }
    }

    impl<T: Field> seal::Sealed for Option<T> {}

    impl<T: Field> Field for Option<T> {
        fn serialize_stored<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            match self {
                Some(value) => serializer.serialize_some(&Write(value)),
                None => serializer.serialize_none(),
            }
        }
    }

    impl<'de, T: ReadField<'de>> ReadField<'de> for Option<T> {
        fn deserialize_stored<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            Option::<Read<T>>::deserialize(deserializer).map(|read| read.map(|r| r.0))
        }
    }

    impl<T: Field> seal::Sealed for Vec<T> {}

    impl<T: Field> Field for Vec<T> {
        fn serialize_stored<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            serializer.collect_seq(self.iter().map(Write))
        }
    }

    impl<'de, T: ReadField<'de>> ReadField<'de> for Vec<T> {
        fn deserialize_stored<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            // As `deserialize_text`: a self-describing format hands over
            // whatever it holds, so that a single string where the list
            // belongs reaches `ListVisitor`, which does not repeat it
            // (serde's own `Vec` reader would).
            if deserializer.is_human_readable() {
                deserializer.deserialize_any(ListVisitor(PhantomData))
            } else {
                deserializer.deserialize_seq(ListVisitor(PhantomData))
            }
        }
    }

    /// What a `Vec` field that is not a list is told.
    const NOT_A_LIST: &str = "expected a list of stored identifiers";

    /// Reads a list of stored forms.
    struct ListVisitor<T>(PhantomData<T>);

    impl<'de, T: ReadField<'de>> Visitor<'de> for ListVisitor<T> {
        type Value = Vec<T>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a list of stored identifiers")
        }

        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
            // The length is the input's claim: reserve no more than a page.
            let mut list = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
            while let Some(Read(value)) = seq.next_element()? {
                list.push(value);
            }
            Ok(list)
        }

        fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<T>, E> {
            Err(E::custom(NOT_A_LIST))
        }

        fn visit_bytes<E: de::Error>(self, _: &[u8]) -> Result<Vec<T>, E> {
            Err(E::custom(NOT_A_LIST))
        }

        refuse_scalars!(NOT_A_LIST);
    }

    /// Writes the stored form of every identifier in `field`: an
    /// identifier, a `&` one, an `Option` or a `Vec` of them (see [`Field`]).
    ///
    /// # Errors
    ///
    /// The serializer's.
    pub fn serialize<T: Field + ?Sized, S: Serializer>(
        field: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        field.serialize_stored(serializer)
    }

    /// Reads stored forms back, for a purpose collected without consent:
    /// an identifier, an `Option` or a `Vec` of them (see [`ReadField`]).
    ///
    /// # Errors
    ///
    /// A [`StoredFormError`](crate::StoredFormError) as the deserializer's
    /// error, which never contains the value; the deserializer's error when
    /// the shape is wrong (a string where a list belongs).
    pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        T: ReadField<'de>,
        D: Deserializer<'de>,
    {
        T::deserialize_stored(deserializer)
    }
}

/// Reads a bare phone number or email address typed by a user, for
/// `#[serde(deserialize_with = "purpose_bound::intake")]`.
///
/// The string is parsed as [`PhoneNumber::parse`] or [`EmailAddress::parse`]
/// would: a phone number in international form, with the usual formatting;
/// an address, trimmed, domain lowercased. It exists only for the purposes
/// collected without consent ([`TwoFactor`](crate::TwoFactor),
/// [`AccountRecovery`](crate::AccountRecovery),
/// [`AccountNotice`](crate::AccountNotice) and their sets): identifiers for
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
        form.serialize_field("subject", self.subject())?;
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
        let mut record = Self::new(
            form.id,
            form.subject,
            form.given,
            form.wording,
            form.channel,
        );
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

/// A value kept as bytes and written as unpadded base64url text: sealed
/// identifiers and one-time-code challenges. In serde it is that text in
/// human-readable formats and the bytes in compact ones; errors never repeat
/// what they were given.
trait BinaryForm: Sized + fmt::Display + FromStr<Err: fmt::Display> {
    /// What serde's messages say was expected.
    const EXPECTING: &'static str;
    /// What a value that is neither text nor bytes is told.
    const NOT_THIS: &'static str;
    /// Calls `f` with the bytes.
    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R;
    /// Reads the bytes, as far as they can be checked without a key.
    fn from_slice(bytes: &[u8]) -> Result<Self, impl fmt::Display>;
}

fn serialize_binary<T: BinaryForm, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if serializer.is_human_readable() {
        serializer.collect_str(value)
    } else {
        value.with_bytes(|bytes| serializer.serialize_bytes(bytes))
    }
}

fn deserialize_binary<'de, T: BinaryForm, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<T, D::Error> {
    if deserializer.is_human_readable() {
        deserializer.deserialize_any(BinaryVisitor(PhantomData))
    } else {
        deserializer.deserialize_bytes(BinaryVisitor(PhantomData))
    }
}

/// Reads a `T` from its text or its bytes.
struct BinaryVisitor<T>(PhantomData<T>);

impl<T: BinaryForm> Visitor<'_> for BinaryVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<T, E> {
        T::from_slice(v).map_err(E::custom)
    }

    refuse_scalars!(T::NOT_THIS);
}

macro_rules! binary_serde {
    ($ty:ident<$param:ident: $bound:path>) => {
        /// Unpadded base64url text (as `Display` writes it) in
        /// human-readable formats, the bytes in compact ones.
        impl<$param: $bound> Serialize for $ty<$param> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serialize_binary(self, serializer)
            }
        }

        /// Reads what `Serialize` writes; errors do not repeat the input.
        /// The value is authenticated where it is used.
        impl<'de, $param: $bound> Deserialize<'de> for $ty<$param> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserialize_binary(deserializer)
            }
        }
    };
}

#[cfg(feature = "seal")]
impl<I: Identifier> BinaryForm for Sealed<I> {
    const EXPECTING: &'static str = "a sealed identifier: unpadded base64url text, or bytes";
    const NOT_THIS: &'static str = "expected a sealed identifier as base64url text or bytes";

    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        f(self.as_bytes())
    }

    fn from_slice(bytes: &[u8]) -> Result<Self, impl fmt::Display> {
        Ok::<_, crate::boundary::seal::OpenError>(Self::from_bytes(bytes))
    }
}

#[cfg(feature = "seal")]
binary_serde!(Sealed<I: Identifier>);

impl<I: crate::capabilities::send_otp::SendOtp> BinaryForm for Challenge<I> {
    const EXPECTING: &'static str = "a one-time-code challenge: unpadded base64url text, or bytes";
    const NOT_THIS: &'static str = "expected a one-time-code challenge as base64url text or bytes";

    fn with_bytes<R>(&self, f: impl FnOnce(&[u8]) -> R) -> R {
        f(&self.to_bytes())
    }

    fn from_slice(bytes: &[u8]) -> Result<Self, impl fmt::Display> {
        Self::from_bytes(bytes)
    }
}

binary_serde!(Challenge<I: crate::capabilities::send_otp::SendOtp>);
