//! The audience export distributed by Ballista: a scheduler and two
//! executors in this process, on loopback, each executor given our
//! functions through Ballista's function registry, the client planning
//! through `SessionContext::remote_with_state`.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::sync::Arc;

use ballista::prelude::{SessionConfigExt, SessionContextExt};
use ballista_core::serde::BallistaCodec;
use ballista_core::serde::protobuf::scheduler_grpc_client::SchedulerGrpcClient;
use ballista_core::{ConfigProducer, RuntimeProducer};
use datafusion::arrow::array::{Array, AsArray};
use datafusion::arrow::compute::concat_batches;
use datafusion::execution::{FunctionRegistry, SessionState, SessionStateBuilder};
use datafusion::logical_expr::ScalarUDF;
use datafusion::prelude::{SessionConfig, SessionContext};
use purpose_bound::{Advertising, Platform};
use purpose_bound_datafusion::{AudienceKeyFunc, ExportSink, Outcome, ballista_registry};

use common::CASES;

/// A session state with the Ballista defaults and `functions`.
fn state(functions: &[ScalarUDF]) -> SessionState {
    let config = SessionConfig::new_with_ballista().with_target_partitions(2);
    let mut state = SessionStateBuilder::new()
        .with_default_features()
        .with_config(config)
        .build();
    for function in functions {
        state.register_udf(Arc::new(function.clone())).unwrap();
    }
    state
}

/// Starts a scheduler that plans with `state`, and `executors` executors
/// whose function registries hold `executor_functions`; returns the
/// scheduler's port.
async fn cluster(state: &SessionState, executors: usize, executor_functions: &[ScalarUDF]) -> u16 {
    let address = ballista_scheduler::standalone::new_standalone_scheduler_from_state(state)
        .await
        .unwrap();
    assert!(address.ip().is_loopback() || address.ip().is_unspecified());
    let url = format!("http://localhost:{}", address.port());
    let scheduler = loop {
        match SchedulerGrpcClient::connect(url.clone()).await {
            Ok(scheduler) => break scheduler,
            Err(_) => tokio::time::sleep(std::time::Duration::from_millis(50)).await,
        }
    };
    for _ in 0..executors {
        // What an executor runs with: the defaults, and the functions it
        // is given through Ballista's function registry.
        let executor_state = self::state(&[]);
        let registry = ballista_registry(executor_functions.iter().cloned());
        let config = executor_state.config().clone();
        let config_producer: ConfigProducer = Arc::new(move || config.clone());
        let runtime = executor_state.runtime_env().clone();
        let runtime_producer: RuntimeProducer = Arc::new(move |_| Ok(runtime.clone()));
        ballista_executor::new_standalone_executor_from_builder(
            scheduler.clone(),
            1,
            config_producer,
            runtime_producer,
            BallistaCodec::default(),
            registry,
        )
        .await
        .unwrap();
    }
    address.port()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_audience_export_runs_distributed_with_the_same_refusals() {
    let keyring = common::keyring();
    let warehouse = common::warehouse(&keyring, common::ledger());
    let sink = ExportSink::new(warehouse.ledger.clone());
    let audience = AudienceKeyFunc::new(keyring.keyset(), sink.clone()).into_udf();
    let state = state(std::slice::from_ref(&audience));
    let port = cluster(&state, 2, std::slice::from_ref(&audience)).await;
    let ctx = SessionContext::remote_with_state(&format!("df://localhost:{port}"), state)
        .await
        .unwrap();
    // `remote_with_state` sets the scalar functions to Ballista's: the
    // client registers ours again, to plan with.
    ctx.register_udf(audience.clone());
    let dir = tempfile::tempdir().unwrap();
    common::register_users(&ctx, dir.path(), &warehouse.users).await;

    // Refused when planned, before the scheduler sees a thing.
    let twitter = common::export_sql("meta").replace("u.ad_phone", "u.two_factor_phone");
    let error = ctx.sql(&twitter).await.unwrap_err().to_string();
    assert!(
        error.contains("collected for purpose `two_factor`"),
        "{error}"
    );

    let export = || async {
        let batches = ctx
            .sql(&common::export_sql("meta"))
            .await
            .unwrap()
            .collect()
            .await
            .unwrap();
        concat_batches(&batches[0].schema(), &batches).unwrap()
    };
    let batch = export().await;
    let keys = batch.column(1).as_string::<i32>();
    assert_eq!(keys.len(), CASES.len());
    for (user, (case, refusal)) in CASES.iter().enumerate() {
        match refusal {
            None => assert_eq!(
                keys.value(user),
                warehouse.expected_key(user, Platform::Meta),
                "{case}"
            ),
            Some(_) => assert!(keys.is_null(user), "{case}"),
        }
    }
    // The executors run in this process, so their counts are ours.
    let report = sink.last().unwrap();
    assert_eq!(report.accounts(Outcome::Keyed), 2);
    assert_eq!(report.accounts(Outcome::Withdrawn), 1);
    // The copied two-factor value, and the value collected under another
    // consent (its consent id is in the associated data).
    assert_eq!(report.accounts(Outcome::OtherPurposeOrAltered), 2);
    assert_eq!(report.refused_rows(), 7);

    // A withdrawal recorded now stops the row in the next export.
    warehouse
        .ledger
        .withdraw::<Advertising>(
            &common::subject(0),
            warehouse.advertising[0].id(),
            common::now(),
            "settings page",
            "web",
        )
        .unwrap();
    let batch = export().await;
    assert!(
        batch.column(1).as_string::<i32>().is_null(0),
        "user 0 withdrew"
    );
    let report = sink.last().unwrap();
    assert_eq!(report.accounts(Outcome::Keyed), 1);
    assert_eq!(report.accounts(Outcome::Withdrawn), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn executors_without_the_functions_cannot_run_the_export() {
    let keyring = common::keyring();
    let warehouse = common::warehouse(&keyring, common::ledger());
    let sink = ExportSink::new(warehouse.ledger.clone());
    let audience = AudienceKeyFunc::new(keyring.keyset(), sink).into_udf();
    let state = state(std::slice::from_ref(&audience));
    let port = cluster(&state, 1, &[]).await;
    let ctx = SessionContext::remote_with_state(&format!("df://localhost:{port}"), state)
        .await
        .unwrap();
    // `remote_with_state` sets the scalar functions to Ballista's: the
    // client registers ours again, to plan with.
    ctx.register_udf(audience.clone());
    let dir = tempfile::tempdir().unwrap();
    common::register_users(&ctx, dir.path(), &warehouse.users).await;
    let error = ctx
        .sql(&common::export_sql("meta"))
        .await
        .unwrap()
        .collect()
        .await
        .unwrap_err()
        .to_string();
    // The executor cannot even decode the plan it is sent.
    assert!(error.contains("scalar function audience_key"), "{error}");
}
