// Identifiers are not `Copy`: every copy of personal data is an explicit
// `clone()`, and each is wiped when dropped.

use purpose_bound::{PhoneNumber, TwoFactor};

fn keep(_: PhoneNumber<TwoFactor>) {}

fn twice(phone: PhoneNumber<TwoFactor>) {
    keep(phone);
    keep(phone);
}

fn main() {}
