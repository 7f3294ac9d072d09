#![cfg(all(
    feature = "serde",
    feature = "rusqlite",
    feature = "sqlx",
    feature = "seal"
))]

//! The compiler messages of every forbidden road, and proof that every
//! allowed road compiles.
//!
//! `ui-tests/*.rs` are compile-fail cases, one misuse each, with the
//! compiler's output beside them in a `.stderr` snapshot. Refresh the
//! snapshots with `TRYBUILD=overwrite cargo test --test test_ui`, then read
//! the diff like code: the message is what a user reads.
//!
//! There is one case per distinct message, and one per incident the crate
//! guards against (`facebook-2018-…`, `twitter-2019-…`). A capability's
//! refusal reads the same for every purpose that lacks it but for the
//! purpose's name, so one purpose stands for the others
//! (`send-otp-on-account-notice`, `send-account-notice-on-two-factor`,
//! `send-marketing-on-two-factor`, `match-audience-on-marketing`);
//! `src/assertions.rs` proves every cell of the purpose × capability matrix.
//!
//! `ui-tests/pass/*.rs` are the allowed uses. They are compiled here, as
//! modules of this test, rather than as trybuild pass cases: a single pass
//! case makes trybuild build (not only check) every dev-dependency a second
//! time, and a pass case that stops compiling fails this build just as
//! plainly.

#[path = "../ui-tests/pass/capabilities.rs"]
mod capabilities;
#[path = "../ui-tests/pass/collection.rs"]
mod collection;
#[path = "../ui-tests/pass/consent.rs"]
mod consent;
#[path = "../ui-tests/pass/discovery.rs"]
mod discovery;
#[path = "../ui-tests/pass/generic-otp.rs"]
mod generic_otp;
#[path = "../ui-tests/pass/values.rs"]
mod values;

#[test]
fn misuse_does_not_compile() {
    trybuild::TestCases::new().compile_fail("ui-tests/*.rs");
}
