// Identifiers do not dereference to the raw value.

use purpose_bound::{AccountNotice, EmailAddress};

fn raw(email: &EmailAddress<AccountNotice>) -> &str {
    &**email
}

fn main() {}
