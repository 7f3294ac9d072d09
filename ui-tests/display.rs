// Identifiers have no `Display`: the raw value never reaches a log line or a
// template by accident. `Debug` is masked, and `masked()` is for interfaces.

use purpose_bound::{EmailAddress, PhoneNumber, TwoFactor};

fn log(phone: &PhoneNumber<TwoFactor>, email: &EmailAddress<TwoFactor>) {
    println!("sending a code to {phone}");
    let _ = email.to_string();
}

fn main() {}
