// Identifiers compare only within one purpose: a marketing list cannot be
// joined against two-factor numbers by equality.

use purpose_bound::{EmailAddress, Marketing, PhoneNumber, TwoFactor};

fn same_phone(a: &PhoneNumber<TwoFactor>, b: &PhoneNumber<Marketing>) -> bool {
    a == b
}

fn same_email(a: &EmailAddress<TwoFactor>, b: &EmailAddress<Marketing>) -> bool {
    a == b
}

fn main() {}
