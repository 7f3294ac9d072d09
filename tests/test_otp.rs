//! One-time codes: length, alphabet, uniformity, verification, redaction.

#![allow(
    clippy::unwrap_used,
    reason = "a test fails loudly on an unexpected error"
)]

use purpose_bound::{OtpCode, OtpErrorKind};

#[test]
fn lengths_from_six_to_ten_digits() {
    for len in OtpCode::MIN_DIGITS..=OtpCode::MAX_DIGITS {
        let code = OtpCode::generate(len).unwrap();
        assert_eq!(code.expose_secret().len(), len);
        assert!(code.expose_secret().bytes().all(|b| b.is_ascii_digit()));
    }
    for len in [0, 1, 5, 11, 64, usize::MAX] {
        let err = OtpCode::generate(len).unwrap_err();
        assert_eq!(err.kind(), OtpErrorKind::InvalidLength);
        assert_eq!(
            err.to_string(),
            "one-time code: length must be 6 to 10 digits"
        );
    }
}

#[test]
fn verify_accepts_the_code_only() {
    let code = OtpCode::generate(6).unwrap();
    let digits = code.expose_secret().to_owned();
    assert!(code.verify(&digits));
    assert!(code.verify(&format!("\t{digits} \n")));
    assert!(!code.verify(""));
    assert!(!code.verify(&digits[..5]));
    assert!(!code.verify(&format!("{digits}0")));
    // Every single-digit change is refused.
    for i in 0..digits.len() {
        let mut wrong = digits.clone().into_bytes();
        wrong[i] = b'0' + (wrong[i] - b'0' + 1) % 10;
        assert!(!code.verify(std::str::from_utf8(&wrong).unwrap()));
    }
}

/// Chi-squared test of digit frequencies over 20,000 codes (200,000 digits).
/// With 9 degrees of freedom, 33.7 is exceeded by chance once in 10,000 runs;
/// a modulo bias (256 mod 10 = 6) would give about 1,100.
#[test]
fn digits_are_uniform() {
    let mut counts = [0u64; 10];
    for _ in 0..20_000 {
        for b in OtpCode::generate(10).unwrap().expose_secret().bytes() {
            counts[usize::from(b - b'0')] += 1;
        }
    }
    let expected = 20_000.0;
    let chi2: f64 = counts
        .iter()
        .map(|&c| (c as f64 - expected).powi(2) / expected)
        .sum();
    assert!(chi2 < 33.7, "chi-squared {chi2:.1} over {counts:?}");
}

#[test]
fn codes_differ() {
    let codes: std::collections::HashSet<String> = (0..1000)
        .map(|_| OtpCode::generate(10).unwrap().expose_secret().to_owned())
        .collect();
    // 1000 draws from 10^10: a repeat has probability about 5e-5.
    assert!(codes.len() >= 999);
}

#[test]
fn debug_is_redacted() {
    let code = OtpCode::generate(6).unwrap();
    let shown = format!("{code:?} {code:#?}");
    assert!(!shown.contains(code.expose_secret()));
    assert_eq!(shown, "OtpCode([REDACTED]) OtpCode([REDACTED])");
}

/// A finer look at the rejection sampling than the chi-squared test above:
/// over a million digits each digit's frequency is within 0.0018 of 1/10
/// (six standard deviations; a false alarm about once in 10^8 runs). Keeping
/// a byte of 250 (folding it to `0`) would give `0` a frequency of 26/251,
/// 0.0036 too many; a chi-squared test over 200,000 digits can miss that.
#[test]
fn no_digit_is_favoured_by_a_byte_that_should_be_redrawn() {
    const CODES: usize = 100_000;
    let mut counts = [0u64; 10];
    for _ in 0..CODES {
        for b in OtpCode::generate(10).unwrap().expose_secret().bytes() {
            counts[usize::from(b - b'0')] += 1;
        }
    }
    let total = (CODES * 10) as f64;
    for (digit, &count) in counts.iter().enumerate() {
        let frequency = count as f64 / total;
        assert!(
            (frequency - 0.1).abs() < 0.0018,
            "digit {digit}: frequency {frequency:.5} over {counts:?}"
        );
    }
}
