// One-time-code challenges are issued only to identifiers that may be sent
// one-time codes.

use std::time::Duration;

use purpose_bound::{Challenge, ChallengeError, Keyring, Marketing, OtpCode, PhoneNumber};

fn issue(
    keyring: &Keyring,
    phone: &PhoneNumber<Marketing>,
    now: Duration,
) -> Result<(Challenge<PhoneNumber<Marketing>>, OtpCode), ChallengeError> {
    Challenge::issue(keyring, phone, now, Duration::from_secs(300), 3, 6)
}

fn main() {}
