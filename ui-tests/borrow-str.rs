// Identifiers are not `Borrow<str>`: they cannot stand in for a raw string
// key.

use std::borrow::Borrow;

use purpose_bound::{PhoneNumber, TwoFactor};

fn index_by(key: impl Borrow<str>) {
    let _: &str = key.borrow();
}

fn index(phone: PhoneNumber<TwoFactor>) {
    index_by(phone);
}

fn main() {}
