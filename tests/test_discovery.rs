//! Contact discovery: uploaded contacts find, through keyed lookups, exactly
//! the identifiers whose owners consented to be found, under a live consent.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::collections::HashSet;
use std::time::Duration;

use common::{GIVEN, NOW, Owned, keyring, subject};
use purpose_bound::{
    Advertising, Consent, ConsentErrorKind, ContactLookup, ContactUpload, Discoverable,
    DiscoveryKey, EmailAddress, Keyring, PhoneNumber, Platform, TwoFactor,
};

/// Consent `id` to be found.
fn consent(id: u64) -> Consent<Discoverable> {
    common::consent(id)
}

/// The one discovery key a lookup makes under a ring of one key.
fn only(lookup: ContactLookup) -> DiscoveryKey {
    match lookup.keys() {
        [key] => key.clone(),
        keys => panic!("{} keys", keys.len()),
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The keys are computed outside the crate from the construction alone:
/// HKDF-SHA256 (RFC 5869, no salt) of the keyring key (`common::KEY`,
/// `[7; 32]`) with the info
/// `purpose-bound/v1/discovery` gives the 32-byte subkey, and the key is
/// HMAC-SHA256 under it of `purpose-bound discovery v1`, NUL, the kind of
/// identifier, NUL, the canonical value. With Python's `hmac` and `hashlib`
/// (the HKDF checked against the `cryptography` package's):
///
/// ```python
/// prk = hmac.new(b"\0" * 32, bytes([7] * 32), hashlib.sha256).digest()
/// sub = hmac.new(prk, b"purpose-bound/v1/discovery\x01", hashlib.sha256).digest()
/// hmac.new(sub, b"purpose-bound discovery v1\0phone number\0+442079460958", hashlib.sha256).hexdigest()
/// ```
#[test]
fn keys_match_an_independent_hmac() {
    let keyring = keyring();
    let consent = consent(1);
    let phone = consent.parse_phone("+44 20 7946 0958").unwrap();
    assert_eq!(
        hex(phone
            .discovery_key(&keyring, &consent, NOW)
            .unwrap()
            .as_bytes()),
        "35a181b9dd022d11a8b584fa8e374d8d222654ce67329e6867eec9125871ae67"
    );
    let email = consent.parse_email("ada@example.com").unwrap();
    assert_eq!(
        hex(email
            .discovery_key(&keyring, &consent, NOW)
            .unwrap()
            .as_bytes()),
        "4b580886d7c76790331072ac8671edd38ef53e0f4af74f25d08a19a8e02308ec"
    );
    let contact = PhoneNumber::<ContactUpload>::parse("+44 (0)20 7946 0958")
        .unwrap()
        .owned();
    assert_eq!(
        hex(only(contact.contact_lookup(&keyring)).as_bytes()),
        "35a181b9dd022d11a8b584fa8e374d8d222654ce67329e6867eec9125871ae67"
    );
}

#[test]
fn an_address_book_finds_only_the_findable() {
    let keyring = keyring();
    // Grace agreed to be found by her number; Ada and Lin only gave theirs
    // for two-factor sign-in.
    let grace = consent(2);
    let table: HashSet<DiscoveryKey> = [grace
        .parse_phone("+44 20 7946 0321")
        .unwrap()
        .discovery_key(&keyring, &grace, NOW)
        .unwrap()]
    .into();
    let _ada = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    let _lin = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0777")
        .unwrap()
        .owned();

    let address_book = ["+44 20 7946 0958", "+44 20 7946 0321", "+44 20 7946 0777"];
    let found: Vec<&str> = address_book
        .into_iter()
        .filter(|entry| {
            let contact: PhoneNumber<ContactUpload> = entry.parse().unwrap();
            contact
                .contact_lookup(&keyring)
                .keys()
                .iter()
                .any(|key| table.contains(key))
        })
        .collect();
    assert_eq!(found, ["+44 20 7946 0321"]);
}

#[test]
fn keys_are_keyed_and_scoped() {
    let (one, two) = (keyring(), Keyring::new(2, &mut [8; 32]));
    let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    // Another key, another value: a leaked table is not reversible without it.
    assert_ne!(
        only(contact.contact_lookup(&one)),
        only(contact.contact_lookup(&two))
    );
    assert_ne!(
        only(contact.contact_lookup(&one)).as_bytes(),
        only(contact.contact_lookup(&two)).as_bytes()
    );
    // The same key id with another secret is another key too.
    let impostor = Keyring::new(1, &mut [9; 32]);
    assert_ne!(
        only(contact.contact_lookup(&one)),
        only(contact.contact_lookup(&impostor))
    );
    // Never equal to the plain SHA-256 match keys of the same number.
    let ads = common::consent::<Advertising>(9);
    let ad_phone = ads.parse_phone("+44 20 7946 0958").unwrap();
    let key = only(contact.contact_lookup(&one));
    for platform in [Platform::Meta, Platform::Google] {
        let match_key = ad_phone.match_key(&ads, NOW, platform).unwrap();
        assert_ne!(match_key.expose_secret(), hex(key.as_bytes()));
    }
    // Phones and addresses never collide, and the kind is in the input.
    let email = EmailAddress::<ContactUpload>::parse("ada@example.com")
        .unwrap()
        .owned();
    assert_ne!(only(email.contact_lookup(&one)).as_bytes(), key.as_bytes());
    assert_eq!(key.key_id(), 1);
    assert_eq!(format!("{key:?}"), "DiscoveryKey(key 1, [REDACTED])");
}

#[test]
fn keys_hash_by_their_key_and_value() {
    use std::hash::BuildHasher;
    let hasher = std::collections::hash_map::RandomState::new();
    let keyring = keyring();
    let ada = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    let grace = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0321")
        .unwrap()
        .owned();
    let key = only(ada.contact_lookup(&keyring));
    assert_eq!(hasher.hash_one(&key), hasher.hash_one(key.clone()));
    assert_eq!(
        hasher.hash_one(&key),
        hasher.hash_one(only(ada.contact_lookup(&keyring)))
    );
    assert_ne!(
        hasher.hash_one(&key),
        hasher.hash_one(only(grace.contact_lookup(&keyring)))
    );
    // The same subkey under another id: equal bytes, another key.
    let renamed = Keyring::new(2, &mut { common::KEY });
    let other = only(ada.contact_lookup(&renamed));
    assert_eq!(other.as_bytes(), key.as_bytes());
    assert_ne!(other, key);
    assert_ne!(hasher.hash_one(&other), hasher.hash_one(&key));
}

/// Findable rows keep the key they were made under; after a rotation a
/// lookup makes a key under every enabled key of the ring, so rows made
/// before it are still found, and rows made after it too. Once the old
/// key is disabled, its rows are no longer found: recompute them first.
#[test]
fn lookups_find_rows_made_under_any_key_still_in_the_ring() {
    let mut keyring = keyring();
    let grace = consent(2);
    let findable = grace.parse_phone("+44 20 7946 0321").unwrap();
    let before = findable.discovery_key(&keyring, &grace, NOW).unwrap();
    assert_eq!(before.key_id(), 1);
    let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0321")
        .unwrap()
        .owned();

    keyring.rotate(2, &mut [8; 32]).unwrap();
    let lookup = contact.contact_lookup(&keyring);
    assert_eq!(
        lookup
            .keys()
            .iter()
            .map(DiscoveryKey::key_id)
            .collect::<Vec<_>>(),
        [2, 1]
    );
    assert!(lookup.matches(&before), "a row made under key 1 is found");
    let table: HashSet<DiscoveryKey> = [before.clone()].into();
    assert!(lookup.keys().iter().any(|key| table.contains(key)));
    let after = findable.discovery_key(&keyring, &grace, NOW).unwrap();
    assert_eq!(after.key_id(), 2);
    assert!(lookup.matches(&after), "a row made under key 2 is found");
    // Someone else's number matches neither.
    let other = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    assert!(!other.contact_lookup(&keyring).matches(&before));

    keyring.disable(1).unwrap();
    let lookup = contact.contact_lookup(&keyring);
    assert_eq!(lookup.keys().len(), 1);
    assert!(!lookup.matches(&before));
    assert!(lookup.matches(&after));
    assert_eq!(
        format!("{lookup:?}"),
        "ContactLookup([DiscoveryKey(key 2, [REDACTED])])"
    );
}

#[test]
fn being_found_needs_the_live_consent() {
    let keyring = keyring();
    let mut own = consent(3);
    let phone = own.parse_phone("+44 20 7946 0958").unwrap();
    assert!(phone.discovery_key(&keyring, &own, NOW).is_ok());
    let other = consent(4);
    assert_eq!(
        phone
            .discovery_key(&keyring, &other, NOW)
            .unwrap_err()
            .kind(),
        ConsentErrorKind::OtherConsent
    );
    assert_eq!(
        phone
            .discovery_key(&keyring, &own, GIVEN - Duration::from_secs(1))
            .unwrap_err()
            .kind(),
        ConsentErrorKind::NotYetGiven
    );
    own.withdraw(NOW);
    assert_eq!(
        phone.discovery_key(&keyring, &own, NOW).unwrap_err().kind(),
        ConsentErrorKind::Withdrawn
    );
    // A withdrawal is final: a time before it makes no key either.
    for at in [GIVEN, NOW - Duration::from_nanos(1)] {
        assert_eq!(
            phone.discovery_key(&keyring, &own, at).unwrap_err().kind(),
            ConsentErrorKind::Withdrawn
        );
    }
}

#[test]
fn adopted_two_factor_numbers_are_found_only_after_the_consent() {
    let keyring = keyring();
    let sign_in = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    let consent = consent(5);
    let findable = consent.adopt(&sign_in).unwrap();
    let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    assert_eq!(
        findable.discovery_key(&keyring, &consent, NOW).unwrap(),
        only(contact.contact_lookup(&keyring))
    );
}

#[cfg(feature = "serde")]
#[test]
fn stored_forms_name_the_purposes() {
    let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    assert_eq!(
        contact.expose_stored().to_string(),
        "contact_upload:+442079460958"
    );
    let back: PhoneNumber<ContactUpload> =
        serde_json::from_str(r#""contact_upload:+442079460958""#).unwrap();
    assert_eq!(back, contact);
    assert!(
        serde_json::from_str::<PhoneNumber<TwoFactor>>(r#""contact_upload:+442079460958""#)
            .is_err()
    );
    let consent = consent(6);
    let findable = consent.parse_phone("+44 20 7946 0958").unwrap();
    assert_eq!(
        findable.expose_stored().to_string(),
        "discoverable#6:+442079460958"
    );
    let stored: purpose_bound::Stored<PhoneNumber<Discoverable>> =
        "discoverable#6:+442079460958".parse().unwrap();
    assert_eq!(consent.read(stored).unwrap(), findable);
}

#[cfg(feature = "seal")]
#[test]
fn sealed_forms_keep_the_purposes_apart() {
    let keyring = keyring();
    let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")
        .unwrap()
        .owned();
    let sealed = keyring.seal(&contact).unwrap();
    assert_eq!(keyring.open(&sealed, &subject()).unwrap(), contact);
    let as_two_factor =
        purpose_bound::Sealed::<PhoneNumber<TwoFactor>>::from_bytes(sealed.as_bytes());
    assert!(keyring.open(&as_two_factor, &subject()).is_err());
    let consent = consent(7);
    let findable = consent.parse_phone("+44 20 7946 0958").unwrap();
    let sealed = keyring.seal(&findable).unwrap();
    assert_eq!(consent.open(&keyring, &sealed).unwrap(), findable);
}
