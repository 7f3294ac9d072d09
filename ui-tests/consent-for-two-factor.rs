// There is no consent to two-factor authentication: its numbers are
// collected without one, and a `Consent<TwoFactor>` would be a second door.

use purpose_bound::{Consent, ConsentError, ConsentRecord, TwoFactor};

fn record(record: ConsentRecord<TwoFactor>) -> Result<Consent<TwoFactor>, ConsentError> {
    Consent::new(record)
}

fn main() {}
