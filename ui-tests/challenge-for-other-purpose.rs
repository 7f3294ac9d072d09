// A challenge issued for account recovery is verified only against the
// identifier it was issued to: not against the same user's two-factor number.

use std::time::Duration;

use purpose_bound::{AccountRecovery, Attempt, Challenge, Keyring, PhoneNumber, TwoFactor};

fn check(
    challenge: Challenge<PhoneNumber<AccountRecovery>>,
    keyring: &Keyring,
    phone: &PhoneNumber<TwoFactor>,
    typed: &str,
    now: Duration,
) -> Attempt<PhoneNumber<AccountRecovery>> {
    challenge.verify(keyring, phone, typed, now)
}

fn main() {}
