//! sqlx support: identifiers in text columns, in their stored form, for
//! every database whose driver stores strings (SQLite, PostgreSQL, MySQL).

use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::{Database, Decode, Encode, Type};

use crate::email::EmailAddress;
use crate::phone::PhoneNumber;
use crate::purpose::Purpose;
use crate::stored::Tagged;

macro_rules! stored_form_sqlx {
    ($kind:ident, $example:literal) => {
        /// A text column: `TEXT` in SQLite and PostgreSQL (`VARCHAR` too),
        /// `TEXT` or `VARCHAR` in MySQL.
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

        /// Binds the stored form as text: the purpose's tag, `:`, and the
        #[doc = concat!("canonical value (`'", $example, "'`).")]
        ///
        /// The string is built in a buffer that is wiped afterwards; the
        /// driver's copy of it is the driver's.
        impl<'q, DB: Database, P: Purpose> Encode<'q, DB> for $kind<P>
        where
            for<'s> &'s str: Encode<'q, DB>,
        {
            fn encode_by_ref(
                &self,
                buf: &mut <DB as Database>::ArgumentBuffer,
            ) -> Result<IsNull, BoxDynError> {
                self.with_stored_form(|form| <&str as Encode<'q, DB>>::encode(form, buf))
            }

            fn size_hint(&self) -> usize {
                self.with_stored_form(str::len)
            }
        }

        /// Reads the stored form from a text column, only for the same purpose:
        /// the tag must be `P::TAG`, and the value after it is parsed again and
        /// validated.
        ///
        /// A value of another purpose, a value without a tag or with an unknown
        /// one, and an invalid value are a
        /// [`StoredFormError`](crate::StoredFormError), whose message never
        /// contains the value (sqlx reports it as `Error::ColumnDecode`).
        impl<'r, DB: Database, P: Purpose> Decode<'r, DB> for $kind<P>
        where
            &'r str: Decode<'r, DB>,
        {
            fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
                let text = <&'r str as Decode<'r, DB>>::decode(value)?;
                Ok(Self::from_stored_form(text)?)
            }
        }
    };
}

stored_form_sqlx!(PhoneNumber, "two_factor:+14155552671");
stored_form_sqlx!(EmailAddress, "marketing:ada@example.com");
