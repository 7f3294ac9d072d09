//! Identifiers in serde: the stored form read back as `Stored<I>` and
//! written through `StoredForm`, and the identifiers' own impls, which read
//! the stored form and never write implicitly.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};
use zeroize::Zeroize;

use crate::adapters::wire::text::{deserialize_text, refuse_scalars, text_only};
use crate::boundary::stored::{Stored, StoredForm, StoredFormError};
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::Identifier;
use crate::identifiers::phone::PhoneNumber;
use crate::purposes::markers::{CollectedWithoutConsent, Purpose, WrittenImplicitly};

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
        /// `Stored<…>` and handed over by
        /// [`Consent::read`](crate::Consent::read).
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
