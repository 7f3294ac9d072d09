// An identifier collected for `TwoFactor` may not be matched against an
// advertising audience, whatever consent is at hand: neither through the
// inherent method nor through code generic over `MatchAudience`.

use std::time::Duration;

use purpose_bound::{Advertising, Consent, EmailAddress, MatchAudience, MatchKey, PhoneNumber, Platform, TwoFactor};

fn by_method(
    phone: &PhoneNumber<TwoFactor>,
    email: &EmailAddress<TwoFactor>,
    consent: &Consent<Advertising>,
    now: Duration,
) {
    let _ = phone.match_key(consent, now, Platform::Meta);
    let _ = email.match_key(consent, now, Platform::Google);
}

fn audience_key<I: MatchAudience>(id: &I, consent: &Consent<Advertising>, now: Duration) -> Option<MatchKey> {
    id.match_key(consent, now, Platform::Meta).ok()
}

fn by_bound(
    phone: &PhoneNumber<TwoFactor>,
    email: &EmailAddress<TwoFactor>,
    consent: &Consent<Advertising>,
    now: Duration,
) {
    audience_key(phone, consent, now);
    audience_key(email, consent, now);
}

fn main() {}
