//! The sealed form is Tink's deterministic AEAD, byte for byte: known
//! answers computed by Python's `tink` 1.16.1 (so that `cargo test` checks
//! the format without Python; `.ci/run` also runs `tests/tink/interop.py`
//! against what the crate writes); one sealing key per purpose, and a
//! `Keyset<P>` that holds only `P`'s; Tink's JSON keysets in and out, with
//! Tink's key statuses.

#![cfg(feature = "seal")]
#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use common::{FIELDS, Fields, Owned, consent, keyring, record_with, subject};
use purpose_bound::zeroize::Zeroizing;
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Consent, ConsentId, EmailAddress, KeyStatus,
    Keyring, KeyringErrorKind, Keyset, KeysetErrorKind, MAX_SUBJECT_ID_LEN, Marketing,
    OpenErrorKind, PhoneNumber, Sealed, Subject, TwoFactor,
};

const PHONE: &str = "+442079460958";
const EMAIL: &str = "ada@example.com";

/// The values Tink seals with the keyset the crate exports for the ring
/// `common::keyring()`, `Keyring::new(1, &mut [7; 32])`, under the
/// documented associated data, for the subject `user-42` (its tag
/// computed in Python too: the first 16 bytes of
/// `sha256(b"purpose-bound/subject/v1:user-42")`, in hex):
/// `tink.json_proto_keyset_format.parse(keyring.expose_tink_keyset::<P>())
/// .primitive(daead.DeterministicAead).encrypt_deterministically(value,
/// associated_data)`, unpadded base64url. The keys themselves were derived
/// in Python too, with `hmac`/`hashlib` (HKDF-SHA256, no salt, info
/// `purpose-bound/v2/seal/<tag>`, 64 bytes).
const TINK_TWO_FACTOR_PHONE: &str = "AQAAAAFaqzDPEyGBj8vw8ZUiQy9Y3c_gU-r3hc573wp0KA";
const TINK_MARKETING_EMAIL_CONSENT_7: &str = "AQAAAAFWwbK1cCJGz0lOSw_2nFDp8khNC_uCdaM7ujKgieox";
const TINK_ADVERTISING_PHONE_CONSENT_7: &str = "AQAAAAFN-0gN7vhvelaUU0UbKN8JBMw6m0N_W2bjsYthoQ";

/// The serialized `AesSivKey` (field 2, 64 bytes) of the advertising key
/// of that ring, in standard base64, as computed in Python.
const ADVERTISING_KEY_VALUE: &str =
    "EkDSUK37Ry99vPoKKic6tgIEYGTGpMy62XkTanziU6wX0oP0jW8/ergAoxv91kP+bjhKU5purYqWY8R+wgPnb9UX";

#[test]
fn the_crate_seals_what_tink_seals() {
    let keyring = keyring();
    let phone = PhoneNumber::<TwoFactor>::parse(PHONE).unwrap().owned();
    assert_eq!(
        keyring.seal(&phone).unwrap().to_string(),
        TINK_TWO_FACTOR_PHONE
    );
    let marketing = consent::<Marketing>(7);
    let email = marketing.parse_email(EMAIL).unwrap();
    assert_eq!(
        keyring.seal(&email).unwrap().to_string(),
        TINK_MARKETING_EMAIL_CONSENT_7
    );
    let advertising = consent::<Advertising>(7);
    let ad_phone = advertising.parse_phone(PHONE).unwrap();
    assert_eq!(
        keyring.seal(&ad_phone).unwrap().to_string(),
        TINK_ADVERTISING_PHONE_CONSENT_7
    );
    // And opens it.
    let stored: Sealed<PhoneNumber<TwoFactor>> = TINK_TWO_FACTOR_PHONE.parse().unwrap();
    assert_eq!(keyring.open(&stored, &subject()).unwrap(), phone);
    let stored: Sealed<PhoneNumber<Advertising>> =
        TINK_ADVERTISING_PHONE_CONSENT_7.parse().unwrap();
    assert_eq!(advertising.open(&keyring, &stored).unwrap(), ad_phone);
    // The exported keyset holds the key Python derived.
    let json = keyring.expose_tink_keyset::<Advertising>();
    assert!(json.contains(ADVERTISING_KEY_VALUE), "{}", json.len());
}

/// A keyset Tink generated (`tink.new_keyset_handle(daead.
/// deterministic_aead_key_templates.AES256_SIV)`, written with
/// `json_proto_keyset_format.serialize`), and values Tink sealed with it:
/// the crate reads the keyset and opens them.
const TINK_KEYSET: &str = r#"{
  "primaryKeyId": 1098828999,
  "key": [
    {
      "keyData": {
        "typeUrl": "type.googleapis.com/google.crypto.tink.AesSivKey",
        "value": "EkBQaJ6hNHrr4RuNQs/jhVXkxl1d5u+og3B99hzRQP9oiaBNPkYGWM63mxcErWF5nJ4NCqXqKstv7O0m4uAYTi2F",
        "keyMaterialType": "SYMMETRIC"
      },
      "status": "ENABLED",
      "keyId": 1098828999,
      "outputPrefixType": "TINK"
    }
  ]
}"#;
/// `+14155552671` for `Advertising` of `user-42` under consent 42.
const TINK_SEALED_PHONE: &str = "AUF-zMdrmOrpSyIYsTGrxdoXCPHyK5adsCiI-E4aRH_C";
/// `grace@example.com` for `Advertising` of `user-42` under consent 42.
const TINK_SEALED_EMAIL: &str = "AUF-zMe5l9tWZqiqc45yLGFr8n8Y2T2o4LuosnCZqqCjAG_1TOk";
/// `+14155552671` with the two-factor associated data of `user-42`, under
/// the same (advertising) key: what a misconfigured job might write.
const TINK_SEALED_TWO_FACTOR_UNDER_AD_KEY: &str = "AUF-zMedC305s-AodZhARMiJcwdB7Y4u5NB2Tt3CoC4A";
/// `+14155552671` for `Advertising` under consent 42 with the associated
/// data before subjects (`purpose-bound/sealed/v2;kind=phone;
/// purpose=advertising;consent=42`), as Tink sealed it then.
const TINK_SEALED_PHONE_V2: &str = "AUF-zMe1HGWsD1_h3KzbIZhQ6xWDSM4chevlhslTyVdw";
/// `PHONE` for `Advertising` under consent 7 with the associated data
/// before subjects, as Tink seals it with `common::keyring()`'s keyset.
const KEYRING_ADVERTISING_PHONE_V2_CONSENT_7: &str =
    "AQAAAAHJfcoisjDLaQODWnvIeUTk1NGxgGxs6a1FlTHIFA";

#[test]
fn the_crate_opens_what_tink_sealed_with_its_own_keyset() {
    let keyset = Keyset::<Advertising>::from_tink_json(TINK_KEYSET).unwrap();
    assert_eq!(keyset.primary(), 1_098_828_999);
    let (consent, other) = (consent::<Advertising>(42), consent::<Advertising>(43));
    let sealed: Sealed<PhoneNumber<Advertising>> = TINK_SEALED_PHONE.parse().unwrap();
    assert_eq!(
        consent.open(&keyset, &sealed).unwrap(),
        consent.parse_phone("+1 415 555 2671").unwrap()
    );
    let sealed: Sealed<EmailAddress<Advertising>> = TINK_SEALED_EMAIL.parse().unwrap();
    let email = consent.open(&keyset, &sealed).unwrap();
    assert_eq!(email, consent.parse_email("grace@example.com").unwrap());
    // The crate seals the same bytes with the imported keyset.
    assert_eq!(keyset.seal(&email).unwrap(), sealed);
    // Another consent's associated data does not open it.
    assert_eq!(
        other.open(&keyset, &sealed).unwrap_err().kind(),
        OpenErrorKind::PurposeOrTampered
    );
    // The export round-trips through the crate.
    let again = Keyset::<Advertising>::from_tink_json(&keyset.expose_tink_json()).unwrap();
    assert_eq!(consent.open(&again, &sealed).unwrap(), email);
    // A value with the two-factor associated data, under this key, is
    // still refused as advertising: the associated data names the purpose.
    let wrong: Sealed<PhoneNumber<Advertising>> =
        TINK_SEALED_TWO_FACTOR_UNDER_AD_KEY.parse().unwrap();
    assert_eq!(
        consent.open(&keyset, &wrong).unwrap_err().kind(),
        OpenErrorKind::PurposeOrTampered
    );
}

#[test]
fn each_purpose_has_its_own_key() {
    let keyring = keyring();
    let tags = [
        keyring.expose_tink_keyset::<TwoFactor>(),
        keyring.expose_tink_keyset::<AccountNotice>(),
        keyring.expose_tink_keyset::<(TwoFactor, AccountNotice)>(),
        keyring.expose_tink_keyset::<Marketing>(),
        keyring.expose_tink_keyset::<Advertising>(),
    ];
    for (i, a) in tags.iter().enumerate() {
        for b in &tags[i + 1..] {
            assert_ne!(a, b);
        }
    }

    // The advertising keys do not open a two-factor value under any
    // associated data: the key is another. (The types refuse it too: a
    // `Keyset<Advertising>` cannot be asked; see ui-tests/.)
    let phone = PhoneNumber::<TwoFactor>::parse(PHONE).unwrap().owned();
    let two_factor = keyring.seal(&phone).unwrap();
    let advertising = keyring.keyset::<Advertising>();
    let consent = consent::<Advertising>(7);
    let as_advertising: Sealed<PhoneNumber<Advertising>> =
        Sealed::from_bytes(two_factor.as_bytes());
    assert_eq!(
        consent
            .open(&advertising, &as_advertising)
            .unwrap_err()
            .kind(),
        OpenErrorKind::PurposeOrTampered
    );
    // Even with the key of the keyring that holds both, the purpose in the
    // associated data keeps them apart.
    assert_eq!(
        consent.open(&keyring, &as_advertising).unwrap_err().kind(),
        OpenErrorKind::PurposeOrTampered
    );
    // The two-factor keyset opens it, and is the only one that does.
    assert_eq!(
        keyring
            .keyset::<TwoFactor>()
            .open(&two_factor, &subject())
            .unwrap(),
        phone
    );
    let notice: Sealed<PhoneNumber<AccountNotice>> = Sealed::from_bytes(two_factor.as_bytes());
    assert_eq!(
        keyring
            .keyset::<AccountNotice>()
            .open(&notice, &subject())
            .unwrap_err()
            .kind(),
        OpenErrorKind::PurposeOrTampered
    );
}

#[test]
fn associated_data_is_documented_text() {
    const TAG: &str = "f93ffa5367ec5edc3309e8478b372814";
    let text = |ad: Vec<u8>| String::from_utf8(ad).unwrap();
    assert_eq!(subject().tag().hex().as_str(), TAG);
    assert_eq!(
        text(Sealed::<PhoneNumber<TwoFactor>>::associated_data(
            &subject(),
            None
        )),
        format!("purpose-bound/sealed/v3;kind=phone;purpose=two_factor;subject={TAG}")
    );
    assert_eq!(
        text(Sealed::<EmailAddress<(TwoFactor, AccountNotice)>>::associated_data(&subject(), None)),
        format!(
            "purpose-bound/sealed/v3;kind=email;purpose=two_factor+account_notice;subject={TAG}"
        )
    );
    assert_eq!(
        text(Sealed::<EmailAddress<Marketing>>::associated_data(
            &subject(),
            ConsentId::new(7)
        )),
        format!("purpose-bound/sealed/v3;kind=email;purpose=marketing;subject={TAG};consent=7")
    );
    // The longest: a set of three, the largest consent id, and any subject,
    // whose tag has a fixed length however long its account id.
    let longest_id = Subject::new(&"9".repeat(MAX_SUBJECT_ID_LEN)).unwrap();
    let longest = text(Sealed::<
        EmailAddress<(TwoFactor, AccountRecovery, AccountNotice)>,
    >::associated_data(&longest_id, ConsentId::new(u64::MAX)));
    assert_eq!(
        longest,
        format!(
            "purpose-bound/sealed/v3;kind=email;purpose=two_factor+account_recovery+account_notice;\
             subject={};consent=18446744073709551615",
            longest_id.tag().hex().as_str()
        )
    );
    assert_eq!(longest.len(), 155);
}

#[test]
fn a_value_of_another_subject_does_not_open_and_the_previous_format_opens_until_resealed() {
    let keyset = Keyset::<Advertising>::from_tink_json(TINK_KEYSET).unwrap();
    let ada = consent::<Advertising>(42);
    // The same consent id, given by another account: its row holds the
    // value copied from Ada's.
    let grace = Consent::<Advertising>::new(record_with(
        42,
        Fields {
            subject: "user-43",
            ..FIELDS
        },
    ))
    .unwrap();
    let sealed: Sealed<PhoneNumber<Advertising>> = TINK_SEALED_PHONE.parse().unwrap();
    assert!(ada.open(&keyset, &sealed).is_ok());
    assert_eq!(
        grace.open(&keyset, &sealed).unwrap_err().kind(),
        OpenErrorKind::PurposeOrTampered
    );
    // A value of the format before subjects binds none: it opens for the
    // subject whose row holds it, until it is resealed.
    let old: Sealed<PhoneNumber<Advertising>> = TINK_SEALED_PHONE_V2.parse().unwrap();
    assert!(ada.open(&keyset, &old).unwrap().is_owned_by(ada.subject()));
    assert!(
        grace
            .open(&keyset, &old)
            .unwrap()
            .is_owned_by(grace.subject())
    );

    // The same under the crate's own keyring: a value of the previous
    // format under key 1, resealed under key 2, then key 1 disabled. From
    // then on the copy in another account's row opens nowhere.
    let mut keyring = keyring();
    let ada = consent::<Advertising>(7);
    let grace = Consent::<Advertising>::new(record_with(
        7,
        Fields {
            subject: "user-43",
            ..FIELDS
        },
    ))
    .unwrap();
    let old: Sealed<PhoneNumber<Advertising>> =
        KEYRING_ADVERTISING_PHONE_V2_CONSENT_7.parse().unwrap();
    assert!(grace.open(&keyring, &old).is_ok());
    keyring.rotate(2, &mut [9; 32]).unwrap();
    let moved = ada.reseal(&keyring, &old).unwrap();
    assert_eq!(moved.key_id(), Some(2));
    assert!(ada.open(&keyring, &moved).is_ok());
    keyring.disable(1).unwrap();
    assert_eq!(
        grace.open(&keyring, &old).unwrap_err().kind(),
        OpenErrorKind::DisabledKey
    );
    assert_eq!(
        grace.open(&keyring, &moved).unwrap_err().kind(),
        OpenErrorKind::PurposeOrTampered
    );
}

#[test]
fn a_keyset_seals_and_opens_as_its_keyring_does() {
    let mut keyring = keyring();
    let phone = PhoneNumber::<TwoFactor>::parse(PHONE).unwrap().owned();
    let old = keyring.seal(&phone).unwrap();
    keyring.rotate(2, &mut [9; 32]).unwrap();
    let keyset = keyring.keyset::<TwoFactor>();
    assert_eq!(keyset.primary(), 2);
    assert_eq!(keyset.seal(&phone).unwrap(), keyring.seal(&phone).unwrap());
    assert_eq!(keyset.open(&old, &subject()).unwrap(), phone);
    let moved = keyset.reseal(&old, &subject()).unwrap();
    assert_eq!(moved.key_id(), Some(2));
    assert_eq!(moved, keyring.seal(&phone).unwrap());
    assert_eq!(
        format!("{keyset:?}"),
        "Keyset<TwoFactor> { primary: 2, keys: [2, 1] }"
    );
    // Consent purposes, through the consent, with a keyset.
    let consent = consent::<Marketing>(7);
    let email = consent.parse_email(EMAIL).unwrap();
    let keyset = keyring.keyset::<Marketing>();
    let sealed = keyset.seal(&email).unwrap();
    assert_eq!(sealed, keyring.seal(&email).unwrap());
    assert_eq!(consent.open(&keyset, &sealed).unwrap(), email);
    assert_eq!(consent.reseal(&keyset, &sealed).unwrap(), sealed);
}

#[test]
fn key_status_follows_tink() {
    let mut keyring = keyring();
    let phone = PhoneNumber::<TwoFactor>::parse(PHONE).unwrap().owned();
    let under_1 = keyring.seal(&phone).unwrap();

    // Added, not primary: reads, does not seal.
    keyring.add(2, &mut [9; 32]).unwrap();
    assert_eq!(keyring.primary(), 1);
    assert_eq!(keyring.status(2), Some(KeyStatus::Enabled));
    assert_eq!(keyring.seal(&phone).unwrap().key_id(), Some(1));
    let json = keyring.expose_tink_keyset::<TwoFactor>();
    assert!(json.starts_with(r#"{"primaryKeyId":1,"#), "{}", json.len());
    assert_eq!(json.matches(r#""status":"ENABLED""#).count(), 2);

    // Promoted once every reader has it.
    keyring.promote(2).unwrap();
    let under_2 = keyring.seal(&phone).unwrap();
    assert_eq!(under_2.key_id(), Some(2));
    assert_eq!(keyring.open(&under_1, &subject()).unwrap(), phone);

    // Disabled: no longer opens, and can come back.
    keyring.disable(1).unwrap();
    assert_eq!(
        keyring.open(&under_1, &subject()).unwrap_err().kind(),
        OpenErrorKind::DisabledKey
    );
    assert_eq!(
        keyring
            .keyset::<TwoFactor>()
            .open(&under_1, &subject())
            .unwrap_err()
            .kind(),
        OpenErrorKind::DisabledKey
    );
    let json = keyring.expose_tink_keyset::<TwoFactor>();
    assert!(
        json.contains(r#""status":"DISABLED","keyId":1,"outputPrefixType":"TINK"}"#),
        "{}",
        json.len()
    );
    let imported = Keyset::<TwoFactor>::from_tink_json(&json).unwrap();
    assert_eq!(imported.status(1), Some(KeyStatus::Disabled));
    assert_eq!(
        imported.open(&under_1, &subject()).unwrap_err().kind(),
        OpenErrorKind::DisabledKey
    );
    assert_eq!(imported.open(&under_2, &subject()).unwrap(), phone);
    keyring.enable(1).unwrap();
    assert_eq!(keyring.open(&under_1, &subject()).unwrap(), phone);

    // The primary is never disabled or destroyed.
    assert_eq!(
        keyring.disable(2).unwrap_err().kind(),
        KeyringErrorKind::Primary
    );
    assert_eq!(
        keyring.destroy(2).unwrap_err().kind(),
        KeyringErrorKind::Primary
    );

    // Destroyed: gone, its id stays taken, and Tink's keyset shows it
    // with no key data.
    keyring.destroy(1).unwrap();
    assert_eq!(keyring.status(1), Some(KeyStatus::Destroyed));
    assert_eq!(
        keyring.open(&under_1, &subject()).unwrap_err().kind(),
        OpenErrorKind::DisabledKey
    );
    assert_eq!(
        keyring.enable(1).unwrap_err().kind(),
        KeyringErrorKind::NotEnabled
    );
    assert_eq!(
        keyring.promote(1).unwrap_err().kind(),
        KeyringErrorKind::NotEnabled
    );
    assert_eq!(
        keyring.add(1, &mut [7; 32]).unwrap_err().kind(),
        KeyringErrorKind::DuplicateId
    );
    assert_eq!(
        keyring.disable(3).unwrap_err().kind(),
        KeyringErrorKind::UnknownId
    );
    let json = keyring.expose_tink_keyset::<TwoFactor>();
    assert!(
        json.ends_with(r#",{"status":"DESTROYED","keyId":1,"outputPrefixType":"TINK"}]}"#),
        "{}",
        json.len()
    );
    let imported = Keyset::<TwoFactor>::from_tink_json(&json).unwrap();
    assert_eq!(imported.status(1), Some(KeyStatus::Destroyed));
    assert_eq!(imported.open(&under_2, &subject()).unwrap(), phone);
    assert_eq!(
        format!("{keyring:?}"),
        "Keyring { primary: 2, keys: [2], destroyed: [1] }"
    );
    assert_eq!(
        format!("{imported:?}"),
        "Keyset<TwoFactor> { primary: 2, keys: [2], destroyed: [1] }"
    );
}

#[test]
fn keysets_that_are_not_ours_to_read_are_refused_without_echo() {
    let secret =
        "EkBQaJ6hNHrr4RuNQs/jhVXkxl1d5u+og3B99hzRQP9oiaBNPkYGWM63mxcErWF5nJ4NCqXqKstv7O0m4uAYTi2F";
    let cases: [(String, KeysetErrorKind); 11] = [
        ("not json {".into(), KeysetErrorKind::NotAKeyset),
        (r#"{"primaryKeyId": 1}"#.into(), KeysetErrorKind::NotAKeyset),
        (TINK_KEYSET.replace("AesSivKey", "AesGcmKey"), KeysetErrorKind::KeyType),
        (TINK_KEYSET.replace("SYMMETRIC", "ASYMMETRIC_PRIVATE"), KeysetErrorKind::KeyType),
        (TINK_KEYSET.replace("\"TINK\"", "\"RAW\""), KeysetErrorKind::OutputPrefix),
        (TINK_KEYSET.replace("\"ENABLED\"", "\"UNKNOWN_STATUS\""), KeysetErrorKind::Status),
        (TINK_KEYSET.replace("\"primaryKeyId\": 1098828999", "\"primaryKeyId\": 5"), KeysetErrorKind::NoPrimary),
        (TINK_KEYSET.replace("\"ENABLED\"", "\"DISABLED\""), KeysetErrorKind::NoPrimary),
        // A 32-byte key (AES-SIV-128 in Tink's terms): refused.
        (TINK_KEYSET.replace(secret, "EiBQaJ6hNHrr4RuNQs/jhVXkxl1d5u+og3B99hzRQP9oiQ=="), KeysetErrorKind::KeyMaterial),
        (TINK_KEYSET.replace(secret, "not base64!"), KeysetErrorKind::KeyMaterial),
        // Version 1 of the key proto.
        (TINK_KEYSET.replace(secret, "CAESQFBonqE0euvhG41Cz+OFVeTGXV3m76iDcH32HNFA/2iJoE0+RgZYzrebFwStYXmcng0Kpeoqy2/s7Sbi4BhOLYU="), KeysetErrorKind::KeyVersion),
    ];
    for (json, expected) in cases {
        let err = Keyset::<Advertising>::from_tink_json(&json).unwrap_err();
        assert_eq!(err.kind(), expected, "{err}");
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(
                !shown.contains("EkBQ") && !shown.contains("UGie"),
                "{shown}"
            );
            assert!(!shown.contains(&json), "{shown}");
        }
    }
    // Two keys with one id.
    let two = TINK_KEYSET.replace(
        "  ]\n}",
        &format!(
            r#"  ,{{"keyData": {{"typeUrl": "type.googleapis.com/google.crypto.tink.AesSivKey", "value": "{secret}", "keyMaterialType": "SYMMETRIC"}}, "status": "ENABLED", "keyId": 1098828999, "outputPrefixType": "TINK"}}]}}"#
        ),
    );
    let err = Keyset::<Advertising>::from_tink_json(&two).unwrap_err();
    assert_eq!(err.kind(), KeysetErrorKind::DuplicateId);
    assert_eq!(err.key_id(), Some(1_098_828_999));
    assert_eq!(
        err.to_string(),
        "the keyset has two keys with one id (key 1098828999)"
    );
}

#[test]
fn debug_never_shows_a_key() {
    let keyring = keyring();
    let keyset = Keyset::<Advertising>::from_tink_json(TINK_KEYSET).unwrap();
    let shown = format!("{keyset:?} {keyset:#?} {keyring:?}");
    assert!(!shown.contains("EkBQ"), "{shown}");
    assert_eq!(
        format!("{keyset:?}"),
        "Keyset<Advertising> { primary: 1098828999, keys: [1098828999] }"
    );
}

/// Key material is wiped when the keyring takes it: the caller's buffer
/// holds zeros afterwards, whether the key was taken or refused.
#[test]
fn key_material_is_wiped_when_taken() {
    let mut secret = [7u8; 32];
    let mut keyring = Keyring::new(1, &mut secret);
    assert_eq!(secret, [0; 32]);
    let mut next = [9u8; 32];
    keyring.rotate(2, &mut next).unwrap();
    assert_eq!(next, [0; 32]);
    let mut again = [9u8; 32];
    assert!(keyring.add(2, &mut again).is_err());
    assert_eq!(again, [0; 32]);
    // A `Zeroizing` array is taken by value and wiped on drop.
    keyring.add(3, Zeroizing::new([5u8; 32])).unwrap();
    // The keys are the same as before the change: what a wiped buffer
    // sealed is what the bytes sealed.
    let phone = PhoneNumber::<TwoFactor>::parse(PHONE).unwrap().owned();
    assert_eq!(
        Keyring::new(1, &mut [7; 32])
            .seal(&phone)
            .unwrap()
            .to_string(),
        TINK_TWO_FACTOR_PHONE
    );
}
