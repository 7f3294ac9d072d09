//! Identifiers in a real SQLite database through rusqlite: the stored form
//! bound where the code asks for it, read back as the same purpose (and
//! consent), purpose mismatches, and tampered or garbage column values.

#![cfg(feature = "rusqlite")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use proptest::prelude::*;
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Consent, EmailAddress, Marketing, PhoneNumber,
    Purpose, Stored, StoredFormError, StoredFormErrorKind, TwoFactor,
};
use rusqlite::types::{FromSql, Type, ValueRef};
use rusqlite::{Connection, params};

fn db() -> Connection {
    let db = Connection::open_in_memory().unwrap();
    db.execute_batch(
        "CREATE TABLE users (
            id INTEGER PRIMARY KEY,
            two_factor_phone TEXT,
            recovery_email TEXT,
            ad_phone TEXT
        )",
    )
    .unwrap();
    db
}

fn advertising() -> Consent<Advertising> {
    common::consent(1)
}

/// The `StoredFormError` inside a rusqlite conversion error.
fn stored_form_error(err: &rusqlite::Error) -> StoredFormError {
    match err {
        rusqlite::Error::FromSqlConversionFailure(_, Type::Text, source) => {
            *source.downcast_ref::<StoredFormError>().unwrap()
        }
        other => panic!("not a conversion failure: {other:?}"),
    }
}

/// Reads `SELECT <expr>` as `T`.
fn select<T: FromSql>(db: &Connection, expr: &str) -> rusqlite::Result<T> {
    db.query_row(&format!("SELECT {expr} AS value"), [], |row| row.get(0))
}

/// Reads the first user's two-factor column as `T`.
fn two_factor_column<T: FromSql>(db: &Connection) -> rusqlite::Result<T> {
    db.query_row("SELECT two_factor_phone FROM users", [], |row| row.get(0))
}

#[test]
fn columns_hold_the_tagged_form_and_read_back() {
    let db = db();
    let phone = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671").unwrap();
    let email = EmailAddress::<AccountRecovery>::parse("Ada@Example.com").unwrap();
    let consent = advertising();
    let ad_phone = consent.parse_phone("+44 20 7946 0958").unwrap();
    db.execute(
        "INSERT INTO users (id, two_factor_phone, recovery_email, ad_phone) VALUES (1, ?1, ?2, ?3)",
        params![
            phone.expose_stored(),
            email.expose_stored(),
            ad_phone.expose_stored()
        ],
    )
    .unwrap();

    let (raw_phone, raw_email, raw_ad, kind): (String, String, String, String) = db
        .query_row(
            "SELECT two_factor_phone, recovery_email, ad_phone, typeof(two_factor_phone) FROM users",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
        )
        .unwrap();
    assert_eq!(raw_phone, "two_factor:+14155552671");
    assert_eq!(raw_email, "account_recovery:Ada@example.com");
    assert_eq!(raw_ad, "advertising#1:+442079460958");
    assert_eq!(kind, "text");

    let (read_phone, read_email, read_ad): (
        PhoneNumber<TwoFactor>,
        EmailAddress<AccountRecovery>,
        Stored<PhoneNumber<Advertising>>,
    ) = db
        .query_row(
            "SELECT two_factor_phone, recovery_email, ad_phone FROM users WHERE id = 1",
            [],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(read_phone, phone);
    assert_eq!(read_email, email);
    assert_eq!(consent.read(read_ad).unwrap(), ad_phone);

    // Read under another consent to the same purpose, it is not handed over.
    let read_ad: Stored<PhoneNumber<Advertising>> = db
        .query_row("SELECT ad_phone FROM users", [], |row| row.get(0))
        .unwrap();
    let err = common::consent::<Advertising>(2).read(read_ad).unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::ConsentMismatch);
    assert!(!err.to_string().contains("7946"), "{err}");

    // A stored value can be looked up by binding the same identifier.
    let id: i64 = db
        .query_row(
            "SELECT id FROM users WHERE two_factor_phone = ?1",
            [phone.expose_stored()],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(id, 1);
}

#[test]
fn a_two_factor_column_read_for_advertising_is_an_error() {
    let db = db();
    let phone = PhoneNumber::<TwoFactor>::parse("+14155552671").unwrap();
    db.execute(
        "INSERT INTO users (id, two_factor_phone) VALUES (1, ?1)",
        [phone.expose_stored()],
    )
    .unwrap();

    let err = db
        .query_row("SELECT two_factor_phone FROM users", [], |row| {
            row.get::<_, Stored<PhoneNumber<Advertising>>>(0)
        })
        .unwrap_err();
    let stored = stored_form_error(&err);
    assert_eq!(stored.kind(), StoredFormErrorKind::PurposeMismatch);
    assert_eq!(stored.expected_purpose(), "advertising");
    assert_eq!(stored.found_purpose(), Some("two_factor"));
    let message = err.to_string();
    assert_eq!(
        message,
        "Conversion error from type Text at index: 0, purpose mismatch: expected a phone number \
         collected for `advertising`, found one collected for `two_factor`"
    );
    assert!(!message.contains("4155") && !message.contains("2671"));

    // And as any other purpose of either kind.
    let err = two_factor_column::<Stored<PhoneNumber<Marketing>>>(&db).unwrap_err();
    assert_eq!(stored_form_error(&err).found_purpose(), Some("two_factor"));
    let err = two_factor_column::<PhoneNumber<AccountNotice>>(&db).unwrap_err();
    assert_eq!(stored_form_error(&err).expected_purpose(), "account_notice");
    let err = two_factor_column::<EmailAddress<TwoFactor>>(&db).unwrap_err();
    assert_eq!(
        stored_form_error(&err).kind(),
        StoredFormErrorKind::InvalidValue
    );
}

#[test]
fn tampered_columns_are_errors_that_never_echo_the_value() {
    let db = Connection::open_in_memory().unwrap();
    let long = format!("'two_factor:+1{}'", "5".repeat(100_000));
    let cases: &[(&str, StoredFormErrorKind)] = &[
        ("''", StoredFormErrorKind::MissingTag),
        ("'+14155552671'", StoredFormErrorKind::MissingTag),
        ("':+14155552671'", StoredFormErrorKind::MissingTag),
        ("'2fa:+14155552671'", StoredFormErrorKind::UnknownTag),
        ("'Two_Factor:+14155552671'", StoredFormErrorKind::UnknownTag),
        (
            "'marketing:+14155552671'",
            StoredFormErrorKind::PurposeMismatch,
        ),
        ("'two_factor:'", StoredFormErrorKind::NotCanonical),
        (
            "'two_factor:+1 415 555 2671'",
            StoredFormErrorKind::NotCanonical,
        ),
        ("'two_factor:4155552671'", StoredFormErrorKind::NotCanonical),
        (
            "'two_factor:+1415555267' || char(0)",
            StoredFormErrorKind::NotCanonical,
        ),
        ("'two_factor:+1415'", StoredFormErrorKind::InvalidValue),
        (
            "substr('two_factor:+14155552671', 1, 16)",
            StoredFormErrorKind::InvalidValue,
        ),
        (long.as_str(), StoredFormErrorKind::TooLong),
    ];
    for (expr, kind) in cases {
        let err = select::<PhoneNumber<TwoFactor>>(&db, expr).unwrap_err();
        assert_eq!(stored_form_error(&err).kind(), *kind, "{expr}");
        let message = err.to_string();
        assert!(
            !message.contains("4155") && !message.contains("1415"),
            "{expr}: {message}"
        );
    }

    // Not text at all: rusqlite's own type error, which names the column's type.
    for expr in ["14155552671", "14155552671.0", "x'74776f5f666163746f72'"] {
        let err = select::<PhoneNumber<TwoFactor>>(&db, expr).unwrap_err();
        assert!(
            matches!(err, rusqlite::Error::InvalidColumnType(..)),
            "{expr}: {err:?}"
        );
        assert!(!err.to_string().contains("4155"), "{err}");
    }
    // Text that is not UTF-8.
    let err = select::<PhoneNumber<TwoFactor>>(&db, "CAST(x'74776f3aff' AS TEXT)").unwrap_err();
    assert!(matches!(err, rusqlite::Error::Utf8Error(..)), "{err:?}");
    // NULL is no value, not an error, where the column is optional.
    assert!(
        select::<Option<PhoneNumber<TwoFactor>>>(&db, "NULL")
            .unwrap()
            .is_none()
    );
    assert!(select::<PhoneNumber<TwoFactor>>(&db, "NULL").is_err());

    let email_cases: &[(&str, StoredFormErrorKind)] = &[
        ("'ada@example.com'", StoredFormErrorKind::MissingTag),
        (
            "'account_recovery:ada@example.com'",
            StoredFormErrorKind::PurposeMismatch,
        ),
        (
            "'marketing#1:ada.example.com'",
            StoredFormErrorKind::InvalidValue,
        ),
        (
            "'marketing#1: ada@example.com'",
            StoredFormErrorKind::NotCanonical,
        ),
        (
            "'marketing:ada@example.com'",
            StoredFormErrorKind::ConsentTag,
        ),
        (
            "'marketing#0:ada@example.com'",
            StoredFormErrorKind::ConsentTag,
        ),
        (
            "'marketing#01:ada@example.com'",
            StoredFormErrorKind::ConsentTag,
        ),
    ];
    for (expr, kind) in email_cases {
        let err = select::<Stored<EmailAddress<Marketing>>>(&db, expr).unwrap_err();
        assert_eq!(stored_form_error(&err).kind(), *kind, "{expr}");
        assert!(!err.to_string().contains("ada"), "{expr}: {err}");
    }
}

/// Reads `bytes` as a TEXT value for every purpose and both kinds: what is
/// accepted carries the purpose's own tag, with a consent id exactly for
/// consent purposes; nothing panics.
fn check_column<P: Purpose>(bytes: &[u8]) {
    let consented = [Marketing::TAG, Advertising::TAG].contains(&P::TAG);
    let tag = format!("{}{}", P::TAG, if consented { "#" } else { ":" });
    if Stored::<PhoneNumber<P>>::column_result(ValueRef::Text(bytes)).is_ok() {
        assert!(
            bytes.starts_with(tag.as_bytes()),
            "{bytes:?} read as {}",
            P::TAG
        );
    }
    if Stored::<EmailAddress<P>>::column_result(ValueRef::Text(bytes)).is_ok() {
        assert!(
            bytes.starts_with(tag.as_bytes()),
            "{bytes:?} read as {}",
            P::TAG
        );
    }
    assert!(Stored::<PhoneNumber<P>>::column_result(ValueRef::Blob(bytes)).is_err());
}

fn stored_like() -> impl Strategy<Value = Vec<u8>> {
    let tag = prop_oneof![
        Just(b"two_factor".to_vec()),
        Just(b"account_recovery".to_vec()),
        Just(b"marketing".to_vec()),
        Just(b"advertising".to_vec()),
        Just(b"marketing#1".to_vec()),
        Just(b"advertising#18446744073709551615".to_vec()),
        Just(b"two_factor+account_notice".to_vec()),
        proptest::collection::vec(any::<u8>(), 0..12),
    ];
    let separator = prop_oneof![Just(b":".to_vec()), Just(Vec::new())];
    let value = prop_oneof![
        "\\+[0-9]{0,20}".prop_map(String::into_bytes),
        "[a-z.]{0,12}@[a-z.]{0,12}".prop_map(String::into_bytes),
        proptest::collection::vec(any::<u8>(), 0..64),
        (any::<u8>(), 0usize..2000).prop_map(|(b, n)| vec![b; n]),
    ];
    (tag, separator, value).prop_map(|(mut tag, separator, value)| {
        tag.extend(separator);
        tag.extend(value);
        tag
    })
}

proptest! {
    #[test]
    fn garbage_column_values_give_errors_not_panics(bytes in stored_like()) {
        check_column::<TwoFactor>(&bytes);
        check_column::<AccountRecovery>(&bytes);
        check_column::<AccountNotice>(&bytes);
        check_column::<Marketing>(&bytes);
        check_column::<Advertising>(&bytes);
        check_column::<(TwoFactor, AccountNotice)>(&bytes);
        // The identifiers of purposes collected without consent read as
        // `Stored` does.
        prop_assert_eq!(
            PhoneNumber::<TwoFactor>::column_result(ValueRef::Text(&bytes)).is_ok(),
            Stored::<PhoneNumber<TwoFactor>>::column_result(ValueRef::Text(&bytes)).is_ok()
        );
        prop_assert_eq!(
            EmailAddress::<AccountRecovery>::column_result(ValueRef::Text(&bytes)).is_ok(),
            Stored::<EmailAddress<AccountRecovery>>::column_result(ValueRef::Text(&bytes)).is_ok()
        );
    }

    #[test]
    fn garbage_through_a_real_database_gives_errors_not_panics(text in ".{0,60}", tag in prop_oneof![Just("two_factor:"), Just("marketing:"), Just("")]) {
        let db = Connection::open_in_memory().unwrap();
        let stored = format!("{tag}{text}");
        let read: rusqlite::Result<PhoneNumber<TwoFactor>> =
            db.query_row("SELECT ?1", [&stored], |row| row.get(0));
        if let Ok(phone) = read {
            // Accepted only in the canonical form it writes back.
            let written: String = db
                .query_row("SELECT ?1", [phone.expose_stored()], |row| row.get(0))
                .unwrap();
            prop_assert_eq!(written, stored);
        }
    }
}
