//! A purpose's keyset makes that purpose's lookup and discovery keys with
//! the same bytes as the keyring it came from, so a job that makes them
//! holds its purpose's keys alone; a keyset read from Tink's JSON holds
//! the sealing keys alone and refuses those uses with a typed error.
#![cfg(feature = "seal")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

use std::time::Duration;

use purpose_bound::{
    AccountRecovery, Advertising, Consent, ConsentChannel, ConsentErrorKind, ConsentId,
    ConsentRecord, ContactUpload, Discoverable, EmailAddress, Keyring, Keyset, KeysetErrorKind,
    Marketing, PhoneNumber, Purpose, Subject, TwoFactor,
};
use zeroize::Zeroizing;

const GIVEN: Duration = Duration::from_secs(1_767_225_600);
const NUMBER: &str = "+44 7400 123456";
const ADDRESS: &str = "ada@example.com";

/// A ring whose keys stand every way: 3 primary, 2 enabled, 1 disabled,
/// 4 destroyed.
fn keyring() -> Keyring {
    let mut keyring = Keyring::new(1, &mut [7; 32]);
    keyring.rotate(2, &mut [8; 32]).unwrap();
    keyring.rotate(4, &mut [10; 32]).unwrap();
    keyring.rotate(3, &mut [9; 32]).unwrap();
    keyring.disable(1).unwrap();
    keyring.destroy(4).unwrap();
    keyring
}

fn subject() -> Subject {
    Subject::new("user-42").unwrap()
}

fn consent<P: purpose_bound::RequiresConsent>(id: u64) -> Consent<P> {
    Consent::new(ConsentRecord::new(
        ConsentId::new(id).unwrap(),
        &subject(),
        GIVEN,
        "find-me-v1",
        ConsentChannel::App,
    ))
    .unwrap()
}

/// Purpose `P`'s keyset as a system outside Rust gets it, read back.
fn from_tink<P: Purpose>(keyring: &Keyring) -> Keyset<P> {
    let json = Zeroizing::new(keyring.expose_tink_keyset::<P>());
    Keyset::from_tink_json(&json).unwrap()
}

fn digests(lookup: &purpose_bound::LookupKey) -> Vec<(u32, [u8; 32])> {
    lookup
        .digests()
        .map(|digest| (digest.key_id(), *digest.as_bytes()))
        .collect()
}

#[test]
fn a_keysets_lookup_keys_are_the_keyrings() {
    let keyring = keyring();
    let phone = PhoneNumber::<TwoFactor>::parse(NUMBER).unwrap();
    let from_keyset = keyring.keyset::<TwoFactor>().lookup_key(&phone).unwrap();
    let from_keyring = keyring.lookup_key(&phone);
    assert_eq!(digests(&from_keyset), digests(&from_keyring));
    // The enabled keys, the primary's first; not the disabled or destroyed.
    let ids: Vec<u32> = digests(&from_keyset).iter().map(|d| d.0).collect();
    assert_eq!(ids, [3, 2]);

    let email = EmailAddress::<AccountRecovery>::parse(ADDRESS).unwrap();
    let from_keyset = keyring.keyset::<AccountRecovery>().lookup_key(&email);
    assert_eq!(
        digests(&from_keyset.unwrap()),
        digests(&keyring.lookup_key(&email))
    );

    // Consent purposes and purpose sets too; bound or not, the same.
    let ad = consent::<Advertising>(5).parse_phone(NUMBER).unwrap();
    let keyset = keyring.keyset::<Advertising>();
    assert_eq!(keyset.lookup_key(&ad).unwrap(), keyring.lookup_key(&ad));
    let set = PhoneNumber::<(TwoFactor, AccountRecovery)>::parse(NUMBER).unwrap();
    let keyset = keyring.keyset::<(TwoFactor, AccountRecovery)>();
    assert_eq!(keyset.lookup_key(&set).unwrap(), keyring.lookup_key(&set));
    let bound = set.clone().owned_by(&subject()).unwrap();
    assert_eq!(keyset.lookup_key(&bound).unwrap(), keyring.lookup_key(&set));
}

#[test]
fn each_purposes_keyset_has_its_own_lookup_subkey() {
    let keyring = keyring();
    let two_factor = PhoneNumber::<TwoFactor>::parse(NUMBER).unwrap();
    let recovery = PhoneNumber::<AccountRecovery>::parse(NUMBER).unwrap();
    let a = keyring
        .keyset::<TwoFactor>()
        .lookup_key(&two_factor)
        .unwrap();
    let b = keyring
        .keyset::<AccountRecovery>()
        .lookup_key(&recovery)
        .unwrap();
    assert_ne!(a.primary().as_bytes(), b.primary().as_bytes());
}

#[test]
fn a_keysets_contact_lookups_and_discovery_keys_are_the_keyrings() {
    let keyring = keyring();
    let contacts = keyring.keyset::<ContactUpload>();
    let findable = keyring.keyset::<Discoverable>();
    assert!(contacts.check_subkeys().is_ok());
    assert!(findable.check_subkeys().is_ok());

    let contact = PhoneNumber::<ContactUpload>::parse(NUMBER).unwrap();
    let lookup = contacts.contact_lookup(&contact).unwrap();
    assert_eq!(lookup, contact.contact_lookup(&keyring));
    let ids: Vec<u32> = lookup.keys().iter().map(|key| key.key_id()).collect();
    assert_eq!(ids, [3, 2]);
    let bytes: Vec<[u8; 32]> = lookup.keys().iter().map(|key| *key.as_bytes()).collect();
    let expected: Vec<[u8; 32]> = contact
        .contact_lookup(&keyring)
        .keys()
        .iter()
        .map(|key| *key.as_bytes())
        .collect();
    assert_eq!(bytes, expected);

    let consent = consent::<Discoverable>(3);
    let phone = consent.parse_phone(NUMBER).unwrap();
    let key = findable
        .discovery_key(&phone, &consent, GIVEN)
        .unwrap()
        .unwrap();
    let expected = phone.discovery_key(&keyring, &consent, GIVEN).unwrap();
    assert_eq!(key.key_id(), 3);
    assert_eq!(key.as_bytes(), expected.as_bytes());
    // The two keysets find each other, as the keyring does.
    assert!(lookup.matches(&key));

    let email = consent.parse_email(ADDRESS).unwrap();
    let key = findable
        .discovery_key(&email, &consent, GIVEN)
        .unwrap()
        .unwrap();
    let uploaded = EmailAddress::<ContactUpload>::parse(ADDRESS).unwrap();
    assert!(contacts.contact_lookup(&uploaded).unwrap().matches(&key));
}

#[test]
fn a_keysets_discovery_key_checks_the_consent() {
    let keyring = keyring();
    let keyset = keyring.keyset::<Discoverable>();
    let withdrawn = Consent::<Discoverable>::new(
        ConsentRecord::new(
            ConsentId::new(3).unwrap(),
            &subject(),
            GIVEN,
            "find-me-v1",
            ConsentChannel::App,
        )
        .withdrawn_at(GIVEN + Duration::from_secs(60)),
    )
    .unwrap();
    let phone = withdrawn.parse_phone(NUMBER).unwrap();
    let refused = keyset.discovery_key(&phone, &withdrawn, GIVEN).unwrap();
    assert_eq!(refused.unwrap_err().kind(), ConsentErrorKind::Withdrawn);
    // Another consent than the one the number was collected under.
    let other = consent::<Discoverable>(4);
    let refused = keyset.discovery_key(&phone, &other, GIVEN).unwrap();
    assert!(refused.is_err());
}

#[test]
fn a_keyset_read_from_tink_json_seals_and_opens_and_makes_no_lookup_or_discovery_key() {
    let keyring = keyring();
    let subject = subject();

    let contacts = from_tink::<ContactUpload>(&keyring);
    assert_eq!(
        contacts.check_subkeys().unwrap_err().kind(),
        KeysetErrorKind::SealingOnly
    );
    let contact = PhoneNumber::<ContactUpload>::parse(NUMBER)
        .unwrap()
        .owned_by(&subject)
        .unwrap();
    let error = contacts.contact_lookup(&contact).unwrap_err();
    assert_eq!(error.kind(), KeysetErrorKind::SealingOnly);
    assert_eq!(error.key_id(), None);
    assert_eq!(
        contacts.lookup_key(&contact).unwrap_err().kind(),
        KeysetErrorKind::SealingOnly
    );
    // What it can do: seal and open, as the keyring does.
    let sealed = contacts.seal(&contact).unwrap();
    assert_eq!(sealed, keyring.seal(&contact).unwrap());
    assert_eq!(contacts.open(&sealed, &subject).unwrap(), contact);

    let findable = from_tink::<Discoverable>(&keyring);
    let consent = consent::<Discoverable>(3);
    let phone = consent.parse_phone(NUMBER).unwrap();
    let error = findable.discovery_key(&phone, &consent, GIVEN).unwrap_err();
    assert_eq!(error.kind(), KeysetErrorKind::SealingOnly);
    let sealed = findable.seal(&phone).unwrap();
    assert_eq!(consent.open(&findable, &sealed).unwrap(), phone);

    let two_factor = from_tink::<TwoFactor>(&keyring);
    let phone = PhoneNumber::<TwoFactor>::parse(NUMBER).unwrap();
    assert_eq!(
        two_factor.lookup_key(&phone).unwrap_err().kind(),
        KeysetErrorKind::SealingOnly
    );
    // The error says what to do, and shows no key.
    let message = two_factor.check_subkeys().unwrap_err().to_string();
    assert!(message.contains("made from the keyring"), "{message}");
}

#[test]
fn keysets_of_other_purposes_need_no_discovery_subkey() {
    // A marketing keyset has its lookup subkey, and that is all it needs.
    let keyring = keyring();
    assert!(keyring.keyset::<Marketing>().check_subkeys().is_ok());
    assert!(keyring.keyset::<TwoFactor>().check_subkeys().is_ok());
}

#[test]
fn a_keyset_of_a_ring_with_one_key_makes_one_of_each() {
    let keyring = Keyring::new(1, &mut [7; 32]);
    let phone = PhoneNumber::<TwoFactor>::parse(NUMBER).unwrap();
    let lookup = keyring.keyset::<TwoFactor>().lookup_key(&phone).unwrap();
    assert_eq!(lookup.digests().count(), 1);
    assert_eq!(lookup.primary().key_id(), 1);
    let contact = PhoneNumber::<ContactUpload>::parse(NUMBER).unwrap();
    let contacts = keyring.keyset::<ContactUpload>();
    assert_eq!(contacts.contact_lookup(&contact).unwrap().keys().len(), 1);
}
