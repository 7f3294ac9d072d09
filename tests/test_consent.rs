//! Consents: checked at every use, at the exact instants a consent starts,
//! ends and is withdrawn; withdrawal honoured before anything reaches a
//! transport; audiences that leave out what they may not hold; adoption of
//! an identifier into a consent purpose; purpose sets; the recipient a
//! transport is handed.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::time::Duration;

use common::{
    Down, FIELDS, Fields, GIVEN, Outbox, Rnd, Sent, consent, consent_with, record, record_with,
    subject,
};
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Audience, Capability, CheckedSms, Consent,
    ConsentChannel, ConsentError, ConsentErrorKind, ConsentId, EmailAddress, Mail, Marketing,
    Message, Notice, OtpCode, PhoneNumber, Platform, Recipient, SendError, Sms, Stored,
    StoredFormErrorKind, Transport, TwoFactor,
};

const DAY: Duration = Duration::from_secs(86_400);
const NANO: Duration = Duration::from_nanos(1);
const PHONE: &str = "+44 20 7946 0958";
const EMAIL: &str = "ada@example.com";

fn kind<T: std::fmt::Debug>(result: Result<T, ConsentError>) -> ConsentErrorKind {
    result.unwrap_err().kind()
}

#[test]
fn a_record_that_proves_nothing_is_refused() {
    let make = |subject: &str, wording: &str| {
        record_with(
            1,
            Fields {
                subject,
                wording,
                ..FIELDS
            },
        )
    };
    let refused = |record| kind(Consent::<Marketing>::new(record));
    assert_eq!(refused(make("user-42", "")), ConsentErrorKind::EmptyWording);
    assert_eq!(
        refused(make("user-42", "  ")),
        ConsentErrorKind::EmptyWording
    );
    // Ending before it starts contradicts itself, by either end.
    assert_eq!(
        refused(make("user-42", "v1").expires_at(GIVEN - NANO)),
        ConsentErrorKind::EndsBeforeGiven
    );
    assert_eq!(
        refused(make("user-42", "v1").withdrawn_at(GIVEN - NANO)),
        ConsentErrorKind::EndsBeforeGiven
    );
    let ads = record::<Advertising>(1);
    assert!(Consent::new(ads.expires_at(GIVEN + NANO)).is_ok());
}

#[test]
fn both_ends_follow_one_rule_live_from_given_until_the_end_excluded() {
    let make = || record::<Marketing>(1);
    // Ending the instant it was given, by expiry or by withdrawal alike, is
    // a record of a consent that was never live: accepted, never live.
    let expired = Consent::new(make().expires_at(GIVEN)).unwrap();
    let withdrawn = Consent::new(make().withdrawn_at(GIVEN)).unwrap();
    assert_eq!(kind(expired.check(GIVEN)), ConsentErrorKind::Expired);
    assert_eq!(kind(withdrawn.check(GIVEN)), ConsentErrorKind::Withdrawn);
    for consent in [&expired, &withdrawn] {
        assert_eq!(
            kind(consent.check(GIVEN - NANO)),
            ConsentErrorKind::NotYetGiven
        );
        let email = consent.parse_email(EMAIL).unwrap();
        let mut mail = Outbox::<Mail>::default();
        assert!(
            email
                .send_marketing(consent, GIVEN, &mut mail, "x")
                .is_err()
        );
        assert!(mail.sent.is_empty());
    }
    // One nanosecond later by either end: live at `given`, not at the end.
    let end = GIVEN + NANO;
    let expiring = Consent::new(make().expires_at(end)).unwrap();
    let withdrawing = Consent::new(make().withdrawn_at(end)).unwrap();
    for consent in [&expiring, &withdrawing] {
        assert!(consent.check(GIVEN).is_ok());
        assert!(consent.check(end).is_err());
    }
    assert_eq!(kind(expiring.check(end)), ConsentErrorKind::Expired);
    assert_eq!(kind(withdrawing.check(end)), ConsentErrorKind::Withdrawn);
    // The expiring one may be used at `given`; the withdrawn one never.
    let email = expiring.parse_email(EMAIL).unwrap();
    let mut mail = Outbox::<Mail>::default();
    email
        .send_marketing(&expiring, GIVEN, &mut mail, "x")
        .unwrap();
    let email = withdrawing.parse_email(EMAIL).unwrap();
    assert!(
        email
            .send_marketing(&withdrawing, GIVEN, &mut mail, "x")
            .is_err()
    );
    assert_eq!(mail.sent.len(), 1);

    assert_eq!(ConsentId::new(0), None);
    assert_eq!(ConsentId::new(u64::MAX).unwrap().get(), u64::MAX);
}

#[test]
fn a_consent_is_live_from_the_instant_given_until_the_instant_it_ends() {
    let expires = GIVEN + 30 * DAY;
    let consent = Consent::<Marketing>::new(record(1).expires_at(expires)).unwrap();
    assert_eq!(
        kind(consent.check(Duration::ZERO)),
        ConsentErrorKind::NotYetGiven
    );
    assert_eq!(
        kind(consent.check(GIVEN - NANO)),
        ConsentErrorKind::NotYetGiven
    );
    assert!(consent.check(GIVEN).is_ok());
    assert!(consent.check(expires - NANO).is_ok());
    assert_eq!(kind(consent.check(expires)), ConsentErrorKind::Expired);
    assert_eq!(
        kind(consent.check(expires + DAY)),
        ConsentErrorKind::Expired
    );
    assert_eq!(
        kind(consent.check(Duration::MAX)),
        ConsentErrorKind::Expired
    );

    let mut open_ended = Consent::<Marketing>::new(record(2)).unwrap();
    assert!(open_ended.check(Duration::MAX).is_ok());
    let withdrawn = GIVEN + 10 * DAY;
    open_ended.withdraw(withdrawn);
    assert_eq!(open_ended.record().withdrawn(), Some(withdrawn));
    assert!(open_ended.check(withdrawn - NANO).is_ok());
    assert_eq!(
        kind(open_ended.check(withdrawn)),
        ConsentErrorKind::Withdrawn
    );
    assert_eq!(
        kind(open_ended.check(Duration::MAX)),
        ConsentErrorKind::Withdrawn
    );
    // Before it was given, it is still not yet given.
    assert_eq!(
        kind(open_ended.check(GIVEN - NANO)),
        ConsentErrorKind::NotYetGiven
    );

    // Withdrawal before expiry is reported as withdrawal.
    let mut both = Consent::<Advertising>::new(record(3).expires_at(expires)).unwrap();
    both.withdraw(withdrawn);
    assert_eq!(kind(both.check(expires)), ConsentErrorKind::Withdrawn);
}

#[test]
fn an_earlier_withdrawal_stands() {
    let mut consent = consent::<Marketing>(1);
    consent.withdraw(GIVEN + 5 * DAY);
    consent.withdraw(GIVEN + 9 * DAY);
    assert_eq!(consent.record().withdrawn(), Some(GIVEN + 5 * DAY));
    consent.withdraw(GIVEN + DAY);
    assert_eq!(consent.record().withdrawn(), Some(GIVEN + DAY));
    // A withdrawal dated before the consent is recorded as at once.
    consent.withdraw(GIVEN - DAY);
    assert_eq!(consent.record().withdrawn(), Some(GIVEN));
    assert_eq!(kind(consent.check(GIVEN)), ConsentErrorKind::Withdrawn);

    // A record loaded back with its withdrawal is withdrawn.
    let loaded = Consent::<Marketing>::new(record(1).withdrawn_at(GIVEN + DAY)).unwrap();
    assert_eq!(kind(loaded.check(GIVEN + DAY)), ConsentErrorKind::Withdrawn);
    assert!(loaded.check(GIVEN).is_ok());
}

#[test]
fn every_use_is_checked_against_the_identifiers_own_consent() {
    let expires = GIVEN + 30 * DAY;
    let mut marketing = Consent::<Marketing>::new(record(7).expires_at(expires)).unwrap();
    let other = consent::<Marketing>(8);
    let phone = marketing.parse_phone(PHONE).unwrap();
    let email = marketing.parse_email(EMAIL).unwrap();
    let mut sms = Outbox::<Sms>::default();
    let mut mail = Outbox::<Mail>::default();

    let refused = |result: Result<(), SendError<std::convert::Infallible>>| match result {
        Err(SendError::Consent(err)) => err.kind(),
        other => panic!("not refused by the consent: {other:?}"),
    };
    // Another consent to the same purpose, even a live one, is refused.
    assert_eq!(
        refused(phone.send_marketing(
            &other,
            GIVEN + DAY,
            &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
            "offer"
        )),
        ConsentErrorKind::OtherConsent
    );
    assert_eq!(
        refused(email.send_marketing(&other, GIVEN + DAY, &mut mail, "offer")),
        ConsentErrorKind::OtherConsent
    );
    assert_eq!(
        refused(phone.send_marketing(
            &marketing,
            GIVEN - NANO,
            &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
            "offer"
        )),
        ConsentErrorKind::NotYetGiven
    );
    assert_eq!(
        refused(phone.send_marketing(
            &marketing,
            expires,
            &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
            "offer"
        )),
        ConsentErrorKind::Expired
    );
    assert!(sms.sent.is_empty() && mail.sent.is_empty());

    phone
        .send_marketing(
            &marketing,
            GIVEN,
            &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
            "first",
        )
        .unwrap();
    email
        .send_marketing(&marketing, expires - NANO, &mut mail, "last")
        .unwrap();
    assert_eq!(sms.sent.len(), 1);
    assert_eq!(mail.sent.len(), 1);

    // Withdrawn: from then on nothing reaches the transport, whatever time
    // the use is given, also one before the withdrawal (a queued job
    // carrying its enqueue time, a clock stepped back).
    let withdrawn = GIVEN + 2 * DAY;
    marketing.withdraw(withdrawn);
    for at in [GIVEN, withdrawn - NANO, withdrawn, withdrawn + DAY] {
        assert_eq!(
            refused(phone.send_marketing(
                &marketing,
                at,
                &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
                "too late"
            )),
            ConsentErrorKind::Withdrawn
        );
        assert_eq!(
            refused(email.send_marketing(&marketing, at, &mut mail, "too late")),
            ConsentErrorKind::Withdrawn
        );
    }
    // Questions about the past are still answered.
    assert!(marketing.check(withdrawn - NANO).is_ok());
    assert_eq!(sms.texts(), ["first"]);
    assert_eq!(mail.sent.len(), 1);

    // The refusal says why without the identifier.
    let err = phone
        .send_marketing(
            &marketing,
            withdrawn,
            &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
            "x",
        )
        .unwrap_err();
    assert_eq!(err.to_string(), "consent refused: withdrawn");
    assert!(!format!("{err:?}").contains("7946"));
    // A consent that lets it through still reports the transport's error.
    let live = consent::<Marketing>(9);
    let phone = live.parse_phone(PHONE).unwrap();
    assert_eq!(
        phone.send_marketing(
            &live,
            GIVEN,
            &mut CheckedSms::new(&mut Down, &mut Rnd::default()),
            "x"
        ),
        Err(SendError::Transport("gateway down"))
    );
    assert_eq!(
        phone
            .send_marketing(
                &live,
                GIVEN,
                &mut CheckedSms::new(&mut Down, &mut Rnd::default()),
                "x"
            )
            .unwrap_err()
            .to_string(),
        "transport: gateway down"
    );
}

#[test]
fn an_export_leaves_out_withdrawn_rows_whatever_the_time_it_is_given() {
    // Withdrawn at `GIVEN + DAY`; an export run with the time it was
    // scheduled at, before that, still leaves the row out.
    let mut withdrawn = consent::<Advertising>(1);
    let gone = withdrawn.parse_email("w@example.com").unwrap();
    withdrawn.withdraw(GIVEN + DAY);
    let live = consent::<Advertising>(2);
    let kept = live.parse_email("k@example.com").unwrap();
    let rows = vec![(gone, withdrawn), (kept, live)];
    let audience = Audience::export(rows, Platform::Meta, GIVEN);
    assert_eq!(audience.keys().len(), 1);
    assert_eq!(audience.withdrawn(), 1);
    assert_eq!(audience.left_out(), 1);
}

#[test]
fn match_keys_are_made_only_under_the_live_consent() {
    let mut advertising = consent::<Advertising>(7);
    let phone = advertising.parse_phone(PHONE).unwrap();
    let key = phone
        .match_key(&advertising, GIVEN, Platform::Meta)
        .unwrap();
    assert_eq!(
        kind(phone.match_key(&consent(8), GIVEN, Platform::Meta)),
        ConsentErrorKind::OtherConsent
    );
    assert_eq!(
        kind(phone.match_key(&advertising, GIVEN - NANO, Platform::Google)),
        ConsentErrorKind::NotYetGiven
    );
    advertising.withdraw(GIVEN + DAY);
    assert_eq!(
        kind(phone.match_key(&advertising, GIVEN + DAY, Platform::Meta)),
        ConsentErrorKind::Withdrawn
    );
    // A withdrawal is final: a time before it makes no key either.
    for at in [GIVEN, GIVEN + DAY - NANO] {
        assert_eq!(
            kind(phone.match_key(&advertising, at, Platform::Meta)),
            ConsentErrorKind::Withdrawn
        );
    }
    // Keys do not depend on the consent: the platform matches people.
    let again = consent::<Advertising>(3).parse_phone(PHONE).unwrap();
    assert_eq!(
        again.match_key(&consent(3), GIVEN, Platform::Meta).unwrap(),
        key
    );
}

#[test]
fn an_audience_keeps_the_live_rows_and_counts_the_rest() {
    let at = GIVEN + 10 * DAY;
    let live = |id| consent::<Advertising>(id);
    let expired = |id| Consent::<Advertising>::new(record(id).expires_at(GIVEN + 5 * DAY)).unwrap();
    let withdrawn = |id| {
        let mut consent = live(id);
        consent.withdraw(GIVEN + DAY);
        consent
    };
    let later = |id| {
        consent_with::<Advertising>(
            id,
            Fields {
                given: at + DAY,
                ..FIELDS
            },
        )
    };

    let emails = ["a@example.com", "b@example.com", "c@example.com"];
    let mut rows = Vec::new();
    let mut expected = Vec::new();
    for (n, email) in emails.into_iter().enumerate() {
        let id = n as u64 * 10 + 1;
        let consent = live(id);
        let email = consent.parse_email(email).unwrap();
        expected.push(email.match_key(&consent, at, Platform::Google).unwrap());
        rows.push((email, consent));
    }
    for id in [100, 101] {
        let consent = withdrawn(id);
        rows.push((consent.parse_email("w@example.com").unwrap(), consent));
    }
    let consent = expired(200);
    rows.push((consent.parse_email("x@example.com").unwrap(), consent));
    // Collected under one consent, paired with another.
    let (one, other) = (live(300), live(301));
    rows.push((one.parse_email("o@example.com").unwrap(), other));
    let consent = later(400);
    rows.push((consent.parse_email("l@example.com").unwrap(), consent));

    let audience = Audience::export(rows, Platform::Google, at);
    assert_eq!(audience.keys(), expected.as_slice());
    assert_eq!(audience.withdrawn(), 2);
    assert_eq!(audience.expired(), 1);
    assert_eq!(audience.refused(), 2);
    assert_eq!(audience.left_out(), 5);

    // Borrowed consents serve as well: one consent, many identifiers.
    let consent = live(7);
    let phones: Vec<PhoneNumber<Advertising>> = ["+14155552671", "+442079460958"]
        .iter()
        .map(|input| consent.parse_phone(input).unwrap())
        .collect();
    let audience = Audience::export(
        phones.iter().map(|p| (p.clone(), &consent)),
        Platform::Meta,
        at,
    );
    assert_eq!(audience.keys().len(), 2);
    assert_eq!(audience.left_out(), 0);
    assert_eq!(
        (audience.withdrawn(), audience.expired(), audience.refused()),
        (0, 0, 0)
    );

    let empty = Audience::export(
        Vec::<(PhoneNumber<Advertising>, Consent<Advertising>)>::new(),
        Platform::Meta,
        at,
    );
    assert!(empty.keys().is_empty());
    assert_eq!(empty.left_out(), 0);
}

#[test]
fn adoption_binds_a_copy_to_the_consent_and_leaves_the_original() {
    let sign_in = PhoneNumber::<TwoFactor>::parse(PHONE)
        .unwrap()
        .owned_by(&subject())
        .unwrap();
    let marketing = consent::<Marketing>(7);
    let offers: PhoneNumber<Marketing> = marketing.adopt(&sign_in).unwrap();
    assert_eq!(
        format!("{offers:?}"),
        "PhoneNumber<Marketing>(+44 •••• ••58, consent 7)"
    );
    assert_eq!(offers, marketing.parse_phone(PHONE).unwrap());
    assert_eq!(
        offers.expose_stored().to_string(),
        "marketing#7:+442079460958"
    );
    // The original keeps its purpose and no consent.
    assert_eq!(
        format!("{sign_in:?}"),
        "PhoneNumber<TwoFactor>(+44 •••• ••58)"
    );
    assert_eq!(
        sign_in.expose_stored().to_string(),
        "two_factor:+442079460958"
    );
    let mut sms = Outbox::<Sms>::default();
    sign_in
        .send_otp(&mut sms, &OtpCode::generate(6).unwrap())
        .unwrap();
    offers
        .send_marketing(
            &marketing,
            GIVEN,
            &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
            "offer",
        )
        .unwrap();
    assert_eq!(sms.sent[0].0.purpose(), "two_factor");
    assert_eq!(sms.sent[0].0.consent(), None);
    assert_eq!(sms.sent[1].0.purpose(), "marketing");
    assert_eq!(sms.sent[1].0.consent(), ConsentId::new(7));
    assert_eq!(sms.sent[0].0.expose_secret(), sms.sent[1].0.expose_secret());

    // Bound to the consent that adopted it.
    let other = consent::<Marketing>(8);
    assert!(matches!(
        offers.send_marketing(&other, GIVEN, &mut CheckedSms::new(&mut sms, &mut Rnd::default()), "offer"),
        Err(SendError::Consent(err)) if err.kind() == ConsentErrorKind::OtherConsent
    ));
    assert_ne!(other.adopt(&sign_in).unwrap(), offers);

    // Email addresses, and identifiers of one consent purpose into another.
    let notices = EmailAddress::<AccountNotice>::parse(" Ada@Example.COM ")
        .unwrap()
        .owned_by(&subject())
        .unwrap();
    let advertising = consent::<Advertising>(9);
    let ads = advertising
        .adopt(&marketing.adopt(&notices).unwrap())
        .unwrap();
    assert_eq!(
        format!("{ads:?}"),
        "EmailAddress<Advertising>(A•••@e•••.com, consent 9)"
    );
    assert_eq!(
        ads.match_key(&advertising, GIVEN, Platform::Meta).unwrap(),
        advertising
            .parse_email("ada@example.com")
            .unwrap()
            .match_key(&advertising, GIVEN, Platform::Meta)
            .unwrap()
    );
    // Adopting a set's identifier adopts the value.
    let set = PhoneNumber::<(TwoFactor, AccountNotice)>::parse(PHONE)
        .unwrap()
        .owned_by(&subject())
        .unwrap();
    assert_eq!(marketing.adopt(&set).unwrap(), offers);
}

#[test]
fn a_purpose_set_has_the_union_of_its_members_capabilities() {
    let phone = PhoneNumber::<(TwoFactor, AccountNotice)>::parse(PHONE).unwrap();
    let code = OtpCode::generate(6).unwrap();
    let mut sms = Outbox::<Sms>::default();
    phone.send_otp(&mut sms, &code).unwrap();
    phone
        .send_account_notice(&mut sms, &Notice::PasswordChanged { at: GIVEN })
        .unwrap();
    let (to, sent) = &sms.sent[0];
    assert_eq!(to.purpose(), "two_factor+account_notice");
    assert_eq!(to.capability(), Capability::SendOtp);
    assert!(matches!(sent, Sent::Code(text) if code.verify(text)));
    let (to, sent) = &sms.sent[1];
    assert_eq!(to.purpose(), "two_factor+account_notice");
    assert_eq!(to.capability(), Capability::SendAccountNotice);
    assert_eq!(sent, &Sent::Notice("password_changed"));
    assert_eq!(
        format!("{phone:?}"),
        "PhoneNumber<(TwoFactor, AccountNotice)>(+44 •••• ••58)"
    );

    // Narrowed to one member, it is that member's identifier.
    let alerts: PhoneNumber<AccountNotice> = phone.narrow();
    assert_eq!(alerts, PhoneNumber::parse(PHONE).unwrap());
    alerts
        .send_account_notice(&mut sms, &Notice::RecoveryUsed { at: GIVEN })
        .unwrap();
    assert_eq!(sms.sent[2].0.purpose(), "account_notice");
    let codes = phone.narrow::<TwoFactor>();
    assert_eq!(
        format!("{codes:?}"),
        "PhoneNumber<TwoFactor>(+44 •••• ••58)"
    );

    let all = EmailAddress::<(TwoFactor, AccountRecovery, AccountNotice)>::parse(EMAIL).unwrap();
    let pair: EmailAddress<(TwoFactor, AccountNotice)> = all.narrow();
    let mut mail = Outbox::<Mail>::default();
    pair.send_account_notice(&mut mail, &Notice::TwoFactorChanged { at: GIVEN })
        .unwrap();
    all.narrow::<AccountRecovery>()
        .send_otp(&mut mail, &code)
        .unwrap();
    assert_eq!(mail.sent[0].0.purpose(), "two_factor+account_notice");
    assert_eq!(mail.sent[1].0.purpose(), "account_recovery");
    assert_eq!(pair.narrow::<TwoFactor>(), all.narrow::<TwoFactor>());
}

#[test]
fn a_sets_stored_form_names_the_whole_set_and_reads_back_only_as_it() {
    let phone = PhoneNumber::<(TwoFactor, AccountNotice)>::parse(PHONE).unwrap();
    let stored = phone.expose_stored().to_string();
    assert_eq!(stored, "two_factor+account_notice:+442079460958");
    let back = stored
        .parse::<Stored<PhoneNumber<(TwoFactor, AccountNotice)>>>()
        .unwrap();
    assert_eq!(back.into_inner(), phone);

    // Not as a member: a narrowed copy is the code's decision, not the store's.
    let err = stored
        .parse::<Stored<PhoneNumber<TwoFactor>>>()
        .unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::PurposeMismatch);
    assert_eq!(err.found_purpose(), Some("two_factor+account_notice"));
    let err = stored
        .parse::<Stored<PhoneNumber<AccountNotice>>>()
        .unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::PurposeMismatch);
    // Nor as a larger set, nor the same members in another order.
    let err = stored
        .parse::<Stored<PhoneNumber<(TwoFactor, AccountRecovery, AccountNotice)>>>()
        .unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::PurposeMismatch);
    let err = "account_notice+two_factor:+442079460958"
        .parse::<Stored<PhoneNumber<(TwoFactor, AccountNotice)>>>()
        .unwrap_err();
    assert_eq!(err.kind(), StoredFormErrorKind::UnknownTag);
    // And a member's stored form does not read as the set.
    let member = phone.narrow::<TwoFactor>().expose_stored().to_string();
    let err = member
        .parse::<Stored<PhoneNumber<(TwoFactor, AccountNotice)>>>()
        .unwrap_err();
    assert_eq!(err.found_purpose(), Some("two_factor"));
}

#[test]
fn consent_channels_round_trip_by_name() {
    let all = [
        (ConsentChannel::Web, "web"),
        (ConsentChannel::App, "app"),
        (ConsentChannel::Email, "email"),
        (ConsentChannel::Sms, "sms"),
        (ConsentChannel::Voice, "voice"),
        (ConsentChannel::InPerson, "in_person"),
        (ConsentChannel::Paper, "paper"),
    ];
    for (channel, name) in all {
        assert_eq!(channel.as_str(), name);
        assert_eq!(channel.to_string(), name);
        assert_eq!(name.parse::<ConsentChannel>().unwrap(), channel);
        assert_eq!(
            channel.to_string().parse::<ConsentChannel>().unwrap(),
            channel
        );
    }
    for unknown in [
        "",
        "Web",
        "WEB",
        " web",
        "in-person",
        "fax",
        "carrier pigeon",
    ] {
        let err = unknown.parse::<ConsentChannel>().unwrap_err();
        assert_eq!(err.kind(), ConsentErrorKind::UnknownChannel);
        assert_eq!(err.to_string(), "unknown consent channel");
    }
}

#[cfg(feature = "serde")]
#[test]
fn consent_records_round_trip_through_serde_with_expiry_and_withdrawal() {
    use purpose_bound::ConsentRecord;

    let mut consent = Consent::<Marketing>::new(record(7).expires_at(GIVEN + 365 * DAY)).unwrap();
    consent.withdraw(GIVEN + DAY);
    let text = serde_json::to_string(consent.record()).unwrap();
    assert_eq!(
        text,
        r#"{"purpose":"marketing","id":7,"subject":"user-42","given":{"secs":4102444800,"nanos":0},"wording":"policy-v1","channel":"web","expires":{"secs":4133980800,"nanos":0},"withdrawn":{"secs":4102531200,"nanos":0}}"#
    );
    let back: ConsentRecord<Marketing> = serde_json::from_str(&text).unwrap();
    let back = Consent::new(back).unwrap();
    assert_eq!(back, consent);
    assert_eq!(back.record().withdrawn(), Some(GIVEN + DAY));
    assert_eq!(back.record().expires(), Some(GIVEN + 365 * DAY));
    assert_eq!(kind(back.check(GIVEN + DAY)), ConsentErrorKind::Withdrawn);

    let bytes = postcard::to_allocvec(consent.record()).unwrap();
    assert_eq!(
        &postcard::from_bytes::<ConsentRecord<Marketing>>(&bytes).unwrap(),
        consent.record()
    );
    let plain = self::consent::<Marketing>(8);
    let bytes = postcard::to_allocvec(plain.record()).unwrap();
    assert_eq!(
        &postcard::from_bytes::<ConsentRecord<Marketing>>(&bytes).unwrap(),
        plain.record()
    );
    let text = serde_json::to_string(plain.record()).unwrap();
    assert!(
        !text.contains("expires") && !text.contains("withdrawn"),
        "{text}"
    );
    assert_eq!(
        &serde_json::from_str::<ConsentRecord<Marketing>>(&text).unwrap(),
        plain.record()
    );

    // A record given for one purpose is never read as a record for another.
    let err = serde_json::from_str::<ConsentRecord<Advertising>>(&text).unwrap_err();
    assert!(
        err.to_string().starts_with(
            "purpose mismatch: expected a consent record for `advertising`, found one for `marketing`"
        ),
        "{err}"
    );
    let bytes = postcard::to_allocvec(plain.record()).unwrap();
    assert!(postcard::from_bytes::<ConsentRecord<Advertising>>(&bytes).is_err());

    // A withdrawal before the consent was given is read, as data, and
    // refused by Consent::new.
    let early = text.replace(
        r#""channel":"web"}"#,
        r#""channel":"web","withdrawn":{"secs":1,"nanos":0}}"#,
    );
    assert_ne!(early, text);
    let record = serde_json::from_str::<ConsentRecord<Marketing>>(&early).unwrap();
    let err = Consent::new(record).unwrap_err();
    assert_eq!(
        err.to_string(),
        "consent record: it ends before it was given"
    );
}

#[test]
fn the_recipient_is_masked_and_says_why_it_was_handed_over() {
    struct Inspect(Vec<String>);
    impl Transport<Sms> for Inspect {
        type Error = ();
        fn send(&mut self, to: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), ()> {
            let shown = format!("{to:?} {to:#?}");
            assert!(
                !shown.contains("7946") && !shown.contains("0958"),
                "{shown}"
            );
            assert!(shown.contains(to.purpose()), "{shown}");
            assert!(shown.contains(to.capability().as_str()), "{shown}");
            assert!(shown.contains("+44 •••• ••58"), "{shown}");
            assert_eq!(to.masked().to_string(), "+44 •••• ••58");
            assert_eq!(to.expose_secret(), "+442079460958");
            self.0.push(format!(
                "{} {} {:?}",
                to.purpose(),
                to.capability().as_str(),
                to.consent().map(ConsentId::get)
            ));
            Ok(())
        }
    }
    let mut inspect = Inspect(Vec::new());
    let code = OtpCode::generate(6).unwrap();
    PhoneNumber::<TwoFactor>::parse(PHONE)
        .unwrap()
        .send_otp(&mut inspect, &code)
        .unwrap();
    PhoneNumber::<AccountNotice>::parse(PHONE)
        .unwrap()
        .send_account_notice(&mut inspect, &Notice::PasswordChanged { at: GIVEN })
        .unwrap();
    let marketing = consent::<Marketing>(7);
    marketing
        .parse_phone(PHONE)
        .unwrap()
        .send_marketing(
            &marketing,
            GIVEN,
            &mut CheckedSms::new(&mut inspect, &mut Rnd::default()),
            "m",
        )
        .unwrap();
    assert_eq!(
        inspect.0,
        [
            "two_factor send_otp None",
            "account_notice send_account_notice None",
            "marketing send_marketing Some(7)",
        ]
    );
    assert_eq!(Capability::SendOtp.as_str(), "send_otp");
    assert_eq!(
        Capability::SendAccountNotice.as_str(),
        "send_account_notice"
    );
    assert_eq!(Capability::SendMarketing.as_str(), "send_marketing");
    assert_eq!(Capability::MatchAudience.as_str(), "match_audience");
}

#[test]
fn an_owned_recipient_keeps_the_value_for_later_and_stays_masked() {
    let marketing = consent::<Marketing>(7);
    let email = marketing.parse_email(" Ada@Example.COM ").unwrap();
    let mut mail = Outbox::<Mail>::default();
    email
        .send_marketing(&marketing, GIVEN, &mut mail, "spring-sale")
        .unwrap();
    drop(email);
    let (to, sent) = mail.sent.pop().unwrap();
    assert_eq!(sent, Sent::Marketing("spring-sale".into()));
    assert_eq!(to.expose_secret(), "Ada@example.com");
    assert_eq!(to.masked(), "A•••@e•••.com");
    assert_eq!(to.purpose(), "marketing");
    assert_eq!(to.capability(), Capability::SendMarketing);
    assert_eq!(to.consent(), ConsentId::new(7));
    assert_eq!(
        format!("{to:?}"),
        "OwnedRecipient<Mail>(marketing, send_marketing, A•••@e•••.com, consent 7)"
    );
    let shown = format!("{to:?} {to:#?}");
    assert!(shown.starts_with("OwnedRecipient<"), "{shown}");
    assert!(
        shown.contains("marketing") && shown.contains("send_marketing"),
        "{shown}"
    );
    assert!(shown.contains("A•••@e•••.com"), "{shown}");
    assert!(
        !shown.contains("Ada@") && !shown.contains("example"),
        "{shown}"
    );
}

#[test]
fn a_send_error_says_which_side_refused_and_chains_its_cause() {
    use std::error::Error as _;
    let refused = consent::<Marketing>(1).check(GIVEN - NANO).unwrap_err();
    let err = SendError::<std::io::Error>::Consent(refused);
    assert_eq!(
        err.to_string(),
        "consent refused: not given yet at the time of use"
    );
    let source = err.source().unwrap();
    assert_eq!(source.downcast_ref::<ConsentError>(), Some(&refused));

    let err = SendError::Transport(std::io::Error::other("gateway down"));
    assert_eq!(err.to_string(), "transport: gateway down");
    let source = err.source().unwrap();
    assert_eq!(source.to_string(), "gateway down");
    assert!(source.is::<std::io::Error>());
}
