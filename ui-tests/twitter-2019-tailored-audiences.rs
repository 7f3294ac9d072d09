// Twitter, 2019: phone numbers and email addresses that people gave for
// two-factor authentication and account recovery were matched against
// advertisers' marketing lists by its "Tailored Audiences" and "Partner
// Audiences" systems. Twitter disclosed it in October 2019 and paid a $150M
// penalty to the FTC for it in 2022.
//
// Here the security contacts of an account are matched against the list an
// advertiser uploaded.

use std::collections::HashSet;
use std::time::Duration;

use purpose_bound::{
    AccountRecovery, Advertising, Consent, EmailAddress, MatchKey, PhoneNumber, Platform, TwoFactor,
};

/// What a user gave to secure their account.
struct SecurityContacts {
    two_factor_phone: PhoneNumber<TwoFactor>,
    recovery_email: EmailAddress<AccountRecovery>,
}

/// Whether an advertiser's list of hashed identifiers names this user.
fn in_tailored_audience(
    list: &HashSet<MatchKey>,
    platform: Platform,
    user: &SecurityContacts,
    consent: &Consent<Advertising>,
    now: Duration,
) -> bool {
    let matches = |key: Result<MatchKey, _>| key.is_ok_and(|key| list.contains(&key));
    matches(user.two_factor_phone.match_key(consent, now, platform))
        || matches(user.recovery_email.match_key(consent, now, platform))
}

fn main() {}
