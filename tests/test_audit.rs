#![cfg(all(feature = "tracing", feature = "rusqlite", feature = "seal"))]

//! The audit trail: the account service example, run whole under a
//! subscriber that records every field of every event and span, leaves one
//! `purpose_bound::handoff` event per hand-off, each with the purpose, the
//! capability, the channel or platform, the masked hint, the consent and
//! the outcome, and no raw phone number or address anywhere. A hand-off
//! abandoned mid-send, blocking or async, is audited too.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

#[allow(
    unreachable_pub,
    reason = "the example's `run` is public in its own crate"
)]
#[path = "../examples/account_service/src/main.rs"]
mod account_service;

use std::collections::BTreeMap;
use std::fmt;
use std::pin::pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Waker};

use purpose_bound::{
    AsyncTransport, Message, OtpCode, PhoneNumber, Recipient, Sms, Transport, TwoFactor,
};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// One recorded event: its target, the names its callsite declares, and
/// every field it recorded, as text.
#[derive(Debug, Clone)]
struct Recorded {
    target: String,
    declared: Vec<String>,
    fields: BTreeMap<String, String>,
}

/// Records every event and every span's fields, from any target.
#[derive(Clone, Default)]
struct Recorder {
    events: Arc<Mutex<Vec<Recorded>>>,
    spans: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
    next_span: Arc<AtomicU64>,
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = BTreeMap::new();
        span.record(&mut Fields(&mut fields));
        self.spans.lock().unwrap().push(fields);
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = BTreeMap::new();
        values.record(&mut Fields(&mut fields));
        self.spans.lock().unwrap().push(fields);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.events.lock().unwrap().push(Recorded {
            target: event.metadata().target().to_owned(),
            declared: event
                .metadata()
                .fields()
                .iter()
                .map(|field| field.name().to_owned())
                .collect(),
            fields,
        });
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

impl Recorder {
    fn handoffs(&self) -> Vec<Recorded> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|event| event.target == "purpose_bound::handoff")
            .cloned()
            .collect()
    }
}

/// The numbers and addresses the example uses, in every form they could
/// leak in: as typed, E.164, digits only, national, and the address in
/// its canonical and lowercased forms (compared case-insensitively).
const RAW: &[&str] = &[
    "+44 20 7946 0958",
    "+442079460958",
    "442079460958",
    "2079460958",
    "02079460958",
    "+44 20 7946 0321",
    "+442079460321",
    "442079460321",
    "2079460321",
    "02079460321",
    "Ada@Example.com",
    "ada@example.com",
];

fn assert_no_raw_value(what: &str, fields: &BTreeMap<String, String>) {
    for (name, value) in fields {
        let value = value.to_lowercase();
        for raw in RAW {
            assert!(
                !value.contains(&raw.to_lowercase()),
                "{what}: field `{name}` holds {raw}: {value}"
            );
        }
    }
}

/// `Recipient<Sms>(two_factor, send_otp, +44 •••• ••58)` from a gateway's
/// line: (purpose, capability, hint, consent).
fn recipient_of(line: &str) -> (String, String, String, Option<String>) {
    let inner = &line[line.find(">(").unwrap() + 2..line.find(") -> ").unwrap()];
    let parts: Vec<_> = inner.split(", ").collect();
    (
        parts[0].to_owned(),
        parts[1].to_owned(),
        parts[2].to_owned(),
        parts
            .get(3)
            .map(|c| c.trim_start_matches("consent ").to_owned()),
    )
}

#[test]
fn every_handoff_of_the_account_service_is_one_event_without_the_raw_value() {
    let recorder = Recorder::default();
    let mut output = Vec::new();
    tracing::subscriber::with_default(recorder.clone(), || {
        account_service::run(&mut output).unwrap();
    });
    let output = String::from_utf8(output).unwrap();

    let handoffs = recorder.handoffs();
    for event in &handoffs {
        for name in ["purpose", "capability", "via", "hint", "consent", "outcome"] {
            assert!(
                event.declared.iter().any(|declared| declared == name),
                "no `{name}` in {event:?}"
            );
        }
        for name in ["purpose", "capability", "via", "hint", "outcome"] {
            assert!(event.fields.contains_key(name), "no `{name}` in {event:?}");
        }
        // The consent is recorded exactly for the consent purposes.
        let consent_purpose =
            ["marketing", "advertising", "discoverable"].contains(&&*event.fields["purpose"]);
        assert_eq!(
            event.fields.contains_key("consent"),
            consent_purpose,
            "{event:?}"
        );
    }

    // Every message a gateway delivered is one `handed_over` event, in
    // order, naming the same purpose, capability, channel, hint and consent.
    let sent: Vec<_> = output
        .lines()
        .filter(|line| line.contains(" gateway] "))
        .map(|line| {
            let via = if line.contains("[sms gateway]") {
                "sms"
            } else {
                "mail"
            };
            (via.to_owned(), recipient_of(line))
        })
        .collect();
    let delivered: Vec<_> = handoffs
        .iter()
        .filter(|event| {
            event.fields["capability"].starts_with("send_") && event.fields["outcome"] != "refused"
        })
        .map(|event| {
            assert_eq!(event.fields["outcome"], "handed_over", "{event:?}");
            let field = |name: &str| event.fields[name].clone();
            (
                field("via"),
                (
                    field("purpose"),
                    field("capability"),
                    field("hint"),
                    event.fields.get("consent").cloned(),
                ),
            )
        })
        .collect();
    assert_eq!(delivered.len(), 4, "{output}");
    assert_eq!(delivered, sent);

    // Every match key exported is one event; so is every refusal and every
    // sealed value opened.
    let count = |capability: &str, outcome: &str| {
        handoffs
            .iter()
            .filter(|event| {
                event.fields["capability"] == capability && event.fields["outcome"] == outcome
            })
            .count()
    };
    assert_eq!(count("match_audience", "handed_over"), 1);
    assert_eq!(count("match_audience", "refused"), 1);
    assert_eq!(count("send_marketing", "refused"), 1);
    assert!(count("open", "opened") >= 4, "{handoffs:#?}");
    // Grace's discovery key, and a lookup for each of Ada's three contacts.
    assert_eq!(count("be_found", "handed_over"), 1);
    assert_eq!(count("find_contacts", "handed_over"), 3);
    assert_eq!(
        handoffs.len(),
        delivered.len() + 2 + 1 + count("open", "opened") + 1 + 3,
        "{handoffs:#?}"
    );
    for event in &handoffs {
        if event.fields["capability"] == "match_audience" {
            assert_eq!(event.fields["via"], "Meta", "{event:?}");
        }
    }

    for event in recorder.events.lock().unwrap().iter() {
        assert_no_raw_value(&event.target, &event.fields);
    }
    for span in recorder.spans.lock().unwrap().iter() {
        assert_no_raw_value("a span", span);
    }
}

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
