// A verified challenge is state to store back: a wrong code used an
// attempt, a right one marked it used. Verifying and dropping what comes
// back would let the next request try the same attempt again, so forgetting
// it is a warning (an error here, as in a crate that denies warnings).
#![deny(unused_must_use)]

use std::time::Duration;

use purpose_bound::{Challenge, Keyring, PhoneNumber, TwoFactor};

fn sign_in(keyring: &Keyring, phone: &PhoneNumber<TwoFactor>, stored: &[u8], typed: &str) {
    let Ok(challenge) = Challenge::<PhoneNumber<TwoFactor>>::from_bytes(stored) else {
        return;
    };
    challenge.verify(keyring, phone, typed, Duration::from_secs(1_767_225_600));
}

fn main() {}
