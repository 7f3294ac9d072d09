// Identifiers do not convert into a `String`.
//
// Where a conversion exists, rustc adds "help: call `Into::into` on this
// expression" (or `.to_string()`) to a type mismatch; the snapshot shows
// neither. Asking for `.into()` directly would fail as well, but its message
// lists every `From<_> for String` in the dependency graph, which changes
// with the dev-dependencies rather than with this crate.

use purpose_bound::{EmailAddress, PhoneNumber, TwoFactor};

fn raw_email(email: EmailAddress<TwoFactor>) -> String {
    email
}

fn raw_phone(phone: PhoneNumber<TwoFactor>) -> String {
    let digits: String = phone;
    digits
}

fn main() {}
