#![cfg(feature = "tracing")]

//! The audit trail of the library's hand-offs: one abandoned mid-send,
//! blocking or async, is audited too; and every act on a person names them
//! by a keyed pseudonym. The account service's `tests/test_audit.rs` runs
//! the example whole under the same recorder.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;
#[path = "common/recorder.rs"]
mod recorder;

use std::collections::BTreeMap;
use std::pin::pin;
use std::task::{Context, Waker};

use common::{GIVEN, Outbox, Rnd, consent};
use purpose_bound::{
    AsyncTransport, CheckedSms, Marketing, Message, OtpCode, PhoneNumber, Recipient, Sms,
    Transport, TwoFactor,
};
use recorder::Recorder;

/// A transport that panics mid-send, or never answers.
struct Stuck;

impl Transport<Sms> for Stuck {
    type Error = std::convert::Infallible;

    fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> {
        panic!("the gateway's client panicked")
    }
}

impl AsyncTransport<Sms> for Stuck {
    type Error = std::convert::Infallible;

    async fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> {
        std::future::pending().await
    }
}

#[test]
fn a_handoff_dropped_before_the_transport_answers_is_audited_as_abandoned() {
    let recorder = Recorder::default();
    let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958").unwrap();
    let code = OtpCode::generate(6).unwrap();
    tracing::subscriber::with_default(recorder.clone(), || {
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            phone.send_otp(&mut Stuck, &code)
        }));
        assert!(panicked.is_err());

        // Polled once, the send awaits the transport; then it is cancelled.
        let mut stuck = Stuck;
        let mut send = pin!(phone.send_otp_async(&mut stuck, &code));
        let mut cx = Context::from_waker(Waker::noop());
        assert!(send.as_mut().poll(&mut cx).is_pending());
    });
    let outcomes: Vec<_> = recorder
        .handoffs()
        .iter()
        .map(|event| {
            (
                event.fields["capability"].clone(),
                event.fields["outcome"].clone(),
            )
        })
        .collect();
    assert_eq!(
        outcomes,
        [
            ("send_otp".to_owned(), "abandoned".to_owned()),
            ("send_otp".to_owned(), "abandoned".to_owned()),
        ]
    );
}

/// Three accounts are three distinguishable lines: every act on a person
/// names them by a keyed pseudonym, never by the account id or its tag.
#[test]
fn every_act_on_a_person_is_audited_as_that_persons_pseudonym() {
    use purpose_bound::{Keyring, Subject};
    let recorder = Recorder::default();
    let keyring = Keyring::new(1, &mut [7; 32]);
    let accounts = ["user-1", "user-2", "user-3"].map(|id| Subject::new(id).unwrap());
    tracing::subscriber::with_default(recorder.clone(), || {
        for subject in &accounts {
            let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")
                .unwrap()
                .owned_by(subject)
                .unwrap();
            let sealed = keyring.seal(&phone).unwrap();
            let opened = keyring.open(&sealed, subject).unwrap();
            opened
                .send_otp(&mut Accepting, &OtpCode::generate(6).unwrap())
                .unwrap();
        }
    });
    let events = recorder.events.lock().unwrap().clone();
    let mut per_action = BTreeMap::<String, Vec<String>>::new();
    for event in &events {
        let Some(subject) = event.fields.get("subject") else {
            continue;
        };
        let action = event
            .fields
            .get("action")
            .or_else(|| event.fields.get("capability"))
            .cloned()
            .unwrap_or_default();
        for account in &accounts {
            assert!(!subject.contains(account.expose_id()));
            assert!(!subject.contains(account.tag().hex().as_str()));
        }
        per_action.entry(action).or_default().push(subject.clone());
    }
    for action in ["owned_by", "seal", "open", "send_otp"] {
        let subjects = per_action
            .get(action)
            .unwrap_or_else(|| panic!("no {action} event"));
        assert_eq!(subjects.len(), 3, "{action}: {subjects:?}");
        let distinct: std::collections::BTreeSet<_> = subjects.iter().collect();
        assert_eq!(distinct.len(), 3, "{action}: {subjects:?}");
    }
    // The same account is the same pseudonym in every event.
    assert_eq!(per_action["owned_by"], per_action["send_otp"]);
}

/// A transport that takes every message.
struct Accepting;

impl Transport<Sms> for Accepting {
    type Error = std::convert::Infallible;

    fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// The number's hand-off to the check is audited as a gateway's is: under
/// the check's name, before the number leaves, and a refusal after it.
#[test]
fn the_check_is_a_hand_off_audited_under_its_name() {
    let recorder = Recorder::default();
    let marketing = consent::<Marketing>(7);
    let (gone, kept) = (
        marketing.parse_phone("+14155552671").unwrap(),
        marketing.parse_phone("+14155552672").unwrap(),
    );
    let mut sms = Outbox::<Sms>::default();
    let mut rnd = Rnd::reassigned(&["+14155552671"]);
    tracing::subscriber::with_default(recorder.clone(), || {
        let mut checked = CheckedSms::new(&mut sms, &mut rnd);
        assert!(
            gone.send_marketing(&marketing, GIVEN, &mut checked, "offer")
                .is_err()
        );
        kept.send_marketing(&marketing, GIVEN, &mut checked, "offer")
            .unwrap();
    });
    let events: Vec<_> = recorder
        .handoffs()
        .iter()
        .map(|event| {
            for value in event.fields.values() {
                assert!(!value.contains("5552671") && !value.contains("5552672"));
            }
            (
                event.fields["capability"].clone(),
                event.fields["via"].clone(),
                event.fields["outcome"].clone(),
            )
        })
        .collect();
    let line = |via: &str, outcome: &str| {
        (
            "send_marketing".to_owned(),
            via.to_owned(),
            outcome.to_owned(),
        )
    };
    assert_eq!(
        events,
        [
            line("test-rnd", "handed_over"),
            line("sms", "refused"),
            line("test-rnd", "handed_over"),
            line("sms", "handed_over"),
        ]
    );
}
