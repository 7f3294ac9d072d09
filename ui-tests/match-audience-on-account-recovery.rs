// An identifier collected for `AccountRecovery` may not be matched against an
// advertising audience: neither through the inherent method nor through code
// generic over `MatchAudience`.

use purpose_bound::{
    AccountRecovery, EmailAddress, MatchAudience, MatchKey, PhoneNumber, Platform,
};

fn by_method(phone: &PhoneNumber<AccountRecovery>, email: &EmailAddress<AccountRecovery>) {
    let _ = phone.match_key(Platform::Meta);
    let _ = email.match_key(Platform::Google);
}

fn audience_key<I: MatchAudience>(id: &I) -> MatchKey {
    id.match_key(Platform::Meta)
}

fn by_bound(phone: &PhoneNumber<AccountRecovery>, email: &EmailAddress<AccountRecovery>) {
    audience_key(phone);
    audience_key(email);
}

fn main() {}
