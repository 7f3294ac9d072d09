//! rusqlite support, through the stored and sealed forms.
//!
//! Identifiers of purposes collected without consent are read from TEXT
//! columns directly; every identifier is read as a [`Stored`], and written
//! only through [`StoredForm`] (`id.expose_stored()`). Sealed values are
//! BLOBs.

use alloc::borrow::ToOwned;
use alloc::boxed::Box;

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, Value, ValueRef};

use crate::boundary::stored::{Stored, StoredForm};
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::Identifier;
use crate::identifiers::phone::PhoneNumber;
use crate::purposes::markers::{CollectedWithoutConsent, Purpose, WrittenImplicitly};

/// Binds the stored form as TEXT: `'two_factor:+442079460958'`.
///
/// rusqlite takes the string and does not wipe it.
impl<I: Identifier> ToSql for StoredForm<'_, I> {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Owned(Value::Text(
            self.with(ToOwned::to_owned),
        )))
    }
}

/// Reads the stored form from a TEXT column: see [`Stored`].
///
/// A value of another purpose or consent, a value without a tag or with an
/// unknown one, and an invalid value are [`FromSqlError::Other`] holding a
/// [`StoredFormError`](crate::StoredFormError), whose message never contains
/// the value; a column that is not TEXT is [`FromSqlError::InvalidType`].
impl<I: Identifier> FromSql for Stored<I> {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        value
            .as_str()?
            .parse()
            .map_err(|err| FromSqlError::Other(Box::new(err)))
    }
}

macro_rules! identifier_rusqlite {
    ($kind:ident) => {
        /// Reads the stored form from a TEXT column, for purposes collected
        /// without consent: see [`Stored`].
        impl<P: CollectedWithoutConsent> FromSql for $kind<P> {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                Stored::column_result(value).map(Stored::into_inner)
            }
        }

        /// Never applies: an identifier is bound only as
        /// `id.expose_stored()` or sealed.
        impl<P: Purpose> ToSql for $kind<P>
        where
            P: WrittenImplicitly,
        {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::Owned(Value::Text(
                    alloc::string::ToString::to_string(&self.expose_stored()),
                )))
            }
        }
    };
}

identifier_rusqlite!(PhoneNumber);
identifier_rusqlite!(EmailAddress);

#[cfg(feature = "seal")]
mod sealed_blob {
    use rusqlite::types::{FromSql, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

    use crate::boundary::seal::sealed::Sealed;
    use crate::identifiers::identifier::Identifier;

    /// Binds the sealed bytes as a BLOB.
    impl<I: Identifier> ToSql for Sealed<I> {
        fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
            Ok(ToSqlOutput::from(self.as_bytes()))
        }
    }

    /// Reads sealed bytes from a BLOB column; they are checked when opened.
    impl<I: Identifier> FromSql for Sealed<I> {
        fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
            value.as_blob().map(|bytes| Self::from_bytes(bytes))
        }
    }
}
