// An identifier collected for `AccountNotice` may not be matched against an
// advertising audience: neither through the inherent method nor through code
// generic over `MatchAudience`.

use purpose_bound::{AccountNotice, EmailAddress, MatchAudience, MatchKey, PhoneNumber, Platform};

fn by_method(phone: &PhoneNumber<AccountNotice>, email: &EmailAddress<AccountNotice>) {
    let _ = phone.match_key(Platform::Meta);
    let _ = email.match_key(Platform::Google);
}

fn audience_key<I: MatchAudience>(id: &I) -> MatchKey {
    id.match_key(Platform::Meta)
}

fn by_bound(phone: &PhoneNumber<AccountNotice>, email: &EmailAddress<AccountNotice>) {
    audience_key(phone);
    audience_key(email);
}

fn main() {}
