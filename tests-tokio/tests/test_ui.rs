//! The compiler messages of the forbidden roads through sqlx, which need
//! its drivers' types; the library's own cases are in the root's
//! `ui-tests/`. Refresh the snapshots with `TRYBUILD=overwrite cargo test
//! -p purpose-bound-tests-tokio --test test_ui`, then read the diff like
//! code: the message is what a user reads.

#[test]
fn misuse_does_not_compile() {
    trybuild::TestCases::new().compile_fail("ui-tests/*.rs");
}
