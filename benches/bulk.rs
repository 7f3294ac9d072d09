//! The work an export does over a whole table, a million values at a time,
//! beside the bare primitives in the same run: sealing and opening phone
//! numbers against bare AES-SIV (RustCrypto's `aes-siv`) on the same
//! plaintexts, and audience match keys against bare SHA-256 (`sha2`) of the
//! same normalized numbers.
//!
//! ```sh
//! cargo bench -p purpose-bound-benches --bench bulk
//! ```
//!
//! Plain timing loops in a release binary (no criterion: one pass over a
//! million values is itself the sample); each row runs `BULK_ROUNDS`
//! times (3 unless set) and the fastest round is reported, in values per
//! second and nanoseconds per value. BENCHMARKS.md quotes the table.

#![allow(clippy::expect_used, reason = "a benchmark stops at once on bad setup")]

use std::hint::black_box;
use std::time::{Duration, Instant};

use aes_siv::KeyInit;
use aes_siv::siv::Aes256Siv;
use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Keyring, PhoneNumber, Platform,
    Sealed, Subject, TwoFactor,
};
use sha2::{Digest, Sha256};

/// How many values each row works through.
const VALUES: usize = 1_000_000;

const GIVEN: Duration = Duration::from_secs(1_767_225_600);
const NOW: Duration = Duration::from_secs(1_767_225_600 + 86_400);

/// A million distinct E.164 numbers: +1 415 2xx xxxx.
fn numbers() -> Vec<String> {
    (0..VALUES)
        .map(|i| format!("+1415{:07}", 2_000_000 + i))
        .collect()
}

/// The fastest of `rounds` runs of `work`, which handles [`VALUES`] values.
fn fastest(rounds: usize, mut work: impl FnMut()) -> Duration {
    (0..rounds)
        .map(|_| {
            let start = Instant::now();
            work();
            start.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let rounds = std::env::var("BULK_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(3);
    let numbers = numbers();

    // Sealing and opening, for a purpose collected without consent.
    let keyring = Keyring::new(1, &mut [7; 32]);
    let subject = Subject::new("user-1").expect("an account id");
    let phones: Vec<PhoneNumber<TwoFactor>> = numbers
        .iter()
        .map(|n| {
            PhoneNumber::<TwoFactor>::parse(n)
                .expect("valid")
                .owned_by(&subject)
                .expect("unbound")
        })
        .collect();
    let sealed: Vec<_> = phones
        .iter()
        .map(|p| keyring.seal(p).expect("bound"))
        .collect();

    // Bare AES-SIV on the same plaintexts, under the same one
    // associated-data component the keyring writes, with the cipher built
    // once (as a prepared cipher per key would be) and built per value.
    const KEY: [u8; 64] = [7; 64];
    let ad = Sealed::<PhoneNumber<TwoFactor>>::associated_data(&subject, None);
    let ad: [&[u8]; 1] = [ad.as_slice()];
    let mut prepared = Aes256Siv::new(&KEY.into());
    let ciphertexts: Vec<Vec<u8>> = numbers
        .iter()
        .map(|n| prepared.encrypt(ad, n.as_bytes()).expect("encrypts"))
        .collect();

    // Match keys, for a purpose with its live consent.
    let consent = Consent::<Advertising>::new(ConsentRecord::new(
        ConsentId::new(1).expect("non-zero"),
        &subject,
        GIVEN,
        "ads-matching-v1",
        ConsentChannel::Web,
    ))
    .expect("a valid record");
    let audience: Vec<PhoneNumber<Advertising>> = numbers
        .iter()
        .map(|n| consent.parse_phone(n).expect("valid"))
        .collect();

    let rows: Vec<(&str, Duration)> = vec![
        (
            "`keyring.seal(&phone)`",
            fastest(rounds, || {
                for p in &phones {
                    let _ = black_box(keyring.seal(black_box(p)));
                }
            }),
        ),
        (
            "bare `aes-siv` encrypt, cipher prepared once",
            fastest(rounds, || {
                for n in &numbers {
                    black_box(
                        prepared
                            .encrypt(ad, black_box(n.as_bytes()))
                            .expect("encrypts"),
                    );
                }
            }),
        ),
        (
            "bare `aes-siv` encrypt, cipher built per value",
            fastest(rounds, || {
                for n in &numbers {
                    black_box(
                        Aes256Siv::new(&KEY.into())
                            .encrypt(ad, black_box(n.as_bytes()))
                            .expect("encrypts"),
                    );
                }
            }),
        ),
        (
            "`keyring.open(&sealed)`",
            fastest(rounds, || {
                for s in &sealed {
                    black_box(keyring.open(black_box(s), &subject).expect("opens"));
                }
            }),
        ),
        (
            "bare `aes-siv` decrypt, cipher prepared once",
            fastest(rounds, || {
                for c in &ciphertexts {
                    black_box(prepared.decrypt(ad, black_box(c)).expect("opens"));
                }
            }),
        ),
        (
            "bare `aes-siv` decrypt, cipher built per value",
            fastest(rounds, || {
                for c in &ciphertexts {
                    black_box(
                        Aes256Siv::new(&KEY.into())
                            .decrypt(ad, black_box(c))
                            .expect("opens"),
                    );
                }
            }),
        ),
        (
            "`match_key` (Google: E.164)",
            fastest(rounds, || {
                for p in &audience {
                    black_box(p.match_key(&consent, NOW, Platform::Google).expect("live"));
                }
            }),
        ),
        (
            "`match_key` (Meta: digits without `+`)",
            fastest(rounds, || {
                for p in &audience {
                    black_box(p.match_key(&consent, NOW, Platform::Meta).expect("live"));
                }
            }),
        ),
        (
            "bare `sha2` SHA-256 of the E.164 string",
            fastest(rounds, || {
                for n in &numbers {
                    black_box(Sha256::digest(black_box(n.as_bytes())));
                }
            }),
        ),
    ];

    println!("{VALUES} values a row, fastest of {rounds} rounds");
    println!("| row | values per second | per value |");
    println!("|---|---:|---:|");
    for (row, time) in rows {
        let per_value = time.as_secs_f64() / VALUES as f64;
        println!(
            "| {row} | {:.2} M/s | {:.0} ns |",
            1.0 / per_value / 1e6,
            per_value * 1e9
        );
    }
}
