//! The audience export over sealed Parquet, its consents read from the
//! ledger when each query is planned, against the same query over
//! plaintext with DataFusion's built-in `sha256` and a consents table
//! joined in SQL, at 1 and 2 partitions, measured in one run. Prints
//! BENCHMARKS.md rows.
//!
//! ```text
//! cargo bench -p purpose-bound-datafusion --bench audience_export -- --rows 1000000
//! ```
#![allow(clippy::print_stdout, reason = "a benchmark prints its results")]

#[path = "../examples/support/tables.rs"]
mod tables;

use std::time::Instant;

use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use futures_util::StreamExt;
use purpose_bound::Keyring;
use purpose_bound_datafusion::{AudienceKeyFunc, ExportSink};
use purpose_bound_store::{ConsentLedger, SqliteStore};

const RUNS: usize = 5;

async fn context(
    tables: &tables::Tables,
    ledger: &ConsentLedger,
    partitions: usize,
) -> tables::Result<SessionContext> {
    let ctx =
        SessionContext::new_with_config(SessionConfig::new().with_target_partitions(partitions));
    let path = |p: &std::path::Path| p.to_string_lossy().into_owned();
    let options = || ParquetReadOptions::default().skip_metadata(false);
    ctx.register_parquet("users", path(&tables.users), options())
        .await?;
    if let Some((plain, consents)) = &tables.plain {
        ctx.register_parquet("users_plain", path(plain), options())
            .await?;
        ctx.register_parquet("consents", path(consents), options())
            .await?;
    }
    let sink = ExportSink::new(ledger.clone());
    ctx.register_udf(AudienceKeyFunc::new(Keyring::new(1, &mut [7; 32]).keyset(), sink).into_udf());
    Ok(ctx)
}

/// The median of `RUNS` runs of `sql`, in rows/s.
async fn rows_per_second(ctx: &SessionContext, sql: &str, rows: usize) -> tables::Result<f64> {
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut stream = ctx.sql(sql).await?.execute_stream().await?;
        let mut seen = 0;
        while let Some(batch) = stream.next().await {
            seen += batch?.num_rows();
        }
        times.push(started.elapsed().as_secs_f64());
        if seen != rows {
            return Err(format!("{seen} rows, not {rows}").into());
        }
    }
    times.sort_by(f64::total_cmp);
    let median = times.get(RUNS / 2).ok_or("no runs")?;
    Ok(rows as f64 / median)
}

#[tokio::main]
async fn main() -> tables::Result<()> {
    let mut rows = 1_000_000;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--rows" {
            rows = args
                .next()
                .ok_or("--rows needs a value")?
                .replace('_', "")
                .parse()?;
        }
    }
    let dir = std::env::temp_dir().join(format!("purpose-bound-bench-export-{rows}"));
    let keyring = Keyring::new(1, &mut [7; 32]);
    let ledger = ConsentLedger::open(
        std::sync::Arc::new(SqliteStore::in_memory()?),
        keyring.ledger_key(),
    )?;
    let tables = tables::write(&dir, rows, &keyring, &ledger, true)?;

    println!("| query | partitions | rows/s | sealed ÷ plaintext time |");
    println!("|---|---:|---:|---:|");
    for partitions in [1, 2] {
        let ctx = context(&tables, &ledger, partitions).await?;
        let plain = rows_per_second(&ctx, &tables::plain_export_sql(), rows).await?;
        let sealed = rows_per_second(&ctx, &tables::export_sql("ad_phone"), rows).await?;
        println!("| plaintext, `encode(sha256(…), 'hex')` | {partitions} | {plain:.0} | |");
        println!(
            "| sealed, `audience_key(…, 'meta')` | {partitions} | {sealed:.0} | {:.2}× |",
            plain / sealed
        );
    }
    Ok(())
}
