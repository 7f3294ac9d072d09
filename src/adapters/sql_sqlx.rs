//! sqlx support, through the stored and sealed forms, for every database
//! whose driver stores strings and bytes (SQLite, PostgreSQL, MySQL).
//!
//! Identifiers of purposes collected without consent are decoded from text
//! columns directly; every identifier is decoded as a [`Stored`], and
//! encoded only through [`StoredForm`] (`id.expose_stored()`). Sealed
//! values are `BYTEA`/`BLOB`.

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

use crate::boundary::stored::{Stored, StoredForm};
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::Identifier;
use crate::identifiers::phone::PhoneNumber;
use crate::purposes::markers::{CollectedWithoutConsent, Purpose, WrittenImplicitly};

/// Text columns: `TEXT` in SQLite and PostgreSQL (`VARCHAR` too), `TEXT` or
/// `VARCHAR` in MySQL.
macro_rules! text_column {
    ($($ty:ty),+) => {$(
        impl<DB: Database, I: Identifier> Type<DB> for $ty
        where
            str: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as Type<DB>>::compatible(ty)
            }
        }
    )+};
}

text_column!(StoredForm<'_, I>, Stored<I>);

/// Binds the stored form as text: `'two_factor:+442079460958'`. The string
/// is built in a buffer wiped afterwards; the driver's copy is the driver's.
impl<'q, DB: Database, I: Identifier> Encode<'q, DB> for StoredForm<'_, I>
where
    for<'s> &'s str: Encode<'q, DB>,
{
    fn encode_by_ref(
        &self,
        buf: &mut <DB as Database>::ArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        self.with(|form| <&str as Encode<'q, DB>>::encode(form, buf))
    }
}

/// Reads the stored form from a text column: see [`Stored`]. Errors are a
/// [`StoredFormError`](crate::StoredFormError), whose message never contains
/// the value (sqlx reports it as `Error::ColumnDecode`).
impl<'r, DB: Database, I: Identifier> Decode<'r, DB> for Stored<I>
where
    &'r str: Decode<'r, DB>,
{
    fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        Ok(<&'r str as Decode<'r, DB>>::decode(value)?.parse()?)
    }
}

macro_rules! identifier_sqlx {
    ($kind:ident) => {
        /// A text column, as [`Stored`].
        impl<DB: Database, P: Purpose> Type<DB> for $kind<P>
        where
            str: Type<DB>,
        {
            fn type_info() -> DB::TypeInfo {
                <str as Type<DB>>::type_info()
            }

            fn compatible(ty: &DB::TypeInfo) -> bool {
                <str as Type<DB>>::compatible(ty)
            }
        }

        /// Reads the stored form from a text column, for purposes collected
        /// without consent: see [`Stored`].
        impl<'r, DB: Database, P: CollectedWithoutConsent> Decode<'r, DB> for $kind<P>
        where
            &'r str: Decode<'r, DB>,
        {
            fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
                Stored::<Self>::decode(value).map(Stored::into_inner)
            }
        }

        /// Never applies: an identifier is bound only as
        /// `id.expose_stored()` or sealed.
        impl<'q, DB: Database, P: Purpose> Encode<'q, DB> for $kind<P>
        where
            P: WrittenImplicitly,
            for<'s> &'s str: Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as Database>::ArgumentBuffer,
            ) -> Result<IsNull, BoxDynError> {
                self.expose_stored().encode_by_ref(buf)
            }
        }
    };
}

identifier_sqlx!(PhoneNumber);
identifier_sqlx!(EmailAddress);

#[cfg(feature = "seal")]
mod sealed_bytes {
    use alloc::vec::Vec;

    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::{Database, Decode, Encode, Type};

    use crate::boundary::seal::sealed::Sealed;
    use crate::identifiers::identifier::Identifier;

    /// A binary column: `BYTEA` in PostgreSQL, `BLOB` in SQLite and MySQL.
    impl<DB: Database, I: Identifier> Type<DB> for Sealed<I>
    where
        [u8]: Type<DB>,
    {
        fn type_info() -> DB::TypeInfo {
            <[u8] as Type<DB>>::type_info()
        }

        fn compatible(ty: &DB::TypeInfo) -> bool {
            <[u8] as Type<DB>>::compatible(ty)
        }
    }

    /// Binds the sealed bytes.
    impl<'q, DB: Database, I: Identifier> Encode<'q, DB> for Sealed<I>
    where
        Vec<u8>: Encode<'q, DB>,
    {
        fn encode_by_ref(
            &self,
            buf: &mut <DB as Database>::ArgumentBuffer,
        ) -> Result<IsNull, BoxDynError> {
            <Vec<u8> as Encode<'q, DB>>::encode(self.as_bytes().to_vec(), buf)
        }
    }

    /// Reads sealed bytes; they are checked when opened.
    impl<'r, DB: Database, I: Identifier> Decode<'r, DB> for Sealed<I>
    where
        &'r [u8]: Decode<'r, DB>,
    {
        fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
            Ok(Self::from_bytes(<&'r [u8] as Decode<'r, DB>>::decode(
                value,
            )?))
        }
    }
}
