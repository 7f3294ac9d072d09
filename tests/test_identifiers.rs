//! Equality, hashing, cloning and printing of identifiers.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};

use purpose_bound::subtle::ConstantTimeEq;
use purpose_bound::{
    AccountNotice, Consent, ConsentChannel, ConsentRecord, EmailAddress, Marketing, PhoneNumber,
    TwoFactor,
};

#[test]
fn equal_numbers_compare_and_hash_equal() {
    let a = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958").unwrap();
    let b = PhoneNumber::<TwoFactor>::parse("+442079460958").unwrap();
    let c = PhoneNumber::<TwoFactor>::parse("+442079460959").unwrap();
    assert_eq!(a, b);
    assert_ne!(a, c);
    assert!(bool::from(a.ct_eq(&b)));
    assert!(!bool::from(a.ct_eq(&c)));
    let s = RandomState::new();
    assert_eq!(s.hash_one(&a), s.hash_one(&b));
    let set: HashSet<_> = [a.clone(), b, c].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert_eq!(a.clone(), a);
}

#[test]
fn equal_addresses_compare_and_hash_equal() {
    let a = EmailAddress::<AccountNotice>::parse("Ada@Example.com").unwrap();
    let b = EmailAddress::<AccountNotice>::parse(" Ada@EXAMPLE.COM ").unwrap();
    let c = EmailAddress::<AccountNotice>::parse("ada@example.com").unwrap();
    assert_eq!(a, b);
    // The local part is case-sensitive (RFC 5321 section 2.4).
    assert_ne!(a, c);
    let s = RandomState::new();
    assert_eq!(s.hash_one(&a), s.hash_one(&b));
    assert!(bool::from(a.ct_eq(&b)));
    assert!(!bool::from(a.ct_eq(&c)));
}

#[test]
fn debug_and_masked_show_a_hint_only() {
    let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958").unwrap();
    assert_eq!(
        format!("{phone:?}"),
        "PhoneNumber<TwoFactor>(+44 •••• ••58)"
    );
    assert_eq!(
        format!("{phone:#?}"),
        "PhoneNumber<TwoFactor>(+44 •••• ••58)"
    );
    assert_eq!(phone.masked().to_string(), "+44 •••• ••58");
    assert_eq!(format!("{:?}", phone.masked()), "Masked(+44 •••• ••58)");

    let us = PhoneNumber::<TwoFactor>::parse("+1 415 555 2601").unwrap();
    assert_eq!(us.masked().to_string(), "+1 •••• ••01");

    let email = EmailAddress::<AccountNotice>::parse("ada.lovelace@example.co.uk").unwrap();
    assert_eq!(
        format!("{email:?}"),
        "EmailAddress<AccountNotice>(a•••@e•••.uk)"
    );
}

#[test]
fn the_mask_does_not_reveal_the_length() {
    let short = PhoneNumber::<TwoFactor>::parse("+683 4002").unwrap();
    let long = PhoneNumber::<TwoFactor>::parse("+49 151 23456789").unwrap();
    assert_eq!(short.masked().to_string(), "+683 •••• ••02");
    assert_eq!(long.masked().to_string(), "+49 •••• ••89");
}

#[test]
fn consented_identifiers_print_their_purpose() {
    let consent = Consent::<Marketing>::new(ConsentRecord {
        subject: "user-42".into(),
        given_at: std::time::Duration::from_secs(1_767_225_600),
        wording: "newsletter-v3".into(),
        channel: ConsentChannel::Email,
    })
    .unwrap();
    let phone = consent.parse_phone("+1 415 555 2671").unwrap();
    assert_eq!(format!("{phone:?}"), "PhoneNumber<Marketing>(+1 •••• ••71)");
    assert_eq!(
        format!("{consent:?}"),
        "Consent<Marketing>(ConsentRecord { subject: \"user-42\", given_at: 1767225600s, \
         wording: \"newsletter-v3\", channel: Email })"
    );
}

#[test]
fn identifiers_are_small() {
    assert_eq!(size_of::<PhoneNumber<TwoFactor>>(), 8);
    assert_eq!(size_of::<Option<PhoneNumber<TwoFactor>>>(), 16);
    assert_eq!(size_of::<EmailAddress<TwoFactor>>(), 16);
}
