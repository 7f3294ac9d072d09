//! The audit trail: the account service, run whole under a subscriber
//! that records every field of every event and span, leaves one
//! `purpose_bound::handoff` event per hand-off, each with the purpose, the
//! capability, the channel or platform, the masked hint, the consent and
//! the outcome, and no raw phone number or address anywhere; and its audit
//! store holds the same hand-offs, as pseudonyms.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

#[allow(
    dead_code,
    unreachable_pub,
    reason = "the service's `main` and `run` are its binary's"
)]
#[path = "../src/main.rs"]
mod account_service;
#[path = "../../../tests/common/recorder.rs"]
mod recorder;

use std::collections::BTreeMap;

use recorder::Recorder;

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
            // The console gateways declare their names.
            let via = if line.contains("[sms gateway]") {
                "console-sms"
            } else {
                "console-mail"
            };
            (via.to_owned(), recipient_of(line))
        })
        .collect();
    let delivered: Vec<_> = handoffs
        .iter()
        .filter(|event| {
            event.fields["capability"].starts_with("send_")
                && event.fields["outcome"] != "refused"
                && event.fields["via"] != "console-rnd"
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
    // Ada's text after her withdrawal; Lin's, reported reassigned, and
    // again once her consent was invalidated.
    assert_eq!(count("send_marketing", "refused"), 3);
    // Each marketing text asked the reassigned-number check first, which
    // was handed the number as a gateway is: Ada's before her withdrawal,
    // Lin's once (the consent refused her second one first).
    let checks: Vec<_> = handoffs
        .iter()
        .filter(|event| event.fields["via"] == "console-rnd")
        .collect();
    assert_eq!(checks.len(), 2, "{checks:#?}");
    for event in &checks {
        assert_eq!(event.fields["capability"], "send_marketing", "{event:?}");
        assert_eq!(event.fields["outcome"], "handed_over", "{event:?}");
    }
    assert_eq!(
        output.matches("[reassigned check]").count(),
        checks.len(),
        "{output}"
    );
    assert!(count("open", "opened") >= 4, "{handoffs:#?}");
    // Grace's discovery key, and a lookup for each of Ada's three contacts.
    assert_eq!(count("be_found", "handed_over"), 1);
    assert_eq!(count("find_contacts", "handed_over"), 3);
    assert_eq!(
        handoffs.len(),
        delivered.len() + 2 + 3 + checks.len() + count("open", "opened") + 1 + 3,
        "{handoffs:#?}"
    );
    for event in &handoffs {
        if event.fields["capability"] == "match_audience" {
            assert_eq!(event.fields["via"], "Meta", "{event:?}");
        }
    }

    // The audit store saw every hand-off the trail shows: the report the
    // service printed counts the same uses per capability.
    let reported = |capability: &str, outcome: &str| -> usize {
        output
            .lines()
            .map(str::split_whitespace)
            .map(Iterator::collect::<Vec<_>>)
            .filter(|cols| cols.len() >= 6 && cols[1] == capability && cols[3] == outcome)
            .map(|cols| cols[cols.len() - 1].parse::<usize>().unwrap())
            .sum()
    };
    for capability in [
        "send_otp",
        "send_account_notice",
        "send_marketing",
        "match_audience",
        "be_found",
        "find_contacts",
    ] {
        assert_eq!(
            reported(capability, "handed_over"),
            count(capability, "handed_over"),
            "{capability} in:\n{output}"
        );
    }
    assert_eq!(reported("send_marketing", "refused"), 3, "{output}");

    for event in recorder.events.lock().unwrap().iter() {
        assert_no_raw_value(&event.target, &event.fields);
    }
    for span in recorder.spans.lock().unwrap().iter() {
        assert_no_raw_value("a span", span);
    }
}
