// Facebook, 2019: anyone could look a user up by the phone number they had
// given for two-factor sign-in. A two-factor number is never a discovery
// key; only a number its owner agreed to be found by is.

use std::time::Duration;

use purpose_bound::{Consent, Discoverable, Keyring, PhoneNumber, TwoFactor};

fn publish(
    keyring: &Keyring,
    phone: &PhoneNumber<TwoFactor>,
    consent: &Consent<Discoverable>,
    now: Duration,
) {
    let _ = phone.discovery_key(keyring, consent, now);
}

fn main() {}
