//! A `tracing` subscriber that records every event and every span's
//! fields, from any target: what the audit-trail tests read. Included by
//! path (`#[path = ".../tests/common/recorder.rs"] mod recorder;`) by the
//! library's `tests/test_audit.rs` and the account service's, which build
//! the library with its `tracing` feature.

#![allow(
    clippy::unwrap_used,
    reason = "a poisoned lock fails the test that holds the recorder"
)]
#![allow(dead_code, reason = "each test that includes it reads a part")]

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// One recorded event: its target, the names its callsite declares, and
/// every field it recorded, as text.
#[derive(Debug, Clone)]
pub(crate) struct Recorded {
    pub(crate) target: String,
    pub(crate) declared: Vec<String>,
    pub(crate) fields: BTreeMap<String, String>,
}

/// Records every event and every span's fields, from any target.
#[derive(Clone, Default)]
pub(crate) struct Recorder {
    pub(crate) events: Arc<Mutex<Vec<Recorded>>>,
    pub(crate) spans: Arc<Mutex<Vec<BTreeMap<String, String>>>>,
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
    pub(crate) fn handoffs(&self) -> Vec<Recorded> {
        self.events
            .lock()
            .unwrap()
            .iter()
            .filter(|event| event.target == "purpose_bound::handoff")
            .cloned()
            .collect()
    }
}
