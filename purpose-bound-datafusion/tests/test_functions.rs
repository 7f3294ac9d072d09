//! The functions on DataFusion: refused at planning by the column's
//! declared purpose, refused per row by the sealed value and the consent,
//! and counted.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use datafusion::arrow::array::{Array, ArrayRef, AsArray, BinaryArray, RecordBatch, StringArray};
use datafusion::arrow::compute::concat_batches;
use datafusion::arrow::datatypes::{DataType, Field, Int64Type, Schema};
use datafusion::prelude::SessionContext;
use purpose_bound::{
    Advertising, ContactUpload, Discoverable, Keyring, Keyset, KeysetErrorKind, PhoneNumber,
    Platform, Subject,
};
use purpose_bound_datafusion::{
    AudienceKeyFunc, DiscoveryKeyFunc, KIND_KEY, LookupKeyFunc, Outcome, PURPOSE_KEY, RowCounts,
    sealed_field,
};

use common::{AT_SQL, CASES};

struct Fixture {
    ctx: SessionContext,
    audience: RowCounts,
    discovery: RowCounts,
    _dir: tempfile::TempDir,
}

async fn fixture() -> Fixture {
    let keyring = common::keyring();
    let ctx = SessionContext::new();
    let dir = tempfile::tempdir().unwrap();
    common::register_tables(&ctx, dir.path(), &keyring).await;
    let audience = RowCounts::default();
    let discovery = RowCounts::default();
    ctx.register_udf(AudienceKeyFunc::new(keyring.keyset(), audience.clone()).into_udf());
    // Each function holds its own purpose's keyset, not the keyring.
    let discoverable = keyring.keyset();
    ctx.register_udf(
        DiscoveryKeyFunc::new(discoverable, discovery.clone())
            .unwrap()
            .into_udf(),
    );
    let uploaded = keyring.keyset();
    ctx.register_udf(
        LookupKeyFunc::new(uploaded, discovery.clone())
            .unwrap()
            .into_udf(),
    );
    Fixture {
        ctx,
        audience,
        discovery,
        _dir: dir,
    }
}

async fn collect(ctx: &SessionContext, sql: &str) -> RecordBatch {
    let batches = ctx.sql(sql).await.unwrap().collect().await.unwrap();
    concat_batches(&batches[0].schema(), &batches).unwrap()
}

async fn plan_error(ctx: &SessionContext, sql: &str) -> String {
    match ctx.sql(sql).await {
        Ok(frame) => panic!("planned: {:?}", frame.logical_plan()),
        Err(error) => error.to_string(),
    }
}

fn audience_sql(column: &str) -> String {
    format!(
        "SELECT audience_key({column}, u.user, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}, \
         'meta') FROM users u LEFT JOIN consents c ON u.consent_id = c.id"
    )
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
    common::write_parquet(&path, &common::users(&common::keyring()));
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
    assert_eq!(
        f.audience.get(Outcome::Keyed) + f.audience.refused(),
        0,
        "nothing ran"
    );
}

#[tokio::test]
async fn a_column_renamed_in_a_subquery_keeps_its_purpose() {
    let f = fixture().await;
    let sql = format!(
        "SELECT audience_key(ad_phone, u.user, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}, \
         'meta') FROM (SELECT user, two_factor_phone AS ad_phone, consent_id FROM users) u \
         LEFT JOIN consents c ON u.consent_id = c.id"
    );
    let error = plan_error(&f.ctx, &sql).await;
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
    let sql = format!(
        "SELECT discovery_key(u.ad_phone, u.user, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}) \
         FROM users u JOIN consents c ON u.consent_id = c.id"
    );
    let error = plan_error(&f.ctx, &sql).await;
    assert!(
        error.contains("collected for purpose `advertising`, and discovery keys are made only from purpose `discoverable`"),
        "{error}"
    );
    let error = plan_error(&f.ctx, "SELECT lookup_key(found_phone, user) FROM users").await;
    assert!(
        error.contains("collected for purpose `discoverable`, and lookup keys are made only from purpose `contact_upload`"),
        "{error}"
    );
    let sql = format!(
        "SELECT audience_key(u.found_phone, u.user, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}, 'meta') \
         FROM users u JOIN consents c ON u.consent_id = c.id"
    );
    assert!(plan_error(&f.ctx, &sql).await.contains("`discoverable`"));
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
        error.contains("audience_key takes 8 arguments, not 1"),
        "{error}"
    );
    // The subject is an account id: text or an integer, not a time.
    let sql = audience_sql("u.ad_phone").replace("u.user,", "c.given,");
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
        f.audience.reset();
        let batch = collect(&f.ctx, &common::export_sql(name)).await;
        let keys = batch.column(1).as_string::<i32>();
        assert_eq!(keys.len(), CASES.len());
        for (user, (case, refusal)) in CASES.iter().enumerate() {
            match refusal {
                None => assert_eq!(
                    keys.value(user),
                    common::expected_key(user, platform),
                    "{case}"
                ),
                Some(_) => assert!(keys.is_null(user), "{case}"),
            }
        }
        for outcome in Outcome::ALL {
            let expected = match outcome {
                Outcome::Keyed => 2,
                _ => CASES.iter().filter(|c| c.1 == Some(outcome.name())).count() as u64,
            };
            assert_eq!(f.audience.get(outcome), expected, "{outcome}");
        }
        assert_eq!(f.audience.refused(), 7);
    }
}

#[tokio::test]
async fn a_later_time_of_use_refuses_more() {
    let f = fixture().await;
    let sql = common::export_sql("meta").replace(AT_SQL, "TIMESTAMP '2099-06-03T00:00:00'");
    let batch = collect(&f.ctx, &sql).await;
    // Users 0 and 3 (whose consent was given at AT + 1 day) are keyed.
    assert_eq!(batch.column(1).null_count(), 7);
    assert_eq!(f.audience.get(Outcome::Expired), 2);
    // The consent given at AT + 1 day is live by now.
    assert_eq!(f.audience.get(Outcome::NotYetGiven), 0);
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

/// User 0's number, collected under consent 1 by `subject`, sealed.
fn sealed_for(keyring: &Keyring, subject: &Subject) -> Vec<u8> {
    let consent = common::consents().remove(0).consent::<Advertising>(subject);
    let phone = consent.parse_phone(&common::number(0)).unwrap();
    keyring.seal(&phone).unwrap().as_bytes().to_vec()
}

fn accounts_sql(table: &str) -> String {
    format!(
        "SELECT audience_key(a.ad_phone, a.account, c.id, c.given, c.expires, c.withdrawn, \
         {AT_SQL}, 'meta') FROM {table} a JOIN consents c ON c.id = 1"
    )
}

#[tokio::test]
async fn altered_and_foreign_values_are_refused_per_row() {
    let f = fixture().await;
    let keyring = common::keyring();
    let sealed = sealed_for(&keyring, &Subject::new("user-7").unwrap());
    let mut flipped = sealed.clone();
    *flipped.last_mut().unwrap() ^= 1;
    let foreign = sealed_for(
        &Keyring::new(2, &mut [9; 32]),
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
    assert_eq!(f.audience.get(Outcome::Keyed), 1);
    assert_eq!(f.audience.get(Outcome::OtherPurposeOrAltered), 1);
    assert_eq!(f.audience.get(Outcome::Malformed), 1);
    assert_eq!(f.audience.get(Outcome::UnknownKey), 1);
}

#[tokio::test]
async fn a_value_moved_into_another_accounts_row_does_not_open() {
    // The same consent id, the same number, the same key: only the row's
    // subject differs from the one the value was sealed for.
    let f = fixture().await;
    let keyring = common::keyring();
    let ada = sealed_for(&keyring, &Subject::new("user-7").unwrap());
    let bob = sealed_for(&keyring, &Subject::new("user-8").unwrap());
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
    assert_eq!(f.audience.get(Outcome::Keyed), 2);
    assert_eq!(f.audience.get(Outcome::OtherPurposeOrAltered), 2);
    assert_eq!(f.audience.refused(), 2);
}

#[tokio::test]
async fn a_row_without_a_valid_account_id_is_refused_and_counted() {
    let f = fixture().await;
    let keyring = common::keyring();
    let sealed = sealed_for(&keyring, &Subject::new("user-7").unwrap());
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
    assert_eq!(f.audience.get(Outcome::Keyed), 1);
    assert_eq!(f.audience.get(Outcome::NoSubject), 1);
    assert_eq!(f.audience.get(Outcome::InvalidSubject), 4);
    // The same for the discovery functions.
    let sql = format!(
        "SELECT discovery_key(u.found_phone, CASE WHEN u.user = 0 THEN '' END, c.id, c.given, \
         c.expires, c.withdrawn, {AT_SQL}) FROM users u JOIN consents c ON u.consent_id = c.id"
    );
    let batch = collect(&f.ctx, &sql).await;
    assert_eq!(batch.column(0).null_count(), batch.num_rows());
    assert_eq!(f.discovery.get(Outcome::InvalidSubject), 1);
    assert_eq!(
        f.discovery.get(Outcome::NoSubject),
        batch.num_rows() as u64 - 1
    );
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
    let sql = format!(
        "SELECT u.user FROM users u JOIN consents c ON u.consent_id = c.id \
         JOIN (SELECT unnest(lookup_key(contact, uploader)) AS key FROM contacts) k \
           ON discovery_key(u.found_phone, u.user, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}) \
              = k.key ORDER BY u.user"
    );
    let batch = collect(&f.ctx, &sql).await;
    let users: Vec<i64> = batch
        .column(0)
        .as_primitive::<Int64Type>()
        .values()
        .to_vec();
    // Users 0, 1 and 2 were uploaded; only 0 has a live consent to be found.
    assert_eq!(users, vec![0]);
    assert_eq!(f.discovery.get(Outcome::Withdrawn), 1);
    assert_eq!(f.discovery.get(Outcome::Expired), 1);
}

#[tokio::test]
async fn lookup_key_lists_every_enabled_keys_key_primary_first() {
    let mut keyring = common::keyring();
    let consent = common::consents()
        .remove(0)
        .consent::<Discoverable>(&common::subject(0));
    let findable = consent.parse_phone(&common::number(0)).unwrap();
    let before = findable
        .discovery_key(&keyring, &consent, Duration::from_secs(common::AT))
        .unwrap();
    keyring.rotate(2, &mut [9; 32]).unwrap();
    keyring.rotate(3, &mut [10; 32]).unwrap();
    keyring.disable(2).unwrap();

    let ctx = SessionContext::new();
    let counts = RowCounts::default();
    let lookup = LookupKeyFunc::new(keyring.keyset(), counts.clone()).unwrap();
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
    assert_eq!(counts.get(Outcome::Keyed), 3);

    // Another uploader's row does not open.
    counts.reset();
    let mut moved = contacts_batch(&keyring, "user-9");
    let uploader: ArrayRef = Arc::new(StringArray::from(vec!["user-8"; 3]));
    moved = RecordBatch::try_new(moved.schema(), vec![uploader, moved.column(1).clone()]).unwrap();
    ctx.register_batch("moved", moved).unwrap();
    let batch = collect(&ctx, "SELECT lookup_key(contact, uploader) FROM moved").await;
    assert_eq!(batch.column(0).null_count(), 3);
    assert_eq!(counts.get(Outcome::OtherPurposeOrAltered), 3);
}

#[tokio::test]
async fn the_discovery_functions_need_a_keyset_made_from_the_keyring() {
    // Tink's JSON carries the sealing keys alone: enough to open, not to
    // make discovery keys.
    let keyring = common::keyring();
    let json = purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<Discoverable>());
    let imported = Keyset::<Discoverable>::from_tink_json(&json).unwrap();
    let error = DiscoveryKeyFunc::new(imported, RowCounts::default()).unwrap_err();
    assert_eq!(error.kind(), KeysetErrorKind::SealingOnly);
    let json =
        purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<ContactUpload>());
    let imported = Keyset::<ContactUpload>::from_tink_json(&json).unwrap();
    let error = LookupKeyFunc::new(imported, RowCounts::default()).unwrap_err();
    assert_eq!(error.kind(), KeysetErrorKind::SealingOnly);
    // The audience function only opens, and takes one.
    let json = purpose_bound::zeroize::Zeroizing::new(keyring.expose_tink_keyset::<Advertising>());
    let imported = Keyset::<Advertising>::from_tink_json(&json).unwrap();
    let _ = AudienceKeyFunc::new(imported, RowCounts::default());
}
