//! purpose-bound against the crates a user would pick instead, in one run, on
//! the same inputs. `cargo bench --bench compare` runs every group and prints
//! the table of ratios that BENCHMARKS.md quotes.

#![allow(
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a benchmark stops at once on bad setup; JSON indexing yields null, not a panic"
)]

use std::hint::black_box;
use std::str::FromStr;
use std::time::{Duration, Instant};

use criterion::{BatchSize, Criterion, criterion_group};
use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, EmailAddress, PhoneNumber,
    Platform, Region, TwoFactor,
};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;
use support::mean_ns;

mod support;

/// International input, formatted as people type it.
const INTERNATIONAL: &[&str] = &[
    "+1 (415) 555-2671",
    "+44 20 7946 0958",
    "+49 151 23456789",
    "+33 1 23 45 67 89",
    "+39 06 6982 1234",
    "+81 3-1234-5678",
    "+61 4 1234 5678",
    "+55 11 91234-5678",
    "+91 98765 43210",
    "+86 138 0013 8000",
];

/// National input, with the region it was typed in.
const NATIONAL: &[(&str, &str)] = &[
    ("(415) 555-2671", "US"),
    ("020 7946 0958", "GB"),
    ("0151 23456789", "DE"),
    ("01 23 45 67 89", "FR"),
    ("06 6982 1234", "IT"),
    ("03-1234-5678", "JP"),
    ("0412 345 678", "AU"),
    ("(11) 91234-5678", "BR"),
    ("098765 43210", "IN"),
    ("138 0013 8000", "CN"),
];

const EMAILS: &[&str] = &[
    "ada@example.com",
    "Ada.Lovelace@Example.org",
    "grace.hopper+navy@mail.example.co.uk",
    "  alan_turing@bletchley.example ",
    "k.sparck-jones@cl.cam.ac.uk",
    "o'reilly@example.net",
    "x@y.io",
    "first.middle.last.name@subdomain.department.university.example.edu",
];

fn region(code: &str) -> Region {
    code.parse().expect("the bench's regions exist")
}

/// When the bench's consent was given, and a moment it is live.
const GIVEN: Duration = Duration::from_secs(1_767_225_600);
const NOW: Duration = Duration::from_secs(1_767_225_600 + 86_400);

fn ad_consent() -> Consent<Advertising> {
    Consent::new(ConsentRecord::new(
        ConsentId::new(1).expect("not zero"),
        &purpose_bound::Subject::new("bench").expect("an account id"),
        GIVEN,
        "bench",
        ConsentChannel::App,
    ))
    .expect("a complete record")
}

/// The baseline a user might write instead: keep `+` and digits.
fn plain_normalizer(input: &str) -> String {
    let mut out = String::with_capacity(16);
    for c in input.chars() {
        if c.is_ascii_digit() || (c == '+' && out.is_empty()) {
            out.push(c);
        }
    }
    out
}

fn phone_parse(c: &mut Criterion) {
    let regions: Vec<(&str, Region)> = NATIONAL.iter().map(|&(s, r)| (s, region(r))).collect();
    let pn_regions: Vec<(&str, phonenumber::country::Id)> = NATIONAL
        .iter()
        .map(|&(s, r)| {
            (
                s,
                phonenumber::country::Id::from_str(r).expect("known region"),
            )
        })
        .collect();
    let mut g = c.benchmark_group("phone_parse");
    g.bench_function("purpose_bound", |b| {
        b.iter(|| {
            for s in INTERNATIONAL {
                black_box(PhoneNumber::<TwoFactor>::parse(black_box(s)).ok());
            }
            for &(s, r) in &regions {
                black_box(PhoneNumber::<TwoFactor>::parse_with_region(black_box(s), r).ok());
            }
        })
    });
    g.bench_function("plain_normalizer", |b| {
        b.iter(|| {
            for s in INTERNATIONAL {
                black_box(plain_normalizer(black_box(s)));
            }
            for &(s, _) in &regions {
                black_box(plain_normalizer(black_box(s)));
            }
        })
    });
    g.bench_function("phonenumber", |b| {
        b.iter(|| {
            for s in INTERNATIONAL {
                let n = phonenumber::parse(None, black_box(s)).ok();
                black_box(n.map(|n| n.format().mode(phonenumber::Mode::E164).to_string()));
            }
            for &(s, r) in &pn_regions {
                let n = phonenumber::parse(Some(r), black_box(s)).ok();
                black_box(n.map(|n| n.format().mode(phonenumber::Mode::E164).to_string()));
            }
        })
    });
    g.sample_size(10);
    g.bench_function("phonenumber_is_valid", |b| {
        b.iter(|| {
            for s in INTERNATIONAL {
                let n = phonenumber::parse(None, black_box(s)).ok();
                black_box(n.map(|n| {
                    (
                        n.is_valid(),
                        n.format().mode(phonenumber::Mode::E164).to_string(),
                    )
                }));
            }
            for &(s, r) in &pn_regions {
                let n = phonenumber::parse(Some(r), black_box(s)).ok();
                black_box(n.map(|n| {
                    (
                        n.is_valid(),
                        n.format().mode(phonenumber::Mode::E164).to_string(),
                    )
                }));
            }
        })
    });
    g.finish();
}

/// The floor under parsing: one pass folding the digits of `input` into an
/// integer, nothing validated (as `benches/parse.rs` folds the metadata's
/// example numbers).
fn digit_fold(input: &str) -> Option<u64> {
    let mut value = 0u64;
    let mut any = false;
    for b in input.bytes() {
        if b.is_ascii_digit() {
            value = value.wrapping_mul(10).wrapping_add(u64::from(b - b'0'));
            any = true;
        }
    }
    any.then_some(value)
}

/// Two-factor parsing of the international numbers above, and of the
/// national ones in their regions, against the floor of folding the same
/// strings' digits, in one group so that all run in the same conditions.
fn phone_parse_floor(c: &mut Criterion) {
    let mut g = c.benchmark_group("phone_parse_floor");
    g.bench_function("two_factor", |b| {
        b.iter(|| {
            for s in INTERNATIONAL {
                black_box(PhoneNumber::<TwoFactor>::parse(black_box(s)).ok());
            }
        })
    });
    g.bench_function("digit_fold", |b| {
        b.iter(|| {
            for s in INTERNATIONAL {
                black_box(digit_fold(black_box(s)));
            }
        })
    });
    let regions: Vec<(&str, Region)> = NATIONAL.iter().map(|&(s, r)| (s, region(r))).collect();
    g.bench_function("two_factor_national", |b| {
        b.iter(|| {
            for &(s, r) in &regions {
                black_box(PhoneNumber::<TwoFactor>::parse_with_region(black_box(s), r).ok());
            }
        })
    });
    g.bench_function("digit_fold_national", |b| {
        b.iter(|| {
            for &(s, _) in &regions {
                black_box(digit_fold(black_box(s)));
            }
        })
    });
    g.finish();
}

fn email_parse(c: &mut Criterion) {
    let mut g = c.benchmark_group("email_parse");
    g.bench_function("purpose_bound", |b| {
        b.iter(|| {
            for s in EMAILS {
                black_box(EmailAddress::<TwoFactor>::parse(black_box(s)).ok());
            }
        })
    });
    g.bench_function("email_address", |b| {
        b.iter(|| {
            for s in EMAILS {
                black_box(email_address::EmailAddress::from_str(black_box(s.trim())).ok());
            }
        })
    });
    g.finish();
}

fn equality(c: &mut Criterion) {
    let a = PhoneNumber::<TwoFactor>::parse("+442079460958").expect("valid");
    let b = a.clone();
    let ea = EmailAddress::<TwoFactor>::parse("ada.lovelace@example.com").expect("valid");
    let eb = ea.clone();
    let sa = String::from("+442079460958");
    let sb = sa.clone();
    let la = String::from("ada.lovelace@example.com");
    let lb = la.clone();
    let mut g = c.benchmark_group("equality");
    g.bench_function("phone_purpose_bound", |bch| {
        bch.iter(|| black_box(&a) == black_box(&b))
    });
    g.bench_function("phone_string_eq", |bch| {
        bch.iter(|| black_box(&sa) == black_box(&sb))
    });
    g.bench_function("phone_subtle_slice", |bch| {
        bch.iter(|| bool::from(black_box(sa.as_bytes()).ct_eq(black_box(sb.as_bytes()))))
    });
    g.bench_function("email_purpose_bound", |bch| {
        bch.iter(|| black_box(&ea) == black_box(&eb))
    });
    g.bench_function("email_string_eq", |bch| {
        bch.iter(|| black_box(&la) == black_box(&lb))
    });
    g.bench_function("email_subtle_slice", |bch| {
        bch.iter(|| bool::from(black_box(la.as_bytes()).ct_eq(black_box(lb.as_bytes()))))
    });
    g.finish();
}

/// What `Hash` cost before SipHash-2-4: HMAC-SHA256, its key set up on
/// every call, of the same length-prefixed parts (a phone number's purpose
/// tag, consent word and digits), the first eight bytes of the digest fed
/// to the hasher.
fn hmac_word<H: std::hash::Hasher>(key: &[u8; 64], state: &mut H, parts: &[&[u8]]) {
    use hmac::{KeyInit, Mac};
    let mut mac = <hmac::Hmac<Sha256> as KeyInit>::new(key.into());
    for part in parts {
        mac.update(&(part.len() as u64).to_le_bytes());
        mac.update(part);
    }
    let digest = mac.finalize().into_bytes();
    let mut word = [0u8; 8];
    word.copy_from_slice(&digest[..8]);
    state.write_u64(u64::from_le_bytes(word));
}

/// `Hash` through std's `RandomState`: an identifier feeds the hasher a
/// keyed SipHash-2-4 word of itself, a `String` its bytes; the row before
/// it, the HMAC-SHA256 word it replaced.
fn hashing(c: &mut Criterion) {
    use std::hash::BuildHasher;
    let state = std::hash::RandomState::new();
    let phone = PhoneNumber::<TwoFactor>::parse("+442079460958").expect("valid");
    let email = EmailAddress::<TwoFactor>::parse("ada.lovelace@example.com").expect("valid");
    let phone_string = String::from("+442079460958");
    let email_string = String::from("ada.lovelace@example.com");
    let mut hmac_key = [0u8; 64];
    hmac_key[..32].copy_from_slice(&Sha256::digest(b"the bench's hash key"));
    let digits = 442_079_460_958u64.to_le_bytes();
    let mut g = c.benchmark_group("hashing");
    g.bench_function("phone_purpose_bound", |b| {
        b.iter(|| state.hash_one(black_box(&phone)))
    });
    g.bench_function("phone_hmac_per_hash", |b| {
        b.iter(|| {
            let mut hasher = state.build_hasher();
            hmac_word(
                &hmac_key,
                &mut hasher,
                &[b"two_factor", &0u64.to_le_bytes(), black_box(&digits)],
            );
            std::hash::Hasher::finish(&hasher)
        })
    });
    g.bench_function("phone_string", |b| {
        b.iter(|| state.hash_one(black_box(&phone_string)))
    });
    g.bench_function("email_purpose_bound", |b| {
        b.iter(|| state.hash_one(black_box(&email)))
    });
    g.bench_function("email_string", |b| {
        b.iter(|| state.hash_one(black_box(&email_string)))
    });
    g.finish();
}

fn sha2_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn match_key(c: &mut Criterion) {
    let consent = ad_consent();
    let phone = consent.parse_phone("+14155552671").expect("valid");
    let email = consent
        .parse_email("ada.lovelace@example.com")
        .expect("valid");
    let gmail = consent
        .parse_email("Ada.Lovelace+news@gmail.com")
        .expect("valid");
    let mut g = c.benchmark_group("match_key");
    g.bench_function("phone_purpose_bound", |b| {
        b.iter(|| black_box(&phone).match_key(&consent, NOW, Platform::Google))
    });
    g.bench_function("phone_sha2_hex", |b| {
        b.iter(|| sha2_hex(black_box(b"+14155552671")))
    });
    g.bench_function("phone_sha2_digest_only", |b| {
        b.iter(|| Sha256::digest(black_box(b"+14155552671")))
    });
    g.bench_function("email_purpose_bound", |b| {
        b.iter(|| black_box(&email).match_key(&consent, NOW, Platform::Meta))
    });
    g.bench_function("email_sha2_hex", |b| {
        b.iter(|| sha2_hex(black_box(b"ada.lovelace@example.com")))
    });
    // Google's Gmail rule: the peer hashes the already normalized form.
    g.bench_function("gmail_purpose_bound", |b| {
        b.iter(|| black_box(&gmail).match_key(&consent, NOW, Platform::Google))
    });
    g.bench_function("gmail_sha2_hex", |b| {
        b.iter(|| sha2_hex(black_box(b"adalovelace@gmail.com")))
    });
    g.finish();
}

fn clone_drop(c: &mut Criterion) {
    let phone = PhoneNumber::<TwoFactor>::parse("+442079460958").expect("valid");
    let email = EmailAddress::<TwoFactor>::parse("ada.lovelace@example.com").expect("valid");
    let phone_string = String::from("+442079460958");
    let email_string = String::from("ada.lovelace@example.com");
    let phone_secret = secrecy::SecretString::from("+442079460958");
    let email_secret = secrecy::SecretString::from("ada.lovelace@example.com");
    let mut g = c.benchmark_group("clone_drop");
    g.bench_function("phone_purpose_bound", |b| {
        b.iter(|| drop(black_box(&phone).clone()))
    });
    g.bench_function("phone_string", |b| {
        b.iter(|| drop(black_box(&phone_string).clone()))
    });
    g.bench_function("phone_secret_string", |b| {
        b.iter(|| drop(black_box(&phone_secret).clone()))
    });
    g.bench_function("email_purpose_bound", |b| {
        b.iter(|| drop(black_box(&email).clone()))
    });
    g.bench_function("email_string", |b| {
        b.iter(|| drop(black_box(&email_string).clone()))
    });
    g.bench_function("email_secret_string", |b| {
        b.iter(|| drop(black_box(&email_secret).clone()))
    });
    g.finish();
}

const EXPORT_SIZE: u64 = 1_000_000;

fn bulk_export(c: &mut Criterion) {
    let consent = ad_consent();
    // A million distinct US numbers: +1 415 2xx xxxx.
    let phones: Vec<PhoneNumber<Advertising>> = (0..EXPORT_SIZE)
        .map(|i| {
            consent
                .parse_phone(&format!("+1415{:07}", 2_000_000 + i))
                .expect("valid")
        })
        .collect();
    let normalized: Vec<String> = (0..EXPORT_SIZE)
        .map(|i| format!("+1415{:07}", 2_000_000 + i))
        .collect();
    let mut g = c.benchmark_group("bulk_export");
    g.sample_size(10);
    g.throughput(criterion::Throughput::Elements(EXPORT_SIZE));
    g.bench_function("purpose_bound", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(phones.len()),
            |out| {
                out.extend(
                    phones
                        .iter()
                        .map(|p| p.match_key(&consent, NOW, Platform::Google)),
                )
            },
            BatchSize::PerIteration,
        )
    });
    g.bench_function("sha2_hex", |b| {
        b.iter_batched_ref(
            || Vec::with_capacity(normalized.len()),
            |out| out.extend(normalized.iter().map(|s| sha2_hex(s.as_bytes()))),
            BatchSize::PerIteration,
        )
    });
    g.finish();
}

/// Sealing and opening a phone number against bare AES-SIV on the same
/// bytes: the plaintext the keyring encrypts, under the same one
/// associated-data component, with the cipher built per call and built
/// once (the keyring keeps one prepared per key and purpose).
#[cfg(feature = "seal")]
fn seal(c: &mut Criterion) {
    use aes_siv::KeyInit;
    use aes_siv::siv::Aes256Siv;
    use purpose_bound::{Keyring, Sealed};

    const SUBKEY: [u8; 64] = [7; 64];
    let subject = purpose_bound::Subject::new("user-1").expect("an account id");
    let ad = Sealed::<PhoneNumber<TwoFactor>>::associated_data(&subject, None);
    let ad = [ad.as_slice()];
    let plaintext = b"+442079460958";

    let keyring = Keyring::new(1, &mut [7; 32]);
    let phone = PhoneNumber::<TwoFactor>::parse("+442079460958")
        .expect("valid")
        .owned_by(&subject)
        .expect("unbound");
    let sealed = keyring.seal(&phone).expect("bound");
    let mut prebuilt = Aes256Siv::new(&SUBKEY.into());
    let ciphertext = prebuilt.encrypt(ad, plaintext).expect("encrypts");

    let mut g = c.benchmark_group("seal");
    g.bench_function("seal_purpose_bound", |b| {
        b.iter(|| keyring.seal(black_box(&phone)))
    });
    g.bench_function("seal_aes_siv_per_call", |b| {
        b.iter(|| {
            Aes256Siv::new(&SUBKEY.into())
                .encrypt(black_box(ad), black_box(plaintext))
                .expect("encrypts")
        })
    });
    g.bench_function("seal_aes_siv_prebuilt", |b| {
        b.iter(|| {
            prebuilt
                .encrypt(black_box(ad), black_box(plaintext))
                .expect("encrypts")
        })
    });
    g.bench_function("open_purpose_bound", |b| {
        b.iter(|| keyring.open(black_box(&sealed), &subject).expect("opens"))
    });
    g.bench_function("open_aes_siv_per_call", |b| {
        b.iter(|| {
            Aes256Siv::new(&SUBKEY.into())
                .decrypt(black_box(ad), black_box(&ciphertext))
                .expect("opens")
        })
    });
    g.bench_function("open_aes_siv_prebuilt", |b| {
        b.iter(|| {
            prebuilt
                .decrypt(black_box(ad), black_box(&ciphertext))
                .expect("opens")
        })
    });
    g.finish();
}

#[cfg(not(feature = "seal"))]
fn seal(_: &mut Criterion) {}

/// An identifier written to an in-memory SQLite table and read back through
/// rusqlite: sealed into a BLOB column (seal, insert, select, open) against
/// its stored form in a TEXT column (write, insert, select, parse).
#[cfg(all(feature = "seal", feature = "rusqlite"))]
fn sqlite_sealed(c: &mut Criterion) {
    use purpose_bound::{Keyring, Sealed};
    use rusqlite::Connection;

    let db = Connection::open_in_memory().expect("in-memory database");
    db.execute_batch(
        "CREATE TABLE sealed (id INTEGER PRIMARY KEY, phone BLOB);
         CREATE TABLE stored (id INTEGER PRIMARY KEY, phone TEXT);",
    )
    .expect("tables");
    let keyring = Keyring::new(1, &mut [7; 32]);
    let subject = purpose_bound::Subject::new("user-1").expect("an account id");
    let phone = PhoneNumber::<TwoFactor>::parse("+442079460958")
        .expect("valid")
        .owned_by(&subject)
        .expect("unbound");

    let mut g = c.benchmark_group("sqlite_sealed");
    g.bench_function("sealed_blob", |b| {
        b.iter(|| {
            db.prepare_cached("INSERT OR REPLACE INTO sealed (id, phone) VALUES (1, ?1)")
                .expect("statement")
                .execute([keyring.seal(black_box(&phone)).expect("bound")])
                .expect("insert");
            let back: Sealed<PhoneNumber<TwoFactor>> = db
                .prepare_cached("SELECT phone FROM sealed WHERE id = 1")
                .expect("statement")
                .query_row([], |row| row.get(0))
                .expect("select");
            keyring.open(&back, &subject).expect("opens")
        })
    });
    g.bench_function("stored_text", |b| {
        b.iter(|| {
            db.prepare_cached("INSERT OR REPLACE INTO stored (id, phone) VALUES (1, ?1)")
                .expect("statement")
                .execute([black_box(&phone).expose_stored()])
                .expect("insert");
            let back: PhoneNumber<TwoFactor> = db
                .prepare_cached("SELECT phone FROM stored WHERE id = 1")
                .expect("statement")
                .query_row([], |row| row.get(0))
                .expect("select");
            back
        })
    });
    g.finish();
}

#[cfg(not(all(feature = "seal", feature = "rusqlite")))]
fn sqlite_sealed(_: &mut Criterion) {}

criterion_group!(
    benches,
    phone_parse,
    phone_parse_floor,
    email_parse,
    equality,
    hashing,
    match_key,
    clone_drop,
    bulk_export,
    seal,
    sqlite_sealed
);

/// The first call of each phone parser in this process, before anything warmed it.
fn first_calls() -> [(&'static str, Duration); 2] {
    let start = Instant::now();
    black_box(PhoneNumber::<TwoFactor>::parse_with_region("020 7946 0958", region("GB")).ok());
    let ours = start.elapsed();
    let start = Instant::now();
    black_box(phonenumber::parse(Some(phonenumber::country::Id::GB), "020 7946 0958").ok());
    let theirs = start.elapsed();
    [("purpose_bound", ours), ("phonenumber", theirs)]
}

fn ratio_table() {
    let rows: &[(&str, &str, &str, &str, &str)] = &[
        (
            "phone parse (20 numbers)",
            "phone_parse",
            "purpose_bound",
            "phonenumber",
            "≥ 50× faster",
        ),
        (
            "phone parse vs is_valid",
            "phone_parse",
            "purpose_bound",
            "phonenumber_is_valid",
            "(info)",
        ),
        (
            "phone parse",
            "phone_parse",
            "purpose_bound",
            "plain_normalizer",
            "≤ 2× slower",
        ),
        (
            "two-factor parse, international (10 numbers), vs the floor",
            "phone_parse_floor",
            "two_factor",
            "digit_fold",
            "≤ 2.5×",
        ),
        (
            "two-factor parse, national (10 numbers), vs the floor",
            "phone_parse_floor",
            "two_factor_national",
            "digit_fold_national",
            "(info)",
        ),
        (
            "email parse (8 addresses)",
            "email_parse",
            "purpose_bound",
            "email_address",
            "faster",
        ),
        (
            "phone ==",
            "equality",
            "phone_purpose_bound",
            "phone_string_eq",
            "≤ 2× slower",
        ),
        (
            "phone == vs subtle",
            "equality",
            "phone_purpose_bound",
            "phone_subtle_slice",
            "(info)",
        ),
        (
            "email ==",
            "equality",
            "email_purpose_bound",
            "email_string_eq",
            "≤ 2× slower",
        ),
        (
            "email == vs subtle",
            "equality",
            "email_purpose_bound",
            "email_subtle_slice",
            "(info)",
        ),
        (
            "hash phone (SipHash-2-4 word)",
            "hashing",
            "phone_purpose_bound",
            "phone_string",
            "(info)",
        ),
        (
            "hash phone vs the HMAC word it replaced",
            "hashing",
            "phone_purpose_bound",
            "phone_hmac_per_hash",
            "≤ 200 ns",
        ),
        (
            "hash email (SipHash-2-4 word)",
            "hashing",
            "email_purpose_bound",
            "email_string",
            "(info)",
        ),
        (
            "match_key phone",
            "match_key",
            "phone_purpose_bound",
            "phone_sha2_hex",
            "≤ 1.3× slower",
        ),
        (
            "match_key phone vs digest alone",
            "match_key",
            "phone_purpose_bound",
            "phone_sha2_digest_only",
            "(info)",
        ),
        (
            "match_key email",
            "match_key",
            "email_purpose_bound",
            "email_sha2_hex",
            "≤ 1.3× slower",
        ),
        (
            "match_key Gmail (Google) vs normalized input",
            "match_key",
            "gmail_purpose_bound",
            "gmail_sha2_hex",
            "(info)",
        ),
        (
            "clone + drop phone",
            "clone_drop",
            "phone_purpose_bound",
            "phone_string",
            "≤ 1×",
        ),
        (
            "clone + drop phone vs secrecy",
            "clone_drop",
            "phone_purpose_bound",
            "phone_secret_string",
            "(info)",
        ),
        (
            "clone + drop email",
            "clone_drop",
            "email_purpose_bound",
            "email_string",
            "≤ 1.5× slower",
        ),
        (
            "clone + drop email vs secrecy",
            "clone_drop",
            "email_purpose_bound",
            "email_secret_string",
            "(info)",
        ),
        (
            "export 1,000,000 keys",
            "bulk_export",
            "purpose_bound",
            "sha2_hex",
            "≤ 1.3× slower",
        ),
        (
            "seal phone",
            "seal",
            "seal_purpose_bound",
            "seal_aes_siv_per_call",
            "(info)",
        ),
        (
            "seal phone vs a prebuilt cipher",
            "seal",
            "seal_purpose_bound",
            "seal_aes_siv_prebuilt",
            "(info)",
        ),
        (
            "open phone",
            "seal",
            "open_purpose_bound",
            "open_aes_siv_per_call",
            "(info)",
        ),
        (
            "open phone vs a prebuilt cipher",
            "seal",
            "open_purpose_bound",
            "open_aes_siv_prebuilt",
            "(info)",
        ),
        (
            "SQLite round trip, sealed BLOB",
            "sqlite_sealed",
            "sealed_blob",
            "stored_text",
            "(info)",
        ),
    ];
    println!();
    println!("| row | purpose-bound | peer | ours / peer | target |");
    println!("|---|---:|---:|---:|---|");
    for &(row, group, ours, peer, target) in rows {
        match (mean_ns(group, ours), mean_ns(group, peer)) {
            (Some(a), Some(b)) => println!(
                "| {row} ({peer}) | {} | {} | {:.2}× | {target} |",
                human(a),
                human(b),
                a / b
            ),
            _ => println!("| {row} ({peer}) | not run | | | {target} |"),
        }
    }
}

fn human(ns: f64) -> String {
    match ns {
        ns if ns >= 1e6 => format!("{:.1} ms", ns / 1e6),
        ns if ns >= 1e3 => format!("{:.2} µs", ns / 1e3),
        ns => format!("{ns:.1} ns"),
    }
}

fn main() {
    let first = first_calls();
    benches();
    Criterion::default().configure_from_args().final_summary();
    ratio_table();
    println!();
    for (name, t) in first {
        println!("first call, {name}: {t:?}");
    }
}
