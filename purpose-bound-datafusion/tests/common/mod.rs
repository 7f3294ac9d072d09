//! A small users table and consents table in Parquet, one row per case the
//! functions must tell apart.
#![allow(dead_code, reason = "each test uses part of the fixture")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test fixture")]

use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use datafusion::arrow::array::{
    ArrayRef, BinaryArray, Int64Array, RecordBatch, StringArray, TimestampMicrosecondArray,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, TimeUnit};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Discoverable, Keyring,
    PhoneNumber, Platform, Subject, TwoFactor,
};
use purpose_bound_datafusion::sealed_field;

pub(crate) const DAY: u64 = 86_400;
/// The query's time: 2099-06-01T00:00:00Z. The core crate judges a use of
/// a consent at the later of the time passed and the system clock, so
/// the fixture's times are after any clock these tests run under.
pub(crate) const AT: u64 = 4_083_955_200;
pub(crate) const AT_SQL: &str = "TIMESTAMP '2099-06-01T00:00:00'";

pub(crate) fn keyring() -> Keyring {
    Keyring::new(1, &mut [7; 32])
}

/// One consent row: id, given, expires, withdrawn (seconds since 1970).
pub(crate) struct ConsentRow {
    pub(crate) id: u64,
    pub(crate) given: u64,
    pub(crate) expires: Option<u64>,
    pub(crate) withdrawn: Option<u64>,
}

/// The subject of user `user`: the users table's `user` column, as text.
pub(crate) fn subject(user: usize) -> Subject {
    Subject::new(&user.to_string()).unwrap()
}

impl ConsentRow {
    /// The consent, as given by `subject`.
    pub(crate) fn consent<P: purpose_bound::RequiresConsent>(
        &self,
        subject: &Subject,
    ) -> Consent<P> {
        let mut record = ConsentRecord::new(
            ConsentId::new(self.id).unwrap(),
            subject,
            Duration::from_secs(self.given),
            "ads-v1",
            ConsentChannel::Web,
        );
        if let Some(expires) = self.expires {
            record = record.expires_at(Duration::from_secs(expires));
        }
        if let Some(withdrawn) = self.withdrawn {
            record = record.withdrawn_at(Duration::from_secs(withdrawn));
        }
        Consent::new(record).unwrap()
    }
}

/// The consents: 1 live, 2 withdrawn, 3 expired, 4 given after the query's
/// time, 5 live (another consent than the value's), 6 live.
pub(crate) fn consents() -> Vec<ConsentRow> {
    let given = AT - 100 * DAY;
    vec![
        ConsentRow {
            id: 1,
            given,
            expires: None,
            withdrawn: None,
        },
        ConsentRow {
            id: 2,
            given,
            expires: None,
            withdrawn: Some(AT - DAY),
        },
        ConsentRow {
            id: 3,
            given,
            expires: Some(AT - DAY),
            withdrawn: None,
        },
        ConsentRow {
            id: 4,
            given: AT + DAY,
            expires: None,
            withdrawn: None,
        },
        ConsentRow {
            id: 5,
            given,
            expires: None,
            withdrawn: None,
        },
        ConsentRow {
            id: 6,
            given,
            expires: Some(AT + DAY),
            withdrawn: None,
        },
    ]
}

/// What each user row is, and what `audience_key` must make of it.
pub(crate) const CASES: [(&str, Option<&str>); 9] = [
    ("live", None),
    ("withdrawn", Some("withdrawn")),
    ("expired", Some("expired")),
    ("not yet given", Some("not_yet_given")),
    // The consent's id is in the sealed value's associated data, so a value
    // collected under another consent does not open with this row's: it is
    // refused as sealed for something else, which the bytes cannot tell
    // apart from an altered value.
    ("another consent", Some("other_purpose_or_altered")),
    ("copied from two_factor", Some("other_purpose_or_altered")),
    ("no value", Some("no_value")),
    ("no consent row", Some("no_consent")),
    ("live, until tomorrow", None),
];

/// The phone number of user `user`.
pub(crate) fn number(user: usize) -> String {
    format!("+44740012{user:04}")
}

/// The users table: `user` (the account id, each row's subject), `case`,
/// `two_factor_phone`, `ad_phone`, `found_phone` (discoverable),
/// `consent_id`, and `plain_phone`, a column that declares nothing.
pub(crate) fn users(keyring: &Keyring) -> RecordBatch {
    let consents = consents();
    let consent_of = |user: usize| -> Option<u64> {
        match user {
            0 => Some(1),
            1 => Some(2),
            2 => Some(3),
            3 => Some(4),
            4 => Some(5), // the value was collected under consent 1
            5 => Some(1),
            6 => Some(1),
            7 => Some(99), // no such consent
            _ => Some(6),
        }
    };
    let mut two_factor = Vec::new();
    let mut ad = Vec::new();
    let mut found = Vec::new();
    for user in 0..CASES.len() {
        let number = number(user);
        let subject = subject(user);
        let phone = PhoneNumber::<TwoFactor>::parse(&number)
            .unwrap()
            .owned_by(&subject)
            .unwrap();
        let sealed_two_factor = keyring.seal(&phone).unwrap().as_bytes().to_vec();
        // The consent the value was collected under: the row's, except for
        // the "another consent" row.
        let collected = if user == 4 {
            1
        } else {
            consent_of(user).unwrap()
        };
        let row = consents
            .iter()
            .find(|c| c.id == collected)
            .unwrap_or(&consents[0]);
        let ad_phone = row
            .consent::<Advertising>(&subject)
            .parse_phone(&number)
            .unwrap();
        let ad_value = match user {
            5 => Some(sealed_two_factor.clone()),
            6 => None,
            _ => Some(keyring.seal(&ad_phone).unwrap().as_bytes().to_vec()),
        };
        let found_phone = row
            .consent::<Discoverable>(&subject)
            .parse_phone(&number)
            .unwrap();
        found.push(Some(
            keyring.seal(&found_phone).unwrap().as_bytes().to_vec(),
        ));
        two_factor.push(Some(sealed_two_factor));
        ad.push(ad_value);
    }
    let binary = |values: &[Option<Vec<u8>>]| -> ArrayRef {
        Arc::new(BinaryArray::from_iter(values.iter().map(Option::as_deref)))
    };
    let schema = Schema::new(vec![
        Field::new("user", DataType::Int64, false),
        Field::new("case", DataType::Utf8, false),
        sealed_field::<PhoneNumber<TwoFactor>>("two_factor_phone", true),
        sealed_field::<PhoneNumber<Advertising>>("ad_phone", true),
        sealed_field::<PhoneNumber<Discoverable>>("found_phone", true),
        Field::new("consent_id", DataType::Int64, true),
        Field::new("plain_phone", DataType::Binary, true),
    ]);
    let users = (0..CASES.len()).map(|u| u as i64);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(Int64Array::from_iter_values(users)),
            Arc::new(StringArray::from_iter_values(CASES.iter().map(|c| c.0))),
            binary(&two_factor),
            binary(&ad),
            binary(&found),
            Arc::new(Int64Array::from_iter(
                (0..CASES.len()).map(|u| consent_of(u).map(|c| c as i64)),
            )),
            binary(&ad),
        ],
    )
    .unwrap()
}

pub(crate) fn consents_batch() -> RecordBatch {
    let consents = consents();
    let time = |s: Option<u64>| s.map(|s| s as i64 * 1_000_000);
    let schema = Schema::new(vec![
        Field::new("id", DataType::Int64, false),
        Field::new(
            "given",
            DataType::Timestamp(TimeUnit::Microsecond, None),
            false,
        ),
        Field::new(
            "expires",
            DataType::Timestamp(TimeUnit::Microsecond, None),
            true,
        ),
        Field::new(
            "withdrawn",
            DataType::Timestamp(TimeUnit::Microsecond, None),
            true,
        ),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(Int64Array::from_iter_values(
                consents.iter().map(|c| c.id as i64),
            )),
            Arc::new(TimestampMicrosecondArray::from_iter(
                consents.iter().map(|c| time(Some(c.given))),
            )),
            Arc::new(TimestampMicrosecondArray::from_iter(
                consents.iter().map(|c| time(c.expires)),
            )),
            Arc::new(TimestampMicrosecondArray::from_iter(
                consents.iter().map(|c| time(c.withdrawn)),
            )),
        ],
    )
    .unwrap()
}

pub(crate) fn write_parquet(path: &Path, batch: &RecordBatch) {
    let file = File::create(path).unwrap();
    let mut writer = ArrowWriter::try_new(file, batch.schema(), None).unwrap();
    writer.write(batch).unwrap();
    writer.close().unwrap();
}

/// How the tables are read: with the metadata Parquet keeps, which
/// DataFusion skips by default.
pub(crate) fn read_options() -> ParquetReadOptions<'static> {
    ParquetReadOptions::default().skip_metadata(false)
}

/// Writes both tables into `dir` and registers them in `ctx` as `users`
/// and `consents`.
pub(crate) async fn register_tables(ctx: &SessionContext, dir: &Path, keyring: &Keyring) {
    let users_path = dir.join("users.parquet");
    let consents_path = dir.join("consents.parquet");
    write_parquet(&users_path, &users(keyring));
    write_parquet(&consents_path, &consents_batch());
    ctx.register_parquet("users", users_path.to_str().unwrap(), read_options())
        .await
        .unwrap();
    ctx.register_parquet("consents", consents_path.to_str().unwrap(), read_options())
        .await
        .unwrap();
}

/// The audience export over the fixture, one row per user in order.
pub(crate) fn export_sql(platform: &str) -> String {
    format!(
        "SELECT u.user, audience_key(u.ad_phone, u.user, c.id, c.given, c.expires, c.withdrawn, \
         {AT_SQL}, '{platform}') AS key \
         FROM users u LEFT JOIN consents c ON u.consent_id = c.id ORDER BY u.user"
    )
}

/// The key `audience_key` must make for user `user`, from the core crate.
pub(crate) fn expected_key(user: usize, platform: Platform) -> String {
    let row = consents().into_iter().find(|c| c.id == 1).unwrap();
    let consent = row.consent::<Advertising>(&subject(user));
    let phone = consent.parse_phone(&number(user)).unwrap();
    phone
        .match_key(&consent, Duration::from_secs(AT), platform)
        .unwrap()
        .expose_secret()
        .to_owned()
}
