//! An audience export at warehouse scale: a users table in Parquet with
//! two-factor, marketing and advertising columns sealed, the users'
//! consents in the consent ledger (some withdrawn, expired or not yet
//! given), and the export to Meta run on DataFusion.
//!
//! It prints the query that would upload two-factor numbers refused when
//! planned, the rows/s of the export, and how many rows and accounts were
//! keyed or refused and why, among them the rows whose advertising column an `UPDATE`-style
//! rewrite filled from the two-factor column and those that hold another
//! user's sealed number (it opens only in its own account's row); it
//! exits with an error if
//! their count is not what the tables it wrote call for.
//!
//! ```text
//! cargo run --release -p purpose-bound-datafusion --example audience_export -- --rows 1000000
//! ```
#![allow(clippy::print_stdout, reason = "an example prints its results")]

#[path = "support/tables.rs"]
mod tables;

use std::time::Instant;

use datafusion::arrow::array::Array;
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use futures_util::StreamExt;
use purpose_bound::Keyring;
use purpose_bound_datafusion::{AudienceKeyFunc, ExportSink, Outcome};
use purpose_bound_store::{ConsentLedger, SqliteStore};

fn arguments() -> tables::Result<(usize, usize)> {
    let mut rows = 1_000_000;
    let mut partitions = std::thread::available_parallelism().map_or(1, usize::from);
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().ok_or(format!("{arg} needs a value"));
        match arg.as_str() {
            "--rows" => rows = value()?.replace('_', "").parse()?,
            "--partitions" => partitions = value()?.parse()?,
            _ => return Err(format!("unknown argument {arg}; --rows N, --partitions N").into()),
        }
    }
    Ok((rows, partitions.max(1)))
}

#[tokio::main]
async fn main() -> tables::Result<()> {
    let (rows, partitions) = arguments()?;
    // From your KMS in production; fixed here so that runs compare.
    let keyring = Keyring::new(1, &mut [7; 32]);
    let dir = std::env::temp_dir().join(format!("purpose-bound-audience-export-{rows}"));

    // The consent ledger, in memory here; a file or a server in production.
    let ledger = ConsentLedger::open(
        std::sync::Arc::new(SqliteStore::in_memory()?),
        keyring.ledger_key(),
    )?;

    let started = Instant::now();
    let tables = tables::write(&dir, rows, &keyring, &ledger, false)?;
    println!(
        "wrote {rows} users (two-factor, marketing and advertising columns sealed) to {}, and \
         their consents to the ledger, in {:.1} s",
        dir.display(),
        started.elapsed().as_secs_f64()
    );

    let config = SessionConfig::new().with_target_partitions(partitions);
    let ctx = SessionContext::new_with_config(config);
    let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
    ctx.register_parquet(
        "users",
        path(&tables.users),
        ParquetReadOptions::default().skip_metadata(false),
    )
    .await?;
    // The export service holds the keys for advertising values only, and
    // reads consent from the ledger when each query is planned.
    let sink = ExportSink::new(ledger);
    ctx.register_udf(AudienceKeyFunc::new(keyring.keyset(), sink.clone()).into_udf());

    println!("\nThe query that matched two-factor numbers into an ad audience:");
    match ctx.sql(&tables::export_sql("two_factor_phone")).await {
        Ok(_) => return Err("the two-factor export was planned".into()),
        Err(error) => println!("  refused when planned: {error}"),
    }

    println!("\nThe audience export ({partitions} partitions):");
    let started = Instant::now();
    let mut stream = ctx
        .sql(&tables::export_sql("ad_phone"))
        .await?
        .execute_stream()
        .await?;
    let (mut seen, mut keys) = (0, 0);
    while let Some(batch) = stream.next().await {
        let batch = batch?;
        let column = batch.column(1);
        seen += batch.num_rows();
        keys += column.len() - column.null_count();
    }
    let elapsed = started.elapsed().as_secs_f64();
    println!(
        "  {seen} rows in {elapsed:.2} s (the ledger's consents read when planned, included): \
         {:.0} rows/s; {keys} match keys",
        seen as f64 / elapsed
    );
    let report = sink.last().ok_or("no query was planned")?;
    println!("\nRows and accounts by outcome:");
    for line in report.to_string().lines() {
        println!("  {line}");
    }
    if let Some(head) = report.ledger_head() {
        println!("  consents as the ledger stood at {head}");
    }
    // Neither opens: the copy's associated data names another purpose, the
    // other account's value names another subject and consent id.
    let refused = report.rows(Outcome::OtherPurposeOrAltered);
    println!(
        "\n{} rows had ad_phone filled from two_factor_phone by an UPDATE-style rewrite, \
         and {} held another user's number, sealed for that user; refused as {}: {refused}",
        tables.copied,
        tables.other_consent,
        Outcome::OtherPurposeOrAltered,
    );
    let expected = (tables.copied + tables.other_consent) as u64;
    if refused != expected {
        return Err(format!(
            "{refused} rows refused as {}, not {expected}",
            Outcome::OtherPurposeOrAltered
        )
        .into());
    }
    Ok(())
}
