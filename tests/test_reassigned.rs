//! The reassigned-number check marketing to a phone number asks: a number
//! reported reassigned since the consent was given is refused before the
//! gateway has it, a check that cannot answer refuses too, the check is
//! asked only once the consent has answered and is handed the number as a
//! gateway is, blocking and async; email is sent on the consent alone.
//! `tests/test_audit.rs` shows the check's hand-off in the audit trail.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::pin::pin;
use std::task::{Context, Poll, Waker};

use common::{GIVEN, Outbox, Rnd, Sent, consent};
use purpose_bound::{CheckedSms, ConsentErrorKind, Mail, Marketing, Reassignment, SendError, Sms};

const NUMBER: &str = "+14155552671";
const OTHER: &str = "+14155552672";

fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
    pin!(future).poll(&mut Context::from_waker(Waker::noop()))
}

fn refusal<E: std::fmt::Debug>(result: Result<(), SendError<E>>) -> ConsentErrorKind {
    match result {
        Err(SendError::Consent(err)) => err.kind(),
        other => panic!("not refused by the consent: {other:?}"),
    }
}

#[test]
fn a_number_reassigned_since_the_consent_is_refused_before_the_gateway_has_it() {
    let marketing = consent::<Marketing>(7);
    let (gone, kept) = (
        marketing.parse_phone(NUMBER).unwrap(),
        marketing.parse_phone(OTHER).unwrap(),
    );
    let mut sms = Outbox::<Sms>::default();
    let mut rnd = Rnd::reassigned(&[NUMBER]);

    let refused = gone.send_marketing(
        &marketing,
        GIVEN,
        &mut CheckedSms::new(&mut sms, &mut rnd),
        "offer",
    );
    let err = match refused {
        Err(SendError::Consent(err)) => err,
        other => panic!("a reassigned number was sent marketing: {other:?}"),
    };
    assert_eq!(err.kind(), ConsentErrorKind::Reassigned);
    assert_eq!(err.kind().as_str(), "reassigned");
    assert_eq!(
        err.to_string(),
        "consent refused: the number was reassigned since the consent was given"
    );
    assert!(sms.sent.is_empty());

    kept.send_marketing(
        &marketing,
        GIVEN,
        &mut CheckedSms::new(&mut sms, &mut rnd),
        "offer",
    )
    .unwrap();
    assert_eq!(
        sms.delivered(),
        [(OTHER, Sent::Marketing("offer".to_owned()))]
    );

    // The check was handed each number as a gateway is, with the time the
    // consent was given, and why.
    let asked: Vec<_> = rnd
        .asked
        .iter()
        .map(|(to, since)| (to.expose_secret(), *since))
        .collect();
    assert_eq!(asked, [(NUMBER, GIVEN), (OTHER, GIVEN)]);
    let (to, _) = &rnd.asked[0];
    assert_eq!(
        (to.purpose(), to.capability().as_str()),
        ("marketing", "send_marketing")
    );
    assert_eq!(to.consent(), Some(marketing.id()));
    for shown in [format!("{to:?}"), format!("{err:?}"), err.to_string()] {
        assert!(!shown.contains("5552671"), "{shown}");
    }
}

#[test]
fn a_check_that_cannot_answer_refuses_and_no_data_sends() {
    let marketing = consent::<Marketing>(7);
    let phone = marketing.parse_phone(NUMBER).unwrap();
    let mut sms = Outbox::<Sms>::default();
    let mut down = Rnd {
        down: true,
        ..Rnd::default()
    };
    let err = phone
        .send_marketing(
            &marketing,
            GIVEN,
            &mut CheckedSms::new(&mut sms, &mut down),
            "offer",
        )
        .unwrap_err();
    assert_eq!(
        err,
        SendError::Consent(ConsentErrorKind::ReassignedCheckFailed.into())
    );
    // The check's own error is not carried: it may name the number.
    assert_eq!(
        err.to_string(),
        "consent refused: the reassigned-number check could not answer"
    );
    assert!(sms.sent.is_empty());

    assert!(Reassignment::NoData.may_send());
    assert!(Reassignment::NotReassigned.may_send());
    assert!(!Reassignment::Reassigned.may_send());
}

#[test]
fn the_consent_answers_first_and_the_check_is_not_asked_for_a_refused_use() {
    let mut marketing = consent::<Marketing>(7);
    let phone = marketing.parse_phone(NUMBER).unwrap();
    let other = consent::<Marketing>(8);
    let mut sms = Outbox::<Sms>::default();
    let mut rnd = Rnd::default();
    assert_eq!(
        refusal(phone.send_marketing(
            &other,
            GIVEN,
            &mut CheckedSms::new(&mut sms, &mut rnd),
            "offer"
        )),
        ConsentErrorKind::OtherConsent
    );
    marketing.withdraw(GIVEN);
    assert_eq!(
        refusal(phone.send_marketing(
            &marketing,
            GIVEN,
            &mut CheckedSms::new(&mut sms, &mut rnd),
            "offer"
        )),
        ConsentErrorKind::Withdrawn
    );
    assert!(rnd.asked.is_empty());
    assert!(sms.sent.is_empty());
}

#[test]
fn async_sends_ask_the_async_check() {
    let marketing = consent::<Marketing>(7);
    let (gone, kept) = (
        marketing.parse_phone(NUMBER).unwrap(),
        marketing.parse_phone(OTHER).unwrap(),
    );
    let mut sms = Outbox::<Sms>::default();
    let mut rnd = Rnd::reassigned(&[NUMBER]);
    {
        let mut checked = CheckedSms::new(&mut sms, &mut rnd);
        match poll_once(gone.send_marketing_async(&marketing, GIVEN, &mut checked, "offer")) {
            Poll::Ready(Err(SendError::Consent(err))) => {
                assert_eq!(err.kind(), ConsentErrorKind::Reassigned);
            }
            other => panic!("a reassigned number was sent marketing: {other:?}"),
        }
        let sent = poll_once(kept.send_marketing_async(&marketing, GIVEN, &mut checked, "offer"));
        assert!(matches!(sent, Poll::Ready(Ok(()))));
    }
    assert_eq!(rnd.asked.len(), 2);
    assert_eq!(
        sms.delivered(),
        [(OTHER, Sent::Marketing("offer".to_owned()))]
    );
}

#[test]
fn email_is_sent_on_the_consent_alone() {
    let marketing = consent::<Marketing>(7);
    let email = marketing.parse_email("ada@example.com").unwrap();
    let mut mail = Outbox::<Mail>::default();
    email
        .send_marketing(&marketing, GIVEN, &mut mail, "offer")
        .unwrap();
    assert!(matches!(
        poll_once(email.send_marketing_async(&marketing, GIVEN, &mut mail, "offer")),
        Poll::Ready(Ok(()))
    ));
    assert_eq!(mail.sent.len(), 2);
}
