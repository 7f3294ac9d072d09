//! rusqlite support: identifiers in TEXT columns, in their stored form.

use alloc::borrow::ToOwned;
use alloc::boxed::Box;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, Value, ValueRef};

use crate::email::EmailAddress;
use crate::phone::PhoneNumber;
use crate::purpose::Purpose;
use crate::stored::Tagged;

macro_rules! stored_form_rusqlite {
    ($kind:ident, $example:literal) => {
        /// Binds the stored form as TEXT: the purpose's tag, `:`, and the
        #[doc = concat!("canonical value (`'", $example, "'`).")]
        ///
        /// rusqlite takes the string and does not wipe it.
        impl<P: Purpose> ToSql for $kind<P> {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Owned(Value::Text(
                    self.with_stored_form(ToOwned::to_owned),
                )))
            }
        }

        /// Reads the stored form from a TEXT column, only for the same purpose:
        /// the tag must be `P::TAG`, and the value after it is parsed again and
        /// validated.
        ///
        /// A value of another purpose, a value without a tag or with an unknown
        /// one, and an invalid value are [`FromSqlError::Other`] holding a
        /// [`StoredFormError`](crate::StoredFormError), whose message never
        /// contains the value; a column that is not TEXT is
        /// [`FromSqlError::InvalidType`].
        impl<P: Purpose> FromSql for $kind<P> {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                Self::from_stored_form(value.as_str()?)
                    .map_err(|err| FromSqlError::Other(Box::new(err)))
            }
        }
    };
}

stored_form_rusqlite!(PhoneNumber, "two_factor:+14155552671");
stored_form_rusqlite!(EmailAddress, "marketing:ada@example.com");
