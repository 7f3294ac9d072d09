//! Sealed identifiers: deterministic, bound to their purpose and consent,
//! refused with a typed error when altered, truncated, re-tagged or opened
//! with another consent; key rotation; the sealed form through serde and
//! rusqlite (through sqlx: `tests-tokio/tests/test_sqlx.rs`); and a known answer that
//! pins the format.

#![cfg(feature = "seal")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use common::{GIVEN, Owned, consent, keyring, subject};
use proptest::prelude::*;
use purpose_bound::{
    AccountNotice, Advertising, Consent, EmailAddress, Keyring, Marketing, OpenError,
    OpenErrorKind, PhoneNumber, Sealed, TwoFactor,
};

const PHONE: &str = "+442079460958";
const EMAIL: &str = "ada@example.com";
/// The key of `common::keyring()`, and another.
const KEY_1: [u8; 32] = common::KEY;
const KEY_2: [u8; 32] = [9; 32];

/// The prefix of every sealed value (Tink's TINK prefix): format byte and
/// key id. The consent id is in the associated data, not the bytes.
const HEADER: usize = 5;
const TAG: usize = 16;

fn phone() -> PhoneNumber<TwoFactor> {
    PhoneNumber::<TwoFactor>::parse(PHONE).unwrap().owned()
}

/// The raw values, and parts of them, that no error or `Debug` may show.
fn assert_no_raw_value(text: &str) {
    for raw in ["4420", "7946", "0958", "ada@", "example"] {
        assert!(!text.contains(raw), "{text}");
    }
}

fn kind<T: std::fmt::Debug>(result: Result<T, OpenError>) -> OpenErrorKind {
    let err = result.unwrap_err();
    assert_no_raw_value(&err.to_string());
    assert_no_raw_value(&format!("{err:?}"));
    err.kind()
}

/// The same bytes, read as a sealed `J`: what a value copied into another
/// column looks like.
fn retag<I: purpose_bound::Identifier, J: purpose_bound::Identifier>(
    sealed: &Sealed<I>,
) -> Sealed<J> {
    Sealed::from_bytes(sealed.as_bytes())
}

#[test]
fn equal_values_seal_equal_and_open_back() {
    let keyring = keyring();
    let a = keyring.seal(&phone()).unwrap();
    let b = keyring
        .seal(
            &PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")
                .unwrap()
                .owned(),
        )
        .unwrap();
    assert_eq!(a, b);
    assert_eq!(a.as_bytes(), b.as_bytes());
    assert_eq!(a.key_id(), Some(1));
    assert_eq!(a.as_bytes().len(), HEADER + TAG + PHONE.len());
    assert_eq!(keyring.open(&a, &subject()).unwrap(), phone());
    // Another ring with the same key opens it: the key is all it needs.
    assert_eq!(
        Keyring::new(1, &mut { KEY_1 })
            .open(&a, &subject())
            .unwrap(),
        phone()
    );

    let other = keyring
        .seal(
            &PhoneNumber::<TwoFactor>::parse("+442079460959")
                .unwrap()
                .owned(),
        )
        .unwrap();
    assert_ne!(a, other);

    let email = EmailAddress::<AccountNotice>::parse(" Ada@Example.COM ")
        .unwrap()
        .owned();
    let sealed = keyring.seal(&email).unwrap();
    assert_eq!(
        sealed,
        keyring
            .seal(
                &EmailAddress::<AccountNotice>::parse("Ada@example.com")
                    .unwrap()
                    .owned()
            )
            .unwrap()
    );
    assert_eq!(keyring.open(&sealed, &subject()).unwrap(), email);

    let marketing = consent::<Marketing>(7);
    let email = marketing.parse_email(EMAIL).unwrap();
    let sealed = keyring.seal(&email).unwrap();
    assert_eq!(
        sealed,
        keyring
            .seal(&marketing.parse_email(EMAIL).unwrap())
            .unwrap()
    );
    assert_eq!(sealed.as_bytes().len(), HEADER + TAG + EMAIL.len());
    assert_eq!(marketing.open(&keyring, &sealed).unwrap(), email);
}

#[test]
fn one_value_seals_differently_for_each_purpose_and_consent() {
    let keyring = keyring();
    let two_factor = keyring.seal(&phone()).unwrap();
    let notice = keyring
        .seal(&PhoneNumber::<AccountNotice>::parse(PHONE).unwrap().owned())
        .unwrap();
    let set = keyring
        .seal(
            &PhoneNumber::<(TwoFactor, AccountNotice)>::parse(PHONE)
                .unwrap()
                .owned(),
        )
        .unwrap();
    let (m7, m8) = (consent::<Marketing>(7), consent::<Marketing>(8));
    let marketing_7 = keyring.seal(&m7.parse_phone(PHONE).unwrap()).unwrap();
    let marketing_8 = keyring.seal(&m8.parse_phone(PHONE).unwrap()).unwrap();
    let advertising_7 = keyring
        .seal(&consent::<Advertising>(7).parse_phone(PHONE).unwrap())
        .unwrap();
    let all = [
        two_factor.as_bytes(),
        notice.as_bytes(),
        set.as_bytes(),
        marketing_7.as_bytes(),
        marketing_8.as_bytes(),
        advertising_7.as_bytes(),
    ];
    for (i, a) in all.iter().enumerate() {
        for b in &all[i + 1..] {
            assert_ne!(a, b);
            // Not only the clear header differs: the tag and ciphertext do.
            let start = |bytes: &[u8]| bytes.len() - PHONE.len() - TAG;
            assert_ne!(a[start(a)..], b[start(b)..]);
        }
    }
    // The ciphertext of one value under two purposes shares no prefix to
    // speak of: SIV's tag is the IV.
    let (a, b) = (
        &two_factor.as_bytes()[HEADER..],
        &notice.as_bytes()[HEADER..],
    );
    assert!(a.iter().zip(b).take_while(|(x, y)| x == y).count() < 4);
}

#[test]
fn a_value_opened_as_another_purpose_or_kind_is_refused() {
    let keyring = keyring();
    let sealed = keyring.seal(&phone()).unwrap();
    assert_eq!(
        kind(keyring.open(&retag::<_, PhoneNumber<AccountNotice>>(&sealed), &subject())),
        OpenErrorKind::PurposeOrTampered
    );
    assert_eq!(
        kind(keyring.open(
            &retag::<_, PhoneNumber<(TwoFactor, AccountNotice)>>(&sealed),
            &subject()
        )),
        OpenErrorKind::PurposeOrTampered
    );
    assert_eq!(
        kind(keyring.open(&retag::<_, EmailAddress<TwoFactor>>(&sealed), &subject())),
        OpenErrorKind::PurposeOrTampered
    );
    // A set's value does not open as a member.
    let set = keyring
        .seal(
            &PhoneNumber::<(TwoFactor, AccountNotice)>::parse(PHONE)
                .unwrap()
                .owned(),
        )
        .unwrap();
    assert_eq!(
        kind(keyring.open(&retag::<_, PhoneNumber<TwoFactor>>(&set), &subject())),
        OpenErrorKind::PurposeOrTampered
    );
    // Nor a no-consent value as a consent purpose, as it is or with a
    // consent id inserted where the first format had one.
    let marketing = consent::<Marketing>(7);
    assert_eq!(
        kind(marketing.open(&keyring, &retag::<_, PhoneNumber<Marketing>>(&sealed))),
        OpenErrorKind::PurposeOrTampered
    );
    let mut forged = sealed.as_bytes()[..HEADER].to_vec();
    forged.extend_from_slice(&7u64.to_be_bytes());
    forged.extend_from_slice(&sealed.as_bytes()[HEADER..]);
    let forged = Sealed::<PhoneNumber<Marketing>>::from_bytes(forged);
    assert_eq!(
        kind(marketing.open(&keyring, &forged)),
        OpenErrorKind::PurposeOrTampered
    );
    // A marketing value read as advertising, under a consent with the same id.
    let sealed = keyring
        .seal(&marketing.parse_phone(PHONE).unwrap())
        .unwrap();
    let advertising = consent::<Advertising>(7);
    assert_eq!(
        kind(advertising.open(&keyring, &retag::<_, PhoneNumber<Advertising>>(&sealed))),
        OpenErrorKind::PurposeOrTampered
    );
}

#[test]
fn a_consent_opens_only_its_own_values() {
    let keyring = keyring();
    let (own, other) = (consent::<Marketing>(7), consent::<Marketing>(8));
    let sealed = keyring.seal(&own.parse_email(EMAIL).unwrap()).unwrap();
    // The consent id is in the associated data: another consent's value
    // does not authenticate, and cannot be told from an altered one.
    assert_eq!(
        kind(other.open(&keyring, &sealed)),
        OpenErrorKind::PurposeOrTampered
    );
    assert_eq!(
        kind(other.reseal(&keyring, &sealed)),
        OpenErrorKind::PurposeOrTampered
    );
    // Nothing in the bytes names the consent: the same address under two
    // consents seals to two values of one length.
    let theirs = keyring.seal(&other.parse_email(EMAIL).unwrap()).unwrap();
    assert_eq!(theirs.as_bytes().len(), sealed.as_bytes().len());
    assert_ne!(theirs.as_bytes()[HEADER..], sealed.as_bytes()[HEADER..]);
    // A withdrawn consent still opens its values, so that they can be erased.
    let mut withdrawn = consent::<Marketing>(7);
    withdrawn.withdraw(GIVEN);
    assert_eq!(
        withdrawn.open(&keyring, &sealed).unwrap(),
        own.parse_email(EMAIL).unwrap()
    );
}

/// Flips `bit` of byte `index` and opens the result as the purpose it was
/// sealed for: the error says where the damage is.
fn check_flip_plain(sealed: &Sealed<PhoneNumber<TwoFactor>>, index: usize, bit: u8) {
    let mut bytes = sealed.as_bytes().to_vec();
    bytes[index] ^= 1 << bit;
    let flipped = Sealed::<PhoneNumber<TwoFactor>>::from_bytes(bytes);
    let expected = match index {
        0 => OpenErrorKind::Malformed,
        1..HEADER => OpenErrorKind::UnknownKey,
        _ => OpenErrorKind::PurposeOrTampered,
    };
    assert_eq!(
        kind(keyring().open(&flipped, &subject())),
        expected,
        "byte {index} bit {bit}"
    );
}

fn check_flip_consented(
    consent: &Consent<Marketing>,
    sealed: &Sealed<EmailAddress<Marketing>>,
    index: usize,
    bit: u8,
) {
    let mut bytes = sealed.as_bytes().to_vec();
    bytes[index] ^= 1 << bit;
    let flipped = Sealed::<EmailAddress<Marketing>>::from_bytes(bytes);
    let expected = match index {
        0 => OpenErrorKind::Malformed,
        1..HEADER => OpenErrorKind::UnknownKey,
        // The consent id is authenticated before it is compared: an
        // altered one is tampering, not another consent.
        _ => OpenErrorKind::PurposeOrTampered,
    };
    assert_eq!(
        kind(consent.open(&keyring(), &flipped)),
        expected,
        "byte {index} bit {bit}"
    );
}

#[test]
fn every_bit_flip_of_a_sealed_value_is_refused() {
    let sealed = keyring().seal(&phone()).unwrap();
    for index in 0..sealed.as_bytes().len() {
        for bit in 0..8 {
            check_flip_plain(&sealed, index, bit);
        }
    }
    let consent = consent::<Marketing>(7);
    let sealed = keyring()
        .seal(&consent.parse_email(EMAIL).unwrap())
        .unwrap();
    for index in 0..sealed.as_bytes().len() {
        for bit in 0..8 {
            check_flip_consented(&consent, &sealed, index, bit);
        }
    }
}

#[test]
fn every_truncation_and_extension_is_refused() {
    let keyring = keyring();
    let sealed = keyring.seal(&phone()).unwrap();
    let bytes = sealed.as_bytes();
    for len in 0..bytes.len() {
        let short = Sealed::<PhoneNumber<TwoFactor>>::from_bytes(&bytes[..len]);
        let expected = if len <= HEADER + TAG {
            OpenErrorKind::Malformed
        } else {
            OpenErrorKind::PurposeOrTampered
        };
        assert_eq!(
            kind(keyring.open(&short, &subject())),
            expected,
            "length {len}"
        );
    }
    for extra in [1, 2, 16, 300] {
        let mut long = bytes.to_vec();
        long.resize(bytes.len() + extra, 0);
        let long = Sealed::<PhoneNumber<TwoFactor>>::from_bytes(long);
        let got = kind(keyring.open(&long, &subject()));
        assert!(
            matches!(
                got,
                OpenErrorKind::Malformed | OpenErrorKind::PurposeOrTampered
            ),
            "{extra}: {got:?}"
        );
    }

    let consent = consent::<Marketing>(7);
    let sealed = keyring.seal(&consent.parse_email(EMAIL).unwrap()).unwrap();
    let bytes = sealed.as_bytes();
    for len in 0..bytes.len() {
        let short = Sealed::<EmailAddress<Marketing>>::from_bytes(&bytes[..len]);
        let expected = if len <= HEADER + TAG {
            OpenErrorKind::Malformed
        } else {
            OpenErrorKind::PurposeOrTampered
        };
        assert_eq!(
            kind(consent.open(&keyring, &short)),
            expected,
            "length {len}"
        );
    }
}

const PHONES: [&str; 5] = [
    "+14155552671",
    "+442079460958",
    "+4915123456789",
    "+33123456789",
    "+6834002",
];

proptest! {
    #[test]
    fn any_flipped_bit_gives_a_typed_error(
        phone in proptest::sample::select(&PHONES[..]),
        local in "[a-zA-Z0-9._%+-]{1,64}",
        domain in "[a-z0-9]{1,20}\\.(com|org|co\\.uk)",
        index in any::<prop::sample::Index>(),
        bit in 0u8..8,
    ) {
        let sealed = keyring().seal(&PhoneNumber::<TwoFactor>::parse(phone).unwrap().owned()).unwrap();
        check_flip_plain(&sealed, index.index(sealed.as_bytes().len()), bit);

        let consent = consent::<Marketing>(7);
        if let Ok(email) = consent.parse_email(&format!("{local}@{domain}")) {
            let sealed = keyring().seal(&email).unwrap();
            check_flip_consented(&consent, &sealed, index.index(sealed.as_bytes().len()), bit);
            prop_assert_eq!(consent.open(&keyring(), &sealed).unwrap(), email);
        }
    }

    #[test]
    fn any_truncation_gives_malformed_or_tampered(
        phone in proptest::sample::select(&PHONES[..]),
        cut in any::<prop::sample::Index>(),
    ) {
        let sealed = keyring().seal(&PhoneNumber::<TwoFactor>::parse(phone).unwrap().owned()).unwrap();
        let len = cut.index(sealed.as_bytes().len());
        let short = Sealed::<PhoneNumber<TwoFactor>>::from_bytes(&sealed.as_bytes()[..len]);
        let got = kind(keyring().open(&short, &subject()));
        prop_assert!(matches!(got, OpenErrorKind::Malformed | OpenErrorKind::PurposeOrTampered));
    }

    #[test]
    fn retagged_values_give_purpose_or_tampered(phone in proptest::sample::select(&PHONES[..])) {
        let sealed = keyring().seal(&PhoneNumber::<TwoFactor>::parse(phone).unwrap().owned()).unwrap();
        let copied: Sealed<PhoneNumber<AccountNotice>> = Sealed::from_bytes(sealed.as_bytes());
        prop_assert_eq!(kind(keyring().open(&copied, &subject())), OpenErrorKind::PurposeOrTampered);
    }

    #[test]
    fn arbitrary_bytes_and_text_give_typed_errors(
        bytes in proptest::collection::vec(any::<u8>(), 0..400),
        text in ".{0,80}",
    ) {
        let keyring = keyring();
        let _ = kind(keyring.open(&Sealed::<PhoneNumber<TwoFactor>>::from_bytes(bytes.clone()), &subject()));
        let consent = consent::<Marketing>(7);
        let _ = kind(consent.open(&keyring, &Sealed::<EmailAddress<Marketing>>::from_bytes(bytes)));
        if let Ok(sealed) = text.parse::<Sealed<PhoneNumber<TwoFactor>>>() {
            let _ = kind(keyring.open(&sealed, &subject()));
        }
    }
}

#[test]
fn rotation_keeps_old_values_open_and_reseal_moves_them() {
    let mut keyring = keyring();
    assert_eq!(keyring.primary(), 1);
    let old = keyring.seal(&phone()).unwrap();
    keyring.rotate(2, &mut { KEY_2 }).unwrap();
    assert_eq!(keyring.primary(), 2);
    assert_eq!(keyring.open(&old, &subject()).unwrap(), phone());

    let moved = keyring.reseal(&old, &subject()).unwrap();
    assert_eq!(moved.key_id(), Some(2));
    assert_ne!(moved.as_bytes(), old.as_bytes());
    assert_ne!(moved.as_bytes()[HEADER..], old.as_bytes()[HEADER..]);
    assert_eq!(moved, keyring.seal(&phone()).unwrap());
    assert_eq!(keyring.open(&moved, &subject()).unwrap(), phone());
    // Resealing what the primary key sealed changes nothing.
    assert_eq!(keyring.reseal(&moved, &subject()).unwrap(), moved);

    // A ring without key 1 cannot open what it sealed; one with it as an
    // older key can.
    let without = Keyring::new(2, &mut { KEY_2 });
    assert_eq!(
        kind(without.open(&old, &subject())),
        OpenErrorKind::UnknownKey
    );
    assert_eq!(
        kind(without.reseal(&old, &subject())),
        OpenErrorKind::UnknownKey
    );
    assert_eq!(without.open(&moved, &subject()).unwrap(), phone());
    let with = Keyring::new(2, &mut { KEY_2 })
        .with_key(1, &mut { KEY_1 })
        .unwrap();
    assert_eq!(with.primary(), 2);
    assert_eq!(with.open(&old, &subject()).unwrap(), phone());
    assert_eq!(with.seal(&phone()).unwrap(), moved);

    // The same id with another key is another key: the value does not open.
    let impostor = Keyring::new(1, &mut { KEY_2 });
    assert_eq!(
        kind(impostor.open(&old, &subject())),
        OpenErrorKind::PurposeOrTampered
    );

    // Consent purposes rotate the same way, through their consent.
    let consent = consent::<Marketing>(7);
    let email = consent.parse_email(EMAIL).unwrap();
    let old = Keyring::new(1, &mut { KEY_1 }).seal(&email).unwrap();
    let moved = consent.reseal(&keyring, &old).unwrap();
    assert_eq!(moved.key_id(), Some(2));
    assert_eq!(consent.open(&without, &moved).unwrap(), email);
    assert_eq!(
        kind(consent.open(&without, &old)),
        OpenErrorKind::UnknownKey
    );
}

#[test]
fn a_key_id_is_given_once() {
    let err = keyring().with_key(1, &mut { KEY_2 }).unwrap_err();
    assert_eq!(err.to_string(), "the keyring already has a key with id 1");
    let mut keyring = keyring().with_key(5, &mut { KEY_2 }).unwrap();
    assert!(keyring.rotate(1, &mut { KEY_2 }).is_err());
    assert!(keyring.rotate(5, &mut { KEY_2 }).is_err());
    // A refused rotation leaves the ring as it was.
    assert_eq!(
        keyring
            .open(&keyring.seal(&phone()).unwrap(), &subject())
            .unwrap(),
        phone()
    );
    assert_eq!(keyring.primary(), 1);
    keyring.rotate(6, &mut { KEY_2 }).unwrap();
    assert!(keyring.rotate(6, &mut { KEY_1 }).is_err());
    assert_eq!(keyring.primary(), 6);
}

#[test]
fn debug_shows_key_ids_never_keys() {
    let keyring = Keyring::new(1, &mut [0xAB; 32])
        .with_key(3, &mut [0x5C; 32])
        .unwrap();
    let shown = format!("{keyring:?} {keyring:#?}");
    assert!(
        shown.starts_with("Keyring { primary: 1, keys: [1, 3] }"),
        "{shown}"
    );
    for secret in ["171", "ab", "AB", "92", "5c", "5C"] {
        assert!(!shown.contains(secret), "{shown}");
    }

    let sealed = keyring.seal(&phone()).unwrap();
    let shown = format!("{sealed:?}");
    assert_eq!(shown, format!("Sealed<TwoFactor>({sealed})"));
    assert_no_raw_value(&shown);
    assert_no_raw_value(&sealed.to_string());
}

#[test]
fn text_round_trips_and_garbage_is_malformed() {
    let keyring = keyring();
    let sealed = keyring.seal(&phone()).unwrap();
    let text = sealed.to_string();
    assert!(
        text.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'),
        "{text}"
    );
    assert_eq!(
        text.parse::<Sealed<PhoneNumber<TwoFactor>>>().unwrap(),
        sealed
    );
    for garbage in [
        "",
        "!",
        "AQAAAAE=",
        "AQAAAAE AQ",
        "+442079460958",
        "ada@example.com",
    ] {
        match garbage.parse::<Sealed<PhoneNumber<TwoFactor>>>() {
            Err(err) => {
                assert_eq!(err.kind(), OpenErrorKind::Malformed);
                assert_eq!(err.to_string(), "sealed value is malformed");
            }
            Ok(sealed) => assert_eq!(
                kind(keyring.open(&sealed, &subject())),
                OpenErrorKind::Malformed
            ),
        }
    }
    // A value too short to name a key names none (0 is a key id like any
    // other); so does one of another format.
    for bytes in [vec![], vec![1], vec![1, 0, 0, 0], vec![2, 0, 0, 0, 1]] {
        assert_eq!(
            Sealed::<PhoneNumber<TwoFactor>>::from_bytes(bytes).key_id(),
            None
        );
    }
    assert_eq!(
        Sealed::<PhoneNumber<TwoFactor>>::from_bytes(vec![1, 0, 0, 0, 0]).key_id(),
        Some(0)
    );
}

/// Values of the crate's first format (one sealing key for every purpose,
/// the consent id in the clear, the associated data in four components),
/// as stored before Tink's format: computed outside this crate with
/// Python's `cryptography`. They still open, with a keyring (never a
/// keyset), and `reseal` moves them to the current format. The current
/// format's known answers, from Tink itself, are in `tests/test_tink.rs`.
const FIRST_FORMAT_PHONE: &str = "AQAAAAGKX1CCAgGZoXHsXVzZhZOZAJgRFAvwkX6ylmRL_Q";
const FIRST_FORMAT_EMAIL_CONSENT_7: &str =
    "AQAAAAEAAAAAAAAAB50hMkS7uqkQWbth3cOZA-N1RkDjDQXnQTUvpq6vC54";

#[test]
fn values_of_the_first_format_open_and_reseal_into_the_current_one() {
    let mut keyring = keyring();
    let old: Sealed<PhoneNumber<TwoFactor>> = FIRST_FORMAT_PHONE.parse().unwrap();
    assert_eq!(old.key_id(), Some(1));
    assert_eq!(keyring.open(&old, &subject()).unwrap(), phone());
    let moved = keyring.reseal(&old, &subject()).unwrap();
    assert_ne!(moved, old);
    assert_eq!(moved, keyring.seal(&phone()).unwrap());
    assert_eq!(keyring.open(&moved, &subject()).unwrap(), phone());
    // Only a keyring opens the first format: its one key opened every
    // purpose, and a keyset holds one purpose's keys.
    assert_eq!(
        kind(keyring.keyset::<TwoFactor>().open(&old, &subject())),
        OpenErrorKind::PurposeOrTampered
    );
    assert_eq!(
        keyring
            .keyset::<TwoFactor>()
            .open(&moved, &subject())
            .unwrap(),
        phone()
    );
    // Still bound to its purpose.
    assert_eq!(
        kind(keyring.open(&retag::<_, PhoneNumber<AccountNotice>>(&old), &subject())),
        OpenErrorKind::PurposeOrTampered
    );

    // Consent purposes: the consent's id was in the clear, so another
    // consent is told apart; the reseal goes through the consent.
    let (consent, other) = (consent::<Marketing>(7), consent::<Marketing>(8));
    let email = consent.parse_email(EMAIL).unwrap();
    let old: Sealed<EmailAddress<Marketing>> = FIRST_FORMAT_EMAIL_CONSENT_7.parse().unwrap();
    assert_eq!(consent.open(&keyring, &old).unwrap(), email);
    assert_eq!(
        kind(other.open(&keyring, &old)),
        OpenErrorKind::OtherConsent
    );
    assert_eq!(
        kind(other.reseal(&keyring, &old)),
        OpenErrorKind::OtherConsent
    );
    let moved = consent.reseal(&keyring, &old).unwrap();
    assert_eq!(moved, keyring.seal(&email).unwrap());
    assert_eq!(moved.as_bytes().len(), old.as_bytes().len() - 8);
    assert_eq!(consent.open(&keyring, &moved).unwrap(), email);
    // A zero consent id was never written: such a value does not open.
    let mut zero = old.as_bytes().to_vec();
    zero[HEADER..HEADER + 8].fill(0);
    assert_eq!(
        kind(consent.open(
            &keyring,
            &Sealed::<EmailAddress<Marketing>>::from_bytes(zero)
        )),
        OpenErrorKind::PurposeOrTampered
    );

    // After a rotation the old values still open and move to the new key.
    keyring.rotate(2, &mut { KEY_2 }).unwrap();
    let moved = consent.reseal(&keyring, &old).unwrap();
    assert_eq!(moved.key_id(), Some(2));
    assert_eq!(consent.open(&keyring, &moved).unwrap(), email);
}

#[cfg(feature = "serde")]
#[test]
fn sealed_values_round_trip_through_serde() {
    let keyring = keyring();
    let sealed = keyring.seal(&phone()).unwrap();
    let text = serde_json::to_string(&sealed).unwrap();
    assert_eq!(text, format!("\"{sealed}\""));
    let back: Sealed<PhoneNumber<TwoFactor>> = serde_json::from_str(&text).unwrap();
    assert_eq!(back, sealed);
    assert_eq!(keyring.open(&back, &subject()).unwrap(), phone());

    // Compact formats carry the bytes.
    let bytes = postcard::to_allocvec(&sealed).unwrap();
    assert_eq!(usize::from(bytes[0]), sealed.as_bytes().len());
    assert_eq!(&bytes[1..], sealed.as_bytes());
    let back: Sealed<PhoneNumber<TwoFactor>> = postcard::from_bytes(&bytes).unwrap();
    assert_eq!(back, sealed);

    // In a struct, beside a consent purpose's value.
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Row {
        phone: Sealed<PhoneNumber<TwoFactor>>,
        email: Sealed<EmailAddress<Marketing>>,
    }
    let consent = consent::<Marketing>(7);
    let email = consent.parse_email(EMAIL).unwrap();
    let row = Row {
        phone: sealed.clone(),
        email: keyring.seal(&email).unwrap(),
    };
    let text = serde_json::to_string(&row).unwrap();
    assert_no_raw_value(&text);
    let back: Row = serde_json::from_str(&text).unwrap();
    assert_eq!(keyring.open(&back.phone, &subject()).unwrap(), phone());
    assert_eq!(consent.open(&keyring, &back.email).unwrap(), email);
    let back: Row = postcard::from_bytes(&postcard::to_allocvec(&row).unwrap()).unwrap();
    assert_eq!(consent.open(&keyring, &back.email).unwrap(), email);

    // Garbage, without echoing it.
    for bad in [r#""not base64!""#, "14155552671", "true", "[1,2]", "null"] {
        let err = serde_json::from_str::<Sealed<PhoneNumber<TwoFactor>>>(bad).unwrap_err();
        let message = err.to_string();
        assert!(
            !message.contains("base64!") && !message.contains("4155"),
            "{message}"
        );
    }
    let err = serde_json::from_str::<Sealed<PhoneNumber<TwoFactor>>>(r#""@@""#).unwrap_err();
    assert!(
        err.to_string().starts_with("sealed value is malformed"),
        "{err}"
    );
}

#[cfg(feature = "rusqlite")]
#[test]
fn a_sealed_blob_column_is_looked_up_by_a_freshly_sealed_value() {
    use rusqlite::Connection;

    let db = Connection::open_in_memory().unwrap();
    db.execute_batch("CREATE TABLE users (id INTEGER PRIMARY KEY, phone BLOB UNIQUE, email BLOB)")
        .unwrap();
    let keyring = keyring();
    let consent = consent::<Marketing>(7);
    let email = consent.parse_email(EMAIL).unwrap();
    for (id, input) in [(1, "+14155552671"), (2, PHONE)] {
        let phone = PhoneNumber::<TwoFactor>::parse(input).unwrap().owned();
        db.execute(
            "INSERT INTO users (id, phone, email) VALUES (?1, ?2, ?3)",
            rusqlite::params![
                id,
                keyring.seal(&phone).unwrap(),
                keyring.seal(&email).unwrap()
            ],
        )
        .unwrap();
    }
    let kind_of: String = db
        .query_row("SELECT typeof(phone) FROM users WHERE id = 2", [], |row| {
            row.get(0)
        })
        .unwrap();
    assert_eq!(kind_of, "blob");

    // A fresh ring with the same key finds the row by equality.
    let fresh = Keyring::new(1, &mut { KEY_1 }).seal(&phone()).unwrap();
    let (id, stored, sealed_email): (
        i64,
        Sealed<PhoneNumber<TwoFactor>>,
        Sealed<EmailAddress<Marketing>>,
    ) = db
        .query_row(
            "SELECT id, phone, email FROM users WHERE phone = ?1",
            [&fresh],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .unwrap();
    assert_eq!(id, 2);
    assert_eq!(stored, fresh);
    assert_eq!(keyring.open(&stored, &subject()).unwrap(), phone());
    assert_eq!(consent.open(&keyring, &sealed_email).unwrap(), email);
    // The unique index refuses the same value twice.
    assert!(
        db.execute("INSERT INTO users (id, phone) VALUES (3, ?1)", [&fresh])
            .is_err()
    );
    // The same number sealed for another purpose finds nothing.
    let notice = keyring
        .seal(&PhoneNumber::<AccountNotice>::parse(PHONE).unwrap().owned())
        .unwrap();
    let found: i64 = db
        .query_row(
            "SELECT count(*) FROM users WHERE phone = ?1",
            [&notice],
            |row| row.get(0),
        )
        .unwrap();
    assert_eq!(found, 0);
    // A TEXT column is not a sealed value.
    let err = db
        .query_row("SELECT 'AQAAAAE'", [], |row| {
            row.get::<_, Sealed<PhoneNumber<TwoFactor>>>(0)
        })
        .unwrap_err();
    assert!(
        matches!(err, rusqlite::Error::InvalidColumnType(..)),
        "{err:?}"
    );
}

/// The longest address (254 octets, RFC 5321) seals into a body of 254 bytes
/// and opens back; one byte more is malformed before any decryption.
#[test]
fn the_longest_address_seals_and_one_byte_more_is_malformed() {
    let domain = format!(
        "{}.{}.{}.com",
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(57)
    );
    let address = format!("{}@{domain}", "a".repeat(64));
    assert_eq!(address.len(), 254);
    let keyring = keyring();
    let consent = consent::<Marketing>(7);
    let email = consent.parse_email(&address).unwrap();
    let sealed = keyring.seal(&email).unwrap();
    assert_eq!(sealed.as_bytes().len(), HEADER + TAG + 254);
    assert_eq!(consent.open(&keyring, &sealed).unwrap(), email);

    let mut long = sealed.as_bytes().to_vec();
    long.push(0);
    let long = Sealed::<EmailAddress<Marketing>>::from_bytes(long);
    // Too long for the current format; in the first format's layout (a
    // clear consent id before the tag) it is short enough, and does not
    // authenticate.
    assert_eq!(
        kind(consent.open(&keyring, &long)),
        OpenErrorKind::PurposeOrTampered
    );

    // Without a consent the two layouts are one: malformed before any
    // decryption.
    let notice = EmailAddress::<AccountNotice>::parse(&address)
        .unwrap()
        .owned();
    let mut long = keyring.seal(&notice).unwrap().as_bytes().to_vec();
    long.push(0);
    assert_eq!(
        kind(keyring.open(
            &Sealed::<EmailAddress<AccountNotice>>::from_bytes(long),
            &subject()
        )),
        OpenErrorKind::Malformed
    );
}

/// Equal sealed values hash equally and different ones apart, so that a set
/// or map keyed by sealed values spreads.
#[test]
fn sealed_values_hash_by_their_bytes() {
    use std::hash::BuildHasher;
    let hasher = std::collections::hash_map::RandomState::new();
    let keyring = keyring();
    let a = keyring.seal(&phone()).unwrap();
    assert_eq!(hasher.hash_one(&a), hasher.hash_one(a.clone()));
    assert_eq!(
        hasher.hash_one(&a),
        hasher.hash_one(keyring.seal(&phone()).unwrap())
    );
    let other = keyring
        .seal(
            &PhoneNumber::<TwoFactor>::parse("+14155552671")
                .unwrap()
                .owned(),
        )
        .unwrap();
    assert_ne!(hasher.hash_one(&a), hasher.hash_one(&other));
}

/// A map where a sealed value belongs is refused with serde's own message,
/// which names what was expected.
#[cfg(feature = "serde")]
#[test]
fn a_map_where_a_sealed_value_belongs_names_what_was_expected() {
    let err = serde_json::from_str::<Sealed<PhoneNumber<TwoFactor>>>(r#"{"a": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "invalid type: map, expected a sealed identifier: unpadded base64url text, or bytes"
        ),
        "{err}"
    );
}

/// Seals `plaintext` as an email address for `TwoFactor` under the key
/// `[7; 32]` named 1, outside the crate: the subkey from HKDF-SHA256 with
/// the sealing label, AES-SIV over the documented associated data.
fn sealed_outside(plaintext: &[u8]) -> Sealed<EmailAddress<TwoFactor>> {
    Sealed::from_bytes(seal_outside(b"email address", plaintext))
}

/// The bytes of `plaintext` sealed as a `kind` for `TwoFactor` under the key
/// `[7; 32]` named 1, outside the crate.
fn seal_outside(kind: &[u8], plaintext: &[u8]) -> Vec<u8> {
    use aes_siv::KeyInit;
    let mut subkey = [0u8; 64];
    hkdf::Hkdf::<sha2::Sha256>::new(None, &[7; 32])
        .expand(b"purpose-bound/v1/seal", &mut subkey)
        .unwrap();
    let header = [1, 0, 0, 0, 1];
    let ad: [&[u8]; 4] = [b"purpose-bound sealed v1", kind, b"two_factor", &header];
    let body = aes_siv::siv::Aes256Siv::new(&subkey.into())
        .encrypt(ad, plaintext)
        .unwrap();
    [&header[..], &body].concat()
}

/// What only the key's holder could seal, but `seal` never would: opening
/// checks the shape of what it decrypts, and says so.
#[test]
fn an_authentic_value_that_seal_never_writes_is_invalid() {
    let keyring = Keyring::new(1, &mut [7; 32]);
    // The construction is the documented one: a real address opens.
    let address = keyring
        .open(&sealed_outside(b"ada@example.com"), &subject())
        .unwrap();
    assert_eq!(address, EmailAddress::parse("ada@example.com").unwrap());
    assert_eq!(
        keyring
            .open(&sealed_outside(b"no-at-sign.example.com"), &subject())
            .unwrap_err()
            .kind(),
        OpenErrorKind::Invalid
    );
    // Phone numbers: `+`, 1 to 15 digits, no leading zero; nothing else.
    let phone = |plaintext: &[u8]| {
        keyring.open(
            &Sealed::<PhoneNumber<TwoFactor>>::from_bytes(seal_outside(b"phone number", plaintext)),
            &subject(),
        )
    };
    assert_eq!(
        phone(b"+442079460958").unwrap(),
        PhoneNumber::parse("+442079460958").unwrap()
    );
    for plaintext in [
        &b"+"[..],
        b"+0442079460958",
        b"+4420794609a8",
        b"+4420794609585555",
        b"442079460958",
    ] {
        assert_eq!(
            phone(plaintext).unwrap_err().kind(),
            OpenErrorKind::Invalid,
            "{}",
            String::from_utf8_lossy(plaintext)
        );
    }
    // Longer than any address: refused before it is decrypted.
    let long = [b"a@".to_vec(), vec![b'b'; 253]].concat();
    assert_eq!(
        keyring
            .open(&sealed_outside(&long), &subject())
            .unwrap_err()
            .kind(),
        OpenErrorKind::Malformed
    );
}
