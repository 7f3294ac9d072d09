// Identifiers do not convert into a `String`.

use purpose_bound::{EmailAddress, TwoFactor};

fn raw(email: EmailAddress<TwoFactor>) -> String {
    email.into()
}

fn main() {}
