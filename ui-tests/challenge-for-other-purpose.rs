// A challenge issued for account recovery is verified only against the
// identifier it was issued to: not against the same user's two-factor number.

use std::time::Duration;

use purpose_bound::{AccountRecovery, Challenge, ChallengeError, Keyring, PhoneNumber, TwoFactor};

fn check(
    challenge: &mut Challenge<PhoneNumber<AccountRecovery>>,
    keyring: &Keyring,
    phone: &PhoneNumber<TwoFactor>,
    typed: &str,
    now: Duration,
) -> Result<(), ChallengeError> {
    challenge.verify(keyring, phone, typed, now)
}

fn main() {}
