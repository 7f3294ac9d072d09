// An identifier collected for `TwoFactor` may not be matched against an
// advertising audience: neither through the inherent method nor through code
// generic over `MatchAudience`.

use purpose_bound::{EmailAddress, MatchAudience, MatchKey, PhoneNumber, Platform, TwoFactor};

fn by_method(phone: &PhoneNumber<TwoFactor>, email: &EmailAddress<TwoFactor>) {
    let _ = phone.match_key(Platform::Meta);
    let _ = email.match_key(Platform::Google);
}

fn audience_key<I: MatchAudience>(id: &I) -> MatchKey {
    id.match_key(Platform::Meta)
}

fn by_bound(phone: &PhoneNumber<TwoFactor>, email: &EmailAddress<TwoFactor>) {
    audience_key(phone);
    audience_key(email);
}

fn main() {}
