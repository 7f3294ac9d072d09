// Identifiers have no `Default`: there is no empty phone number or address
// to send to.

use purpose_bound::{AccountNotice, EmailAddress, PhoneNumber, TwoFactor};

fn placeholder() -> (PhoneNumber<TwoFactor>, EmailAddress<AccountNotice>) {
    (PhoneNumber::default(), Default::default())
}

fn main() {}
