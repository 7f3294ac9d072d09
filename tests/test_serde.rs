//! The wire form through serde: round trips, purpose mismatches, tampered and
//! garbage values, consents, and the intake adaptor for bare user input.

#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

use std::time::Duration;

use proptest::prelude::*;
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Consent, ConsentChannel, ConsentRecord,
    EmailAddress, Marketing, PhoneNumber, Purpose, TwoFactor,
};
use serde::{Deserialize, Serialize};

const PHONE: &str = "+14155552671";
const EMAIL: &str = "ada@example.com";

fn record(subject: &str) -> ConsentRecord {
    ConsentRecord {
        subject: subject.into(),
        given_at: Duration::new(1_767_225_600, 250_000_000),
        wording: "newsletter-v3".into(),
        channel: ConsentChannel::InPerson,
    }
}

fn marketing() -> Consent<Marketing> {
    Consent::new(record("user-42")).unwrap()
}

fn advertising() -> Consent<Advertising> {
    Consent::new(record("user-42")).unwrap()
}

/// A JSON string literal holding `text`.
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Reads `stored` through JSON and postcard as both kinds for `P`,
/// checks the two formats agree, and returns the JSON error messages.
fn read_both<P: Purpose>(stored: &str) -> (Result<(), String>, Result<(), String>) {
    let phone_json = serde_json::from_str::<PhoneNumber<P>>(&json(stored));
    let email_json = serde_json::from_str::<EmailAddress<P>>(&json(stored));
    let bytes = postcard::to_allocvec(stored).unwrap();
    let phone_postcard = postcard::from_bytes::<PhoneNumber<P>>(&bytes);
    let email_postcard = postcard::from_bytes::<EmailAddress<P>>(&bytes);
    assert_eq!(phone_json.is_ok(), phone_postcard.is_ok(), "{stored:?}");
    assert_eq!(email_json.is_ok(), email_postcard.is_ok(), "{stored:?}");
    (
        phone_json.map(drop).map_err(|e| e.to_string()),
        email_json.map(drop).map_err(|e| e.to_string()),
    )
}

macro_rules! for_each_purpose {
    ($check:ident) => {
        $check::<TwoFactor>();
        $check::<AccountRecovery>();
        $check::<AccountNotice>();
        $check::<Marketing>();
        $check::<Advertising>();
    };
}

#[test]
fn serializes_the_tagged_form() {
    let phone = PhoneNumber::<TwoFactor>::parse("+1 (415) 555-2671").unwrap();
    assert_eq!(
        serde_json::to_string(&phone).unwrap(),
        r#""two_factor:+14155552671""#
    );
    let email = marketing().parse_email(" ada@EXAMPLE.com ").unwrap();
    assert_eq!(
        serde_json::to_string(&email).unwrap(),
        r#""marketing:ada@example.com""#
    );
    let phone = advertising().parse_phone("+44 20 7946 0958").unwrap();
    assert_eq!(
        serde_json::to_string(&phone).unwrap(),
        r#""advertising:+442079460958""#
    );
    let email = EmailAddress::<AccountRecovery>::parse("Ada@example.com").unwrap();
    assert_eq!(
        serde_json::to_string(&email).unwrap(),
        r#""account_recovery:Ada@example.com""#
    );
    let phone = PhoneNumber::<AccountNotice>::parse(PHONE).unwrap();
    assert_eq!(
        serde_json::to_string(&phone).unwrap(),
        r#""account_notice:+14155552671""#
    );
}

#[test]
fn every_purpose_round_trips_through_json_and_postcard() {
    fn check<P: Purpose>() {
        let stored_phone = format!("{}:{PHONE}", P::TAG);
        let stored_email = format!("{}:{EMAIL}", P::TAG);
        let phone: PhoneNumber<P> = serde_json::from_str(&json(&stored_phone)).unwrap();
        let email: EmailAddress<P> = serde_json::from_str(&json(&stored_email)).unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), json(&stored_phone));
        assert_eq!(serde_json::to_string(&email).unwrap(), json(&stored_email));

        let bytes = postcard::to_allocvec(&phone).unwrap();
        assert_eq!(bytes, postcard::to_allocvec(stored_phone.as_str()).unwrap());
        assert_eq!(
            postcard::from_bytes::<PhoneNumber<P>>(&bytes).unwrap(),
            phone
        );
        let bytes = postcard::to_allocvec(&email).unwrap();
        assert_eq!(bytes, postcard::to_allocvec(stored_email.as_str()).unwrap());
        assert_eq!(
            postcard::from_bytes::<EmailAddress<P>>(&bytes).unwrap(),
            email
        );
    }
    for_each_purpose!(check);
}

#[test]
fn a_struct_of_identifiers_round_trips() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct User {
        id: u64,
        two_factor: PhoneNumber<TwoFactor>,
        recovery: EmailAddress<AccountRecovery>,
        newsletter: Option<EmailAddress<Marketing>>,
        newsletter_consent: Option<Consent<Marketing>>,
    }

    let user = User {
        id: 42,
        two_factor: PHONE.parse().unwrap(),
        recovery: EMAIL.parse().unwrap(),
        newsletter: Some(marketing().parse_email(EMAIL).unwrap()),
        newsletter_consent: Some(marketing()),
    };
    let text = serde_json::to_string(&user).unwrap();
    assert!(
        text.contains(r#""two_factor":"two_factor:+14155552671""#),
        "{text}"
    );
    assert_eq!(serde_json::from_str::<User>(&text).unwrap(), user);
    let bytes = postcard::to_allocvec(&user).unwrap();
    assert_eq!(postcard::from_bytes::<User>(&bytes).unwrap(), user);
}

#[test]
fn a_value_is_never_read_under_another_purpose() {
    fn stored_as<Q: Purpose>() {
        fn read_as<P: Purpose, Q: Purpose>() {
            let stored = format!("{}:{PHONE}", Q::TAG);
            let phone = serde_json::from_str::<PhoneNumber<P>>(&json(&stored));
            let stored_email = format!("{}:{EMAIL}", Q::TAG);
            let email = serde_json::from_str::<EmailAddress<P>>(&json(&stored_email));
            if P::TAG == Q::TAG {
                assert!(phone.is_ok() && email.is_ok());
                return;
            }
            let phone = phone.unwrap_err().to_string();
            assert!(
                phone.starts_with(&format!(
                    "purpose mismatch: expected a phone number collected for `{}`, found one collected for `{}`",
                    P::TAG,
                    Q::TAG
                )),
                "{phone}"
            );
            assert!(
                !phone.contains("4155552671") && !phone.contains("2671"),
                "{phone}"
            );
            let email = email.unwrap_err().to_string();
            assert!(
                email.starts_with(&format!(
                    "purpose mismatch: expected an email address collected for `{}`, found one collected for `{}`",
                    P::TAG,
                    Q::TAG
                )),
                "{email}"
            );
            assert!(
                !email.contains("ada") && !email.contains("example"),
                "{email}"
            );

            let bytes = postcard::to_allocvec(stored.as_str()).unwrap();
            assert!(postcard::from_bytes::<PhoneNumber<P>>(&bytes).is_err());
        }
        read_as::<TwoFactor, Q>();
        read_as::<AccountRecovery, Q>();
        read_as::<AccountNotice, Q>();
        read_as::<Marketing, Q>();
        read_as::<Advertising, Q>();
    }
    for_each_purpose!(stored_as);
}

#[test]
fn the_incident_column_is_refused_with_both_purposes_named() {
    // A two-factor number, read by an advertising job.
    let err = serde_json::from_str::<PhoneNumber<Advertising>>(r#""two_factor:+14155552671""#)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "purpose mismatch: expected a phone number collected for `advertising`, \
         found one collected for `two_factor` at line 1 column 25"
    );
}

#[test]
fn garbage_is_refused_without_echoing_it() {
    let long = format!("two_factor:+1{}", "4".repeat(10_000));
    let cases: &[(&str, &str)] = &[
        ("", "has no purpose tag: expected `two_factor:…`"),
        ("+14155552671", "has no purpose tag"),
        (":+14155552671", "has no purpose tag"),
        ("two_factor", "has no purpose tag"),
        (
            "ads:+14155552671",
            "has an unknown purpose tag: expected `two_factor`",
        ),
        ("TWO_FACTOR:+14155552671", "has an unknown purpose tag"),
        ("two_factor :+14155552671", "has an unknown purpose tag"),
        ("two_factor:", "is not in canonical form"),
        ("two_factor:+", "is not in canonical form"),
        ("two_factor:14155552671", "is not in canonical form"),
        ("two_factor:+1 415 555 2671", "is not in canonical form"),
        ("two_factor: +14155552671", "is not in canonical form"),
        ("two_factor:+1415555267l", "is not in canonical form"),
        ("two_factor:tel:+14155552671", "is not in canonical form"),
        ("two_factor:+014155552671", "is not in canonical form"),
        ("two_factor:+1415", "fails validation: invalid phone number"),
        (
            "two_factor:+14155552671444444",
            "fails validation: invalid phone number",
        ),
        (long.as_str(), "is longer than any valid one"),
    ];
    for (stored, expected) in cases {
        let err = serde_json::from_str::<PhoneNumber<TwoFactor>>(&json(stored))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{stored:?}: {err}");
        assert!(
            !err.contains("4155") && !err.contains("1415"),
            "{stored:?}: {err}"
        );
        let bytes = postcard::to_allocvec(*stored).unwrap();
        assert!(postcard::from_bytes::<PhoneNumber<TwoFactor>>(&bytes).is_err());
    }

    let email_cases: &[(&str, &str)] = &[
        ("ada@example.com", "has no purpose tag"),
        ("marketing:", "fails validation: invalid email address"),
        (
            "marketing:ada.example.com",
            "fails validation: invalid email address: no @",
        ),
        ("marketing: ada@example.com", "is not in canonical form"),
        ("marketing:ada@example.com\n", "is not in canonical form"),
    ];
    for (stored, expected) in email_cases {
        let err = serde_json::from_str::<EmailAddress<Marketing>>(&json(stored))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{stored:?}: {err}");
        assert!(
            !err.contains("ada") && !err.contains("example"),
            "{stored:?}: {err}"
        );
    }
    let huge = format!("marketing:{}@example.com", "a".repeat(300));
    let err = serde_json::from_str::<EmailAddress<Marketing>>(&json(&huge)).unwrap_err();
    assert!(
        err.to_string().contains("is longer than any valid one"),
        "{err}"
    );
}

#[test]
fn values_that_are_not_strings_are_refused_without_echoing_them() {
    for text in [
        "14155552671",
        "-14155552671",
        "14155552671.5",
        "true",
        "null",
        r#"["two_factor:+14155552671"]"#,
        r#"{"two_factor":"+14155552671"}"#,
        "340282366920938463463374607431768211455",
    ] {
        let err = serde_json::from_str::<PhoneNumber<TwoFactor>>(text)
            .unwrap_err()
            .to_string();
        assert!(!err.contains("4155"), "{text}: {err}");
        assert!(!err.contains("34028236692"), "{text}: {err}");
    }
    let err = serde_json::from_str::<PhoneNumber<TwoFactor>>("14155552671").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("stored phone number is not text: expected the string `two_factor:…`"),
        "{err}"
    );

    // Bytes that are UTF-8 are read as text; others are refused.
    type Bytes<'a> = serde::de::value::BytesDeserializer<'a, serde::de::value::Error>;
    let phone = PhoneNumber::<TwoFactor>::deserialize(Bytes::new(b"two_factor:+14155552671"));
    assert_eq!(phone.unwrap(), PhoneNumber::parse(PHONE).unwrap());
    let err = PhoneNumber::<TwoFactor>::deserialize(Bytes::new(b"two_factor:+1415\xff5552671"))
        .unwrap_err();
    assert!(
        err.to_string()
            .starts_with("stored phone number is not text"),
        "{err}"
    );
}

#[test]
fn consents_round_trip_with_their_purpose() {
    let consent = marketing();
    let text = serde_json::to_string(&consent).unwrap();
    assert_eq!(
        text,
        r#"{"purpose":"marketing","subject":"user-42","given_at":{"secs":1767225600,"nanos":250000000},"wording":"newsletter-v3","channel":"in_person"}"#
    );
    assert_eq!(
        serde_json::from_str::<Consent<Marketing>>(&text).unwrap(),
        consent
    );
    let bytes = postcard::to_allocvec(&consent).unwrap();
    assert_eq!(
        postcard::from_bytes::<Consent<Marketing>>(&bytes).unwrap(),
        consent
    );

    let consent = advertising();
    let text = serde_json::to_string(&consent).unwrap();
    assert!(text.starts_with(r#"{"purpose":"advertising","#));
    assert_eq!(
        serde_json::from_str::<Consent<Advertising>>(&text).unwrap(),
        consent
    );

    // Fields in any order.
    let reordered = r#"{"channel":"web","wording":"w","given_at":{"secs":1,"nanos":0},"subject":"s","purpose":"marketing"}"#;
    let consent = serde_json::from_str::<Consent<Marketing>>(reordered).unwrap();
    assert_eq!(consent.record().channel, ConsentChannel::Web);
    assert_eq!(consent.record().given_at, Duration::from_secs(1));
}

#[test]
fn every_consent_channel_round_trips() {
    for (channel, name) in [
        (ConsentChannel::Web, "web"),
        (ConsentChannel::App, "app"),
        (ConsentChannel::Email, "email"),
        (ConsentChannel::Sms, "sms"),
        (ConsentChannel::Voice, "voice"),
        (ConsentChannel::InPerson, "in_person"),
        (ConsentChannel::Paper, "paper"),
    ] {
        assert_eq!(serde_json::to_string(&channel).unwrap(), json(name));
        assert_eq!(
            serde_json::from_str::<ConsentChannel>(&json(name)).unwrap(),
            channel
        );
        let bytes = postcard::to_allocvec(&channel).unwrap();
        assert_eq!(
            postcard::from_bytes::<ConsentChannel>(&bytes).unwrap(),
            channel
        );
    }
    let err = serde_json::from_str::<ConsentChannel>(r#""carrier pigeon""#).unwrap_err();
    assert!(
        err.to_string().starts_with("unknown consent channel"),
        "{err}"
    );
    assert!(!err.to_string().contains("pigeon"));
}

#[test]
fn a_consent_is_never_read_under_another_purpose() {
    let text = serde_json::to_string(&marketing()).unwrap();
    let err = serde_json::from_str::<Consent<Advertising>>(&text).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "purpose mismatch: expected a consent to `advertising`, found one to `marketing`"
        ),
        "{err}"
    );
    let bytes = postcard::to_allocvec(&advertising()).unwrap();
    assert!(postcard::from_bytes::<Consent<Marketing>>(&bytes).is_err());

    // A consent can only be to a consent-based purpose; a stored one claiming
    // another purpose is refused all the same.
    let two_factor = text.replace(r#""marketing""#, r#""two_factor""#);
    let err = serde_json::from_str::<Consent<Marketing>>(&two_factor).unwrap_err();
    assert!(
        err.to_string().contains("found one to `two_factor`"),
        "{err}"
    );
}

#[test]
fn tampered_consents_are_refused() {
    let good = serde_json::to_value(marketing()).unwrap();
    let with = |key: &str, value: serde_json::Value| {
        let mut v = good.clone();
        v[key] = value;
        serde_json::from_value::<Consent<Marketing>>(v)
            .unwrap_err()
            .to_string()
    };
    assert!(
        with("purpose", "ads".into())
            .starts_with("stored consent has an unknown purpose tag: expected `marketing`")
    );
    assert!(with("purpose", 1.into()).starts_with("expected a purpose tag as text"));
    assert_eq!(
        with("subject", " ".into()),
        "consent record: the subject is empty"
    );
    assert_eq!(
        with("wording", "".into()),
        "consent record: the wording is empty"
    );
    assert!(with("channel", "fax".into()).starts_with("unknown consent channel"));
    assert!(with("given_at", "yesterday".into()).contains("invalid type"));
    assert!(with("extra", 1.into()).starts_with("unknown field in a consent"));

    for field in ["purpose", "subject", "given_at", "wording", "channel"] {
        let mut v = good.clone();
        v.as_object_mut().unwrap().remove(field);
        let err = serde_json::from_value::<Consent<Marketing>>(v).unwrap_err();
        assert_eq!(err.to_string(), format!("missing field `{field}`"));
    }

    let duplicated = r#"{"purpose":"marketing","purpose":"marketing","subject":"s","given_at":{"secs":1,"nanos":0},"wording":"w","channel":"web"}"#;
    let err = serde_json::from_str::<Consent<Marketing>>(duplicated).unwrap_err();
    assert!(
        err.to_string().starts_with("duplicate field `purpose`"),
        "{err}"
    );

    // A truncated binary consent.
    let bytes = postcard::to_allocvec(&marketing()).unwrap();
    for len in 0..bytes.len() {
        assert!(postcard::from_bytes::<Consent<Marketing>>(&bytes[..len]).is_err());
    }
}

#[derive(Deserialize, Debug)]
struct SignUp {
    #[serde(deserialize_with = "purpose_bound::intake")]
    phone: PhoneNumber<TwoFactor>,
    #[serde(deserialize_with = "purpose_bound::intake")]
    recovery: EmailAddress<AccountRecovery>,
    #[serde(deserialize_with = "purpose_bound::intake")]
    notices: PhoneNumber<AccountNotice>,
}

#[test]
fn intake_reads_bare_user_input() {
    let form: SignUp = serde_json::from_str(
        r#"{"phone": " +1 (415) 555-2671 ", "recovery": "Ada@Example.COM", "notices": "+44 20-7946-0958"}"#,
    )
    .unwrap();
    assert_eq!(form.phone, PhoneNumber::parse(PHONE).unwrap());
    assert_eq!(
        form.recovery,
        EmailAddress::parse("Ada@example.com").unwrap()
    );
    assert_eq!(form.notices, PhoneNumber::parse("+442079460958").unwrap());
    assert_eq!(
        serde_json::to_string(&form.phone).unwrap(),
        r#""two_factor:+14155552671""#
    );
}

#[test]
fn intake_errors_never_echo_the_input() {
    let read = |phone: &str, recovery: &str| {
        let text = format!(
            r#"{{"phone": {}, "recovery": {}, "notices": "+14155552671"}}"#,
            json(phone),
            json(recovery)
        );
        serde_json::from_str::<SignUp>(&text)
            .err()
            .map(|e| e.to_string())
    };
    let err = read("+1 415 555 267I", EMAIL).unwrap();
    assert!(
        err.starts_with("invalid phone number: letter at character 14"),
        "{err}"
    );
    assert!(!err.contains("555"));
    let err = read("415 555 2671", EMAIL).unwrap();
    assert!(err.starts_with("invalid phone number"), "{err}");
    assert!(!err.contains("555"));
    // The stored form is not bare input.
    let err = read("two_factor:+14155552671", EMAIL).unwrap();
    assert!(err.starts_with("invalid phone number"), "{err}");
    let err = read(PHONE, "ada.example.com").unwrap();
    assert!(err.starts_with("invalid email address: no @"), "{err}");
    assert!(!err.contains("ada"));

    let err = serde_json::from_str::<SignUp>(
        r#"{"phone": 14155552671, "recovery": "ada@example.com", "notices": "+14155552671"}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("expected a phone number or email address as text"),
        "{err}"
    );
    assert!(!err.contains("4155"));
}

/// Strings shaped like stored values, tampered in every way.
fn stored_like() -> impl Strategy<Value = String> {
    let tag = prop_oneof![
        Just("two_factor".to_owned()),
        Just("account_recovery".to_owned()),
        Just("account_notice".to_owned()),
        Just("marketing".to_owned()),
        Just("advertising".to_owned()),
        Just(String::new()),
        "[a-z_]{1,20}",
        ".{0,8}",
    ];
    let separator = prop_oneof![Just(":"), Just(""), Just("::"), Just(" : ")];
    let value = prop_oneof![
        "\\+[0-9]{0,20}",
        "\\+?[0-9 ().-]{0,24}",
        "[a-zA-Z0-9.+_-]{0,20}@[a-zA-Z0-9.-]{0,20}",
        ".{0,40}",
        any::<String>(),
        (any::<char>(), 0usize..3000).prop_map(|(c, n)| c.to_string().repeat(n)),
    ];
    (tag, separator, value).prop_map(|(tag, sep, value)| format!("{tag}{sep}{value}"))
}

/// Reads `stored` as every purpose and both kinds: what is accepted carries
/// the purpose's own tag and writes back in canonical form; what is refused
/// says so without echoing the value.
fn check_stored<P: Purpose>(stored: &str) {
    let (phone, email) = read_both::<P>(stored);
    let tagged = stored.starts_with(&format!("{}:", P::TAG));
    let value = stored.split_once(':').map_or(stored, |(_, value)| value);
    if let Ok(()) = phone {
        assert!(tagged, "{stored:?} read as {}", P::TAG);
        // Phone numbers are accepted only in canonical form.
        let phone: PhoneNumber<P> = serde_json::from_str(&json(stored)).unwrap();
        assert_eq!(serde_json::to_string(&phone).unwrap(), json(stored));
    }
    if let Ok(()) = email {
        assert!(tagged, "{stored:?} read as {}", P::TAG);
        let email: EmailAddress<P> = serde_json::from_str(&json(stored)).unwrap();
        let again: EmailAddress<P> =
            serde_json::from_str(&serde_json::to_string(&email).unwrap()).unwrap();
        assert_eq!(again, email);
    }
    for err in [phone.err(), email.err()].into_iter().flatten() {
        // A bare tag is not a value: the error names the tag it expected.
        if value.chars().count() >= 8 && value != P::TAG {
            assert!(!err.contains(value), "{stored:?}: {err}");
        }
    }
}

proptest! {
    #[test]
    fn tampered_stored_values_give_errors_not_panics(stored in stored_like()) {
        check_stored::<TwoFactor>(&stored);
        check_stored::<AccountRecovery>(&stored);
        check_stored::<AccountNotice>(&stored);
        check_stored::<Marketing>(&stored);
        check_stored::<Advertising>(&stored);
    }

    #[test]
    fn arbitrary_bytes_give_errors_not_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = postcard::from_bytes::<PhoneNumber<TwoFactor>>(&bytes);
        let _ = postcard::from_bytes::<EmailAddress<Marketing>>(&bytes);
        let _ = postcard::from_bytes::<Consent<Advertising>>(&bytes);
        let _ = serde_json::from_slice::<PhoneNumber<TwoFactor>>(&bytes);
        let _ = serde_json::from_slice::<Consent<Marketing>>(&bytes);
    }

    #[test]
    fn arbitrary_json_values_give_errors_not_panics(value in json_value()) {
        let _ = serde_json::from_value::<PhoneNumber<Advertising>>(value.clone());
        let _ = serde_json::from_value::<EmailAddress<AccountRecovery>>(value.clone());
        let _ = serde_json::from_value::<Consent<Marketing>>(value.clone());
        if let serde_json::Value::Number(n) = &value {
            let err = serde_json::from_value::<PhoneNumber<TwoFactor>>(value.clone()).unwrap_err();
            let digits = n.to_string();
            if digits.len() >= 4 {
                prop_assert!(!err.to_string().contains(&digits), "{}", err);
            }
        }
    }
}

fn json_value() -> impl Strategy<Value = serde_json::Value> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(Into::into),
        any::<i64>().prop_map(Into::into),
        any::<u64>().prop_map(Into::into),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Into::into),
        stored_like().prop_map(Into::into),
    ];
    leaf.prop_recursive(3, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("purpose".to_owned()),
                    Just("subject".to_owned()),
                    Just("given_at".to_owned()),
                    Just("wording".to_owned()),
                    Just("channel".to_owned()),
                    "[a-z]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}
