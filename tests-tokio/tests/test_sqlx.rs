//! Identifiers in real SQLite and PostgreSQL databases through sqlx: the
//! stored form, purpose mismatches, tampered or garbage column values, and
//! sealed columns.
//!
//! The PostgreSQL tests connect to `DATABASE_URL`; `.ci/run` starts a
//! throwaway server for them with `.ci/postgres`. Where the variable is
//! unset they are ignored, and `cargo test` lists them as such with the
//! reason (the member's build script sets the `postgres_tests` cfg when it
//! is set). Where it is set but no server answers, they print why and pass
//! without running. Under `CI` (set and neither empty, `0` nor `false`)
//! they always run, and one that cannot fails: CI must not pass on tests
//! it skipped.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

#[path = "../../tests/common/mod.rs"]
mod common;

use common::{Owned, subject};

use std::future::Future;

use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};
use purpose_bound::{
    AccountRecovery, Advertising, Consent, EmailAddress, Marketing, PhoneNumber, Stored,
    StoredFormError, StoredFormErrorKind, TwoFactor,
};
use sqlx::{Connection, PgConnection, SqliteConnection};

fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(future)
}

/// Consent `id` to advertising.
fn advertising(id: u64) -> Consent<Advertising> {
    common::consent(id)
}

/// The `StoredFormError` inside a sqlx decode error.
fn stored_form_error(err: &sqlx::Error) -> StoredFormError {
    match err {
        sqlx::Error::ColumnDecode { source, .. } => {
            *source.downcast_ref::<StoredFormError>().unwrap()
        }
        other => panic!("not a column decode error: {other:?}"),
    }
}

/// Says why a test did not run. Written to the process's standard error
/// directly, past the test harness's capture, so that it shows in the log.
/// Under `CI` the test fails instead.
fn skip(reason: &str) {
    use std::io::Write;
    let ci = std::env::var("CI").is_ok_and(|v| !matches!(v.as_str(), "" | "0" | "false"));
    if ci {
        panic!("CI is set, so this test must run, but it cannot: {reason}");
    }
    let _ = writeln!(std::io::stderr(), "skipped: {reason}");
}

/// A connection to the PostgreSQL server at `DATABASE_URL`, or `None`
/// (having said why) where there is none.
async fn postgres() -> Option<PgConnection> {
    let Ok(url) = std::env::var("DATABASE_URL") else {
        skip(
            "DATABASE_URL is not set; `eval \"$(.ci/postgres)\"` starts a throwaway PostgreSQL server",
        );
        return None;
    };
    if !url.starts_with("postgres://") && !url.starts_with("postgresql://") {
        skip("DATABASE_URL is not a postgres:// URL");
        return None;
    }
    match PgConnection::connect(&url).await {
        Ok(db) => Some(db),
        Err(sqlx::Error::Io(err)) => {
            skip(&format!(
                "no PostgreSQL server answers at DATABASE_URL ({err})"
            ));
            None
        }
        Err(err) => panic!("PostgreSQL at DATABASE_URL refused the connection: {err}"),
    }
}

/// The same checks on both databases: the SQL is portable, and both take
/// `$1`-style parameters.
macro_rules! exercise {
    ($db:expr) => {{
        let db = $db;
        sqlx::query(
            "CREATE TEMPORARY TABLE users (
                id INTEGER PRIMARY KEY,
                two_factor_phone TEXT,
                recovery_email TEXT,
                ad_phone VARCHAR(40)
            )",
        )
        .execute(&mut *db)
        .await
        .unwrap();

        // Written in the tagged form, read back as the same purpose.
        let phone = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671").unwrap().owned();
        let email = EmailAddress::<AccountRecovery>::parse("Ada@Example.com").unwrap().owned();
        let consent = advertising(1);
        let ad_phone = consent.parse_phone("+44 20 7946 0958").unwrap();
        sqlx::query(
            "INSERT INTO users (id, two_factor_phone, recovery_email, ad_phone) VALUES (1, $1, $2, $3)",
        )
        .bind(phone.expose_stored())
        .bind(email.expose_stored())
        .bind(ad_phone.expose_stored())
        .execute(&mut *db)
        .await
        .unwrap();
        let raw: (String, String, String) = sqlx::query_as(
            "SELECT two_factor_phone, recovery_email, ad_phone FROM users WHERE id = 1",
        )
        .fetch_one(&mut *db)
        .await
        .unwrap();
        assert_eq!(raw.0, "two_factor:+14155552671");
        assert_eq!(raw.1, "account_recovery:Ada@example.com");
        assert_eq!(raw.2, "advertising#1:+442079460958");
        let read: (PhoneNumber<TwoFactor>, EmailAddress<AccountRecovery>, Stored<PhoneNumber<Advertising>>) =
            sqlx::query_as("SELECT two_factor_phone, recovery_email, ad_phone FROM users WHERE id = 1")
                .fetch_one(&mut *db)
                .await
                .unwrap();
        assert_eq!((read.0, read.1), (phone.clone(), email));
        assert_eq!(consent.read(read.2).unwrap(), ad_phone);
        // Another consent to the same purpose does not read it.
        let stored: Stored<PhoneNumber<Advertising>> =
            sqlx::query_scalar("SELECT ad_phone FROM users WHERE id = 1")
                .fetch_one(&mut *db)
                .await
                .unwrap();
        assert_eq!(
            advertising(2).read(stored).unwrap_err().kind(),
            StoredFormErrorKind::ConsentMismatch
        );
        let id: i32 = sqlx::query_scalar("SELECT id FROM users WHERE two_factor_phone = $1")
            .bind(phone.expose_stored())
            .fetch_one(&mut *db)
            .await
            .unwrap();
        assert_eq!(id, 1);

        // The 2FA column read by an advertising job.
        let err = sqlx::query_scalar::<_, Stored<PhoneNumber<Advertising>>>(
            "SELECT two_factor_phone FROM users WHERE id = 1",
        )
        .fetch_one(&mut *db)
        .await
        .unwrap_err();
        let stored = stored_form_error(&err);
        assert_eq!(stored.kind(), StoredFormErrorKind::PurposeMismatch);
        assert_eq!(stored.expected_purpose(), "advertising");
        assert_eq!(stored.found_purpose(), Some("two_factor"));
        let message = err.to_string();
        assert!(
            message.ends_with(
                "purpose mismatch: expected a phone number collected for `advertising`, \
                 found one collected for `two_factor`"
            ),
            "{message}"
        );
        assert!(!message.contains("4155"), "{message}");
        let err = sqlx::query_scalar::<_, Stored<EmailAddress<Marketing>>>(
            "SELECT recovery_email FROM users WHERE id = 1",
        )
        .fetch_one(&mut *db)
        .await
        .unwrap_err();
        assert_eq!(stored_form_error(&err).found_purpose(), Some("account_recovery"));

        // Tampered and garbage text.
        let long = format!("two_factor:+1{}", "5".repeat(100_000));
        let cases: &[(&str, StoredFormErrorKind)] = &[
            ("", StoredFormErrorKind::MissingTag),
            ("+14155552671", StoredFormErrorKind::MissingTag),
            ("2fa:+14155552671", StoredFormErrorKind::UnknownTag),
            ("marketing:+14155552671", StoredFormErrorKind::PurposeMismatch),
            ("two_factor:+1 415 555 2671", StoredFormErrorKind::NotCanonical),
            ("two_factor:14155552671", StoredFormErrorKind::NotCanonical),
            ("two_factor:+1415", StoredFormErrorKind::InvalidValue),
            (long.as_str(), StoredFormErrorKind::TooLong),
        ];
        for (stored, kind) in cases {
            let err = sqlx::query_scalar::<_, PhoneNumber<TwoFactor>>("SELECT CAST($1 AS TEXT)")
                .bind(*stored)
                .fetch_one(&mut *db)
                .await
                .unwrap_err();
            assert_eq!(stored_form_error(&err).kind(), *kind, "{stored:.40}");
            let message = err.to_string();
            assert!(!message.contains("4155") && !message.contains("1415"), "{message}");
        }
        let consent_cases: &[(&str, StoredFormErrorKind)] = &[
            ("marketing:+14155552671", StoredFormErrorKind::ConsentTag),
            ("marketing#0:+14155552671", StoredFormErrorKind::ConsentTag),
            ("marketing#1:+1415", StoredFormErrorKind::InvalidValue),
            ("two_factor#1:+14155552671", StoredFormErrorKind::PurposeMismatch),
        ];
        for (stored, kind) in consent_cases {
            let err = sqlx::query_scalar::<_, Stored<PhoneNumber<Marketing>>>("SELECT CAST($1 AS TEXT)")
                .bind(*stored)
                .fetch_one(&mut *db)
                .await
                .unwrap_err();
            assert_eq!(stored_form_error(&err).kind(), *kind, "{stored}");
            assert!(!err.to_string().contains("4155"), "{err}");
        }

        // Not text, and NULL.
        let err = sqlx::query_scalar::<_, PhoneNumber<TwoFactor>>("SELECT 14155552671")
            .fetch_one(&mut *db)
            .await
            .unwrap_err();
        assert!(!err.to_string().contains("4155"), "{err}");
        let none = sqlx::query_scalar::<_, Option<PhoneNumber<TwoFactor>>>("SELECT CAST(NULL AS TEXT)")
            .fetch_one(&mut *db)
            .await
            .unwrap();
        assert!(none.is_none());
    }};
}

#[test]
fn sqlite_stores_and_checks_the_tagged_form() {
    block_on(async {
        let mut db = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        exercise!(&mut db);
        db.close().await.unwrap();
    });
}

#[test]
#[cfg_attr(
    not(postgres_tests),
    ignore = "set DATABASE_URL to run against PostgreSQL: `eval \"$(.ci/postgres)\"` starts a server"
)]
fn postgres_stores_and_checks_the_tagged_form() {
    block_on(async {
        let Some(mut db) = postgres().await else {
            return;
        };
        exercise!(&mut db);
        db.close().await.unwrap();
    });
}

/// Arbitrary text read back as a two-factor number: what is accepted is
/// exactly the canonical form it writes back, and nothing panics.
macro_rules! garbage_round_trips {
    ($rt:expr, $db:expr) => {{
        let (rt, db) = ($rt, std::cell::RefCell::new($db));
        let stored = prop_oneof![
            ".{0,60}",
            "two_factor:.{0,30}",
            "two_factor:\\+[0-9]{0,18}",
            "(marketing|advertising|account_recovery):\\+[0-9]{8,15}",
        ];
        let mut runner = TestRunner::new(Config::with_cases(64));
        runner
            .run(&stored, |stored| {
                let mut db = db.borrow_mut();
                rt.block_on(async {
                    let read =
                        sqlx::query_scalar::<_, PhoneNumber<TwoFactor>>("SELECT CAST($1 AS TEXT)")
                            .bind(stored.as_str())
                            .fetch_one(&mut *db)
                            .await;
                    match read {
                        Ok(phone) => {
                            let written: String = sqlx::query_scalar("SELECT CAST($1 AS TEXT)")
                                .bind(phone.expose_stored())
                                .fetch_one(&mut *db)
                                .await
                                .unwrap();
                            prop_assert_eq!(written, stored);
                        }
                        Err(sqlx::Error::ColumnDecode { .. }) => {}
                        // PostgreSQL refuses text with a NUL byte on the way in.
                        Err(sqlx::Error::Database(_)) if stored.contains('\0') => {}
                        Err(other) => prop_assert!(false, "{other}"),
                    }
                    Ok(())
                })
            })
            .unwrap();
    }};
}

#[test]
fn garbage_through_sqlite_gives_errors_not_panics() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let db = rt
        .block_on(SqliteConnection::connect("sqlite::memory:"))
        .unwrap();
    garbage_round_trips!(&rt, db);
}

#[test]
#[cfg_attr(
    not(postgres_tests),
    ignore = "set DATABASE_URL to run against PostgreSQL: `eval \"$(.ci/postgres)\"` starts a server"
)]
fn garbage_through_postgres_gives_errors_not_panics() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(db) = rt.block_on(postgres()) else {
        return;
    };
    garbage_round_trips!(&rt, db);
}

/// A sealed column, the same checks on both databases: the sealed bytes
/// bound and read back as a `$column` column, found by equality with a
/// value sealed again by another keyring holding the same key, and opened;
/// a column of each type in `$refused` is refused by its type before a
/// byte is read.
macro_rules! sealed_column {
    ($db:expr, $column:literal, $refused:expr) => {{
        use purpose_bound::Sealed;

        let db = $db;
        sqlx::query(concat!(
            "CREATE TEMPORARY TABLE sealed_users (id INTEGER PRIMARY KEY, phone ",
            $column,
            " UNIQUE, email ",
            $column,
            ")"
        ))
        .execute(&mut *db)
        .await
        .unwrap();
        let keyring = common::keyring();
        let consent = advertising(7);
        let phone = PhoneNumber::<TwoFactor>::parse("+442079460958").unwrap().owned();
        let email = consent.parse_email("ada@example.com").unwrap();
        sqlx::query("INSERT INTO sealed_users (id, phone, email) VALUES (1, $1, $2)")
            .bind(keyring.seal(&phone).unwrap())
            .bind(keyring.seal(&email).unwrap())
            .execute(&mut *db)
            .await
            .unwrap();
        let fresh = common::keyring().seal(&phone).unwrap();
        let (id, stored, sealed_email): (
            i32,
            Sealed<PhoneNumber<TwoFactor>>,
            Sealed<EmailAddress<Advertising>>,
        ) = sqlx::query_as("SELECT id, phone, email FROM sealed_users WHERE phone = $1")
            .bind(&fresh)
            .fetch_one(&mut *db)
            .await
            .unwrap();
        assert_eq!(id, 1);
        assert_eq!(stored, fresh);
        assert_eq!(keyring.open(&stored, &subject()).unwrap(), phone);
        assert_eq!(consent.open(&keyring, &sealed_email).unwrap(), email);
        let raw: Vec<u8> = sqlx::query_scalar("SELECT phone FROM sealed_users")
            .fetch_one(&mut *db)
            .await
            .unwrap();
        assert_eq!(raw, fresh.as_bytes());
        for other in $refused {
            let err = sqlx::query_scalar::<_, Sealed<PhoneNumber<TwoFactor>>>(other)
                .fetch_one(&mut *db)
                .await
                .unwrap_err();
            assert!(
                matches!(&err, sqlx::Error::ColumnDecode { source, .. }
                    if source.to_string().contains("mismatched types")),
                "{other}: {err:?}"
            );
        }
    }};
}

/// SQLite keeps sealed values as `BLOB`. sqlx reads a `TEXT` value there as
/// bytes, as it does for `Vec<u8>` (such bytes then fail to open), so only an
/// `INTEGER` is refused by its type.
#[test]
fn sqlite_keeps_a_sealed_column() {
    block_on(async {
        let mut db = SqliteConnection::connect("sqlite::memory:").await.unwrap();
        sealed_column!(&mut db, "BLOB", ["SELECT 1"]);
        db.close().await.unwrap();
    });
}

/// PostgreSQL keeps sealed values as `BYTEA`, and refuses `TEXT` and
/// `INTEGER` columns by their type.
#[test]
#[cfg_attr(
    not(postgres_tests),
    ignore = "set DATABASE_URL to run against PostgreSQL: `eval \"$(.ci/postgres)\"` starts a server"
)]
fn postgres_keeps_a_sealed_column() {
    block_on(async {
        let Some(mut db) = postgres().await else {
            return;
        };
        sealed_column!(
            &mut db,
            "BYTEA",
            ["SELECT 'AQAAAAE'::TEXT", "SELECT 1::INTEGER"]
        );
        db.close().await.unwrap();
    });
}
