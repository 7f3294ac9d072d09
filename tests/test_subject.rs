//! Per person: identifiers and consents know whose they are. One invented
//! consent adopts nobody else's number, a bound identifier stays bound, a
//! sealed value opens only for its own subject, and an expired consent
//! refuses a use stamped with an earlier time.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use common::{FIELDS, Fields, GIVEN, NOW, consent, consent_with, keyring, subject};
use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentErrorKind, ConsentId, ConsentRecord, EmailAddress,
    Marketing, PhoneNumber, Platform, Subject, SubjectErrorKind, TwoFactor,
};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

struct User {
    two_factor_phone: PhoneNumber<TwoFactor>,
}

fn users() -> Vec<User> {
    ["+447911123456", "+447911123457", "+447911123458"]
        .iter()
        .enumerate()
        .map(|(n, phone)| User {
            two_factor_phone: PhoneNumber::<TwoFactor>::parse(phone)
                .unwrap()
                .owned_by(&Subject::new(&format!("user-{n}")).unwrap())
                .unwrap(),
        })
        .collect()
}

/// Facebook's 2018 road in four lines: one invented "data policy" record
/// adopting every account's two-factor number for ads. Every adoption is
/// refused, and the refusal names no number and no account.
#[test]
fn one_invented_consent_adopts_no_accounts_two_factor_number() {
    let policy = Consent::<Advertising>::new(ConsentRecord::new(
        ConsentId::new(1).unwrap(),
        &Subject::new("data-policy").unwrap(),
        GIVEN,
        "our data policy covers ads",
        ConsentChannel::Web,
    ))
    .unwrap();
    let mut matched = 0;
    for user in &users() {
        match policy.adopt(&user.two_factor_phone) {
            Ok(ad_phone) => {
                let _ = ad_phone.match_key(&policy, NOW, Platform::Meta);
                matched += 1;
            }
            Err(err) => {
                assert_eq!(err.kind(), ConsentErrorKind::AnotherSubject);
                let shown = format!("{err} {err:?}");
                assert!(
                    !shown.contains("7911") && !shown.contains("user-"),
                    "{shown}"
                );
                assert_eq!(
                    err.to_string(),
                    "consent refused: the identifier belongs to another subject"
                );
            }
        }
    }
    assert_eq!(matched, 0, "one consent matched other accounts' numbers");
}

#[test]
fn a_consent_adopts_only_its_own_subjects_identifiers() {
    let marketing = consent::<Marketing>(7);
    let unbound = PhoneNumber::<TwoFactor>::parse("+447911123456").unwrap();
    assert_eq!(
        marketing.adopt(&unbound).unwrap_err().kind(),
        ConsentErrorKind::Unbound
    );
    let own = unbound.owned_by(&subject()).unwrap();
    let adopted = marketing.adopt(&own).unwrap();
    assert!(adopted.is_owned_by(&subject()));
    // From one consent purpose into another: the same subject only.
    let ads = consent::<Advertising>(8);
    assert!(ads.adopt(&adopted).unwrap().is_owned_by(&subject()));
    let other = consent_with::<Advertising>(
        9,
        Fields {
            subject: "user-43",
            ..FIELDS
        },
    );
    assert_eq!(
        other.adopt(&adopted).unwrap_err().kind(),
        ConsentErrorKind::AnotherSubject
    );
    // A consent's own identifiers are bound to its subject.
    assert!(
        marketing
            .parse_email("ada@example.com")
            .unwrap()
            .is_owned_by(marketing.subject())
    );
}

#[test]
fn a_bound_identifier_is_never_bound_to_anyone_else() {
    let ada = Subject::new("user-42").unwrap();
    let grace = Subject::new("user-43").unwrap();
    let phone = PhoneNumber::<TwoFactor>::parse("+447911123456")
        .unwrap()
        .owned_by(&ada)
        .unwrap();
    assert_eq!(phone.subject(), Some(ada.tag()));
    // Bound to the same subject again: unchanged.
    let phone = phone.owned_by(&ada).unwrap();
    let err = phone.clone().owned_by(&grace).unwrap_err();
    assert_eq!(err.kind(), SubjectErrorKind::BoundToAnother);
    assert!(!format!("{err} {err:?}").contains("7911"));
    // Narrowing and cloning keep the subject; equality ignores it.
    let email = EmailAddress::<TwoFactor>::parse("ada@example.com").unwrap();
    let bound = email.clone().owned_by(&grace).unwrap();
    assert_eq!(email, bound);
    assert!(bound.clone().is_owned_by(&grace));
    assert!(!email.is_owned_by(&grace));
}

#[test]
fn a_sealed_value_opens_only_for_its_own_subject() {
    let keyring = keyring();
    let ada = Subject::new("user-42").unwrap();
    let grace = Subject::new("user-43").unwrap();
    let phone = PhoneNumber::<TwoFactor>::parse("+447911123456")
        .unwrap()
        .owned_by(&ada)
        .unwrap();
    let sealed = keyring.seal(&phone).unwrap();
    let opened = keyring.open(&sealed, &ada).unwrap();
    assert!(opened.is_owned_by(&ada));
    assert!(keyring.open(&sealed, &grace).is_err());
    // The same value of two accounts seals differently; the lookup key
    // does not depend on the subject.
    let shared = PhoneNumber::<TwoFactor>::parse("+447911123456")
        .unwrap()
        .owned_by(&grace)
        .unwrap();
    assert_ne!(keyring.seal(&shared).unwrap(), sealed);
    assert_eq!(keyring.lookup_key(&shared), keyring.lookup_key(&phone));
    // Not bound to anyone: nothing to seal it for.
    let unbound = PhoneNumber::<TwoFactor>::parse("+447911123456").unwrap();
    assert_eq!(
        keyring.seal(&unbound).unwrap_err().kind(),
        purpose_bound::SealErrorKind::Unbound
    );
}

#[test]
fn lookup_keys_are_per_purpose_and_survive_rotation() {
    let mut keyring = keyring();
    let two_factor = PhoneNumber::<TwoFactor>::parse("+447911123456").unwrap();
    let stored = keyring.lookup_key(&two_factor).primary().clone();
    let marketing = consent::<Marketing>(7)
        .parse_phone("+447911123456")
        .unwrap();
    assert_ne!(keyring.lookup_key(&marketing).primary(), &stored);
    keyring.rotate(2, &mut [9; 32]).unwrap();
    let lookup = keyring.lookup_key(&two_factor);
    assert_eq!(lookup.primary().key_id(), 2);
    assert_eq!(lookup.digests().count(), 2);
    assert!(lookup.matches(&stored));
    keyring.disable(1).unwrap();
    assert!(!keyring.lookup_key(&two_factor).matches(&stored));
    assert!(!format!("{lookup:?}").contains(&format!("{:?}", stored.as_bytes())));
}

/// A use stamped with a time before the consent expired (a queued job's
/// enqueue time) is judged at the system clock when that is later.
#[test]
fn an_expired_consent_refuses_a_use_stamped_earlier() {
    let now = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let day = Duration::from_secs(86_400);
    let expired =
        Consent::<Marketing>::new(record_at(now - 30 * day).expires_at(now - day)).unwrap();
    let email = expired.parse_email("ada@example.com").unwrap();
    let mut mail = common::Outbox::<purpose_bound::Mail>::default();
    let err = email
        .send_marketing(&expired, now - 2 * day, &mut mail, "offer")
        .unwrap_err();
    assert!(
        matches!(&err, purpose_bound::SendError::Consent(e) if e.kind() == ConsentErrorKind::Expired),
        "{err:?}"
    );
    assert!(mail.sent.is_empty());
    // `check` answers for the time asked: it was live then.
    assert!(expired.check(now - 2 * day).is_ok());
}

fn record_at(given: Duration) -> ConsentRecord<Marketing> {
    common::record_with(1, Fields { given, ..FIELDS })
}
