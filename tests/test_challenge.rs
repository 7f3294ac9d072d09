//! One-time-code challenges: verified after a restart from their stored
//! form, single-use, expiring, counting attempts, bound to the identifier,
//! its purpose and the keyring, refusing any altered byte, holding neither
//! code nor identifier, and matching an independent computation of the
//! format.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::time::Duration;

use common::{Outbox, Sent, keyring};
use proptest::prelude::*;
use purpose_bound::{
    AccountRecovery, Attempt, Challenge, ChallengeError, ChallengeErrorKind, EmailAddress, Keyring,
    PhoneNumber, SendOtp, Sms, TwoFactor,
};

const PHONE: &str = "+442079460958";
const NOW: Duration = Duration::from_secs(1_767_225_600);
const TTL: Duration = Duration::from_secs(300);

type TwoFactorChallenge = Challenge<PhoneNumber<TwoFactor>>;

fn phone() -> PhoneNumber<TwoFactor> {
    PhoneNumber::parse(PHONE).unwrap()
}

/// Verifies as a service does: the challenge is read back from its stored
/// bytes, verified, and the challenge the attempt gives back is stored in
/// place before the outcome is returned.
trait VerifyStored<I> {
    fn verify_stored(
        &mut self,
        keyring: &Keyring,
        id: &I,
        typed: &str,
        now: Duration,
    ) -> Result<(), ChallengeError>;
}

impl<I: SendOtp> VerifyStored<I> for Challenge<I> {
    fn verify_stored(
        &mut self,
        keyring: &Keyring,
        id: &I,
        typed: &str,
        now: Duration,
    ) -> Result<(), ChallengeError> {
        let read = Challenge::from_bytes(&self.to_bytes()).unwrap();
        let Attempt { challenge, outcome } = read.verify(keyring, id, typed, now);
        *self = challenge;
        outcome
    }
}

fn kind<T: std::fmt::Debug>(result: Result<T, ChallengeError>) -> ChallengeErrorKind {
    result.unwrap_err().kind()
}

/// A code of the same length that is not `code`.
fn wrong(code: &str) -> String {
    code.chars()
        .map(|c| if c == '0' { '1' } else { '0' })
        .collect()
}

#[test]
fn verifies_after_a_restart_from_the_stored_form() {
    let mut sms = Outbox::<Sms>::default();
    let stored = {
        let keyring = keyring();
        let (challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
        phone().send_otp(&mut sms, &code).unwrap();
        challenge.to_string()
    };
    assert_eq!(stored.len(), 132);
    assert_eq!(TwoFactorChallenge::STORED_LEN, 99);

    // A new process: the keyring again from the same secret.
    let keyring = keyring();
    let [(_, Sent::Code(typed))] = &sms.sent[..] else {
        panic!("{} messages, not one code", sms.sent.len());
    };
    let mut challenge: TwoFactorChallenge = stored.parse().unwrap();
    assert_eq!(challenge.attempts_left(), 3);
    assert_eq!(challenge.expires_at(), NOW + TTL);
    assert_eq!(challenge.key_id(), 1);
    assert!(!challenge.is_used());
    challenge
        .verify_stored(
            &keyring,
            &phone(),
            &format!(" {typed}\n"),
            NOW + Duration::from_secs(30),
        )
        .unwrap();
    assert!(challenge.is_used());
    assert_eq!(challenge.attempts_left(), 2);

    // Stored back, and read again: used.
    let mut again = TwoFactorChallenge::from_bytes(&challenge.to_bytes()).unwrap();
    assert_eq!(
        kind(again.verify_stored(&keyring, &phone(), typed, NOW + Duration::from_secs(31))),
        ChallengeErrorKind::Used
    );
}

#[test]
fn email_addresses_and_recovery_purposes_too() {
    let keyring = keyring();
    let email = EmailAddress::<AccountRecovery>::parse("Ada@Example.com").unwrap();
    let (challenge, code) = Challenge::issue(&keyring, &email, NOW, TTL, 1, 10).unwrap();
    assert_eq!(code.expose_secret().len(), 10);
    let mut read: Challenge<EmailAddress<AccountRecovery>> = challenge.to_string().parse().unwrap();
    read.verify_stored(&keyring, &email, code.expose_secret(), NOW)
        .unwrap();
}

#[test]
fn wrong_codes_use_up_the_attempts_then_even_the_right_code_is_refused() {
    let keyring = keyring();
    let (mut challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    let wrong = wrong(code.expose_secret());
    for left in [2, 1, 0] {
        assert_eq!(
            kind(challenge.verify_stored(&keyring, &phone(), &wrong, NOW)),
            ChallengeErrorKind::WrongCode
        );
        assert_eq!(challenge.attempts_left(), left);
        // Each attempt survives the store.
        challenge = TwoFactorChallenge::from_bytes(&challenge.to_bytes()).unwrap();
    }
    let before = challenge.to_bytes();
    assert_eq!(
        kind(challenge.verify_stored(&keyring, &phone(), code.expose_secret(), NOW)),
        ChallengeErrorKind::Exhausted
    );
    assert_eq!(challenge.to_bytes(), before, "a refusal changes nothing");
}

#[test]
fn input_of_another_length_uses_an_attempt() {
    let keyring = keyring();
    let (mut challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 2, 6).unwrap();
    for typed in ["", "12345", "1234567", "not a code"] {
        let mut copy = TwoFactorChallenge::from_bytes(&challenge.to_bytes()).unwrap();
        assert_eq!(
            kind(copy.verify_stored(&keyring, &phone(), typed, NOW)),
            ChallengeErrorKind::WrongCode
        );
        assert_eq!(copy.attempts_left(), 1);
    }
    challenge
        .verify_stored(&keyring, &phone(), code.expose_secret(), NOW)
        .unwrap();
}

#[test]
fn expires_at_the_exact_instant() {
    let keyring = keyring();
    let (challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    let bytes = challenge.to_bytes();
    let read = || TwoFactorChallenge::from_bytes(&bytes).unwrap();

    let mut at = read();
    assert_eq!(
        kind(at.verify_stored(&keyring, &phone(), code.expose_secret(), NOW + TTL)),
        ChallengeErrorKind::Expired
    );
    assert_eq!(at.to_bytes(), bytes, "a refusal changes nothing");
    let mut after = read();
    assert_eq!(
        kind(after.verify_stored(&keyring, &phone(), code.expose_secret(), NOW + TTL * 2)),
        ChallengeErrorKind::Expired
    );
    let just_before = NOW + TTL - Duration::from_nanos(1);
    read()
        .verify_stored(&keyring, &phone(), code.expose_secret(), just_before)
        .unwrap();
}

#[test]
fn a_replay_of_a_success_is_refused() {
    let keyring = keyring();
    let (mut challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 5, 6).unwrap();
    challenge
        .verify_stored(&keyring, &phone(), code.expose_secret(), NOW)
        .unwrap();
    let used = challenge.to_bytes();
    for typed in [code.expose_secret().to_owned(), wrong(code.expose_secret())] {
        let mut replay = TwoFactorChallenge::from_bytes(&used).unwrap();
        assert_eq!(
            kind(replay.verify_stored(&keyring, &phone(), &typed, NOW)),
            ChallengeErrorKind::Used
        );
        assert_eq!(replay.to_bytes(), used);
    }
}

#[test]
fn another_number_is_refused_before_an_attempt_is_used() {
    let keyring = keyring();
    let (mut challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    let other = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671").unwrap();
    assert_eq!(
        kind(challenge.verify_stored(&keyring, &other, code.expose_secret(), NOW)),
        ChallengeErrorKind::Foreign
    );
    assert_eq!(challenge.attempts_left(), 3);
    challenge
        .verify_stored(&keyring, &phone(), code.expose_secret(), NOW)
        .unwrap();
}

#[test]
fn bytes_moved_to_another_purpose_are_refused() {
    let keyring = keyring();
    let (challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    // The same number, given for account recovery, with the two-factor
    // challenge's bytes copied into a recovery challenge.
    let recovery = PhoneNumber::<AccountRecovery>::parse(PHONE).unwrap();
    let mut moved =
        Challenge::<PhoneNumber<AccountRecovery>>::from_bytes(&challenge.to_bytes()).unwrap();
    assert_eq!(
        kind(moved.verify_stored(&keyring, &recovery, code.expose_secret(), NOW)),
        ChallengeErrorKind::Foreign
    );
    // And a purpose set is a purpose of its own.
    let set = PhoneNumber::<(TwoFactor, AccountRecovery)>::parse(PHONE).unwrap();
    let mut moved: Challenge<PhoneNumber<(TwoFactor, AccountRecovery)>> =
        challenge.to_string().parse().unwrap();
    assert_eq!(
        kind(moved.verify_stored(&keyring, &set, code.expose_secret(), NOW)),
        ChallengeErrorKind::Foreign
    );
}

#[test]
fn another_keyring_is_refused() {
    let (mut challenge, code) = Challenge::issue(&keyring(), &phone(), NOW, TTL, 3, 6).unwrap();
    // Another secret under the same id.
    let impostor = Keyring::new(1, &mut [8; 32]);
    assert_eq!(
        kind(challenge.verify_stored(&impostor, &phone(), code.expose_secret(), NOW)),
        ChallengeErrorKind::Foreign
    );
    // A keyring without the key.
    let elsewhere = Keyring::new(2, &mut { common::KEY });
    assert_eq!(
        kind(challenge.verify_stored(&elsewhere, &phone(), code.expose_secret(), NOW)),
        ChallengeErrorKind::UnknownKey
    );
    assert_eq!(challenge.attempts_left(), 3);
}

#[test]
fn a_challenge_made_under_an_older_key_verifies_while_it_is_in_the_ring() {
    let mut keyring = keyring();
    let (challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    keyring.rotate(2, &mut [9; 32]).unwrap();
    let (newer, _) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    assert_eq!(newer.key_id(), 2);

    let mut read = TwoFactorChallenge::from_bytes(&challenge.to_bytes()).unwrap();
    read.verify_stored(&keyring, &phone(), code.expose_secret(), NOW)
        .unwrap();
    assert_eq!(read.key_id(), 1, "verified and stored under its own key");

    // Once key 1 is retired, it no longer verifies.
    let retired = Keyring::new(2, &mut [9; 32]);
    let mut read = TwoFactorChallenge::from_bytes(&challenge.to_bytes()).unwrap();
    assert_eq!(
        kind(read.verify_stored(&retired, &phone(), code.expose_secret(), NOW)),
        ChallengeErrorKind::UnknownKey
    );
}

#[test]
fn edited_counters_expiry_and_flags_are_refused() {
    let keyring = keyring();
    let (mut challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 1, 6).unwrap();
    let _ = challenge.verify_stored(&keyring, &phone(), &wrong(code.expose_secret()), NOW);
    let spent = challenge.to_bytes();

    // Attempts reset from 0 to 200.
    let mut bytes = spent;
    bytes[33] = 200;
    let mut edited = TwoFactorChallenge::from_bytes(&bytes).unwrap();
    assert_eq!(
        edited.attempts_left(),
        200,
        "the accessors read the bytes as they are"
    );
    assert_eq!(
        kind(edited.verify_stored(&keyring, &phone(), code.expose_secret(), NOW)),
        ChallengeErrorKind::Foreign
    );

    // Expiry moved a year later, on a challenge verified after it expired.
    let (fresh, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    let mut bytes = fresh.to_bytes();
    let later = (NOW + TTL).as_secs() + 365 * 86_400;
    bytes[21..29].copy_from_slice(&later.to_be_bytes());
    let mut edited = TwoFactorChallenge::from_bytes(&bytes).unwrap();
    assert_eq!(
        kind(edited.verify_stored(&keyring, &phone(), code.expose_secret(), NOW + TTL)),
        ChallengeErrorKind::Foreign
    );

    // The used flag cleared on a used challenge.
    let mut used = TwoFactorChallenge::from_bytes(&fresh.to_bytes()).unwrap();
    used.verify_stored(&keyring, &phone(), code.expose_secret(), NOW)
        .unwrap();
    let mut bytes = used.to_bytes();
    bytes[34] = 0;
    let mut edited = TwoFactorChallenge::from_bytes(&bytes).unwrap();
    assert_eq!(
        kind(edited.verify_stored(&keyring, &phone(), code.expose_secret(), NOW)),
        ChallengeErrorKind::Foreign
    );

    // The state MAC of one challenge on another one's state.
    let (other, _) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    let mut bytes = fresh.to_bytes();
    bytes[67..].copy_from_slice(&other.to_bytes()[67..]);
    let mut spliced = TwoFactorChallenge::from_bytes(&bytes).unwrap();
    assert_eq!(
        kind(spliced.verify_stored(&keyring, &phone(), code.expose_secret(), NOW)),
        ChallengeErrorKind::Foreign
    );
}

#[test]
fn every_single_bit_flip_is_refused() {
    let keyring = keyring();
    let (challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    let bytes = challenge.to_bytes();
    for i in 0..bytes.len() {
        for bit in 0..8 {
            let mut flipped = bytes;
            flipped[i] ^= 1 << bit;
            if let Ok(mut read) = TwoFactorChallenge::from_bytes(&flipped) {
                let kind = kind(read.verify_stored(&keyring, &phone(), code.expose_secret(), NOW));
                assert!(
                    matches!(
                        kind,
                        ChallengeErrorKind::Foreign | ChallengeErrorKind::UnknownKey
                    ),
                    "byte {i} bit {bit}: {kind:?}"
                );
                assert_eq!(read.to_bytes(), flipped, "a refusal changes nothing");
            }
        }
    }
}

proptest! {
    #[test]
    fn any_altered_byte_is_refused_without_panicking(
        index in 0usize..99,
        mask in 1u8..=255,
        attempts in 1u8..=255,
    ) {
        let keyring = keyring();
        let (challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, attempts, 6).unwrap();
        let mut bytes = challenge.to_bytes();
        bytes[index] ^= mask;
        match TwoFactorChallenge::from_bytes(&bytes) {
            Ok(mut read) => {
                let refused = read.verify_stored(&keyring, &phone(), code.expose_secret(), NOW);
                prop_assert!(refused.is_err());
            }
            Err(err) => prop_assert_eq!(err.kind(), ChallengeErrorKind::Malformed),
        }
    }

    #[test]
    fn arbitrary_bytes_and_text_never_panic(
        bytes in proptest::collection::vec(any::<u8>(), 0..200),
        text in ".{0,200}",
    ) {
        let keyring = keyring();
        if let Ok(mut read) = TwoFactorChallenge::from_bytes(&bytes) {
            prop_assert!(read.verify_stored(&keyring, &phone(), "123456", NOW).is_err());
        }
        if let Ok(mut read) = text.parse::<TwoFactorChallenge>() {
            prop_assert!(read.verify_stored(&keyring, &phone(), "123456", NOW).is_err());
        }
    }
}

#[test]
fn malformed_forms() {
    let (challenge, _) = Challenge::issue(&keyring(), &phone(), NOW, TTL, 3, 6).unwrap();
    let bytes = challenge.to_bytes();
    let malformed = |bytes: &[u8]| kind(TwoFactorChallenge::from_bytes(bytes));
    assert_eq!(malformed(&[]), ChallengeErrorKind::Malformed);
    assert_eq!(malformed(&bytes[..98]), ChallengeErrorKind::Malformed);
    assert_eq!(
        malformed(&[&bytes[..], &[0]].concat()),
        ChallengeErrorKind::Malformed
    );
    let mut other_format = bytes;
    other_format[0] = 2;
    assert_eq!(malformed(&other_format), ChallengeErrorKind::Malformed);
    let mut used_flag = bytes;
    used_flag[34] = 2;
    assert_eq!(malformed(&used_flag), ChallengeErrorKind::Malformed);
    let mut nanos = bytes;
    nanos[29..33].copy_from_slice(&1_000_000_000u32.to_be_bytes());
    assert_eq!(malformed(&nanos), ChallengeErrorKind::Malformed);

    let text = challenge.to_string();
    for bad in [
        String::new(),
        format!("{text}A"),
        text[..131].to_owned(),
        // Whole base64 quanta: decodes cleanly to 96 bytes, three short.
        text[..128].to_owned(),
        format!("{}=", &text[..131]),
        text.replace(['-', '_'], "+"),
        "+442079460958".to_owned(),
    ] {
        if bad == text {
            continue;
        }
        assert_eq!(
            kind(bad.parse::<TwoFactorChallenge>()),
            ChallengeErrorKind::Malformed,
            "{bad}"
        );
    }
}

#[test]
fn issuing_checks_its_arguments() {
    let keyring = keyring();
    let issue = |ttl, attempts, digits| {
        kind(Challenge::issue(
            &keyring,
            &phone(),
            NOW,
            ttl,
            attempts,
            digits,
        ))
    };
    assert_eq!(issue(TTL, 3, 5), ChallengeErrorKind::InvalidLength);
    assert_eq!(issue(TTL, 3, 11), ChallengeErrorKind::InvalidLength);
    assert_eq!(issue(TTL, 0, 6), ChallengeErrorKind::InvalidPolicy);
    assert_eq!(
        issue(Duration::ZERO, 3, 6),
        ChallengeErrorKind::InvalidPolicy
    );
    assert_eq!(
        issue(Duration::MAX, 3, 6),
        ChallengeErrorKind::InvalidPolicy
    );
}

#[test]
fn two_challenges_to_one_number_are_unrelated() {
    let keyring = keyring();
    let (first, first_code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    let (second, _) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    assert_ne!(
        first.to_bytes()[5..21],
        second.to_bytes()[5..21],
        "random ids"
    );
    assert_ne!(first.to_bytes()[35..67], second.to_bytes()[35..67]);
    // The first code does not verify the second challenge (unless the two
    // codes happen to be equal).
    let mut second = second;
    match second.verify_stored(&keyring, &phone(), first_code.expose_secret(), NOW) {
        Ok(()) => {}
        Err(err) => assert_eq!(err.kind(), ChallengeErrorKind::WrongCode),
    }
}

#[test]
fn the_stored_form_holds_neither_the_code_nor_the_number() {
    let keyring = keyring();
    for _ in 0..20 {
        let (challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
        let bytes = challenge.to_bytes();
        let text = challenge.to_string();
        let debug = format!("{challenge:?}");
        let code = code.expose_secret().as_bytes();
        for secret in [
            code,
            PHONE.as_bytes(),
            &PHONE.as_bytes()[1..],
            b"7946",
            b"0958",
        ] {
            let found = |hay: &[u8]| hay.windows(secret.len()).any(|w| w == secret);
            assert!(!found(&bytes));
            assert!(!found(text.as_bytes()));
            assert!(!found(debug.as_bytes()), "{debug}");
        }
    }
}

#[test]
fn debug_and_errors_show_no_secret() {
    let keyring = keyring();
    let (challenge, _) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();
    assert_eq!(
        format!("{challenge:?}"),
        "Challenge { purpose: \"TwoFactor\", key: 1, expires_at: 1767225900s, \
         attempts_left: 3, used: false, .. }"
    );
    let mut wrong_code = TwoFactorChallenge::from_bytes(&challenge.to_bytes()).unwrap();
    let err = wrong_code
        .verify_stored(&keyring, &phone(), "99999999", NOW)
        .unwrap_err();
    assert_eq!(err.kind(), ChallengeErrorKind::WrongCode);
    assert_eq!(err.to_string(), "one-time code is wrong");
    assert!(!format!("{err:?}").contains("9999"));
    let err = wrong_code
        .verify_stored(&Keyring::new(1, &mut [8; 32]), &phone(), "", NOW)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "one-time-code challenge was issued to another identifier or purpose, under another key, or altered"
    );
}

/// The stored form pinned by an independent computation: Python's `hmac`
/// and `hashlib` (HKDF-SHA256 written from RFC 5869 with them, checked
/// against `cryptography`'s HKDF), for key 7 = `[0x42; 32]`, challenge id
/// `00 01 … 0f`, the two-factor number +442079460958, expiry 1767225900 s,
/// 3 attempts and code `123456`:
///
/// ```python
/// import base64, hashlib, hmac, struct
///
/// def hkdf_sha256(ikm, info, length):
///     prk = hmac.new(b"\0" * 32, ikm, hashlib.sha256).digest()
///     out, t, i = b"", b"", 1
///     while len(out) < length:
///         t = hmac.new(prk, t + info + bytes([i]), hashlib.sha256).digest()
///         out += t
///         i += 1
///     return out[:length]
///
/// subkey = hkdf_sha256(bytes([0x42]) * 32, b"purpose-bound/v1/challenge", 32)
///
/// def mac(items):
///     m = hmac.new(subkey, digestmod=hashlib.sha256)
///     for item in items:
///         m.update(struct.pack(">Q", len(item)) + item)
///     return m.digest()
///
/// cid = bytes(range(16))
/// kind, tag, value = b"phone number", b"two_factor", b"+442079460958"
/// expiry = struct.pack(">QI", 1_767_225_900, 0)
/// code_mac = mac([b"purpose-bound challenge v1 code", cid, kind, tag, value, expiry, b"123456"])
///
/// def stored(attempts, used):
///     state = bytes([1]) + struct.pack(">I", 7) + cid + expiry + bytes([attempts, used]) + code_mac
///     state_mac = mac([b"purpose-bound challenge v1 state", kind, tag, value, state])
///     return base64.urlsafe_b64encode(state + state_mac).rstrip(b"=").decode()
///
/// print(stored(3, 0), stored(2, 0), stored(2, 1), stored(1, 1))
/// ```
const KNOWN_ISSUED: &str = "AQAAAAcAAQIDBAUGBwgJCgsMDQ4PAAAAAGlVuiwAAAAAAwBAKCCniO8MLHOYlSzbUWvxAB61IV80MAKkReYf0ouHBIa1W9nEv_nA1xGh3_bE_Sq7xqdrexnjTP0PiLUZZnMf";
const KNOWN_AFTER_WRONG: &str = "AQAAAAcAAQIDBAUGBwgJCgsMDQ4PAAAAAGlVuiwAAAAAAgBAKCCniO8MLHOYlSzbUWvxAB61IV80MAKkReYf0ouHBA3_Gdq5qpP7VfagNY9vTHSgfxva8TkqDdgUvp7wRpFj";
const KNOWN_AFTER_RIGHT: &str = "AQAAAAcAAQIDBAUGBwgJCgsMDQ4PAAAAAGlVuiwAAAAAAgFAKCCniO8MLHOYlSzbUWvxAB61IV80MAKkReYf0ouHBC6W-KtS6aoTWAK1MePYlf6m6lvfrpZhQk-KkUZlGKF4";
const KNOWN_AFTER_WRONG_THEN_RIGHT: &str = "AQAAAAcAAQIDBAUGBwgJCgsMDQ4PAAAAAGlVuiwAAAAAAQFAKCCniO8MLHOYlSzbUWvxAB61IV80MAKkReYf0ouHBG7NrTmve6gVh4kwl6hSYmAElkunHetIOGSsZuj1G8LV";

#[test]
fn known_answer_from_an_independent_computation() {
    let keyring = Keyring::new(7, &mut [0x42; 32]);
    let read = || KNOWN_ISSUED.parse::<TwoFactorChallenge>().unwrap();
    assert_eq!(read().key_id(), 7);
    assert_eq!(read().expires_at(), Duration::from_secs(1_767_225_900));
    assert_eq!(read().attempts_left(), 3);

    let mut wrong = read();
    assert_eq!(
        kind(wrong.verify_stored(&keyring, &phone(), "123457", NOW)),
        ChallengeErrorKind::WrongCode
    );
    assert_eq!(wrong.to_string(), KNOWN_AFTER_WRONG);

    let mut right = read();
    right
        .verify_stored(&keyring, &phone(), "123456", NOW)
        .unwrap();
    assert_eq!(right.to_string(), KNOWN_AFTER_RIGHT);
    assert_eq!(
        kind(right.verify_stored(&keyring, &phone(), "123456", NOW)),
        ChallengeErrorKind::Used
    );

    // The after-wrong state, read back, still takes the right code.
    let mut after_wrong = KNOWN_AFTER_WRONG.parse::<TwoFactorChallenge>().unwrap();
    after_wrong
        .verify_stored(&keyring, &phone(), "123456", NOW)
        .unwrap();
    assert_eq!(after_wrong.to_string(), KNOWN_AFTER_WRONG_THEN_RIGHT);
}

#[cfg(feature = "serde")]
mod serde_form {
    use super::*;

    #[test]
    fn text_in_json_bytes_in_postcard() {
        let keyring = keyring();
        let (challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 3, 6).unwrap();

        let json = serde_json::to_string(&challenge).unwrap();
        assert_eq!(json, format!("\"{challenge}\""));
        let mut from_json: TwoFactorChallenge = serde_json::from_str(&json).unwrap();
        assert_eq!(from_json.to_bytes(), challenge.to_bytes());

        let compact = postcard::to_allocvec(&challenge).unwrap();
        assert_eq!(compact.len(), 1 + 99, "a length byte and the bytes");
        let from_postcard: TwoFactorChallenge = postcard::from_bytes(&compact).unwrap();
        assert_eq!(from_postcard.to_bytes(), challenge.to_bytes());

        from_json
            .verify_stored(&keyring, &phone(), code.expose_secret(), NOW)
            .unwrap();
    }

    #[test]
    fn errors_do_not_repeat_the_input() {
        for input in [
            "14155552671",
            "\"+14155552671\"",
            "\"14155552671\"",
            "[14155552671]",
            "{\"14155552671\": 1}",
            "true",
        ] {
            let err = serde_json::from_str::<TwoFactorChallenge>(input).unwrap_err();
            assert!(!err.to_string().contains("14155552671"), "{err}");
        }
        let err = postcard::from_bytes::<TwoFactorChallenge>(&[3, 1, 2, 3]).unwrap_err();
        assert!(!err.to_string().contains("[1, 2, 3]"), "{err}");
    }
}

/// A code typed on a full-width keyboard, or in the digits of another
/// script, is the code: it is read as the ASCII digits it stands for, as
/// phone numbers are.
#[test]
fn digits_of_other_scripts_are_the_code() {
    let keyring = keyring();
    let fold = |code: &str, zero: u32| -> String {
        code.chars()
            .map(|c| char::from_u32(zero + c.to_digit(10).unwrap()).unwrap())
            .collect()
    };
    for zero in [0xFF10, 0x0660, 0x0966] {
        let (mut challenge, code) = Challenge::issue(&keyring, &phone(), NOW, TTL, 1, 6).unwrap();
        let typed = fold(code.expose_secret(), zero);
        assert!(code.verify(&typed), "{zero:#x}");
        challenge
            .verify_stored(&keyring, &phone(), &typed, NOW)
            .unwrap();
        assert!(challenge.is_used());
    }
}
