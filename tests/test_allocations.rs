//! Which operations touch the heap: phone numbers never do; an email address
//! allocates exactly its one buffer; match keys never do.
//!
//! One test function, because the counting allocator sees every thread of
//! the process; and each count is the fewest of three runs, because
//! another thread of the process (the test harness's) can only add to it.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::alloc::System;
use std::hint::black_box;

use purpose_bound::{
    AccountRecovery, Advertising, EmailAddress, Mail, Message, OtpCode, PhoneNumber, Platform,
    Recipient, Sms, Transport, TwoFactor,
};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Heap allocations, reallocations and frees made by `f`: the fewest of
/// three runs, since the allocator also counts what other threads do at
/// the same moment. What `f` returns is dropped after counting, so its
/// own free is not counted.
fn heap_use<R>(f: impl Fn() -> R) -> (usize, usize, usize) {
    (0..3)
        .map(|_| {
            let region = Region::new(GLOBAL);
            let result = black_box(f());
            let stats = region.change();
            drop(result);
            (stats.allocations, stats.reallocations, stats.deallocations)
        })
        .min()
        .unwrap()
}

/// A gateway that takes each message and allocates nothing, unlike the
/// capture transports of `common`.
struct Null;

impl Transport<Sms> for Null {
    type Error = ();

    fn send(&mut self, to: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), ()> {
        black_box((to.expose_secret(), message));
        Ok(())
    }
}

impl Transport<Mail> for Null {
    type Error = ();

    fn send(&mut self, to: Recipient<'_, Mail>, message: Message<'_>) -> Result<(), ()> {
        black_box((to.expose_secret(), message));
        Ok(())
    }
}

#[test]
fn heap_use_of_each_operation() {
    let inputs = [
        "+44 20 7946 0958",
        "+1 (415) 555-2671",
        "tel:+49-151-23456789",
        "+33 (0)1 23 45 67 89",
    ];
    let code = OtpCode::generate(6).unwrap();

    // Phone numbers: parse, compare, clone, send and drop without the heap,
    // and errors are allocation-free too.
    for input in inputs {
        assert_eq!(
            heap_use(|| PhoneNumber::<TwoFactor>::parse(black_box(input)).unwrap()),
            (0, 0, 0),
            "parse"
        );
        let a = PhoneNumber::<TwoFactor>::parse(input).unwrap();
        let b = PhoneNumber::<TwoFactor>::parse(input).unwrap();
        assert_eq!(heap_use(|| a == b), (0, 0, 0), "compare");
        assert_eq!(heap_use(|| drop(a.clone())), (0, 0, 0), "clone and drop");
        assert_eq!(heap_use(|| a.send_otp(&mut Null, &code)), (0, 0, 0), "send");
        assert_eq!(heap_use(|| a.number_type()), (0, 0, 0), "number type");
    }
    for bad in [
        "",
        "+44 20 7946 O958",
        "+999 123",
        "0207946095812345678",
        "+44 909 876 5432",
    ] {
        assert_eq!(
            heap_use(|| PhoneNumber::<TwoFactor>::parse(black_box(bad)).unwrap_err()),
            (0, 0, 0),
            "error"
        );
    }

    // Email addresses: one buffer, allocated once at its exact size.
    let input = "  Ada.Lovelace@Example.COM ";
    assert_eq!(
        heap_use(|| EmailAddress::<AccountRecovery>::parse(black_box(input)).unwrap()),
        (1, 0, 0),
        "parse"
    );
    let a = EmailAddress::<AccountRecovery>::parse(input).unwrap();
    let b = EmailAddress::<AccountRecovery>::parse(input).unwrap();
    assert_eq!(heap_use(|| a == b), (0, 0, 0), "compare");
    assert_eq!(heap_use(|| a.clone()), (1, 0, 0), "clone");
    assert_eq!(heap_use(|| drop(a.clone())), (1, 0, 1), "clone and drop");
    assert_eq!(heap_use(|| a.send_otp(&mut Null, &code)), (0, 0, 0), "send");
    for bad in ["", "ada", "ada@", "a@b@c", "ada@exa mple.com"] {
        assert_eq!(
            heap_use(|| EmailAddress::<AccountRecovery>::parse(black_box(bad)).unwrap_err()),
            (0, 0, 0),
            "error"
        );
    }

    // Match keys are hashed and hex-encoded on the stack, for every
    // platform, including Google's Gmail rule and addresses longer than a
    // SHA-256 block.
    let consent = common::consent::<Advertising>(1);
    let now = common::NOW;
    let phone = consent.parse_phone("+44 20 7946 0958").unwrap();
    let emails = [
        "Ada.Lovelace+news@GMail.com",
        "Ada.Augusta.King+Analytical.Engine@Difference-Engine.Babbage-And-Lovelace.example.org",
    ]
    .map(|input| consent.parse_email(input).unwrap());
    for platform in [Platform::Meta, Platform::Google] {
        assert_eq!(
            heap_use(|| phone.match_key(&consent, now, platform)),
            (0, 0, 0),
            "phone match key"
        );
        for email in &emails {
            assert_eq!(
                heap_use(|| email.match_key(&consent, now, platform)),
                (0, 0, 0),
                "email match key"
            );
        }
    }

    // One-time codes live on the stack.
    assert_eq!(
        heap_use(|| OtpCode::generate(10).unwrap()),
        (0, 0, 0),
        "otp"
    );
}
