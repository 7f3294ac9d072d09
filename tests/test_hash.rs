//! `Hash` is no exit: a `Hasher` that records what it is fed learns nothing
//! of an identifier, a match key or a discovery key, while equal values
//! still hash equally, so sets and maps keep working.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};

use common::{NOW, consent, keyring};
use purpose_bound::{
    AccountNotice, Advertising, ContactUpload, Discoverable, EmailAddress, Marketing, PhoneNumber,
    Platform, TwoFactor,
};

/// Records every byte it is fed, as a hostile `Hasher` would.
#[derive(Default)]
struct Recorder {
    fed: Vec<u8>,
    writes: usize,
}

impl Hasher for Recorder {
    fn finish(&self) -> u64 {
        0
    }

    fn write(&mut self, bytes: &[u8]) {
        self.writes += 1;
        self.fed.extend_from_slice(bytes);
    }
}

fn record(value: &impl Hash) -> Recorder {
    let mut recorder = Recorder::default();
    value.hash(&mut recorder);
    recorder
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// What a recording hasher could hold of a phone number: its E.164 text,
/// its digits in any case, or its digits as a number in either byte order.
fn assert_nothing_of_phone(recorder: &Recorder, e164: &str) {
    let digits = &e164[1..];
    let number: u64 = digits.parse().unwrap();
    for needle in [
        e164.as_bytes(),
        digits.as_bytes(),
        &number.to_le_bytes()[..],
        &number.to_be_bytes()[..],
        // The national number alone, after the country code.
        &digits.as_bytes()[digits.len() - 8..],
    ] {
        assert!(
            !contains(&recorder.fed, needle),
            "the hasher was fed part of {e164}"
        );
    }
    // One word: a keyed digest, nothing else.
    assert_eq!((recorder.writes, recorder.fed.len()), (1, 8));
}

fn assert_nothing_of(recorder: &Recorder, secret: &[u8]) {
    // Any 6 bytes in a row of the secret.
    for window in secret.windows(6) {
        assert!(
            !contains(&recorder.fed, window),
            "the hasher was fed part of the value"
        );
    }
    assert_eq!((recorder.writes, recorder.fed.len()), (1, 8));
}

#[test]
fn a_phone_number_feeds_the_hasher_nothing_of_its_digits() {
    let phone = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671").unwrap();
    assert_nothing_of_phone(&record(&phone), "+14155552671");
    let notice = PhoneNumber::<AccountNotice>::parse("+44 20 7946 0958").unwrap();
    assert_nothing_of_phone(&record(&notice), "+442079460958");
}

#[test]
fn an_email_address_feeds_the_hasher_nothing_of_its_bytes() {
    let email = EmailAddress::<TwoFactor>::parse("ada.lovelace@example.com").unwrap();
    assert_nothing_of(&record(&email), b"ada.lovelace@example.com");
}

/// A withdrawn consent refuses every use; hashing is no way around it.
#[test]
fn a_marketing_number_under_a_withdrawn_consent_feeds_nothing() {
    let mut consent = consent::<Marketing>(7);
    let phone = consent.parse_phone("+1 415 555 2671").unwrap();
    let email = consent.parse_email("ada.lovelace@example.com").unwrap();
    consent.withdraw(NOW);
    assert_nothing_of_phone(&record(&phone), "+14155552671");
    assert_nothing_of(&record(&email), b"ada.lovelace@example.com");
}

#[test]
fn a_match_key_feeds_the_hasher_nothing_of_itself() {
    let consent = consent::<Advertising>(1);
    let phone = consent.parse_phone("+1 415 555 2671").unwrap();
    let key = phone.match_key(&consent, NOW, Platform::Meta).unwrap();
    assert_nothing_of(&record(&key), key.expose_secret().as_bytes());
    let again = phone.match_key(&consent, NOW, Platform::Meta).unwrap();
    assert_eq!(record(&key).fed, record(&again).fed);
}

#[test]
fn a_discovery_key_feeds_the_hasher_nothing_of_its_mac() {
    let keyring = keyring();
    let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958").unwrap();
    // A lookup holds one discovery key per enabled key of the ring.
    let lookup = contact.contact_lookup(&keyring);
    let key = lookup.keys().first().unwrap();
    assert_nothing_of(&record(key), key.as_bytes());
    assert_nothing_of(&record(&lookup), key.as_bytes());
    let own = consent::<Discoverable>(3);
    let found = own
        .parse_phone("+44 20 7946 0958")
        .unwrap()
        .discovery_key(&keyring, &own, NOW)
        .unwrap();
    assert_nothing_of(&record(&found), found.as_bytes());
    assert_eq!(record(key).fed, record(&found).fed);
}

/// A sealed value feeds its ciphertext, which its `Display` shows anyway:
/// nothing of the plaintext without the keyring.
#[cfg(feature = "seal")]
#[test]
fn a_sealed_value_feeds_the_hasher_nothing_of_its_plaintext() {
    let keyring = keyring();
    let phone = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671").unwrap();
    let sealed = keyring.seal(&phone);
    let recorder = record(&sealed);
    for needle in [&b"+14155552671"[..], &14_155_552_671u64.to_le_bytes()[..]] {
        assert!(!contains(&recorder.fed, needle));
    }
}

/// Equal values feed equal words and unequal ones (almost surely) unequal
/// words, across purposes and consents too, so `Hash` agrees with `Eq`.
#[test]
fn equal_values_hash_equally_and_sets_work() {
    let a = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671").unwrap();
    let b = PhoneNumber::<TwoFactor>::parse("tel:+1-415-555-2671").unwrap();
    let c = PhoneNumber::<TwoFactor>::parse("+1 415 555 2672").unwrap();
    assert_eq!(a, b);
    assert_eq!(record(&a).fed, record(&b).fed);
    assert_ne!(record(&a).fed, record(&c).fed);
    // Another purpose: another word.
    let notice = PhoneNumber::<AccountNotice>::parse("+1 415 555 2671").unwrap();
    assert_ne!(record(&a).fed, record(&notice).fed);
    // Another consent: another word, as they are unequal.
    let one = consent::<Marketing>(1)
        .parse_phone("+1 415 555 2671")
        .unwrap();
    let two = consent::<Marketing>(2)
        .parse_phone("+1 415 555 2671")
        .unwrap();
    assert_ne!(one, two);
    assert_ne!(record(&one).fed, record(&two).fed);

    let set: HashSet<_> = [a.clone(), b, c.clone()].into_iter().collect();
    assert_eq!(set.len(), 2);
    assert!(set.contains(&a) && set.contains(&c));

    let mut map = HashMap::new();
    let ada = EmailAddress::<TwoFactor>::parse("Ada@Example.com").unwrap();
    map.insert(ada, 1);
    assert_eq!(
        map.get(&EmailAddress::<TwoFactor>::parse("Ada@EXAMPLE.com").unwrap()),
        Some(&1)
    );
}
