// `FromStr` exists only for purposes collected without consent, so
// `str::parse` cannot make a marketing identifier.

use purpose_bound::{EmailAddress, Marketing, PhoneNumber};

fn collect(phone: &str, email: &str) {
    let _ = phone.parse::<PhoneNumber<Marketing>>();
    let _ = email.parse::<EmailAddress<Marketing>>();
}

fn main() {}
