// Facebook, 2018: phone numbers that people gave only to protect their
// accounts with two-factor authentication were also matched against the
// phone lists advertisers uploaded to target ads. Researchers showed it,
// Facebook confirmed it, and the 2019 FTC order forbade it.
//
// Here a two-factor number reaches the code that builds an ad audience.

use purpose_bound::{MatchAudience, MatchKey, PhoneNumber, Platform, TwoFactor};

/// Hashes identifiers for a custom-audience upload.
fn custom_audience<I: MatchAudience>(people: &[I]) -> Vec<MatchKey> {
    people
        .iter()
        .map(|id| id.match_key(Platform::Meta))
        .collect()
}

fn target_ads(two_factor_phones: &[PhoneNumber<TwoFactor>]) -> Vec<MatchKey> {
    custom_audience(two_factor_phones)
}

fn main() {}
