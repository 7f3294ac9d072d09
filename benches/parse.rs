//! Phone parsing for each kind of purpose against the floor of a digit
//! scan, in one run, on the same rows: every example number of the
//! numbering-plan metadata, written internationally as `+CC NNN…`.
//!
//! ```sh
//! cargo bench -p purpose-bound-benches --bench parse -- --warm-up-time 1 --measurement-time 3
//! ```
//!
//! Parsing for `TwoFactor` and `AccountRecovery` refuses some number types
//! (premium rate, shared cost, …); the type comes out of the walk that
//! validates the number, so those purposes should cost what
//! `AccountNotice` costs. The floor folds the digits of each row into an
//! integer in one pass and validates nothing. The table at the end gives
//! each row's mean per number and its ratio to `AccountNotice` and to the
//! floor; BENCHMARKS.md quotes it.

#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark stops at once on bad setup; JSON indexing yields null, not a panic"
)]

use std::hint::black_box;

use criterion::Criterion;
use purpose_bound::{AccountNotice, AccountRecovery, PhoneNumber, TwoFactor};

/// Every `exampleNumber` of the metadata, after `+`, its territory's
/// country calling code and a space; only those valid for account notices
/// (every valid number is), so every purpose parses the same rows.
fn example_numbers() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../data/libphonenumber/PhoneNumberMetadata.xml"
    );
    let xml = std::fs::read_to_string(path).expect("the metadata is checked in");
    let mut rows = Vec::new();
    for territory in xml.split("<territory ").skip(1) {
        let code = territory
            .split("countryCode=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .expect("a territory has a country calling code");
        let body = territory.split("</territory>").next().unwrap_or_default();
        for example in body.split("<exampleNumber>").skip(1) {
            let national = example.split('<').next().unwrap_or_default();
            rows.push(format!("+{code} {national}"));
        }
    }
    rows.retain(|row| PhoneNumber::<AccountNotice>::parse(row).is_ok());
    rows.sort();
    rows.dedup();
    assert!(rows.len() > 1000, "{} example numbers", rows.len());
    rows
}

/// The floor: the digits of `input` folded into an integer, nothing validated.
fn digit_scan(input: &str) -> Option<u64> {
    let mut value = 0u64;
    let mut any = false;
    for b in input.bytes() {
        if b.is_ascii_digit() {
            value = value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            any = true;
        }
    }
    any.then_some(value)
}

const ROWS: &[(&str, &str)] = &[
    ("digit scan (the floor)", "digit_scan"),
    ("AccountNotice", "account_notice"),
    ("TwoFactor", "two_factor"),
    ("AccountRecovery", "account_recovery"),
];

fn benches(c: &mut Criterion, rows: &[String]) {
    let mut g = c.benchmark_group("parse_purposes");
    g.bench_function("digit_scan", |b| {
        b.iter(|| {
            for row in rows {
                black_box(digit_scan(black_box(row)));
            }
        })
    });
    g.bench_function("account_notice", |b| {
        b.iter(|| {
            for row in rows {
                black_box(PhoneNumber::<AccountNotice>::parse(black_box(row)).ok());
            }
        })
    });
    g.bench_function("two_factor", |b| {
        b.iter(|| {
            for row in rows {
                black_box(PhoneNumber::<TwoFactor>::parse(black_box(row)).ok());
            }
        })
    });
    g.bench_function("account_recovery", |b| {
        b.iter(|| {
            for row in rows {
                black_box(PhoneNumber::<AccountRecovery>::parse(black_box(row)).ok());
            }
        })
    });
    g.finish();
}

/// Mean time per iteration of one benchmark, as criterion recorded it: in
/// the workspace's target directory, which is `CARGO_TARGET_DIR` where that
/// is set (criterion looks there too) and the root's `target/` otherwise.
fn mean_ns(function: &str) -> Option<f64> {
    let target = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../target").to_owned());
    let path = format!("{target}/criterion/parse_purposes/{function}/new/estimates.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    json["mean"]["point_estimate"].as_f64()
}

fn main() {
    let rows = example_numbers();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion, &rows);
    criterion.final_summary();
    let count = rows.len() as f64;
    let per_number = |function| mean_ns(function).map(|ns| ns / count);
    let notice = per_number("account_notice");
    let floor = per_number("digit_scan");
    println!();
    println!("{} example numbers, international form", rows.len());
    println!("| parsing for | per number | / AccountNotice | / digit scan |");
    println!("|---|---:|---:|---:|");
    for &(name, function) in ROWS {
        match (per_number(function), notice, floor) {
            (Some(ns), Some(notice), Some(floor)) => println!(
                "| {name} | {ns:.1} ns | {:.2}× | {:.2}× |",
                ns / notice,
                ns / floor
            ),
            _ => println!("| {name} | not run | | |"),
        }
    }
}
