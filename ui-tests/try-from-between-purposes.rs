// A value never changes purpose, not even through a fallible conversion.

use purpose_bound::{AccountNotice, Advertising, PhoneNumber};

fn widen(phone: PhoneNumber<AccountNotice>) -> Option<PhoneNumber<Advertising>> {
    PhoneNumber::<Advertising>::try_from(phone).ok()
}

fn main() {}
