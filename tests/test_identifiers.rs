//! Equality, hashing, cloning and printing of identifiers.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::collections::HashSet;
use std::hash::{BuildHasher, RandomState};

use purpose_bound::subtle::ConstantTimeEq;
use purpose_bound::{AccountNotice, Consent, EmailAddress, Marketing, PhoneNumber, TwoFactor};

/// Consent `id` to marketing.
fn marketing(id: u64) -> Consent<Marketing> {
    common::consent(id)
}

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

/// `Masked` honours width, fill and alignment, as a table of recipients in
/// a log or an admin page lays it out.
#[test]
fn masked_pads_to_a_width() {
    let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958").unwrap();
    assert_eq!(format!("{:>16}|", phone.masked()), "   +44 •••• ••58|");
    assert_eq!(format!("{:<16}|", phone.masked()), "+44 •••• ••58   |");
    assert_eq!(format!("{:*^17}", phone.masked()), "**+44 •••• ••58**");
    assert_eq!(format!("{:4}", phone.masked()), "+44 •••• ••58");
    let email = EmailAddress::<AccountNotice>::parse("ada.lovelace@example.co.uk").unwrap();
    assert_eq!(format!("{:>14}", email.masked()), "  a•••@e•••.uk");
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
    let consent = marketing(7);
    let phone = consent.parse_phone("+1 415 555 2671").unwrap();
    assert_eq!(
        format!("{phone:?}"),
        "PhoneNumber<Marketing>(+1 •••• ••71, consent 7)"
    );
    let email = consent.parse_email("ada@example.com").unwrap();
    assert_eq!(
        format!("{email:?}"),
        "EmailAddress<Marketing>(a•••@e•••.com, consent 7)"
    );
    assert_eq!(
        format!("{consent:?}"),
        "Consent<Marketing>(ConsentRecord<Marketing> { id: ConsentId(7), \
         subject: Subject(f93ffa5367ec5edc3309e8478b372814), given: 4102444800s, wording: \"policy-v1\", channel: Web, expires: None, \
         withdrawn: None })"
    );
}

#[test]
fn one_value_under_two_consents_is_two_identifiers() {
    let (a, b) = (marketing(1), marketing(2));
    let one = a.parse_phone("+1 415 555 2671").unwrap();
    let other = b.parse_phone("+1 415 555 2671").unwrap();
    assert_ne!(one, other);
    assert!(!bool::from(one.ct_eq(&other)));
    assert_eq!(one, a.parse_phone("+14155552671").unwrap());
    let s = RandomState::new();
    assert_ne!(s.hash_one(&one), s.hash_one(&other));

    let one = a.parse_email("ada@example.com").unwrap();
    let other = b.parse_email("ada@example.com").unwrap();
    assert_ne!(one, other);
    assert_ne!(s.hash_one(&one), s.hash_one(&other));
}

/// The value's difference and the consents' difference are folded into one
/// word before the constant-time test: with `^` instead of `|`, values that
/// differ by exactly what their consent ids differ by would compare equal.
#[test]
fn a_value_difference_never_cancels_a_consent_difference() {
    // The E.164 integers differ in their lowest bit; so do consents 2 and 3.
    let a = marketing(2).parse_phone("+442079460958").unwrap();
    let b = marketing(3).parse_phone("+442079460959").unwrap();
    assert_ne!(a, b);
    assert!(!bool::from(a.ct_eq(&b)));
    // A 6-byte address is one zero-padded word: `a` and `c` differ by 2 in
    // its first byte, as consents 1 and 3 do.
    let a = marketing(1).parse_email("a@b.co").unwrap();
    let c = marketing(3).parse_email("c@b.co").unwrap();
    assert_ne!(a, c);
    assert!(!bool::from(a.ct_eq(&c)));
}

#[test]
fn one_value_hashes_differently_for_each_purpose() {
    let s = RandomState::new();
    let two_factor = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671").unwrap();
    let notice = PhoneNumber::<AccountNotice>::parse("+1 415 555 2671").unwrap();
    let both = PhoneNumber::<(TwoFactor, AccountNotice)>::parse("+1 415 555 2671").unwrap();
    assert_ne!(s.hash_one(&two_factor), s.hash_one(&notice));
    assert_ne!(s.hash_one(&two_factor), s.hash_one(&both));
    assert_eq!(
        s.hash_one(&two_factor),
        s.hash_one(both.narrow::<TwoFactor>())
    );

    let two_factor = EmailAddress::<TwoFactor>::parse("ada@example.com").unwrap();
    let notice = EmailAddress::<AccountNotice>::parse("ada@example.com").unwrap();
    assert_ne!(s.hash_one(&two_factor), s.hash_one(&notice));
}

#[test]
fn identifiers_are_small() {
    // The value, the consent it was collected under (a niche-packed
    // `Option<ConsentId>`, present for consent purposes only) and the tag
    // of its subject (a niche-packed `Option<SubjectTag>`, 16 bytes).
    assert_eq!(size_of::<PhoneNumber<TwoFactor>>(), 32);
    assert_eq!(size_of::<PhoneNumber<Marketing>>(), 32);
    assert_eq!(size_of::<Option<PhoneNumber<TwoFactor>>>(), 40);
    assert_eq!(size_of::<EmailAddress<TwoFactor>>(), 40);
    assert_eq!(size_of::<Option<EmailAddress<TwoFactor>>>(), 40);
}

/// The stored form and a value read back from it print masked, with the
/// purpose (and consent) they carry.
#[test]
fn stored_forms_and_stored_values_print_masked() {
    let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958").unwrap();
    assert_eq!(
        format!("{:?}", phone.expose_stored()),
        "StoredForm(two_factor:+44 •••• ••58)"
    );
    let email = marketing(7).parse_email("ada@example.com").unwrap();
    let shown = format!("{:?}", email.expose_stored());
    assert!(shown.starts_with("StoredForm(marketing:"), "{shown}");
    assert!(!shown.contains("ada@"), "{shown}");

    let stored: purpose_bound::Stored<PhoneNumber<Marketing>> =
        "marketing#7:+442079460958".parse().unwrap();
    assert_eq!(
        format!("{stored:?}"),
        "Stored(PhoneNumber<Marketing>(+44 •••• ••58, consent 7))"
    );
}
