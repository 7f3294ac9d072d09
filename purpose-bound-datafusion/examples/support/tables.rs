//! The warehouse tables of the example and the benchmark: users with
//! sealed two-factor, marketing and advertising columns, their consents in
//! the consent ledger, and (for the benchmark) the same advertising
//! numbers in plaintext with a consents table, the query's baseline.

#![allow(
    dead_code,
    reason = "the example and the benchmark each use their part of the shared tables"
)]

use std::error::Error;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use datafusion::arrow::array::{
    ArrayRef, BinaryBuilder, Int64Array, Int64Builder, RecordBatch, StringBuilder,
    TimestampMicrosecondBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef, TimeUnit};
use datafusion::parquet::arrow::ArrowWriter;
use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, EmailAddress, Keyring,
    Marketing, PhoneNumber, Subject, TwoFactor,
};
use purpose_bound_datafusion::sealed_field;
use purpose_bound_store::{Collection, ConsentLedger, Notice};

pub(crate) type Result<T> = std::result::Result<T, Box<dyn Error + Send + Sync>>;

const DAY: u64 = 86_400;
const BATCH: usize = 65_536;

/// The day the export runs: today, 00:00 UTC. The consents' times are set
/// around it, because the functions judge each row at the time its query
/// is planned.
pub(crate) fn at() -> u64 {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs());
    now / DAY * DAY
}

/// [`at`] as a SQL literal: `TIMESTAMP '2026-12-07T00:00:00'`.
pub(crate) fn at_sql() -> String {
    // Days since 1970 to a civil date (H. Hinnant's `civil_from_days`).
    let days = (at() / DAY) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let of_era = days.rem_euclid(146_097);
    let year_of_era = (of_era - of_era / 1460 + of_era / 36_524 - of_era / 146_096) / 365;
    let of_year = of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * of_year + 2) / 153;
    let day = of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("TIMESTAMP '{year:04}-{month:02}-{day:02}T00:00:00'")
}

/// Where the tables were written, and what the generator put in them.
pub(crate) struct Tables {
    pub(crate) users: PathBuf,
    /// The plaintext baseline: its users and consents tables.
    pub(crate) plain: Option<(PathBuf, PathBuf)>,
    /// Rows whose `ad_phone` an UPDATE-style rewrite filled from
    /// `two_factor_phone`.
    pub(crate) copied: usize,
    /// Rows whose `ad_phone` holds another user's number, sealed for that
    /// user and consent: copied into this account's row.
    pub(crate) other_consent: usize,
}

/// What user `user`'s advertising consent is, by a fixed spread: 5 in 100
/// withdrawn, 5 expired, 2 given after the export's time, 2 with no
/// consent in the ledger, 1 whose value is another user's (sealed for
/// that user and consent), 1 copied from the two-factor column, 1 with no
/// advertising number; the rest live.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Live,
    Withdrawn,
    Expired,
    NotYetGiven,
    NoConsentRow,
    OtherConsent,
    CopiedFromTwoFactor,
    NoNumber,
}

fn case(user: usize) -> Case {
    match (user * 37) % 100 {
        0..=4 => Case::Withdrawn,
        5..=9 => Case::Expired,
        10..=11 => Case::NotYetGiven,
        12..=13 => Case::NoConsentRow,
        14 => Case::OtherConsent,
        15 => Case::CopiedFromTwoFactor,
        16 => Case::NoNumber,
        _ => Case::Live,
    }
}

/// The consent id of user `user`'s advertising consent.
fn consent_id(user: usize) -> u64 {
    user as u64 + 1
}

fn given(at: u64, user: usize) -> u64 {
    match case(user) {
        Case::NotYetGiven => at + 10 * DAY,
        _ => at - 200 * DAY + (user as u64 % 1000) * 60,
    }
}

/// User `user`'s subject: the `user` column, an integer, as text.
fn subject(user: usize) -> Result<Subject> {
    Ok(Subject::new(&user.to_string())?)
}

/// Records user `user`'s advertising consent in `ledger`, as its case
/// says, and returns it; `None` for a user who gave none.
fn advertising_consent(
    ledger: &ConsentLedger,
    at: u64,
    user: usize,
) -> Result<Option<Consent<Advertising>>> {
    let case = case(user);
    if case == Case::NoConsentRow {
        return Ok(None);
    }
    let given = given(at, user);
    let until = match case {
        Case::Expired => at - DAY,
        _ => at + 365 * DAY,
    };
    let notice = Notice::new(
        "ads-v2",
        "May we match your phone number with our advertisers?",
    )?;
    let collection = Collection::new(notice, ConsentChannel::App, "en", "EU")
        .valid_for(Duration::from_secs(until.saturating_sub(given)));
    let subject = subject(user)?;
    let consent = ledger.give::<Advertising>(&subject, Duration::from_secs(given), &collection)?;
    if case == Case::Withdrawn {
        let withdrawn = Duration::from_secs(at - 30 * DAY);
        ledger.withdraw::<Advertising>(&subject, consent.id(), withdrawn, "app settings", "app")?;
    }
    Ok(Some(consent))
}

/// A consent the ledger never recorded, of user `user`: what a value
/// sealed outside the ledger's consents was collected under.
fn unrecorded_consent(at: u64, user: usize) -> Result<Consent<Advertising>> {
    let record = ConsentRecord::new(
        ConsentId::new(2_000_000_000 + consent_id(user)).ok_or("consent id 0")?,
        &subject(user)?,
        Duration::from_secs(given(at, user)),
        "ads-v2",
        ConsentChannel::App,
    );
    Ok(Consent::new(record)?)
}

fn marketing_consent(at: u64, user: usize) -> Result<Consent<Marketing>> {
    let record = ConsentRecord::new(
        ConsentId::new(consent_id(user) + 1_000_000_000).ok_or("consent id 0")?,
        &subject(user)?,
        Duration::from_secs(given(at, user)),
        "newsletter-v1",
        ConsentChannel::Web,
    );
    Ok(Consent::new(record)?)
}

/// User `user`'s phone number: UK mobile numbers, one per user.
fn number(user: usize) -> String {
    format!("+4474{user:08}")
}

pub(crate) fn users_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("user", DataType::Int64, false),
        sealed_field::<PhoneNumber<TwoFactor>>("two_factor_phone", false),
        sealed_field::<EmailAddress<Marketing>>("marketing_email", false),
        sealed_field::<PhoneNumber<Advertising>>("ad_phone", true),
    ]))
}

fn time_field(name: &str, nullable: bool) -> Field {
    Field::new(
        name,
        DataType::Timestamp(TimeUnit::Microsecond, None),
        nullable,
    )
}

/// Writes the users table for `rows` users into `dir`, sealed under
/// `keyring`, and records their consents in `ledger`; with `plain`, also
/// the advertising numbers in plaintext, as Meta normalizes them (digits
/// with the country code), and a consents table for them.
pub(crate) fn write(
    dir: &Path,
    rows: usize,
    keyring: &Keyring,
    ledger: &ConsentLedger,
    plain: bool,
) -> Result<Tables> {
    std::fs::create_dir_all(dir)?;
    let users_path = dir.join("users.parquet");
    let consents_path = dir.join("consents.parquet");
    let plain_path = dir.join("users_plain.parquet");

    let users_schema = users_schema();
    let consents_schema = Arc::new(Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        time_field("given", false),
        time_field("expires", true),
        time_field("withdrawn", true),
    ]));
    let plain_schema = Arc::new(Schema::new(vec![
        Field::new("user", DataType::Int64, false),
        Field::new("ad_phone_digits", DataType::Utf8, true),
        Field::new("consent_id", DataType::Int64, true),
    ]));
    let mut users = ArrowWriter::try_new(File::create(&users_path)?, users_schema.clone(), None)?;
    let mut plain_writers = if plain {
        Some((
            ArrowWriter::try_new(File::create(&plain_path)?, plain_schema.clone(), None)?,
            ArrowWriter::try_new(File::create(&consents_path)?, consents_schema.clone(), None)?,
        ))
    } else {
        None
    };

    let at = at();
    let (mut copied, mut other_consent) = (0, 0);
    for start in (0..rows).step_by(BATCH) {
        let end = (start + BATCH).min(rows);
        let mut two_factor = BinaryBuilder::new();
        let mut marketing = BinaryBuilder::new();
        let mut ad = BinaryBuilder::new();
        let mut user_consent = Int64Builder::new();
        let mut digits = StringBuilder::new();
        let (mut ids, mut given_at, mut expires, mut withdrawn) = (
            Int64Builder::new(),
            TimestampMicrosecondBuilder::new(),
            TimestampMicrosecondBuilder::new(),
            TimestampMicrosecondBuilder::new(),
        );
        let micros = |seconds: u64| seconds as i64 * 1_000_000;
        for user in start..end {
            let case = case(user);
            let number = number(user);
            // Read from the signed-in user's own row: bound to them.
            let two_factor_phone =
                PhoneNumber::<TwoFactor>::parse(&number)?.owned_by(&subject(user)?)?;
            let two_factor_sealed = keyring.seal(&two_factor_phone)?;
            two_factor.append_value(two_factor_sealed.as_bytes());
            let marketing_consent = marketing_consent(at, user)?;
            let email = marketing_consent.parse_email(&format!("user{user}@example.com"))?;
            marketing.append_value(keyring.seal(&email)?.as_bytes());

            // The advertising number, collected under the user's consent
            // (or, for one row in a hundred, the next user's, collected
            // under theirs: another account's value in this row).
            let recorded = advertising_consent(ledger, at, user)?;
            let collected = match (case, recorded) {
                (Case::OtherConsent, _) => {
                    other_consent += 1;
                    unrecorded_consent(at, user + 1)?
                }
                (_, Some(consent)) => consent,
                (_, None) => unrecorded_consent(at, user)?,
            };
            let ad_phone = collected.parse_phone(&number)?;
            match case {
                Case::NoNumber => ad.append_null(),
                // What `UPDATE users SET ad_phone = two_factor_phone` leaves
                // behind when a tool rewrites the file and keeps its schema.
                Case::CopiedFromTwoFactor => {
                    copied += 1;
                    ad.append_value(two_factor_sealed.as_bytes());
                }
                _ => ad.append_value(keyring.seal(&ad_phone)?.as_bytes()),
            }
            user_consent.append_value(consent_id(user) as i64);
            if case == Case::NoNumber {
                digits.append_null();
            } else {
                digits.append_value(number.trim_start_matches('+'));
            }

            if case != Case::NoConsentRow {
                ids.append_value(consent_id(user) as i64);
                given_at.append_value(micros(given(at, user)));
                match case {
                    Case::Expired => expires.append_value(micros(at - DAY)),
                    _ => expires.append_value(micros(at + 365 * DAY)),
                }
                match case {
                    Case::Withdrawn => withdrawn.append_value(micros(at - 30 * DAY)),
                    _ => withdrawn.append_null(),
                }
            }
        }
        let user_ids: ArrayRef = Arc::new(Int64Array::from_iter_values(start as i64..end as i64));
        users.write(&RecordBatch::try_new(
            users_schema.clone(),
            vec![
                user_ids.clone(),
                Arc::new(two_factor.finish()),
                Arc::new(marketing.finish()),
                Arc::new(ad.finish()),
            ],
        )?)?;
        if let Some((plain, consents)) = plain_writers.as_mut() {
            plain.write(&RecordBatch::try_new(
                plain_schema.clone(),
                vec![
                    user_ids,
                    Arc::new(digits.finish()),
                    Arc::new(user_consent.finish()),
                ],
            )?)?;
            consents.write(&RecordBatch::try_new(
                consents_schema.clone(),
                vec![
                    Arc::new(ids.finish()),
                    Arc::new(given_at.finish()),
                    Arc::new(expires.finish()),
                    Arc::new(withdrawn.finish()),
                ],
            )?)?;
        }
    }
    users.close()?;
    if let Some((plain, consents)) = plain_writers {
        plain.close()?;
        consents.close()?;
    }
    Ok(Tables {
        users: users_path,
        plain: plain.then_some((plain_path, consents_path)),
        copied,
        other_consent,
    })
}

/// The audience export: one match key per user whose advertising consent
/// the ledger held live when the query was planned, NULL for the others.
/// Each row's value opens for its own account (`u.user`) only.
pub(crate) fn export_sql(column: &str) -> String {
    format!("SELECT u.user, audience_key(u.{column}, u.user, 'meta') AS match_key FROM users u")
}

/// The same export over plaintext numbers with DataFusion's built-in
/// `sha256`, the consent checked in SQL against a consents table: what
/// a warehouse without this crate runs.
pub(crate) fn plain_export_sql() -> String {
    let at = at_sql();
    format!(
        "SELECT u.user, CASE WHEN c.given <= {at} \
           AND (c.expires IS NULL OR c.expires > {at}) \
           AND (c.withdrawn IS NULL OR c.withdrawn > {at}) \
         THEN encode(sha256(u.ad_phone_digits), 'hex') END AS match_key \
         FROM users_plain u LEFT JOIN consents c ON u.consent_id = c.id"
    )
}
