//! Statistical constant-time tests (dudect, Reparaz, Balasch and
//! Verbauwhede 2016) of the comparisons that see secrets: phone-number and
//! email-address equality and [`OtpCode::verify`].
//!
//! Each test times the same operation on two classes of inputs that differ
//! only in secret content, never in length, and runs Welch's t-test on the
//! two timing distributions (cropped at several percentiles). A |t| above
//! 5 is strong evidence that the time depends on the secret; a small |t|
//! is evidence of nothing worse than what this run could see.
//!
//! ```text
//! CT_SAMPLES=200000 cargo bench --bench ct
//! ```
//!
//! `CT_SAMPLES` is the number of timed calls per test (100 000 when unset;
//! a tenth of it for the control, whose inputs are 4 KiB);
//! `cargo bench --bench ct -- FILTER` runs the tests whose name contains
//! `FILTER`. SECURITY.md records the results of one run.

#![allow(
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a benchmark stops at once on bad setup; the digits indexed are known to be there"
)]

use std::hint::black_box;

use dudect_bencher::ctbench::{BenchMetadata, BenchName, BenchOpts, run_benches_console};
use dudect_bencher::rand::RngExt;
use dudect_bencher::{BenchRng, Class, CtRunner};
use purpose_bound::{EmailAddress, OtpCode, PhoneNumber, TwoFactor};

/// Calls timed together in one measurement: a single comparison takes a
/// few nanoseconds, less than the clock's resolution, so each measurement
/// repeats it on the same inputs (each call behind an optimizer barrier).
const REPEAT: usize = 16;

/// Timed calls per test, from `CT_SAMPLES`.
fn samples() -> usize {
    std::env::var("CT_SAMPLES")
        .ok()
        .map(|s| s.parse().expect("CT_SAMPLES is a number"))
        .unwrap_or(100_000)
}

fn class(rng: &mut BenchRng) -> Class {
    if rng.random::<bool>() {
        Class::Left
    } else {
        Class::Right
    }
}

fn digit(rng: &mut BenchRng) -> u8 {
    b'0' + rng.random_range(0..10u8)
}

/// A different digit from `d`.
fn other_digit(d: u8, rng: &mut BenchRng) -> u8 {
    b'0' + (d - b'0' + rng.random_range(1..10u8)) % 10
}

/// A random German mobile number, `+49151` and eight digits.
fn phone_digits(rng: &mut BenchRng) -> Vec<u8> {
    let mut digits = b"+49151".to_vec();
    digits.extend((0..8).map(|_| digit(rng)));
    digits
}

/// The account the sealed values belong to.
fn subject() -> purpose_bound::Subject {
    purpose_bound::Subject::new("user-1").expect("an account id")
}

/// `phone` bound to [`subject`], to seal.
fn owned(phone: PhoneNumber<TwoFactor>) -> PhoneNumber<TwoFactor> {
    phone.owned_by(&subject()).expect("unbound")
}

fn phone(digits: &[u8]) -> PhoneNumber<TwoFactor> {
    let text = std::str::from_utf8(digits).expect("ASCII");
    PhoneNumber::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// Times `==` on pairs of phone numbers, the second built from the first
/// by `change` in the right class and by `left` in the left class.
fn phone_eq(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    left: fn(&mut [u8], &mut BenchRng),
    right: fn(&mut [u8], &mut BenchRng),
) {
    let inputs: Vec<_> = (0..samples())
        .map(|_| {
            let a = phone_digits(rng);
            let mut b = a.clone();
            let class = class(rng);
            match class {
                Class::Left => left(&mut b, rng),
                Class::Right => right(&mut b, rng),
            }
            (class, phone(&a), phone(&b))
        })
        .collect();
    for (class, a, b) in &inputs {
        runner.run_one(*class, || {
            for _ in 0..REPEAT {
                black_box(black_box(a) == black_box(b));
            }
        });
    }
}

fn same(_: &mut [u8], _: &mut BenchRng) {}

fn change_first_subscriber_digit(digits: &mut [u8], rng: &mut BenchRng) {
    // `+49151` is the country code and the mobile prefix; the subscriber
    // number follows.
    digits[6] = other_digit(digits[6], rng);
}

fn change_last_digit(digits: &mut [u8], rng: &mut BenchRng) {
    let last = digits.len() - 1;
    digits[last] = other_digit(digits[last], rng);
}

/// Equal numbers against numbers that differ in the last digit.
fn phone_equal_vs_last_digit(runner: &mut CtRunner, rng: &mut BenchRng) {
    phone_eq(runner, rng, same, change_last_digit);
}

/// Numbers that differ in the first subscriber digit against numbers that
/// differ in the last.
fn phone_first_vs_last_digit(runner: &mut CtRunner, rng: &mut BenchRng) {
    phone_eq(
        runner,
        rng,
        change_first_subscriber_digit,
        change_last_digit,
    );
}

fn letter(rng: &mut BenchRng) -> u8 {
    b'a' + rng.random_range(0..26u8)
}

/// A different lowercase letter from `l`.
fn other_letter(l: u8, rng: &mut BenchRng) -> u8 {
    b'a' + (l - b'a' + rng.random_range(1..26u8)) % 26
}

/// Addresses of 24 bytes that differ from an address in its first byte
/// (left class) or its last byte (right class): a random 12-letter local
/// part at `example.` and a random 3-letter top-level domain.
fn email_first_vs_last_byte(runner: &mut CtRunner, rng: &mut BenchRng) {
    let inputs: Vec<_> = (0..samples())
        .map(|_| {
            let mut a: Vec<u8> = (0..12).map(|_| letter(rng)).collect();
            a.extend_from_slice(b"@example.");
            a.extend((0..3).map(|_| letter(rng)));
            let mut b = a.clone();
            let class = class(rng);
            let at = match class {
                Class::Left => 0,
                Class::Right => b.len() - 1,
            };
            b[at] = other_letter(b[at], rng);
            let parse = |bytes: &[u8]| {
                let text = std::str::from_utf8(bytes).expect("ASCII");
                EmailAddress::<TwoFactor>::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"))
            };
            (class, parse(&a), parse(&b))
        })
        .collect();
    for (class, a, b) in &inputs {
        runner.run_one(*class, || {
            for _ in 0..REPEAT {
                black_box(black_box(a) == black_box(b));
            }
        });
    }
}

/// Times `verify` of attempts built from a fresh 6-digit code by `left` or
/// `right`.
fn otp_verify(
    runner: &mut CtRunner,
    rng: &mut BenchRng,
    left: fn(&mut [u8], &mut BenchRng),
    right: fn(&mut [u8], &mut BenchRng),
) {
    let inputs: Vec<_> = (0..samples())
        .map(|_| {
            let code = OtpCode::generate(6).expect("the OS random source");
            let mut attempt = code.expose_secret().as_bytes().to_vec();
            let class = class(rng);
            match class {
                Class::Left => left(&mut attempt, rng),
                Class::Right => right(&mut attempt, rng),
            }
            let attempt = String::from_utf8(attempt).expect("ASCII");
            (class, code, attempt)
        })
        .collect();
    for (class, code, attempt) in &inputs {
        runner.run_one(*class, || {
            for _ in 0..REPEAT {
                black_box(black_box(code).verify(black_box(attempt)));
            }
        });
    }
}

fn change_first_digit(digits: &mut [u8], rng: &mut BenchRng) {
    digits[0] = other_digit(digits[0], rng);
}

/// The right code against a wrong one that differs in the last digit.
fn otp_right_vs_last_digit(runner: &mut CtRunner, rng: &mut BenchRng) {
    otp_verify(runner, rng, same, change_last_digit);
}

/// Wrong codes that differ in the first digit against ones that differ in
/// the last.
fn otp_first_vs_last_digit(runner: &mut CtRunner, rng: &mut BenchRng) {
    otp_verify(runner, rng, change_first_digit, change_last_digit);
}

/// The control: `==` on byte slices (`memcmp`, which stops at the first
/// difference) on 4 KiB that differ in the first or the last byte. It must
/// show a large |t|, or this run could not have seen a leak.
fn control_slice_eq_first_vs_last_byte(runner: &mut CtRunner, rng: &mut BenchRng) {
    // Fewer, longer inputs: one pair is 8 KiB.
    let inputs: Vec<_> = (0..samples() / 10)
        .map(|_| {
            let a: Vec<u8> = (0..4096).map(|_| letter(rng)).collect();
            let mut b = a.clone();
            let class = class(rng);
            let at = match class {
                Class::Left => 0,
                Class::Right => b.len() - 1,
            };
            b[at] = other_letter(b[at], rng);
            (class, a, b)
        })
        .collect();
    for (class, a, b) in &inputs {
        runner.run_one(*class, || {
            black_box(a.as_slice()) == black_box(b.as_slice())
        });
    }
}

/// Opening sealed two-factor numbers: one fixed number against random ones
/// of the same length (dudect's fixed-against-random classes), all sealed
/// under one key. Only the sealed content differs.
#[cfg(feature = "seal")]
fn open_sealed_fixed_vs_random(runner: &mut CtRunner, rng: &mut BenchRng) {
    let keyring = purpose_bound::Keyring::new(1, &mut [7; 32]);
    let fixed = phone_digits(rng);
    let inputs: Vec<_> = (0..samples())
        .map(|_| {
            let class = class(rng);
            let digits = match class {
                Class::Left => fixed.clone(),
                Class::Right => phone_digits(rng),
            };
            (class, keyring.seal(&owned(phone(&digits))).expect("bound"))
        })
        .collect();
    for (class, sealed) in &inputs {
        runner.run_one(*class, || {
            for _ in 0..REPEAT {
                black_box(keyring.open(black_box(sealed), &subject()).is_ok());
            }
        });
    }
}

/// `cargo bench` passes `--bench`, which the `ctbench_main!` macro's
/// argument parser refuses; this main takes an optional name filter and
/// ignores flags.
fn main() {
    let filter = std::env::args().skip(1).find(|arg| !arg.starts_with('-'));
    let benches = [
        (
            "phone_equal_vs_last_digit",
            phone_equal_vs_last_digit as fn(&mut CtRunner, &mut BenchRng),
        ),
        ("phone_first_vs_last_digit", phone_first_vs_last_digit),
        ("email_first_vs_last_byte", email_first_vs_last_byte),
        ("otp_right_vs_last_digit", otp_right_vs_last_digit),
        ("otp_first_vs_last_digit", otp_first_vs_last_digit),
        (
            "control_slice_eq_first_vs_last_byte",
            control_slice_eq_first_vs_last_byte,
        ),
        #[cfg(feature = "seal")]
        ("open_sealed_fixed_vs_random", open_sealed_fixed_vs_random),
    ]
    .into_iter()
    .map(|(name, benchfn)| BenchMetadata {
        name: BenchName(name),
        // Fixed seeds: the same inputs on every run.
        seed: Some(0x0070_7572_706f_7365),
        benchfn,
    })
    .collect();
    let opts = BenchOpts {
        filter,
        ..BenchOpts::default()
    };
    run_benches_console(opts, benches).expect("writing to the console");
}
