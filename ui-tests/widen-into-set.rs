// A purpose set narrows to its members; a member never widens into a set.

use purpose_bound::{AccountNotice, PhoneNumber, TwoFactor};

fn widen(phone: &PhoneNumber<TwoFactor>) -> PhoneNumber<(TwoFactor, AccountNotice)> {
    phone.narrow()
}

fn main() {}
