//! The purpose in the schema: Arrow fields of sealed columns declare the
//! kind of identifier and the purpose it was collected for.

use std::collections::HashMap;

use datafusion::arrow::datatypes::{DataType, Field};
use purpose_bound::{EmailAddress, PhoneNumber, Purpose};

/// The field metadata key naming a sealed column's kind of identifier:
/// `phone` or `email`.
pub const KIND_KEY: &str = "purpose_bound.kind";

/// The field metadata key naming the purpose a sealed column's values were
/// collected for: the purpose's [`TAG`](Purpose::TAG), such as
/// `advertising` or `two_factor`.
pub const PURPOSE_KEY: &str = "purpose_bound.purpose";

/// An identifier type whose sealed values a column can hold:
/// [`PhoneNumber<P>`] and [`EmailAddress<P>`] of any purpose.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
pub trait SealedColumn: private::Sealed {
    /// The kind's name in [`KIND_KEY`]: `phone` or `email`.
    const KIND: &'static str;
    /// The purpose's tag in [`PURPOSE_KEY`].
    const PURPOSE: &'static str;
}

impl<P: Purpose> SealedColumn for PhoneNumber<P> {
    const KIND: &'static str = "phone";
    const PURPOSE: &'static str = P::TAG;
}

impl<P: Purpose> SealedColumn for EmailAddress<P> {
    const KIND: &'static str = "email";
    const PURPOSE: &'static str = P::TAG;
}

mod private {
    pub trait Sealed {}
    impl<P: purpose_bound::Purpose> Sealed for purpose_bound::PhoneNumber<P> {}
    impl<P: purpose_bound::Purpose> Sealed for purpose_bound::EmailAddress<P> {}
}

/// The Arrow field of a column named `name` that holds values of type `I`
/// sealed by a [`Keyring`](purpose_bound::Keyring): `Binary`, with the kind
/// and purpose in its metadata ([`KIND_KEY`], [`PURPOSE_KEY`]).
///
/// Parquet files written with this field keep the metadata, and the
/// functions of this crate read it when a query is planned: a column of
/// another purpose, or one that declares none, is refused there.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, PhoneNumber, TwoFactor};
/// use purpose_bound_datafusion::{sealed_field, KIND_KEY, PURPOSE_KEY};
///
/// let field = sealed_field::<PhoneNumber<Advertising>>("ad_phone", true);
/// assert_eq!(field.metadata()[KIND_KEY], "phone");
/// assert_eq!(field.metadata()[PURPOSE_KEY], "advertising");
/// let field = sealed_field::<PhoneNumber<TwoFactor>>("two_factor_phone", false);
/// assert_eq!(field.metadata()[PURPOSE_KEY], "two_factor");
/// ```
pub fn sealed_field<I: SealedColumn>(name: impl Into<String>, nullable: bool) -> Field {
    Field::new(name, DataType::Binary, nullable).with_metadata(HashMap::from([
        (KIND_KEY.to_owned(), I::KIND.to_owned()),
        (PURPOSE_KEY.to_owned(), I::PURPOSE.to_owned()),
    ]))
}

/// A kind of identifier a sealed column may declare.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Phone,
    Email,
}

/// What a field declares: its kind, if one this crate knows, and its
/// purpose tag, if any.
pub(crate) struct Declared<'f> {
    pub(crate) kind: Option<Kind>,
    pub(crate) kind_name: Option<&'f str>,
    pub(crate) purpose: Option<&'f str>,
}

/// Reads the declaration in `field`'s metadata.
pub(crate) fn declared(field: &Field) -> Declared<'_> {
    let metadata = field.metadata();
    let kind_name = metadata.get(KIND_KEY).map(String::as_str);
    let kind = match kind_name {
        Some("phone") => Some(Kind::Phone),
        Some("email") => Some(Kind::Email),
        _ => None,
    };
    Declared {
        kind,
        kind_name,
        purpose: metadata.get(PURPOSE_KEY).map(String::as_str),
    }
}
