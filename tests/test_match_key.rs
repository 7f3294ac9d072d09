//! Audience match keys: each platform's documented normalization, then SHA-256 in lowercase hex.
//!
//! The expected keys were computed outside this crate from the rules alone,
//! e.g. `python3 -c "import hashlib; print(hashlib.sha256(b'14155552671').hexdigest())"`.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

use std::time::Duration;

use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, EmailAddress, MatchKey,
    PhoneNumber, Platform,
};

/// A moment the consent is live.
const NOW: Duration = Duration::from_secs(1_767_225_600 + 60);

fn consent() -> Consent<Advertising> {
    Consent::new(ConsentRecord::new(
        ConsentId::new(1).unwrap(),
        "user-42",
        Duration::from_secs(1_767_225_600),
        "ads-matching-v1",
        ConsentChannel::App,
    ))
    .unwrap()
}

fn phone(input: &str) -> PhoneNumber<Advertising> {
    consent().parse_phone(input).unwrap()
}

fn email(input: &str) -> EmailAddress<Advertising> {
    consent().parse_email(input).unwrap()
}

#[test]
fn meta_hashes_phone_digits_with_country_code_and_no_plus() {
    // sha256("14155552671")
    assert_eq!(
        phone("+1 (415) 555-2671")
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "758fbf68945f21c416814c539ab578876c8d98fb69e6da692def92cd52417fe0"
    );
    // sha256("442079460958")
    assert_eq!(
        phone("+44 20 7946 0958")
            .match_key(&consent(), NOW, Platform::Meta)
            .unwrap()
            .expose_secret(),
        "35e206e5dec4c89b9e8b71b8c32724a5bb518483ac5a20c6617d738375b3b823"
    );
}

#[test]
fn google_hashes_phone_in_e164_with_plus() {
    // sha256("+14155552671")
    assert_eq!(
        phone("+1 415 555 2671")
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "cb6880e416769253645cb9c6b8989154bf66a56a77fc14c81fb1019663cbb928"
    );
    // sha256("+442079460958")
    assert_eq!(
        phone("+44 (0)20 7946 0958")
            .match_key(&consent(), NOW, Platform::Google)
            .unwrap()
            .expose_secret(),
        "f0bf0228144d9fe2bdf1da2d8ca698f17bf1410ee688b075c27062e47b6f0b6d"
    );
}

#[test]
fn both_platforms_hash_email_trimmed_and_lowercased() {
    for platform in [Platform::Meta, Platform::Google] {
        // sha256("ada@example.com")
        assert_eq!(
            email("  Ada@EXAMPLE.com\t")
                .match_key(&consent(), NOW, platform)
                .unwrap()
                .expose_secret(),
            "b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72"
        );
        // sha256("ada.lovelace@example.org")
        assert_eq!(
            email("Ada.Lovelace@Example.Org")
                .match_key(&consent(), NOW, platform)
                .unwrap()
                .expose_secret(),
            "7799473ff091b38137e0698047364e040446fe7cb3209e8321d5a865127853d0"
        );
    }
}

#[test]
fn long_addresses_hash_whole() {
    // Longer than the 64-byte chunks the ASCII path lowercases in.
    let local = "A".repeat(64);
    let domain = format!("{}.example.com", "b".repeat(63));
    let key = email(&format!("{local}@{domain}"))
        .match_key(&consent(), NOW, Platform::Meta)
        .unwrap();
    let expected = email(&format!("{}@{domain}", "a".repeat(64)))
        .match_key(&consent(), NOW, Platform::Meta)
        .unwrap();
    assert_eq!(key, expected);
}

#[test]
fn keys_differ_by_platform_for_phones_only() {
    let p = phone("+14155552671");
    assert_ne!(
        p.match_key(&consent(), NOW, Platform::Meta).unwrap(),
        p.match_key(&consent(), NOW, Platform::Google).unwrap()
    );
    let e = email("ada@example.com");
    assert_eq!(
        e.match_key(&consent(), NOW, Platform::Meta).unwrap(),
        e.match_key(&consent(), NOW, Platform::Google).unwrap()
    );
}

#[test]
fn keys_are_redacted_and_comparable() {
    let key: MatchKey = phone("+14155552671")
        .match_key(&consent(), NOW, Platform::Meta)
        .unwrap();
    assert_eq!(format!("{key:?}"), "MatchKey([REDACTED])");
    assert_eq!(key.clone(), key);
    let hex = key.expose_secret();
    assert!(
        hex.len() == 64
            && hex
                .bytes()
                .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
    );
}
