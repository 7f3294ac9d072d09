//! The numbering-plan tables in `src/identifiers/phone/tables/generated.rs` are generated
//! from `data/libphonenumber/PhoneNumberMetadata.xml` by the code in
//! `tests/tablegen/`. This test regenerates them in memory and fails when
//! the checked-in file differs; `UPDATE_TABLES=1 cargo test --test
//! numbering_tables` writes the file anew.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "tablegen/automata.rs"]
mod automata;
#[path = "tablegen/generate.rs"]
mod generate;
#[path = "tablegen/metadata.rs"]
mod metadata;

use std::path::PathBuf;

fn generated_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/identifiers/phone/tables/generated.rs")
}

#[test]
fn checked_in_tables_match_the_metadata() {
    let generated = generate::generate();
    print!("{}", generated.report);
    let path = generated_path();
    if std::env::var_os("UPDATE_TABLES").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &generated.source).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == generated.source,
        "{} is stale: run `UPDATE_TABLES=1 cargo test --test numbering_tables`",
        path.display()
    );
}
