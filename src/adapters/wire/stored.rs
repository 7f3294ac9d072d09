//! The stored form of an identifier field, written only where a field says
//! so: `#[serde(with = "purpose_bound::stored")]`.
//!
//! [`serialize`](self::serialize) writes the stored form (`"two_factor:+442079460958"`);
//! [`deserialize`](self::deserialize) reads it back for purposes collected without consent. A
//! consent purpose's field is written with
//! `#[serde(serialize_with = "purpose_bound::stored::serialize")]` and read
//! as a [`Stored`], which only its [`Consent`](crate::Consent) opens.
//!
//! The field may be an identifier `I`, a borrowed `&I` (an event that does
//! not own the account's number), an `Option<I>` (`null` or a missing value
//! when there is none) or a `Vec<I>` (a list of stored forms), and these
//! nested (`Option<Vec<I>>`): the shapes are the sealed traits
//! [`stored::Field`](Field) for writing and [`stored::ReadField`](ReadField) for reading. A
//! borrowed identifier is written, never read: read the owned shape. With
//! an `Option` field, add `#[serde(default)]` so that a missing field reads
//! as `None`.
//!
//! # Examples
//!
//! ```
//! use purpose_bound::{AccountRecovery, EmailAddress, PhoneNumber, TwoFactor};
//! use serde::{Deserialize, Serialize};
//!
//! #[derive(Serialize, Deserialize)]
//! struct Account {
//!     id: u64,
//!     #[serde(with = "purpose_bound::stored")]
//!     phone: PhoneNumber<TwoFactor>,
//!     #[serde(with = "purpose_bound::stored", default)]
//!     recovery: Option<EmailAddress<AccountRecovery>>,
//!     #[serde(with = "purpose_bound::stored")]
//!     backup_phones: Vec<PhoneNumber<AccountRecovery>>,
//! }
//!
//! let account = Account {
//!     id: 1,
//!     phone: PhoneNumber::parse("+44 20 7946 0958")?,
//!     recovery: None,
//!     backup_phones: vec![PhoneNumber::parse("+1 415 555 2671")?],
//! };
//! let json = serde_json::to_string(&account)?;
//! assert_eq!(
//!     json,
//!     r#"{"id":1,"phone":"two_factor:+442079460958","recovery":null,"backup_phones":["account_recovery:+14155552671"]}"#,
//! );
//! let back: Account = serde_json::from_str(&json)?;
//! assert_eq!(back.phone, account.phone);
//! assert_eq!(back.backup_phones, account.backup_phones);
//!
//! // An event that borrows the number it reports.
//! #[derive(Serialize)]
//! struct SignedIn<'a> {
//!     #[serde(with = "purpose_bound::stored")]
//!     phone: &'a PhoneNumber<TwoFactor>,
//! }
//! let event = serde_json::to_string(&SignedIn { phone: &account.phone })?;
//! assert_eq!(event, r#"{"phone":"two_factor:+442079460958"}"#);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Without the attribute, the derive does not compile:
//!
//! ```compile_fail,E0277
//! use purpose_bound::{PhoneNumber, TwoFactor};
//!
//! #[derive(serde::Serialize)]
//! struct LoginEvent {
//!     phone: PhoneNumber<TwoFactor>, // error: `PhoneNumber<TwoFactor>` is never written implicitly
//! }
//! ```

use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::adapters::wire::text::refuse_scalars;
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
