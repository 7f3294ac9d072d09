//! The clock a use reads its time from: the system's, a service's own, or
//! a `Duration` stopped at an instant for tests and replays. The crate reads
//! it at the moment it checks the consent: for an async send when the
//! future is first polled, for an export at each row.

#![cfg(feature = "std")]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use common::{FIELDS, Fields, GIVEN, Outbox, Rnd, record, record_with};
use purpose_bound::CheckedSms;
use purpose_bound::{
    Advertising, Audience, Challenge, ChallengeErrorKind, Clock, Consent, ConsentErrorKind,
    Discoverable, Mail, Marketing, PhoneNumber, Platform, SendError, Sms, SystemClock, TwoFactor,
};

const MINUTE: Duration = Duration::from_secs(60);

/// A clock the test moves by hand, counting how often it is read.
#[derive(Default)]
struct TestClock {
    secs: AtomicU64,
    reads: AtomicU64,
}

impl TestClock {
    fn at(time: Duration) -> Self {
        let clock = Self::default();
        clock.set(time);
        clock
    }

    fn set(&self, time: Duration) {
        self.secs.store(time.as_secs(), Ordering::SeqCst);
    }

    fn reads(&self) -> u64 {
        self.reads.load(Ordering::SeqCst)
    }
}

impl Clock for TestClock {
    fn now(&self) -> Duration {
        self.reads.fetch_add(1, Ordering::SeqCst);
        Duration::from_secs(self.secs.load(Ordering::SeqCst))
    }
}

fn poll_once<F: Future>(future: F) -> Poll<F::Output> {
    pin!(future).poll(&mut Context::from_waker(Waker::noop()))
}

#[test]
fn the_system_clock_reads_the_time_since_the_epoch() {
    let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    let read = SystemClock.now();
    let after = SystemTime::now().duration_since(UNIX_EPOCH).unwrap();
    assert!(before <= read && read <= after);
}

#[test]
fn uses_read_the_system_clock() {
    let now = SystemClock.now();
    let given = |given| Fields { given, ..FIELDS };
    let live = Consent::<Marketing>::new(record_with(1, given(now - MINUTE))).unwrap();
    let ended =
        Consent::<Marketing>::new(record_with(2, given(now - 2 * MINUTE)).expires_at(now - MINUTE))
            .unwrap();
    let (phone, gone) = (
        live.parse_phone("+44 20 7946 0958").unwrap(),
        ended.parse_phone("+44 20 7946 0958").unwrap(),
    );
    let mut sms = Outbox::<Sms>::default();
    phone
        .send_marketing(
            &live,
            SystemClock,
            &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
            "offer",
        )
        .unwrap();
    match gone.send_marketing(
        &ended,
        SystemClock,
        &mut CheckedSms::new(&mut sms, &mut Rnd::default()),
        "offer",
    ) {
        Err(SendError::Consent(err)) => assert_eq!(err.kind(), ConsentErrorKind::Expired),
        other => panic!("an expired consent sent: {other:?}"),
    }
    assert_eq!(sms.sent.len(), 1);
    assert!(live.check(SystemClock).is_ok());
    assert_eq!(
        ended.check(SystemClock).unwrap_err().kind(),
        ConsentErrorKind::Expired
    );
}

#[test]
fn every_capability_takes_the_services_clock() {
    let clock = Arc::new(TestClock::at(GIVEN + MINUTE));
    // As a service holds it.
    let shared: Arc<dyn Clock> = clock.clone();

    let mut marketing = Consent::<Marketing>::new(record(1)).unwrap();
    let email = marketing.parse_email("ada@example.com").unwrap();
    let mut mail = Outbox::<Mail>::default();
    email
        .send_marketing(&marketing, &shared, &mut mail, "offer")
        .unwrap();

    let advertising = Consent::<Advertising>::new(record(2)).unwrap();
    let phone = advertising.parse_phone("+44 20 7946 0958").unwrap();
    let key = phone
        .match_key(&advertising, &*shared, Platform::Meta)
        .unwrap();
    let audience = Audience::export([(phone.clone(), &advertising)], Platform::Meta, &shared);
    assert_eq!(audience.keys(), [key]);

    let keyring = common::keyring();
    let findable = Consent::<Discoverable>::new(record(3)).unwrap();
    let found = findable.parse_phone("+44 20 7946 0958").unwrap();
    assert!(
        found
            .discovery_key(&keyring, &findable, shared.clone())
            .is_ok()
    );

    let sign_in = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958").unwrap();
    let (challenge, code) =
        Challenge::issue(&keyring, &sign_in, &shared, 5 * MINUTE, 3, 6).unwrap();
    assert_eq!(challenge.expires_at(), GIVEN + 6 * MINUTE);
    clock.set(GIVEN + 6 * MINUTE);
    let attempt = challenge.verify(&keyring, &sign_in, code.expose_secret(), &shared);
    assert_eq!(
        attempt.outcome.unwrap_err().kind(),
        ChallengeErrorKind::Expired
    );

    // Withdrawn now, by the clock; every use refused from then on.
    marketing.withdraw(&shared);
    assert_eq!(marketing.record().withdrawn(), Some(GIVEN + 6 * MINUTE));
    assert!(
        email
            .send_marketing(&marketing, &shared, &mut mail, "offer")
            .is_err()
    );
    assert_eq!(mail.sent.len(), 1);
    assert!(clock.reads() >= 8);
}

#[test]
fn an_async_send_reads_the_clock_when_it_runs_not_when_it_is_made() {
    let clock = TestClock::at(GIVEN + MINUTE);
    let consent = Consent::<Marketing>::new(record(1).expires_at(GIVEN + 2 * MINUTE)).unwrap();
    let email = consent.parse_email("ada@example.com").unwrap();
    let mut mail = Outbox::<Mail>::default();

    // Made while the consent is live, queued until after it expired.
    let send = email.send_marketing_async(&consent, &clock, &mut mail, "offer");
    assert_eq!(clock.reads(), 0);
    clock.set(GIVEN + 3 * MINUTE);
    match poll_once(send) {
        Poll::Ready(Err(SendError::Consent(err))) => {
            assert_eq!(err.kind(), ConsentErrorKind::Expired);
        }
        other => panic!("a queued send went out after expiry: {other:?}"),
    }
    assert_eq!(clock.reads(), 1);
    assert_eq!(mail.sent.len(), 0);

    // The same with a stopped clock, as a test or a replay passes it.
    let send = email.send_marketing_async(&consent, GIVEN + MINUTE, &mut mail, "offer");
    assert!(matches!(poll_once(send), Poll::Ready(Ok(()))));
    assert_eq!(mail.sent.len(), 1);

    // Withdrawn before the queued send runs: refused, even with the time
    // the job was queued at.
    let mut consent = consent;
    let send_at = GIVEN + MINUTE;
    consent.withdraw(GIVEN + 90 * Duration::from_secs(1));
    let send = email.send_marketing_async(&consent, send_at, &mut mail, "offer");
    match poll_once(send) {
        Poll::Ready(Err(SendError::Consent(err))) => {
            assert_eq!(err.kind(), ConsentErrorKind::Withdrawn);
        }
        other => panic!("a withdrawn consent sent: {other:?}"),
    }
    assert_eq!(mail.sent.len(), 1);
}

#[test]
fn an_export_reads_the_clock_at_each_row() {
    // The clock reaches the first consent's expiry while the export runs.
    struct Ticking(AtomicU64);
    impl Clock for Ticking {
        fn now(&self) -> Duration {
            GIVEN + Duration::from_secs(self.0.fetch_add(1, Ordering::SeqCst))
        }
    }
    let consent =
        |id, expires| Consent::<Advertising>::new(record(id).expires_at(GIVEN + expires)).unwrap();
    let rows = (1..=4u64).map(|id| {
        let consent = consent(id, Duration::from_secs(2));
        let email = consent
            .parse_email(&format!("user{id}@example.com"))
            .unwrap();
        (email, consent)
    });
    let clock = Ticking(AtomicU64::new(0));
    let audience = Audience::export(rows, Platform::Google, &clock);
    // Read at 0 and 1 s: live; at 2 and 3 s: expired.
    assert_eq!(audience.keys().len(), 2);
    assert_eq!(audience.expired(), 2);
    assert_eq!(clock.0.load(Ordering::SeqCst), 4);
}
