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

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::compute::concat_batches;
use datafusion::prelude::SessionContext;
use purpose_bound::{Keyring, Platform};
use purpose_bound_datafusion::{
    AudienceKeyFunc, DiscoveryKeyFunc, KIND_KEY, LookupKeyFunc, Outcome, PURPOSE_KEY, RowCounts,
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
    ctx.register_udf(DiscoveryKeyFunc::new(common::keyring(), discovery.clone()).into_udf());
    ctx.register_udf(LookupKeyFunc::new(common::keyring(), discovery.clone()).into_udf());
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
        "SELECT audience_key({column}, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}, 'meta') \
         FROM users u LEFT JOIN consents c ON u.consent_id = c.id"
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
        "SELECT audience_key(ad_phone, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}, 'meta') \
         FROM (SELECT two_factor_phone AS ad_phone, consent_id FROM users) u \
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
        "SELECT discovery_key(u.ad_phone, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}) \
         FROM users u JOIN consents c ON u.consent_id = c.id"
    );
    let error = plan_error(&f.ctx, &sql).await;
    assert!(
        error.contains("collected for purpose `advertising`, and discovery keys are made only from purpose `discoverable`"),
        "{error}"
    );
    let error = plan_error(&f.ctx, "SELECT lookup_key(found_phone) FROM users").await;
    assert!(
        error.contains("collected for purpose `discoverable`, and lookup keys are made only from purpose `contact_upload`"),
        "{error}"
    );
    let sql = format!(
        "SELECT audience_key(u.found_phone, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}, 'meta') \
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
        error.contains("audience_key takes 7 arguments, not 1"),
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
    let sql = common::export_sql("meta").replace(AT_SQL, "TIMESTAMP '2026-06-03T00:00:00'");
    let batch = collect(&f.ctx, &sql).await;
    // Users 0 and 3 (whose consent was given at AT + 1 day) are keyed.
    assert_eq!(batch.column(1).null_count(), 7);
    assert_eq!(f.audience.get(Outcome::Expired), 2);
    // The consent given at AT + 1 day is live by now.
    assert_eq!(f.audience.get(Outcome::NotYetGiven), 0);
}

#[tokio::test]
async fn altered_and_foreign_values_are_refused_per_row() {
    let f = fixture().await;
    let keyring = common::keyring();
    let consent = common::consents()
        .remove(0)
        .consent::<purpose_bound::Advertising>();
    let phone = consent.parse_phone(&common::number(0)).unwrap();
    let sealed = keyring.seal(&phone).as_bytes().to_vec();
    let mut flipped = sealed.clone();
    *flipped.last_mut().unwrap() ^= 1;
    let foreign = Keyring::new(2, &mut [9; 32])
        .seal(&phone)
        .as_bytes()
        .to_vec();
    let values: [&[u8]; 4] = [&sealed, &flipped, &sealed[..3], &foreign];
    let schema =
        datafusion::arrow::datatypes::Schema::new(vec![purpose_bound_datafusion::sealed_field::<
            purpose_bound::PhoneNumber<purpose_bound::Advertising>,
        >("ad_phone", false)]);
    let batch = RecordBatch::try_new(
        std::sync::Arc::new(schema),
        vec![std::sync::Arc::new(
            datafusion::arrow::array::BinaryArray::from_iter_values(values),
        )],
    )
    .unwrap();
    f.ctx.register_batch("altered", batch).unwrap();
    let sql = format!(
        "SELECT audience_key(a.ad_phone, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}, 'meta') \
         FROM altered a JOIN consents c ON c.id = 1"
    );
    let batch = collect(&f.ctx, &sql).await;
    assert_eq!(batch.column(0).null_count(), 3);
    assert_eq!(f.audience.get(Outcome::Keyed), 1);
    assert_eq!(f.audience.get(Outcome::OtherPurposeOrAltered), 1);
    assert_eq!(f.audience.get(Outcome::Malformed), 1);
    assert_eq!(f.audience.get(Outcome::UnknownKey), 1);
}

#[tokio::test]
async fn discovery_and_lookup_keys_match_for_the_same_number() {
    let f = fixture().await;
    let keyring = common::keyring();
    // An uploaded contact table: the numbers as ContactUpload, sealed.
    let contacts: Vec<Option<Vec<u8>>> = (0..3)
        .map(|user| {
            let phone = purpose_bound::PhoneNumber::<purpose_bound::ContactUpload>::parse(
                &common::number(user),
            )
            .unwrap();
            Some(keyring.seal(&phone).as_bytes().to_vec())
        })
        .collect();
    let schema =
        datafusion::arrow::datatypes::Schema::new(vec![purpose_bound_datafusion::sealed_field::<
            purpose_bound::PhoneNumber<purpose_bound::ContactUpload>,
        >("contact", true)]);
    let batch = RecordBatch::try_new(
        std::sync::Arc::new(schema),
        vec![std::sync::Arc::new(
            datafusion::arrow::array::BinaryArray::from_iter(contacts.iter().map(Option::as_deref)),
        )],
    )
    .unwrap();
    f.ctx.register_batch("contacts", batch).unwrap();
    let sql = format!(
        "SELECT u.user FROM users u JOIN consents c ON u.consent_id = c.id \
         JOIN contacts k ON discovery_key(u.found_phone, c.id, c.given, c.expires, c.withdrawn, {AT_SQL}) \
                          = lookup_key(k.contact) ORDER BY u.user"
    );
    let batch = collect(&f.ctx, &sql).await;
    let users: Vec<i64> = batch
        .column(0)
        .as_primitive::<datafusion::arrow::datatypes::Int64Type>()
        .values()
        .to_vec();
    // Users 0, 1 and 2 were uploaded; only 0 has a live consent to be found.
    assert_eq!(users, vec![0]);
    assert_eq!(f.discovery.get(Outcome::Withdrawn), 1);
    assert_eq!(f.discovery.get(Outcome::Expired), 1);
}
