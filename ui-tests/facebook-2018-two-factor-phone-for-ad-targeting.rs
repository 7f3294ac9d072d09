// Facebook, 2018: phone numbers that people gave only to protect their
// accounts with two-factor authentication were also matched against the
// phone lists advertisers uploaded to target ads. Researchers showed it,
// Facebook confirmed it, and the 2019 FTC order forbade it.
//
// Here a two-factor number reaches the code that builds an ad audience.

use std::time::Duration;

use purpose_bound::{Advertising, Audience, Consent, PhoneNumber, Platform, TwoFactor};

/// Hashes identifiers for a custom-audience upload, under each person's
/// consent to advertising (which the two-factor numbers were never given).
fn target_ads(
    two_factor_phones: Vec<(PhoneNumber<TwoFactor>, Consent<Advertising>)>,
    now: Duration,
) -> Audience {
    Audience::export(two_factor_phones, Platform::Meta, now)
}

fn main() {}
