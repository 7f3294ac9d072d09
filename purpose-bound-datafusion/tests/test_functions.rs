//! The functions on DataFusion: refused at planning by the column's
//! declared purpose, refused per row by the sealed value and the ledger's
//! consent as the query was planned, and counted in rows and accounts.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryArray, RecordBatch, StringArray};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, Field, Int64Type, Schema};
use datafusion::prelude::SessionContext;
use purpose_bound::{
    Advertising, ContactUpload, Discoverable, Keyring, Keyset, KeysetErrorKind, Marketing,
    PhoneNumber, Platform, Subject,
};
use purpose_bound_datafusion::{
    AudienceKeyFunc, DiscoveryKeyFunc, ExportReport, ExportSink, KIND_KEY, LookupKeyFunc, Outcome,
    PURPOSE_KEY, sealed_field,
};
use purpose_bound_store::{ConsentLedger, ErrorKind, SqliteStore};

use common::{CASES, DAY, Warehouse};

struct Fixture {
    ctx: SessionContext,
    sink: ExportSink,
    warehouse: Warehouse,
    _dir: tempfile::TempDir,
}

impl Fixture {
    /// What the query planned last did.
    fn report(&self) -> ExportReport {
        self.sink.last().expect("a query was planned")
    }
}

/// The three functions on one sink reading `ledger`.
fn register(ctx: &SessionContext, keyring: &Keyring, ledger: &ConsentLedger) -> ExportSink {
    let sink = ExportSink::new(ledger.clone());
    ctx.register_udf(AudienceKeyFunc::new(keyring.keyset(), sink.clone()).into_udf());
    // Each function holds its own purpose's keyset, not the keyring.
    let discoverable = keyring.keyset();
    ctx.register_udf(
        DiscoveryKeyFunc::new(discoverable, sink.clone())
            .unwrap()
            .into_udf(),
    );
    let uploaded = keyring.keyset();
    ctx.register_udf(
        LookupKeyFunc::new(uploaded, sink.clone())
            .unwrap()
            .into_udf(),
    );
    sink
}

async fn fixture() -> Fixture {
    fixture_on(common::ledger()).await
}

async fn fixture_on(ledger: ConsentLedger) -> Fixture {
    let keyring = common::keyring();
    let ctx = SessionContext::new();
    let dir = tempfile::tempdir().unwrap();
    let warehouse = common::warehouse(&keyring, ledger);
    common::register_users(&ctx, dir.path(), &warehouse.users).await;
    let sink = register(&ctx, &keyring, &warehouse.ledger);
    Fixture {
        ctx,
        sink,
        warehouse,
        _dir: dir,
    }
}

async fn collect(ctx: &SessionContext, sql: &str) -> RecordBatch {
    let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
    concat_batches(&batches[0].schema(), &batches).unwrap()
}

async fn plan_error(ctx: &SessionContext, sql: &str) -> String {
    match ctx.sql(sql).await {
        Ok(frame) => match frame.collect().await {
            Ok(_) => panic!("ran: {sql}"),
            Err(error) => error.to_string(),
        },
        Err(error) => error.to_string(),
    }
}

fn audience_sql(column: &str) -> String {
    format!("SELECT audience_key({column}, u.user, 'meta') FROM users u")
}

#[tokio::test]
async fn parquet_keeps_the_declared_kind_and_purpose() {
    let f = fixture().await;
    let schema = f
        .ctx
        .table("users")
        .await
        .unwrap()
        .schema()
        .as_arrow()
        .clone();
    let field = schema.field_with_name("two_factor_phone").unwrap();
    assert_eq!(field.metadata()[KIND_KEY], "phone");
    assert_eq!(field.metadata()[PURPOSE_KEY], "two_factor");
    let field = schema.field_with_name("ad_phone").unwrap();
    assert_eq!(field.metadata()[PURPOSE_KEY], "advertising");
    assert!(
        schema
            .field_with_name("plain_phone")
            .unwrap()
            .metadata()
            .is_empty()
    );
}

#[tokio::test]
async fn a_table_read_without_its_metadata_declares_nothing_and_is_refused() {
    // DataFusion skips Parquet's metadata unless told otherwise: the
    // columns then declare no purpose, and every function refuses them.
    let f = fixture().await;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.parquet");
    common::write_parquet(&path, &f.warehouse.users);
    f.ctx
        .register_parquet("bare", path.to_str().unwrap(), Default::default())
        .await
        .unwrap();
    let sql = audience_sql("u.ad_phone").replace("FROM users u", "FROM bare u");
    let error = plan_error(&f.ctx, &sql).await;
    assert!(
        error.contains("column \"ad_phone\" declares no purpose"),
        "{error}"
    );
}

#[tokio::test]
async fn an_audience_from_two_factor_numbers_is_refused_when_planned() {
    let f = fixture().await;
    let error = plan_error(&f.ctx, &audience_sql("u.two_factor_phone")).await;
    assert_eq!(
        error,
        "Error during planning: audience_key: column \"two_factor_phone\" holds phone numbers \
         collected for purpose `two_factor`, and audience match keys are made only from purpose \
         `advertising` (identifiers collected with a Consent<Advertising>): a `two_factor` phone \
         number may not be used for this; collect it again for `advertising`"
    );
    assert!(f.sink.last().is_none(), "nothing was planned, nothing ran");
}

#[tokio::test]
async fn a_column_renamed_in_a_subquery_keeps_its_purpose() {
    let f = fixture().await;
    let sql = "SELECT audience_key(ad_phone, u.user, 'meta') \
               FROM (SELECT user, two_factor_phone AS ad_phone FROM users) u";
    let error = plan_error(&f.ctx, sql).await;
    assert!(
        error.contains("collected for purpose `two_factor`"),
        "{error}"
    );
}

#[tokio::test]
async fn a_column_that_declares_no_purpose_is_refused_when_planned() {
    let f = fixture().await;
    let error = plan_error(&f.ctx, &audience_sql("u.plain_phone")).await;
    assert_eq!(
        error,
        "Error during planning: audience_key: column \"plain_phone\" declares no purpose (its \
         Arrow field has no purpose_bound.purpose metadata), and audience match keys are made \
         only from purpose `advertising` (identifiers collected with a Consent<Advertising>); \
         declare sealed columns with purpose_bound_datafusion::sealed_field"
    );
    // A value computed from a sealed column declares nothing either.
    let error = plan_error(
        &f.ctx,
        &audience_sql("CASE WHEN u.user > 0 THEN u.ad_phone END"),
    )
    .await;
    assert!(error.contains("declares no purpose"), "{error}");
    // A cast keeps the column's declaration, so it does not launder it.
    let error = plan_error(&f.ctx, &audience_sql("CAST(u.two_factor_phone AS BYTEA)")).await;
    assert!(
        error.contains("collected for purpose `two_factor`"),
        "{error}"
    );
}

#[tokio::test]
async fn discovery_functions_take_only_their_purposes() {
    let f = fixture().await;
    let error = plan_error(&f.ctx, "SELECT discovery_key(ad_phone, user) FROM users").await;
    assert!(
        error.contains("collected for purpose `advertising`, and discovery keys are made only from purpose `discoverable`"),
        "{error}"
    );
    let error = plan_error(&f.ctx, "SELECT lookup_key(found_phone, user) FROM users").await;
    assert!(
        error.contains("collected for purpose `discoverable`, and lookup keys are made only from purpose `contact_upload`"),
        "{error}"
    );
    let sql = "SELECT audience_key(found_phone, user, 'meta') FROM users";
    assert!(plan_error(&f.ctx, sql).await.contains("`discoverable`"));
}

#[tokio::test]
async fn the_platform_and_the_arguments_are_checked_when_planned() {
    let f = fixture().await;
    let sql = audience_sql("u.ad_phone").replace("'meta'", "'twitter'");
    assert!(
        plan_error(&f.ctx, &sql)
            .await
            .contains("unknown platform 'twitter'")
    );
    let sql = audience_sql("u.ad_phone").replace("'meta'", "u.case");
    assert!(
        plan_error(&f.ctx, &sql)
            .await
            .contains("the platform is a literal")
    );
    let error = plan_error(&f.ctx, "SELECT audience_key(ad_phone) FROM users").await;
    assert!(
        error.contains("audience_key takes 3 arguments, not 1"),
        "{error}"
    );
    // The subject is an account id: text or an integer, not a time.
    let sql = audience_sql("u.ad_phone").replace("u.user,", "now(),");
    let error = plan_error(&f.ctx, &sql).await;
    assert!(
        error.contains("audience_key: the subject is Timestamp")
            && error.contains("it is the row's account id, text or an integer"),
        "{error}"
    );
}

#[tokio::test]
async fn each_row_is_keyed_or_refused_and_counted() {
    let f = fixture().await;
    for (platform, name) in [(Platform::Meta, "meta"), (Platform::Google, "google")] {
        let batch = collect(&f.ctx, &common::export_sql(name)).await;
        let keys = batch.column(1).as_string::<i32>();
        assert_eq!(keys.len(), CASES.len());
        for (user, (case, refusal)) in CASES.iter().enumerate() {
            match refusal {
                None => assert_eq!(
                    keys.value(user),
                    f.warehouse.expected_key(user, platform),
                    "{case}"
                ),
                Some(_) => assert!(keys.is_null(user), "{case}"),
            }
        }
        // Each query counts its own rows: the second starts from zero.
        let report = f.report();
        for outcome in Outcome::ALL {
            let expected = match outcome {
                Outcome::Keyed => 2,
                _ => CASES.iter().filter(|c| c.1 == Some(outcome.name())).count() as u64,
            };
            assert_eq!(report.rows(outcome), expected, "{outcome}");
            assert_eq!(report.accounts(outcome), expected, "{outcome}");
        }
        assert_eq!(report.refused_rows(), 7);
        assert_eq!(
            report.ledger_head(),
            Some(f.warehouse.ledger.head().unwrap())
        );
    }
}

#[tokio::test]
async fn consent_cannot_be_passed_in_sql() {
    // The old forms, which took the consent from the query: a literal
    // consent, or a consents table's row.
    let f = fixture().await;
    let literal = "SELECT audience_key(u.ad_phone, u.user, 1, TIMESTAMP '2020-01-01T00:00:00', \
                   NULL, NULL, now(), 'meta') FROM users u";
    let error = plan_error(&f.ctx, literal).await;
    assert!(
        error.contains("audience_key takes 3 arguments, not 8"),
        "{error}"
    );
    let error = plan_error(
        &f.ctx,
        "SELECT discovery_key(found_phone, user, 1, now(), NULL, NULL, now()) FROM users",
    )
    .await;
    assert!(
        error.contains("discovery_key takes 2 arguments, not 7"),
        "{error}"
    );
}

#[tokio::test]
async fn another_purposes_consent_opens_nothing() {
    // User 20 gave marketing consent, never advertising: a value sealed
    // under an advertising consent with the marketing consent's id, as a
    // join with a consents table of two purposes would have paired them,
    // finds no advertising consent of the user.
    let f = fixture().await;
    let keyring = common::keyring();
    let subject = common::subject(20);
    let marketing = f
        .warehouse
        .ledger
        .give::<Marketing>(&subject, common::now() - DAY, &common::collection("offers"))
        .unwrap();
    let forged = common::forged::<Advertising>(&subject, marketing.id().get());
    let phone = forged.parse_phone(&common::number(20)).unwrap();
    let sealed = keyring.seal(&phone).unwrap().as_bytes().to_vec();
    f.ctx
        .register_batch("other", accounts_batch(&[(Some("20"), &sealed)]))
        .unwrap();
    let batch = collect(&f.ctx, &accounts_sql("other")).await;
    assert_eq!(batch.column(0).null_count(), 1);
    assert_eq!(f.report().rows(Outcome::NoConsent), 1);
}

#[tokio::test]
async fn a_withdrawal_stops_its_rows_in_the_next_export() {
    let f = fixture().await;
    let sql = common::export_sql("meta");
    let batch = collect(&f.ctx, &sql).await;
    assert!(batch.column(1).is_valid(0));
    f.warehouse
        .ledger
        .withdraw::<Advertising>(
            &common::subject(0),
            f.warehouse.advertising[0].id(),
            common::now(),
            "settings page",
            "web",
        )
        .unwrap();
    let batch = collect(&f.ctx, &sql).await;
    assert!(batch.column(1).is_null(0), "user 0 withdrew");
    let report = f.report();
    assert_eq!(report.accounts(Outcome::Keyed), 1);
    assert_eq!(report.accounts(Outcome::Withdrawn), 2);
}

#[tokio::test]
async fn a_withdrawal_revived_in_sql_after_an_export_stays_withdrawn() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    let f = fixture_on(common::ledger_on(Arc::new(
        SqliteStore::open(&path).unwrap(),
    )))
    .await;
    let sql = common::export_sql("meta");
    collect(&f.ctx, &sql).await;
    // The next export reads only the events written since the last: the
    // withdrawal it applied stays applied, whatever the row says now.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE pb_consent_events SET kind = 'given' WHERE kind = 'withdrawn'",
            [],
        )
        .unwrap();
    let batch = collect(&f.ctx, &sql).await;
    assert!(batch.column(1).is_null(1), "user 1 withdrew");
    assert_eq!(f.report().accounts(Outcome::Withdrawn), 1);
}

#[tokio::test]
async fn counts_are_accounts_across_the_whole_query() {
    let f = fixture().await;
    // The same rows twice: twice the rows, the same accounts.
    let union = format!(
        "{} UNION ALL {}",
        audience_sql("u.ad_phone"),
        audience_sql("u.ad_phone")
    );
    let batch = collect(&f.ctx, &union).await;
    assert_eq!(batch.num_rows(), 2 * CASES.len());
    let report = f.report();
    assert_eq!(report.rows(Outcome::Keyed), 4);
    assert_eq!(report.accounts(Outcome::Keyed), 2);
    assert_eq!(report.rows(Outcome::Withdrawn), 2);
    assert_eq!(report.accounts(Outcome::Withdrawn), 1);

    // A filtered re-select of the export counts what its inner query read.
    let filtered = "SELECT k FROM (SELECT audience_key(ad_phone, user, 'meta') AS k FROM users) \
                    WHERE k IS NOT NULL";
    let batch = collect(&f.ctx, filtered).await;
    assert_eq!(batch.num_rows(), 2);
    let report = f.report();
    assert_eq!(report.accounts(Outcome::Keyed), 2);
    // The planner evaluates the function in the filter and again in the
    // projection for the rows that pass: rows are reads, accounts are
    // people.
    assert_eq!(report.rows(Outcome::Keyed), 4);
    assert_eq!(
        report.rows(Outcome::Withdrawn),
        1,
        "a new query counts from zero"
    );

    // Partitions of one query count into one report.
    let ctx = SessionContext::new_with_config(
        datafusion::prelude::SessionConfig::new().with_target_partitions(4),
    );
    let sink = register(&ctx, &common::keyring(), &f.warehouse.ledger);
    let users = f.warehouse.users.clone();
    let table = datafusion::datasource::MemTable::try_new(
        users.schema(),
        vec![vec![users.clone()], vec![users.clone()], vec![users]],
    )
    .unwrap();
    ctx.register_table("users", Arc::new(table)).unwrap();
    collect(&ctx, &audience_sql("u.ad_phone")).await;
    let report = sink.last().unwrap();
    assert_eq!(report.rows(Outcome::Keyed), 6);
    assert_eq!(report.accounts(Outcome::Keyed), 2);
}

#[tokio::test]
async fn a_ledger_edited_in_sql_refuses_the_export_when_planned() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("records.db");
    let store = Arc::new(SqliteStore::open(&path).unwrap());
    let f = fixture_on(common::ledger_on(store)).await;
    // Turn the withdrawal back into a giving.
    let changed = rusqlite::Connection::open(&path)
        .unwrap()
        .execute(
            "UPDATE pb_consent_events SET kind = 'given' WHERE kind = 'withdrawn'",
            [],
        )
        .unwrap();
    assert_eq!(changed, 2);
    let error = plan_error(&f.ctx, &common::export_sql("meta")).await;
    assert!(
        error.contains("audience_key: the consent ledger could not be read"),
        "{error}"
    );
    assert_eq!(
        f.warehouse.ledger.live::<Advertising>().unwrap_err().kind(),
        ErrorKind::Edited
    );
}

/// A table of sealed advertising phones with the row's account id as
/// text, `account`, and `ad_phone`.
fn accounts_batch(rows: &[(Option<&str>, &[u8])]) -> RecordBatch {
    let schema = Schema::new(vec![
        Field::new("account", DataType::Utf8, true),
        sealed_field::<PhoneNumber<Advertising>>("ad_phone", false),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(StringArray::from_iter(rows.iter().map(|row| row.0))),
            Arc::new(BinaryArray::from_iter_values(rows.iter().map(|row| row.1))),
        ],
    )
    .unwrap()
}

/// User 0's number, collected by `subject` under a consent given in
/// `ledger`, sealed.
fn sealed_for(keyring: &Keyring, ledger: &ConsentLedger, subject: &Subject) -> Vec<u8> {
    let consent = ledger
        .give::<Advertising>(subject, common::now() - DAY, &common::collection("ads"))
        .unwrap();
    let phone = consent.parse_phone(&common::number(0)).unwrap();
    keyring.seal(&phone).unwrap().as_bytes().to_vec()
}

fn accounts_sql(table: &str) -> String {
    format!("SELECT audience_key(a.ad_phone, a.account, 'meta') FROM {table} a")
}

#[tokio::test]
async fn altered_and_foreign_values_are_refused_per_row() {
    let f = fixture().await;
    let keyring = common::keyring();
    let ledger = &f.warehouse.ledger;
    let sealed = sealed_for(&keyring, ledger, &Subject::new("user-7").unwrap());
    let mut flipped = sealed.clone();
    *flipped.last_mut().unwrap() ^= 1;
    let foreign = sealed_for(
        &Keyring::new(2, &mut [9; 32]),
        ledger,
        &Subject::new("user-7").unwrap(),
    );
    let account = Some("user-7");
    let batch = accounts_batch(&[
        (account, &sealed),
        (account, &flipped),
        (account, &sealed[..3]),
        (account, &foreign),
    ]);
    f.ctx.register_batch("altered", batch).unwrap();
    let batch = collect(&f.ctx, &accounts_sql("altered")).await;
    assert_eq!(batch.column(0).null_count(), 3);
    let report = f.report();
    assert_eq!(report.rows(Outcome::Keyed), 1);
    assert_eq!(report.rows(Outcome::OtherPurposeOrAltered), 1);
    assert_eq!(report.rows(Outcome::Malformed), 1);
    assert_eq!(report.rows(Outcome::UnknownKey), 1);
    // One account, with a row of each outcome.
    assert_eq!(report.accounts(Outcome::Keyed), 1);
    assert_eq!(report.accounts(Outcome::Malformed), 1);
}

#[tokio::test]
async fn a_value_moved_into_another_accounts_row_does_not_open() {
    // The same consent id, the same number, the same key: only the row's
    // subject differs from the one the value was sealed for.
    let f = fixture().await;
    let keyring = common::keyring();
    let ledger = &f.warehouse.ledger;
    let ada = sealed_for(&keyring, ledger, &Subject::new("user-7").unwrap());
    let bob = sealed_for(&keyring, ledger, &Subject::new("user-8").unwrap());
    let batch = accounts_batch(&[
        (Some("user-7"), &ada),
        (Some("user-8"), &bob),
        // Ada's value copied into Bob's row, and Bob's into Ada's.
        (Some("user-8"), &ada),
        (Some("user-7"), &bob),
    ]);
    f.ctx.register_batch("moved", batch).unwrap();
    let batch = collect(&f.ctx, &accounts_sql("moved")).await;
    let keys = batch.column(0).as_string::<i32>();
    assert!(keys.is_valid(0) && keys.is_valid(1));
    // The match key is of the number, whoever's row holds it.
    assert_eq!(keys.value(0), keys.value(1));
    assert!(keys.is_null(2) && keys.is_null(3));
    let report = f.report();
    assert_eq!(report.rows(Outcome::Keyed), 2);
    assert_eq!(report.rows(Outcome::OtherPurposeOrAltered), 2);
    assert_eq!(report.refused_rows(), 2);
}

#[tokio::test]
async fn a_row_without_a_valid_account_id_is_refused_and_counted() {
    let f = fixture().await;
    let keyring = common::keyring();
    let sealed = sealed_for(
        &keyring,
        &f.warehouse.ledger,
        &Subject::new("user-7").unwrap(),
    );
    let long = "7".repeat(purpose_bound::MAX_SUBJECT_ID_LEN + 1);
    let batch = accounts_batch(&[
        (Some("user-7"), &sealed),
        (None, &sealed),
        (Some(""), &sealed),
        (Some("   "), &sealed),
        (Some(&long), &sealed),
        (Some("user-7\n"), &sealed),
    ]);
    f.ctx.register_batch("accounts", batch).unwrap();
    let batch = collect(&f.ctx, &accounts_sql("accounts")).await;
    assert_eq!(batch.column(0).null_count(), 5);
    let report = f.report();
    assert_eq!(report.rows(Outcome::Keyed), 1);
    assert_eq!(report.rows(Outcome::NoSubject), 1);
    assert_eq!(report.rows(Outcome::InvalidSubject), 4);
    // A row naming no account counts no account.
    assert_eq!(report.accounts(Outcome::InvalidSubject), 0);
    // The same for the discovery functions.
    let sql = "SELECT discovery_key(found_phone, CASE WHEN user = 0 THEN '' END) FROM users";
    let batch = collect(&f.ctx, sql).await;
    assert_eq!(batch.column(0).null_count(), batch.num_rows());
    let report = f.report();
    assert_eq!(report.rows(Outcome::InvalidSubject), 1);
    assert_eq!(report.rows(Outcome::NoSubject), batch.num_rows() as u64 - 1);
}

/// An uploaded-contacts table: `uploader` (the account id of the user who
/// uploaded them) and `contact`, users 0, 1 and 2's numbers, sealed.
fn contacts_batch(keyring: &Keyring, uploader: &str) -> RecordBatch {
    let subject = Subject::new(uploader).unwrap();
    let contacts: Vec<Vec<u8>> = (0..3)
        .map(|user| {
            let phone = PhoneNumber::<ContactUpload>::parse(&common::number(user))
                .unwrap()
                .owned_by(&subject)
                .unwrap();
            keyring.seal(&phone).unwrap().as_bytes().to_vec()
        })
        .collect();
    let schema = Schema::new(vec![
        Field::new("uploader", DataType::Utf8, false),
        sealed_field::<PhoneNumber<ContactUpload>>("contact", true),
    ]);
    RecordBatch::try_new(
        Arc::new(schema),
        vec![
            Arc::new(StringArray::from_iter_values(
                contacts.iter().map(|_| uploader),
            )),
            Arc::new(BinaryArray::from_iter_values(contacts.iter())),
        ],
    )
    .unwrap()
}

#[tokio::test]
async fn discovery_and_lookup_keys_match_for_the_same_number() {
    let f = fixture().await;
    let keyring = common::keyring();
    f.ctx
        .register_batch("contacts", contacts_batch(&keyring, "user-9"))
        .unwrap();
    let sql = "SELECT u.user FROM users u \
               JOIN (SELECT unnest(lookup_key(contact, uploader)) AS key FROM contacts) k \
                 ON discovery_key(u.found_phone, u.user) = k.key ORDER BY u.user";
    let batch = collect(&f.ctx, sql).await;
    let users: Vec<i64> = batch
        .column(0)
        .as_primitive::<Int64Type>()
        .values()
        .to_vec();
    // Users 0, 1 and 2 were uploaded; only 0 has a live consent to be found.
    assert_eq!(users, vec![0]);
    let report = f.report();
    assert_eq!(report.rows(Outcome::Withdrawn), 1);
    assert_eq!(report.rows(Outcome::Expired), 1);
}

#[tokio::test]
async fn lookup_key_lists_every_enabled_keys_key_primary_first() {
    let mut keyring = common::keyring();
    let ledger = common::ledger();
    let consent = ledger
        .give::<Discoverable>(
            &common::subject(0),
            common::now() - DAY,
            &common::collection("found"),
        )
        .unwrap();
    let findable = consent.parse_phone(&common::number(0)).unwrap();
    let before = findable
        .discovery_key(&keyring, &consent, common::now())
        .unwrap();
    keyring.rotate(2, &mut [9; 32]).unwrap();
    keyring.rotate(3, &mut [10; 32]).unwrap();
    keyring.disable(2).unwrap();

    let ctx = SessionContext::new();
    let sink = ExportSink::new(ledger);
    let lookup = LookupKeyFunc::new(keyring.keyset(), sink.clone()).unwrap();
    ctx.register_udf(lookup.into_udf());
    ctx.register_batch("contacts", contacts_batch(&keyring, "user-9"))
        .unwrap();
    let batch = collect(&ctx, "SELECT lookup_key(contact, uploader) FROM contacts").await;
    let lists = batch.column(0).as_list::<i32>();
    assert_eq!(lists.len(), 3);
    for user in 0..3 {
        let contact = PhoneNumber::<ContactUpload>::parse(&common::number(user)).unwrap();
        let expected: Vec<[u8; 32]> = contact
            .contact_lookup(&keyring)
            .keys()
            .iter()
            .map(|key| *key.as_bytes())
            .collect();
        // Keys 3 (the primary) and 1; not the disabled 2.
        assert_eq!(expected.len(), 2);
        let list = lists.value(user);
        let made: Vec<&[u8]> = list.as_binary::<i32>().iter().map(Option::unwrap).collect();
        assert_eq!(
            made,
            expected.iter().map(|key| &key[..]).collect::<Vec<_>>()
        );
    }
    // A findable row made under key 1, before the rotations, is found.
    let first = lists.value(0);
    assert!(
        first
            .as_binary::<i32>()
            .iter()
            .any(|key| key == Some(&before.as_bytes()[..]))
    );
    let report = sink.last().unwrap();
    assert_eq!(report.rows(Outcome::Keyed), 3);
    assert_eq!(report.accounts(Outcome::Keyed), 1, "one uploader");
    assert_eq!(report.ledger_head(), None, "lookup_key reads no consent");

    // Another uploader's row does not open.
    let mut moved = contacts_batch(&keyring, "user-9");
    let uploader: ArrayRef = Arc::new(StringArray::from(vec!["user-8"; 3]));
    moved = RecordBatch::try_new(moved.schema(), vec![uploader, moved.column(1).clone()]).unwrap();
    ctx.register_batch("moved", moved).unwrap();
    let batch = collect(&ctx, "SELECT lookup_key(contact, uploader) FROM moved").await;
    assert_eq!(batch.column(0).null_count(), 3);
    assert_eq!(sink.last().unwrap().rows(Outcome::OtherPurposeOrAltered), 3);
}

#[tokio::test]
async fn the_discovery_functions_need_a_keyset_made_from_the_keyring() {
    // Tink's JSON carries the sealing keys alone: enough to open, not to
    // make discovery keys.
    let keyring = common::keyring();
    let sink = ExportSink::new(common::ledger());
    let json = purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<Discoverable>());
    let imported = Keyset::<Discoverable>::from_tink_json(&json).unwrap();
    let error = DiscoveryKeyFunc::new(imported, sink.clone()).unwrap_err();
    assert_eq!(error.kind(), KeysetErrorKind::SealingOnly);
    let json =
        purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<ContactUpload>());
    let imported = Keyset::<ContactUpload>::from_tink_json(&json).unwrap();
    let error = LookupKeyFunc::new(imported, sink.clone()).unwrap_err();
    assert_eq!(error.kind(), KeysetErrorKind::SealingOnly);
    // The audience function only opens, and takes one.
    let json = purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<Advertising>());
    let imported = Keyset::<Advertising>::from_tink_json(&json).unwrap();
    let _ = AudienceKeyFunc::new(imported, sink.clone());
}
