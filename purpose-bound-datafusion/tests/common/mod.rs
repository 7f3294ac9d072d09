//! A small users table in Parquet, one row per case the functions must
//! tell apart, and the consent ledger its consents are in.
#![allow(dead_code, reason = "each test uses part of the fixture")]
#![allow(clippy::unwrap_used, clippy::expect_used, reason = "test fixture")]

use std::fs::File;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use datafusion::arrow::array::{ArrayRef, BinaryArray, Int64Array, RecordBatch, StringArray};
use datafusion::arrow::datatypes::{DataType, Field, Schema};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::prelude::{ParquetReadOptions, SessionContext};
use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Discoverable, Keyring,
    PhoneNumber, Platform, RequiresConsent, Subject, TwoFactor,
};
use purpose_bound_datafusion::sealed_field;
use purpose_bound_store::{Collection, ConsentLedger, Notice, SqliteStore, Store};

pub(crate) const DAY: Duration = Duration::from_secs(86_400);

pub(crate) fn keyring() -> Keyring {
    Keyring::new(1, &mut [7; 32])
}

/// Now, by the system clock: the functions judge every row at the time
/// its query was planned.
pub(crate) fn now() -> Duration {
    SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap()
}

/// A ledger in memory, or on `store`.
pub(crate) fn ledger() -> ConsentLedger {
    ledger_on(Arc::new(SqliteStore::in_memory().unwrap()))
}

pub(crate) fn ledger_on(store: Arc<dyn Store>) -> ConsentLedger {
    ConsentLedger::open(store, keyring().ledger_key()).unwrap()
}

pub(crate) fn collection(notice: &str) -> Collection {
    Collection::new(
        Notice::new(notice, "May we use your phone number for this?").unwrap(),
        ConsentChannel::Web,
        "en",
        "EU",
    )
}

/// What each user row is, and what `audience_key` must make of it.
pub(crate) const CASES: [(&str, Option<&str>); 9] = [
    ("live", None),
    ("withdrawn", Some("withdrawn")),
    ("expired", Some("expired")),
    ("not yet given", Some("not_yet_given")),
    // The consent's id is in the sealed value's associated data, so a value
    // collected under a consent the subject never gave does not open under
    // the subject's: it is refused as sealed for something else, which the
    // bytes cannot tell apart from an altered value.
    ("another consent", Some("other_purpose_or_altered")),
    ("copied from two_factor", Some("other_purpose_or_altered")),
    ("no value", Some("no_value")),
    ("no consent in the ledger", Some("no_consent")),
    ("live, until tomorrow", None),
];

/// The subject of user `user`: the users table's `user` column, as text.
pub(crate) fn subject(user: usize) -> Subject {
    Subject::new(&user.to_string()).unwrap()
}

/// The phone number of user `user`.
pub(crate) fn number(user: usize) -> String {
    format!("+44740012{user:04}")
}

/// A consent the ledger never recorded: what a forged row in a consents
/// table would have made.
pub(crate) fn forged<P: RequiresConsent>(subject: &Subject, id: u64) -> Consent<P> {
    let record = ConsentRecord::new(
        ConsentId::new(id).unwrap(),
        subject,
        now() - 100 * DAY,
        "forged",
        ConsentChannel::Web,
    );
    Consent::new(record).unwrap()
}

/// Records user `user`'s consent for `P` in `ledger` as its case says,
/// and returns the consent the user's value is collected under.
fn consent_of<P: RequiresConsent>(ledger: &ConsentLedger, user: usize) -> Consent<P> {
    let subject = subject(user);
    let now = now();
    let give =
        |at: Duration, collection: Collection| ledger.give::<P>(&subject, at, &collection).unwrap();
    let notice = || collection(P::TAG);
    match user {
        1 => {
            let consent = give(now - 100 * DAY, notice());
            ledger
                .withdraw::<P>(&subject, consent.id(), now - DAY, "settings page", "web")
                .unwrap();
            consent
        }
        2 => give(now - 100 * DAY, notice().valid_for(99 * DAY)),
        3 => give(now + DAY, notice()),
        4 => {
            give(now - 100 * DAY, notice());
            forged(&subject, 900 + user as u64)
        }
        7 => forged(&subject, 900 + user as u64),
        8 => give(now - 100 * DAY, notice().valid_for(101 * DAY)),
        _ => give(now - 100 * DAY, notice()),
    }
}

/// The users table and the ledger its consents are in.
pub(crate) struct Warehouse {
    pub(crate) ledger: ConsentLedger,
    pub(crate) users: RecordBatch,
    /// The advertising consent each user's `ad_phone` was collected under.
    pub(crate) advertising: Vec<Consent<Advertising>>,
}

/// The users table: `user` (the account id, each row's subject), `case`,
/// `two_factor_phone`, `ad_phone`, `found_phone` (discoverable), and
/// `plain_phone`, a column that declares nothing; the consents in `ledger`.
pub(crate) fn warehouse(keyring: &Keyring, ledger: ConsentLedger) -> Warehouse {
    let mut two_factor = Vec::new();
    let mut ad = Vec::new();
    let mut found = Vec::new();
    let mut advertising = Vec::new();
    for user in 0..CASES.len() {
        let number = number(user);
        let phone = PhoneNumber::<TwoFactor>::parse(&number)
            .unwrap()
            .owned_by(&subject(user))
            .unwrap();
        let sealed_two_factor = keyring.seal(&phone).unwrap().as_bytes().to_vec();
        let consent = consent_of::<Advertising>(&ledger, user);
        let ad_phone = consent.parse_phone(&number).unwrap();
        ad.push(match user {
            5 => Some(sealed_two_factor.clone()),
            6 => None,
            _ => Some(keyring.seal(&ad_phone).unwrap().as_bytes().to_vec()),
        });
        let found_phone = consent_of::<Discoverable>(&ledger, user)
            .parse_phone(&number)
            .unwrap();
        found.push(Some(
            keyring.seal(&found_phone).unwrap().as_bytes().to_vec(),
        ));
        two_factor.push(Some(sealed_two_factor));
        advertising.push(consent);
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
        Field::new("plain_phone", DataType::Binary, true),
    ]);
    let users = (0..CASES.len()).map(|u| u as i64);
    let users = RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(Int64Array::from_iter_values(users)),
            Arc::new(StringArray::from_iter_values(CASES.iter().map(|c| c.0))),
            binary(&two_factor),
            binary(&ad),
            binary(&found),
            binary(&ad),
        ],
    )
    .unwrap();
    Warehouse {
        ledger,
        users,
        advertising,
    }
}

impl Warehouse {
    /// The key `audience_key` must make for user `user`, from the core
    /// crate.
    pub(crate) fn expected_key(&self, user: usize, platform: Platform) -> String {
        let consent = &self.advertising[user];
        let phone = consent.parse_phone(&number(user)).unwrap();
        phone
            .match_key(consent, now(), platform)
            .unwrap()
            .expose_secret()
            .to_owned()
    }
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

/// Writes the users table into `dir` and registers it in `ctx` as
/// `users`.
pub(crate) async fn register_users(ctx: &SessionContext, dir: &Path, users: &RecordBatch) {
    let path = dir.join("users.parquet");
    write_parquet(&path, users);
    ctx.register_parquet("users", path.to_str().unwrap(), read_options())
        .await
        .unwrap();
}

/// The audience export over the fixture, one row per user in order.
pub(crate) fn export_sql(platform: &str) -> String {
    format!(
        "SELECT u.user, audience_key(u.ad_phone, u.user, '{platform}') AS key \
         FROM users u ORDER BY u.user"
    )
}
