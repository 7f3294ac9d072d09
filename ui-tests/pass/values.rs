// What identifiers of every purpose may do as values: clone, compare within
// their purpose (also in constant time), hash, print masked, and be held in
// a user's own types, whose derives work because `Purpose` carries their
// bounds. Nothing runs: compiling is the test (see tests/test_ui.rs).
#![allow(dead_code, reason = "the uses are proved by compiling them")]

use std::collections::HashSet;

use purpose_bound::subtle::ConstantTimeEq;
use purpose_bound::{EmailAddress, Marketing, PhoneNumber, Purpose, TwoFactor};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct Contact<P: Purpose> {
    phone: PhoneNumber<P>,
    email: EmailAddress<P>,
}

fn values(phone: &PhoneNumber<TwoFactor>, email: &EmailAddress<Marketing>) -> String {
    let copy = phone.clone();
    let _: bool = copy == *phone;
    let _: bool = email.ct_eq(&email.clone()).into();
    let mut seen = HashSet::new();
    seen.insert(email.clone());
    format!("{phone:?} {} {}", phone.masked(), email.masked())
}

fn generic<P: Purpose>(contact: &Contact<P>) -> (Contact<P>, bool, &'static str) {
    let copy = contact.clone();
    let same = copy == *contact;
    (copy, same, P::TAG)
}
