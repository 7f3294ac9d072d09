//! The stored form through serde: written only where the code asks
//! (`expose_stored`, `purpose_bound::stored`), read back as the same purpose
//! (and consent), purpose mismatches, tampered and garbage values, consents,
//! and the intake adaptor for bare user input.

#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::time::Duration;

use common::{FIELDS, Fields};
use proptest::prelude::*;
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, CollectedWithoutConsent, Consent, ConsentChannel,
    ConsentRecord, EmailAddress, Marketing, PhoneNumber, Purpose, RequiresConsent, Stored,
    StoredForm, StoredFormErrorKind, TwoFactor,
};
use serde::{Deserialize, Serialize};

const PHONE: &str = "+14155552671";
const EMAIL: &str = "ada@example.com";
/// The id of the test consents.
const CONSENT: u64 = 7;

/// Consent `id` to `P`, given at an instant with nanoseconds, in person,
/// so that the stored record shows every field it keeps.
fn consent<P: RequiresConsent>(id: u64) -> Consent<P> {
    common::consent_with(
        id,
        Fields {
            given: Duration::new(1_767_225_600, 250_000_000),
            wording: "newsletter-v3",
            channel: ConsentChannel::InPerson,
            ..FIELDS
        },
    )
}

fn marketing() -> Consent<Marketing> {
    consent(CONSENT)
}

fn advertising() -> Consent<Advertising> {
    consent(CONSENT)
}

/// The label before the `:` of `P`'s stored form: its tag, and the
/// consent's id for consent purposes.
fn label<P: Purpose>() -> String {
    if [Marketing::TAG, Advertising::TAG].contains(&P::TAG) {
        format!("{}#{CONSENT}", P::TAG)
    } else {
        P::TAG.to_owned()
    }
}

/// A JSON string literal holding `text`.
fn json(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

/// Reads `stored` through JSON and postcard as both kinds for `P`,
/// checks the two formats agree, and returns the JSON error messages.
fn read_both<P: Purpose>(stored: &str) -> (Result<(), String>, Result<(), String>) {
    let phone_json = serde_json::from_str::<Stored<PhoneNumber<P>>>(&json(stored));
    let email_json = serde_json::from_str::<Stored<EmailAddress<P>>>(&json(stored));
    let bytes = postcard::to_allocvec(stored).unwrap();
    let phone_postcard = postcard::from_bytes::<Stored<PhoneNumber<P>>>(&bytes);
    let email_postcard = postcard::from_bytes::<Stored<EmailAddress<P>>>(&bytes);
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
        $check::<(TwoFactor, AccountRecovery)>();
        $check::<(TwoFactor, AccountNotice)>();
        $check::<(AccountRecovery, AccountNotice)>();
        $check::<(TwoFactor, AccountRecovery, AccountNotice)>();
    };
}

#[test]
fn writes_the_tagged_form_where_asked() {
    let phone = PhoneNumber::<TwoFactor>::parse("+1 (415) 555-2671").unwrap();
    assert_eq!(
        serde_json::to_string(&phone.expose_stored()).unwrap(),
        r#""two_factor:+14155552671""#
    );
    let email = marketing().parse_email(" ada@EXAMPLE.com ").unwrap();
    assert_eq!(
        serde_json::to_string(&email.expose_stored()).unwrap(),
        r#""marketing#7:ada@example.com""#
    );
    let phone = advertising().parse_phone("+44 20 7946 0958").unwrap();
    assert_eq!(
        serde_json::to_string(&phone.expose_stored()).unwrap(),
        r#""advertising#7:+442079460958""#
    );
    let email = EmailAddress::<AccountRecovery>::parse("Ada@example.com").unwrap();
    assert_eq!(
        serde_json::to_string(&email.expose_stored()).unwrap(),
        r#""account_recovery:Ada@example.com""#
    );
    let phone = PhoneNumber::<AccountNotice>::parse(PHONE).unwrap();
    assert_eq!(
        serde_json::to_string(&phone.expose_stored()).unwrap(),
        r#""account_notice:+14155552671""#
    );
    let phone = PhoneNumber::<(TwoFactor, AccountNotice)>::parse(PHONE).unwrap();
    assert_eq!(
        serde_json::to_string(&phone.expose_stored()).unwrap(),
        r#""two_factor+account_notice:+14155552671""#
    );
    // `Display` writes the same string, `Debug` a masked one.
    assert_eq!(
        phone.expose_stored().to_string(),
        "two_factor+account_notice:+14155552671"
    );
    let shown = format!("{:?}", phone.expose_stored());
    assert!(!shown.contains("4155"), "{shown}");
}

/// Writes `id`'s stored form through JSON and postcard, checks both hold
/// `stored`, and returns what each reads back as a `Stored`.
fn write_and_read<I>(form: &StoredForm<'_, I>, stored: &str) -> (Stored<I>, Stored<I>)
where
    I: purpose_bound::Identifier,
{
    let text = serde_json::to_string(form).unwrap();
    assert_eq!(text, json(stored));
    let bytes = postcard::to_allocvec(form).unwrap();
    assert_eq!(bytes, postcard::to_allocvec(stored).unwrap());
    (
        serde_json::from_str(&text).unwrap(),
        postcard::from_bytes(&bytes).unwrap(),
    )
}

#[test]
fn every_purpose_round_trips_through_json_and_postcard() {
    fn check<P: CollectedWithoutConsent>() {
        let stored_phone = format!("{}:{PHONE}", P::TAG);
        let stored_email = format!("{}:{EMAIL}", P::TAG);
        let phone: PhoneNumber<P> = serde_json::from_str(&json(&stored_phone)).unwrap();
        let email: EmailAddress<P> = serde_json::from_str(&json(&stored_email)).unwrap();
        let (from_json, from_postcard) = write_and_read(&phone.expose_stored(), &stored_phone);
        assert_eq!(from_json.into_inner(), phone);
        assert_eq!(from_postcard.into_inner(), phone);
        let (from_json, from_postcard) = write_and_read(&email.expose_stored(), &stored_email);
        assert_eq!(from_json.into_inner(), email);
        assert_eq!(from_postcard.into_inner(), email);

        let bytes = postcard::to_allocvec(stored_phone.as_str()).unwrap();
        assert_eq!(
            postcard::from_bytes::<PhoneNumber<P>>(&bytes).unwrap(),
            phone
        );
        let bytes = postcard::to_allocvec(stored_email.as_str()).unwrap();
        assert_eq!(
            postcard::from_bytes::<EmailAddress<P>>(&bytes).unwrap(),
            email
        );
    }
    fn check_consented<P: RequiresConsent>() {
        let own = consent::<P>(CONSENT);
        let stored_phone = format!("{}#{CONSENT}:{PHONE}", P::TAG);
        let stored_email = format!("{}#{CONSENT}:{EMAIL}", P::TAG);
        let phone = own.parse_phone(PHONE).unwrap();
        let email = own.parse_email(EMAIL).unwrap();
        let (from_json, from_postcard) = write_and_read(&phone.expose_stored(), &stored_phone);
        assert_eq!(own.read(from_json).unwrap(), phone);
        assert_eq!(own.read(from_postcard).unwrap(), phone);
        let (from_json, from_postcard) = write_and_read(&email.expose_stored(), &stored_email);
        assert_eq!(own.read(from_json).unwrap(), email);
        assert_eq!(own.read(from_postcard).unwrap(), email);

        // Another consent to the same purpose does not read them.
        let other = consent::<P>(CONSENT + 1);
        let stored: Stored<PhoneNumber<P>> = serde_json::from_str(&json(&stored_phone)).unwrap();
        let err = other.read(stored).unwrap_err();
        assert_eq!(err.kind(), StoredFormErrorKind::ConsentMismatch);
        assert_eq!(
            err.to_string(),
            format!(
                "consent mismatch: the stored `{}` phone number was collected under another consent",
                P::TAG
            )
        );
        let stored: Stored<EmailAddress<P>> = serde_json::from_str(&json(&stored_email)).unwrap();
        assert_eq!(
            other.read(stored).unwrap_err().kind(),
            StoredFormErrorKind::ConsentMismatch
        );
    }
    check::<TwoFactor>();
    check::<AccountRecovery>();
    check::<AccountNotice>();
    check::<(TwoFactor, AccountRecovery)>();
    check::<(TwoFactor, AccountNotice)>();
    check::<(AccountRecovery, AccountNotice)>();
    check::<(TwoFactor, AccountRecovery, AccountNotice)>();
    check_consented::<Marketing>();
    check_consented::<Advertising>();
}

#[test]
fn a_struct_of_identifiers_round_trips() {
    #[derive(Deserialize, Debug, PartialEq)]
    struct Account {
        id: u64,
        #[serde(with = "purpose_bound::stored")]
        two_factor: PhoneNumber<TwoFactor>,
        #[serde(with = "purpose_bound::stored")]
        recovery: EmailAddress<AccountRecovery>,
        // Read back directly: collected without consent.
        notices: Option<EmailAddress<AccountNotice>>,
    }
    /// The marketing half as written: the stored form where the code asks.
    #[derive(Serialize)]
    struct NewsletterOut<'a> {
        email: StoredForm<'a, EmailAddress<Marketing>>,
        consent: &'a Consent<Marketing>,
    }
    /// As read: the identifier waits for its consent, which is built from
    /// its record.
    #[derive(Deserialize)]
    struct NewsletterIn {
        email: Stored<EmailAddress<Marketing>>,
        consent: ConsentRecord<Marketing>,
    }

    #[derive(Serialize)]
    struct AccountOut<'a> {
        id: u64,
        two_factor: StoredForm<'a, PhoneNumber<TwoFactor>>,
        recovery: StoredForm<'a, EmailAddress<AccountRecovery>>,
        notices: Option<StoredForm<'a, EmailAddress<AccountNotice>>>,
    }

    let account = Account {
        id: 42,
        two_factor: PHONE.parse().unwrap(),
        recovery: EMAIL.parse().unwrap(),
        notices: Some(EMAIL.parse().unwrap()),
    };
    let out = AccountOut {
        id: account.id,
        two_factor: account.two_factor.expose_stored(),
        recovery: account.recovery.expose_stored(),
        notices: account.notices.as_ref().map(EmailAddress::expose_stored),
    };
    let text = serde_json::to_string(&out).unwrap();
    assert_eq!(
        text,
        r#"{"id":42,"two_factor":"two_factor:+14155552671","recovery":"account_recovery:ada@example.com","notices":"account_notice:ada@example.com"}"#
    );
    assert_eq!(serde_json::from_str::<Account>(&text).unwrap(), account);
    let bytes = postcard::to_allocvec(&out).unwrap();
    assert_eq!(postcard::from_bytes::<Account>(&bytes).unwrap(), account);

    let consent = marketing();
    let email = consent.parse_email(EMAIL).unwrap();
    let out = NewsletterOut {
        email: email.expose_stored(),
        consent: &consent,
    };
    let text = serde_json::to_string(&out).unwrap();
    assert!(
        text.starts_with(
            r#"{"email":"marketing#7:ada@example.com","consent":{"purpose":"marketing","id":7,"#
        ),
        "{text}"
    );
    let back: NewsletterIn = serde_json::from_str(&text).unwrap();
    let back_consent = Consent::new(back.consent).unwrap();
    assert_eq!(back_consent, consent);
    assert_eq!(back_consent.read(back.email).unwrap(), email);
    let bytes = postcard::to_allocvec(&out).unwrap();
    let back: NewsletterIn = postcard::from_bytes(&bytes).unwrap();
    let back_consent = Consent::new(back.consent).unwrap();
    assert_eq!(back_consent, consent);
    assert_eq!(back_consent.read(back.email).unwrap(), email);
}

#[test]
fn a_value_is_never_read_under_another_purpose() {
    fn stored_as<Q: Purpose>() {
        fn read_as<P: Purpose, Q: Purpose>() {
            let stored = format!("{}:{PHONE}", label::<Q>());
            let phone = serde_json::from_str::<Stored<PhoneNumber<P>>>(&json(&stored));
            let stored_email = format!("{}:{EMAIL}", label::<Q>());
            let email = serde_json::from_str::<Stored<EmailAddress<P>>>(&json(&stored_email));
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
            assert!(postcard::from_bytes::<Stored<PhoneNumber<P>>>(&bytes).is_err());
        }
        read_as::<TwoFactor, Q>();
        read_as::<AccountRecovery, Q>();
        read_as::<AccountNotice, Q>();
        read_as::<Marketing, Q>();
        read_as::<Advertising, Q>();
        read_as::<(TwoFactor, AccountRecovery), Q>();
        read_as::<(TwoFactor, AccountNotice), Q>();
        read_as::<(AccountRecovery, AccountNotice), Q>();
        read_as::<(TwoFactor, AccountRecovery, AccountNotice), Q>();
    }
    for_each_purpose!(stored_as);
}

#[test]
fn the_incident_column_is_refused_with_both_purposes_named() {
    // A two-factor number, read by an advertising job.
    let err =
        serde_json::from_str::<Stored<PhoneNumber<Advertising>>>(r#""two_factor:+14155552671""#)
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
        ("#7:ada@example.com", "has no purpose tag"),
        ("marketing#7:", "fails validation: invalid email address"),
        (
            "marketing#7:ada.example.com",
            "fails validation: invalid email address: no @",
        ),
        ("marketing#7: ada@example.com", "is not in canonical form"),
        ("marketing#7:ada@example.com\n", "is not in canonical form"),
        // A consent purpose's value names its consent, exactly as written.
        (
            "marketing:ada@example.com",
            "has a missing, invalid or unexpected consent id",
        ),
        ("marketing#:ada@example.com", "consent id"),
        ("marketing#0:ada@example.com", "consent id"),
        ("marketing#07:ada@example.com", "consent id"),
        ("marketing#+7:ada@example.com", "consent id"),
        ("marketing#7 :ada@example.com", "consent id"),
        ("marketing#x:ada@example.com", "consent id"),
        (
            "marketing#18446744073709551616:ada@example.com",
            "consent id",
        ),
        ("marketing#7#7:ada@example.com", "consent id"),
        ("Marketing#7:ada@example.com", "has an unknown purpose tag"),
        (
            "advertising#7:ada@example.com",
            "purpose mismatch: expected an email address collected for `marketing`, found one collected for `advertising`",
        ),
    ];
    for (stored, expected) in email_cases {
        let err = serde_json::from_str::<Stored<EmailAddress<Marketing>>>(&json(stored))
            .unwrap_err()
            .to_string();
        assert!(err.contains(expected), "{stored:?}: {err}");
        assert!(
            !err.contains("ada") && !err.contains("example"),
            "{stored:?}: {err}"
        );
    }
    // The largest consent id reads.
    let max = format!("marketing#{}:ada@example.com", u64::MAX);
    let stored = serde_json::from_str::<Stored<EmailAddress<Marketing>>>(&json(&max)).unwrap();
    let consent = consent::<Marketing>(u64::MAX);
    assert_eq!(
        consent.read(stored).unwrap(),
        consent.parse_email(EMAIL).unwrap()
    );
    // A value collected without consent names none.
    let err = serde_json::from_str::<PhoneNumber<TwoFactor>>(&json("two_factor#7:+14155552671"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("consent id"), "{err}");
    assert!(!err.contains("4155"), "{err}");

    let huge = format!("marketing#7:{}@example.com", "a".repeat(400));
    let err = serde_json::from_str::<Stored<EmailAddress<Marketing>>>(&json(&huge)).unwrap_err();
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
fn consent_records_round_trip_with_their_purpose() {
    let consent = marketing();
    let text = serde_json::to_string(consent.record()).unwrap();
    assert_eq!(
        text,
        r#"{"purpose":"marketing","id":7,"subject":"user-42","given":{"secs":1767225600,"nanos":250000000},"wording":"newsletter-v3","channel":"in_person"}"#
    );
    // A consent writes its record.
    assert_eq!(serde_json::to_string(&consent).unwrap(), text);
    assert_eq!(
        &serde_json::from_str::<ConsentRecord<Marketing>>(&text).unwrap(),
        consent.record()
    );
    let bytes = postcard::to_allocvec(consent.record()).unwrap();
    assert_eq!(postcard::to_allocvec(&consent).unwrap(), bytes);
    assert_eq!(
        &postcard::from_bytes::<ConsentRecord<Marketing>>(&bytes).unwrap(),
        consent.record()
    );

    let consent = advertising();
    let text = serde_json::to_string(consent.record()).unwrap();
    assert!(text.starts_with(r#"{"purpose":"advertising","#));
    assert_eq!(
        Consent::new(serde_json::from_str::<ConsentRecord<Advertising>>(&text).unwrap()).unwrap(),
        consent
    );

    // Fields in any order.
    let reordered = r#"{"channel":"web","wording":"w","given":{"secs":1,"nanos":0},"subject":"s","id":3,"purpose":"marketing"}"#;
    let record = serde_json::from_str::<ConsentRecord<Marketing>>(reordered).unwrap();
    let consent = Consent::new(record).unwrap();
    assert_eq!(consent.record().channel(), ConsentChannel::Web);
    assert_eq!(consent.record().given(), Duration::from_secs(1));
    assert_eq!(consent.id().get(), 3);

    // A withdrawal is written and read back with the record.
    let mut consent = marketing();
    consent.withdraw(Duration::from_secs(1_767_312_000));
    let text = serde_json::to_string(consent.record()).unwrap();
    assert!(
        text.ends_with(r#","withdrawn":{"secs":1767312000,"nanos":0}}"#),
        "{text}"
    );
    let back = serde_json::from_str::<ConsentRecord<Marketing>>(&text).unwrap();
    assert_eq!(&back, consent.record());
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
fn a_consent_record_is_never_read_under_another_purpose() {
    // A record given for marketing does not become one for advertising
    // when it is read back.
    let offers = common::record::<Marketing>(CONSENT);
    let text = serde_json::to_string(&offers).unwrap();
    let err = serde_json::from_str::<ConsentRecord<Advertising>>(&text).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "purpose mismatch: expected a consent record for `advertising`, found one for `marketing`"
        ),
        "{err}"
    );
    // The error names purposes, never a value of the record.
    for value in [FIELDS.subject, FIELDS.wording, "1767225600", "web"] {
        assert!(!err.to_string().contains(value), "{err}");
    }
    let bytes = postcard::to_allocvec(advertising().record()).unwrap();
    assert!(postcard::from_bytes::<ConsentRecord<Marketing>>(&bytes).is_err());

    // A consent can only be to a consent-based purpose; a stored one claiming
    // another purpose is refused all the same.
    let two_factor = text.replace(r#""marketing""#, r#""two_factor""#);
    let err = serde_json::from_str::<ConsentRecord<Marketing>>(&two_factor).unwrap_err();
    assert!(
        err.to_string().contains("found one for `two_factor`"),
        "{err}"
    );
}

#[test]
fn tampered_consents_are_refused() {
    let good = serde_json::to_value(marketing()).unwrap();
    let with = |key: &str, value: serde_json::Value| {
        let mut v = good.clone();
        v[key] = value;
        match serde_json::from_value::<ConsentRecord<Marketing>>(v) {
            Ok(record) => Consent::new(record).unwrap_err().to_string(),
            Err(err) => err.to_string(),
        }
    };
    assert!(
        with("purpose", "ads".into())
            .starts_with("consent record has an unknown purpose tag: expected `marketing`")
    );
    let err = with("purpose", 1.into());
    assert!(
        err.starts_with("invalid type: integer `1`, expected a string"),
        "{err}"
    );
    assert_eq!(
        with("subject", " ".into()),
        "subject: the account id is empty"
    );
    assert_eq!(
        with("wording", "".into()),
        "consent record: the wording is empty"
    );
    assert!(with("channel", "fax".into()).starts_with("unknown consent channel"));
    assert!(with("given", "yesterday".into()).contains("invalid type"));
    let err = with("id", 0.into());
    assert!(err.starts_with("invalid value: integer `0`"), "{err}");
    assert!(with("id", "7".into()).contains("invalid type"));
    let err = with("expires", serde_json::json!({"secs": 1, "nanos": 0}));
    assert_eq!(err, "consent record: it ends before it was given");
    let err = with("withdrawn", serde_json::json!({"secs": 1, "nanos": 0}));
    assert_eq!(err, "consent record: it ends before it was given");
    let err = with("extra", 1.into());
    assert!(err.starts_with("unknown field `extra`"), "{err}");

    for field in ["purpose", "id", "subject", "given", "wording", "channel"] {
        let mut v = good.clone();
        v.as_object_mut().unwrap().remove(field);
        let err = serde_json::from_value::<ConsentRecord<Marketing>>(v).unwrap_err();
        assert_eq!(err.to_string(), format!("missing field `{field}`"));
    }

    let duplicated = r#"{"purpose":"marketing","purpose":"marketing","id":1,"subject":"s","given":{"secs":1,"nanos":0},"wording":"w","channel":"web"}"#;
    let err = serde_json::from_str::<ConsentRecord<Marketing>>(duplicated).unwrap_err();
    assert!(
        err.to_string().starts_with("duplicate field `purpose`"),
        "{err}"
    );

    // A truncated binary consent.
    let bytes = postcard::to_allocvec(&marketing()).unwrap();
    for len in 0..bytes.len() {
        assert!(postcard::from_bytes::<ConsentRecord<Marketing>>(&bytes[..len]).is_err());
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
        serde_json::to_string(&form.phone.expose_stored()).unwrap(),
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
    // The stored form is not bare input, and the error says where it is read.
    let err = read("two_factor:+14155552671", EMAIL).unwrap();
    assert!(
        err.starts_with(
            "not user input: `two_factor:…` is the stored form; read stored values with \
             `#[serde(with = \"purpose_bound::stored\")]`"
        ),
        "{err}"
    );
    assert!(!err.contains("555"));
    let err = read(PHONE, "account_recovery:ada@example.com").unwrap();
    assert!(
        err.starts_with("not user input: `account_recovery:…`"),
        "{err}"
    );
    assert!(!err.contains("ada"));
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
        Just("two_factor+account_notice".to_owned()),
        Just("two_factor+account_recovery+account_notice".to_owned()),
        Just(String::new()),
        "[a-z_+]{1,20}",
        ".{0,8}",
    ];
    let consent = prop_oneof![
        Just(String::new()),
        Just(format!("#{CONSENT}")),
        Just("#0".to_owned()),
        "#[0-9]{0,22}",
        "#.{0,4}",
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
    (tag, consent, separator, value)
        .prop_map(|(tag, consent, sep, value)| format!("{tag}{consent}{sep}{value}"))
}

/// What `stored` read as, for each kind.
type Readings<P> = (
    Option<Stored<PhoneNumber<P>>>,
    Option<Stored<EmailAddress<P>>>,
);

/// Reads `stored` as `P` and both kinds: what is accepted carries the
/// purpose's own tag (and a consent id exactly for consent purposes); what
/// is refused says so without echoing the value. Returns the accepted
/// readings, for the caller to write back.
fn check_stored<P: Purpose>(stored: &str) -> Readings<P> {
    let (phone, email) = read_both::<P>(stored);
    let label = stored.split_once(':').map_or(stored, |(label, _)| label);
    let (tag, consent) = label
        .split_once('#')
        .map_or((label, None), |(t, c)| (t, Some(c)));
    let tagged = tag == P::TAG;
    let consented = [Marketing::TAG, Advertising::TAG].contains(&P::TAG);
    let value = stored.split_once(':').map_or(stored, |(_, value)| value);
    let accepted = phone.is_ok() || email.is_ok();
    if accepted {
        assert!(tagged, "{stored:?} read as {}", P::TAG);
        assert_eq!(
            consent.is_some(),
            consented,
            "{stored:?} read as {}",
            P::TAG
        );
    }
    for err in [phone.as_ref().err(), email.as_ref().err()]
        .into_iter()
        .flatten()
    {
        // A bare tag is not a value: the error names the tag it expected.
        if value.chars().count() >= 8 && !P::TAG.contains(value) {
            assert!(!err.contains(value), "{stored:?}: {err}");
        }
    }
    (
        phone
            .ok()
            .map(|()| serde_json::from_str(&json(stored)).unwrap()),
        email
            .ok()
            .map(|()| serde_json::from_str(&json(stored)).unwrap()),
    )
}

/// A purpose collected without consent: what is read writes back, phone
/// numbers exactly as stored (they are accepted only in canonical form).
fn check_plain<P: CollectedWithoutConsent>(stored: &str) {
    let (phone, email) = check_stored::<P>(stored);
    if let Some(phone) = phone {
        let phone = phone.into_inner();
        assert_eq!(
            serde_json::to_string(&phone.expose_stored()).unwrap(),
            json(stored)
        );
        let direct: PhoneNumber<P> = serde_json::from_str(&json(stored)).unwrap();
        assert_eq!(direct, phone);
    }
    if let Some(email) = email {
        let email = email.into_inner();
        let again: EmailAddress<P> =
            serde_json::from_str(&serde_json::to_string(&email.expose_stored()).unwrap()).unwrap();
        assert_eq!(again, email);
    }
}

/// A consent purpose: what is read is handed over by its own consent only,
/// and writes back with it.
fn check_consented<P: RequiresConsent>(stored: &str) {
    let (phone, email) = check_stored::<P>(stored);
    let id = || {
        let label = stored.split_once(':').unwrap().0;
        label.split_once('#').unwrap().1.parse::<u64>().unwrap()
    };
    if let Some(phone) = phone {
        let own = consent::<P>(id());
        let other = consent::<P>(id() % u64::MAX + 1);
        let again: Stored<PhoneNumber<P>> = serde_json::from_str(&json(stored)).unwrap();
        assert_eq!(
            other.read(again).unwrap_err().kind(),
            StoredFormErrorKind::ConsentMismatch
        );
        let phone = own.read(phone).unwrap();
        assert_eq!(
            serde_json::to_string(&phone.expose_stored()).unwrap(),
            json(stored)
        );
    }
    if let Some(email) = email {
        let own = consent::<P>(id());
        let email = own.read(email).unwrap();
        let again: Stored<EmailAddress<P>> =
            serde_json::from_str(&serde_json::to_string(&email.expose_stored()).unwrap()).unwrap();
        assert_eq!(own.read(again).unwrap(), email);
    }
}

proptest! {
    #[test]
    fn tampered_stored_values_give_errors_not_panics(stored in stored_like()) {
        check_plain::<TwoFactor>(&stored);
        check_plain::<AccountRecovery>(&stored);
        check_plain::<AccountNotice>(&stored);
        check_plain::<(TwoFactor, AccountNotice)>(&stored);
        check_plain::<(TwoFactor, AccountRecovery, AccountNotice)>(&stored);
        check_consented::<Marketing>(&stored);
        check_consented::<Advertising>(&stored);
    }

    #[test]
    fn arbitrary_bytes_give_errors_not_panics(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = postcard::from_bytes::<PhoneNumber<TwoFactor>>(&bytes);
        let _ = postcard::from_bytes::<Stored<EmailAddress<Marketing>>>(&bytes);
        let _ = postcard::from_bytes::<ConsentRecord<Advertising>>(&bytes);
        let _ = serde_json::from_slice::<PhoneNumber<TwoFactor>>(&bytes);
        let _ = serde_json::from_slice::<Stored<PhoneNumber<Advertising>>>(&bytes);
        let _ = serde_json::from_slice::<ConsentRecord<Marketing>>(&bytes);
    }

    #[test]
    fn arbitrary_json_values_give_errors_not_panics(value in json_value()) {
        let _ = serde_json::from_value::<Stored<PhoneNumber<Advertising>>>(value.clone());
        let _ = serde_json::from_value::<EmailAddress<AccountRecovery>>(value.clone());
        let _ = serde_json::from_value::<ConsentRecord<Marketing>>(value.clone());
        if let serde_json::Value::Number(n) = &value {
            let err = serde_json::from_value::<PhoneNumber<TwoFactor>>(value.clone()).unwrap_err();
            let digits = n.to_string();
            if digits.len() >= 4 {
                prop_assert!(!err.to_string().contains(&digits), "{}", err);
            }
            let err = serde_json::from_value::<Stored<EmailAddress<Marketing>>>(value.clone())
                .unwrap_err();
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
                    Just("id".to_owned()),
                    Just("subject".to_owned()),
                    Just("given".to_owned()),
                    Just("wording".to_owned()),
                    Just("channel".to_owned()),
                    Just("expires".to_owned()),
                    Just("withdrawn".to_owned()),
                    "[a-z]{1,8}"
                ],
                inner,
                0..6
            )
            .prop_map(|m| serde_json::Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A value that fails validation keeps the parser's error as its source,
/// for a caller that wants the kind; other errors have none.
#[test]
fn a_value_that_fails_validation_chains_the_parsers_error() {
    use std::error::Error as _;
    let err = "two_factor:+1415"
        .parse::<Stored<PhoneNumber<TwoFactor>>>()
        .unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::InvalidValue);
    let source = err.source().unwrap();
    let phone = PhoneNumber::<TwoFactor>::parse("+1415").unwrap_err();
    assert_eq!(
        source.downcast_ref::<purpose_bound::PhoneError>(),
        Some(&phone)
    );

    let err = "marketing#7:ada.example.com"
        .parse::<Stored<EmailAddress<Marketing>>>()
        .unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::InvalidValue);
    let source = err.source().unwrap();
    let email = EmailAddress::<TwoFactor>::parse("ada.example.com").unwrap_err();
    assert_eq!(
        source.downcast_ref::<purpose_bound::EmailError>(),
        Some(&email)
    );

    let err = "two_factor:14155552671"
        .parse::<Stored<PhoneNumber<TwoFactor>>>()
        .unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::NotCanonical);
    assert!(err.source().is_none());
}

/// A list or a map where text belongs is refused with serde's own message,
/// which names what was expected.
#[test]
fn a_list_or_map_where_text_belongs_names_what_was_expected() {
    let err = serde_json::from_str::<SignUp>(
        r#"{"phone": ["+14155552671"], "recovery": "ada@example.com", "notices": "+14155552671"}"#,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("invalid type: sequence, expected a phone number or email address as text"),
        "{err}"
    );
    let err = serde_json::from_str::<PhoneNumber<TwoFactor>>(r#"["two_factor:+14155552671"]"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "invalid type: sequence, expected a phone number stored as the string `two_factor:…`"
        ),
        "{err}"
    );
    let err = serde_json::from_str::<Stored<EmailAddress<Marketing>>>(r#"{"a": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "invalid type: map, expected an email address stored as the string `marketing:…`"
        ),
        "{err}"
    );
    let err = serde_json::from_str::<ConsentChannel>(r#"{"web": 1}"#)
        .unwrap_err()
        .to_string();
    assert!(
        err.starts_with(
            "invalid type: map, expected a consent channel: `web`, `app`, `email`, `sms`, \
             `voice`, `in_person` or `paper`"
        ),
        "{err}"
    );
}

/// A `#` names a consent id for every purpose: an empty, zero or overlong
/// one is refused even where the purpose takes no consent, instead of being
/// read as no id at all.
#[test]
fn an_empty_or_invalid_consent_id_is_refused_for_every_purpose() {
    for stored in [
        "two_factor#:+14155552671",
        "two_factor#0:+14155552671",
        "two_factor#18446744073709551616:+14155552671",
        "two_factor+account_notice#:+14155552671",
    ] {
        let read_back = stored
            .parse::<Stored<PhoneNumber<TwoFactor>>>()
            .map(|_| ())
            .or_else(|_| {
                stored
                    .parse::<Stored<PhoneNumber<(TwoFactor, AccountNotice)>>>()
                    .map(|_| ())
            });
        assert!(read_back.is_err(), "{stored:?} read back");
    }
    let kind = |stored: &str| {
        stored
            .parse::<Stored<EmailAddress<AccountRecovery>>>()
            .unwrap_err()
            .kind()
    };
    assert_eq!(
        kind("account_recovery#:ada@example.com"),
        StoredFormErrorKind::ConsentTag
    );
    assert_eq!(
        kind("account_recovery#18446744073709551616:ada@example.com"),
        StoredFormErrorKind::ConsentTag
    );
}

/// The longest stored form, a 254-octet address under the three-purpose
/// set, is written and read back; one byte more is too long, whatever it is.
#[test]
fn the_longest_stored_form_reads_back_and_one_byte_more_is_too_long() {
    type Set = (TwoFactor, AccountRecovery, AccountNotice);
    let domain = format!(
        "{}.{}.{}.com",
        "b".repeat(63),
        "c".repeat(63),
        "d".repeat(57)
    );
    let address = format!("{}@{domain}", "a".repeat(64));
    let email = EmailAddress::<Set>::parse(&address).unwrap();
    let stored = email.expose_stored().to_string();
    assert_eq!(stored.len(), <Set as Purpose>::TAG.len() + 1 + 254);
    let back = stored.parse::<Stored<EmailAddress<Set>>>().unwrap();
    assert_eq!(back.into_inner(), email);

    let longer = format!("{stored}a");
    let err = longer.parse::<Stored<EmailAddress<Set>>>().unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::TooLong);
}

/// `#[serde(with = "purpose_bound::stored")]` on the shapes account
/// records and events have: `Option<I>`, `Vec<I>`, `&I`, and these nested.
#[test]
fn stored_fields_may_be_optional_lists_or_borrowed() {
    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct Account {
        #[serde(with = "purpose_bound::stored", default)]
        recovery: Option<EmailAddress<AccountRecovery>>,
        #[serde(with = "purpose_bound::stored")]
        backup_phones: Vec<PhoneNumber<(TwoFactor, AccountRecovery)>>,
        #[serde(with = "purpose_bound::stored", default)]
        notices: Option<Vec<EmailAddress<AccountNotice>>>,
    }
    /// An event that borrows what it reports.
    #[derive(Serialize)]
    struct SignedIn<'a> {
        #[serde(with = "purpose_bound::stored")]
        phone: &'a PhoneNumber<TwoFactor>,
        #[serde(with = "purpose_bound::stored")]
        alerts: Option<&'a EmailAddress<AccountNotice>>,
    }

    let full = Account {
        recovery: Some(EMAIL.parse().unwrap()),
        backup_phones: vec![PHONE.parse().unwrap(), "+44 20 7946 0958".parse().unwrap()],
        notices: Some(vec![EMAIL.parse().unwrap()]),
    };
    let empty = Account {
        recovery: None,
        backup_phones: Vec::new(),
        notices: None,
    };
    for (account, expected) in [
        (
            &full,
            r#"{"recovery":"account_recovery:ada@example.com","backup_phones":["two_factor+account_recovery:+14155552671","two_factor+account_recovery:+442079460958"],"notices":["account_notice:ada@example.com"]}"#,
        ),
        (
            &empty,
            r#"{"recovery":null,"backup_phones":[],"notices":null}"#,
        ),
    ] {
        let text = serde_json::to_string(account).unwrap();
        assert_eq!(text, expected);
        assert_eq!(&serde_json::from_str::<Account>(&text).unwrap(), account);
        let bytes = postcard::to_allocvec(account).unwrap();
        assert_eq!(&postcard::from_bytes::<Account>(&bytes).unwrap(), account);
    }
    // `default`: a missing optional field reads as `None`.
    assert_eq!(
        serde_json::from_str::<Account>(r#"{"backup_phones":[]}"#).unwrap(),
        empty
    );

    let phone = PhoneNumber::<TwoFactor>::parse(PHONE).unwrap();
    let alerts = EmailAddress::<AccountNotice>::parse(EMAIL).unwrap();
    let event = SignedIn {
        phone: &phone,
        alerts: Some(&alerts),
    };
    assert_eq!(
        serde_json::to_string(&event).unwrap(),
        r#"{"phone":"two_factor:+14155552671","alerts":"account_notice:ada@example.com"}"#
    );
    let bytes = postcard::to_allocvec(&event).unwrap();
    let (phone_back, rest): (String, &[u8]) = postcard::take_from_bytes(&bytes).unwrap();
    assert_eq!(phone_back, "two_factor:+14155552671");
    assert_eq!(
        postcard::from_bytes::<Option<String>>(rest)
            .unwrap()
            .as_deref(),
        Some("account_notice:ada@example.com")
    );

    // A consent purpose's optional or listed identifiers are written the
    // same way and read back as `Stored<…>`, for their consent to open.
    #[derive(Serialize)]
    struct SubscriberOut {
        #[serde(serialize_with = "purpose_bound::stored::serialize")]
        phones: Vec<PhoneNumber<Marketing>>,
        #[serde(serialize_with = "purpose_bound::stored::serialize")]
        email: Option<EmailAddress<Marketing>>,
    }
    #[derive(Deserialize)]
    struct SubscriberIn {
        phones: Vec<Stored<PhoneNumber<Marketing>>>,
        email: Option<Stored<EmailAddress<Marketing>>>,
    }
    let consent = marketing();
    let out = SubscriberOut {
        phones: vec![consent.parse_phone(PHONE).unwrap()],
        email: None,
    };
    let text = serde_json::to_string(&out).unwrap();
    assert_eq!(
        text,
        r#"{"phones":["marketing#7:+14155552671"],"email":null}"#
    );
    let back: SubscriberIn = serde_json::from_str(&text).unwrap();
    assert!(back.email.is_none());
    let phones: Vec<_> = back
        .phones
        .into_iter()
        .map(|stored| consent.read(stored).unwrap())
        .collect();
    assert_eq!(phones, out.phones);
}

/// An element that is not a stored form of the field's purpose fails the
/// whole field, with an error that names the rule and never the value.
#[test]
fn stored_shapes_refuse_bad_elements_without_echoing_them() {
    #[derive(Deserialize, Debug)]
    struct Account {
        #[serde(with = "purpose_bound::stored", default)]
        #[expect(dead_code, reason = "read only to be refused")]
        recovery: Option<PhoneNumber<AccountRecovery>>,
        #[serde(with = "purpose_bound::stored", default)]
        #[expect(dead_code, reason = "read only to be refused")]
        backup: Vec<PhoneNumber<AccountRecovery>>,
    }
    let good = "account_recovery:+14155552671";
    for (json, expected) in [
        (
            r#"{"recovery":"two_factor:+14155552671"}"#,
            "purpose mismatch: expected a phone number collected for `account_recovery`, found one collected for `two_factor`",
        ),
        (
            &*format!(r#"{{"backup":["{good}","+14155552671"]}}"#),
            "stored phone number has no purpose tag: expected `account_recovery:…`",
        ),
        (
            &*format!(r#"{{"backup":["{good}",14155552671]}}"#),
            "stored phone number is not text: expected the string `account_recovery:…`",
        ),
        (
            r#"{"recovery":["account_recovery:+14155552671"]}"#,
            "invalid type: sequence, expected a phone number stored as the string `account_recovery:…`",
        ),
        (
            r#"{"backup":"account_recovery:+14155552671"}"#,
            "expected a list of stored identifiers",
        ),
    ] {
        let err = serde_json::from_str::<Account>(json)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with(expected), "{json}: {err}");
        assert!(!err.contains("4155"), "{json}: {err}");
        assert!(!err.contains("555"), "{json}: {err}");
    }
    // The same through postcard: a string where a list belongs, and a
    // list holding a wrong purpose.
    let bytes = postcard::to_allocvec(&(None::<&str>, vec!["two_factor:+14155552671"])).unwrap();
    let err = postcard::from_bytes::<Account>(&bytes).unwrap_err();
    assert!(!err.to_string().contains("4155"), "{err}");
}
