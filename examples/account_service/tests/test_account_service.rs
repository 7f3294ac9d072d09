//! The example run as a user runs it (`cargo run -p account-service`): it
//! exits successfully, signs Ada in with the code it sent, refuses the
//! copied security column as an advertising number, honours the
//! withdrawals in jobs queued before them, refuses a number reported
//! reassigned and every later use of its consent, refuses a consent revived in
//! SQL, counts the accounts each capability reached, and its gateways
//! deliver text. `tests/test_audit.rs` runs the same service
//! under a recording subscriber for its audit trail.

#![allow(
    clippy::expect_used,
    reason = "a test fails loudly on an unexpected error"
)]

use std::process::Command;

#[test]
fn the_service_runs_end_to_end() {
    let run = Command::new(env!("CARGO_BIN_EXE_account-service"))
        .output()
        .expect("the example's binary runs");
    let stdout = String::from_utf8_lossy(&run.stdout);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{stdout}\n{stderr}");
    for step in 1..=14 {
        assert!(
            stdout
                .lines()
                .any(|line| line.starts_with(&format!("{step}. "))),
            "no step {step} in:\n{stdout}"
        );
    }
    for expected in [
        "Ada types the code she received: signed in",
        "refused when read:",
        "left out as withdrawn",
        "found Grace, who agreed to be found",
        "user 1: refused: consent refused: withdrawn",
        "user 3: refused: consent refused: the number was reassigned since the consent was given; consent",
        "user 3: refused: consent refused: invalidated, the identifier it was given for changed hands",
        "adopts Lin's number again? refused: consent refused: invalidated",
        "Lin's ledger events: dpv:ConsentGiven, dpv:ConsentInvalidated",
        "Grace's consent at its next use: refused: consent refused: its system of record could not be read",
        "the chain names it: consent ledger: event 5 was edited after it was written",
        "accounts whose two-factor number reached an ad platform: 0",
    ] {
        assert!(stdout.contains(expected), "no {expected:?} in:\n{stdout}");
    }
    assert!(!stdout.contains("!! "), "{stdout}");
    // The gateways deliver the message's text, never its masked `Debug`.
    let mail = stdout
        .lines()
        .find(|line| line.contains("[mail gateway]"))
        .expect("the recovery address is sent a code");
    assert!(mail.contains(": Your sign-in code is "), "{mail}");
    assert!(!stdout.contains("Message::"), "{stdout}");
}
