//! Sealed values from an attacker: arbitrary bytes opened as a two-factor
//! number with a fixed keyring and with its two-factor keyset (which must
//! agree), and as a marketing address with a fixed consent; the same input read as base64url text and through serde. Nothing
//! panics, every refusal is a typed error, and whatever opens seals again
//! to exactly the same bytes.
//!
//! Run with `cargo +nightly fuzz run open_sealed`.

#![no_main]

use std::sync::LazyLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use purpose_bound::{
    Consent, ConsentChannel, ConsentId, ConsentRecord, EmailAddress, Keyring, Keyset, Marketing,
    OpenErrorKind, PhoneNumber, Sealed, TwoFactor,
};

/// Key 1 seals; key 2 still opens. Either may name a value.
static KEYRING: LazyLock<Keyring> = LazyLock::new(|| {
    let mut keyring = Keyring::new(2, &mut [2; 32]);
    keyring.rotate(1, &mut [1; 32]).unwrap();
    keyring
});

/// The two-factor keys of the same ring, as a service would hold them.
static KEYSET: LazyLock<Keyset<TwoFactor>> = LazyLock::new(|| KEYRING.keyset());

static CONSENT: LazyLock<Consent<Marketing>> = LazyLock::new(|| {
    Consent::new(ConsentRecord::new(
        ConsentId::new(7).unwrap(),
        "user-42",
        Duration::ZERO,
        "offers-v1",
        ConsentChannel::Web,
    ))
    .unwrap()
});

fn known(kind: OpenErrorKind) -> bool {
    matches!(
        kind,
        OpenErrorKind::Malformed
            | OpenErrorKind::UnknownKey
            | OpenErrorKind::DisabledKey
            | OpenErrorKind::OtherConsent
            | OpenErrorKind::PurposeOrTampered
            | OpenErrorKind::Invalid
    )
}

fn open_phone(sealed: &Sealed<PhoneNumber<TwoFactor>>) {
    let opened = KEYRING.open(sealed);
    // The keyset opens exactly what the keyring opens in the current
    // format (no fuzzer forges a value of the first format, which only
    // the keyring opens).
    match (&opened, KEYSET.open(sealed)) {
        (Ok(a), Ok(b)) => assert!(*a == b, "keyset and keyring agree"),
        (Err(a), Err(b)) => assert!(a.kind() == b.kind(), "keyset and keyring agree"),
        _ => panic!("keyset and keyring disagree"),
    }
    match opened {
        Ok(phone) => {
            let again = KEYRING.seal(&phone);
            assert!(KEYSET.seal(&phone) == again);
            if sealed.key_id() == Some(KEYRING.primary()) {
                assert!(again == *sealed, "reseals to the same bytes");
            } else {
                // Sealed under the older key: resealing moves it, and the
                // moved value opens as the same number.
                assert!(KEYRING.reseal(sealed).unwrap() == again);
                assert!(KEYRING.open(&again).unwrap() == phone);
            }
        }
        Err(err) => {
            assert!(known(err.kind()));
            let _ = err.to_string();
        }
    }
}

fn open_email(sealed: &Sealed<EmailAddress<Marketing>>) {
    match CONSENT.open(&*KEYRING, sealed) {
        Ok(email) => {
            let again = KEYRING.seal(&email);
            if sealed.key_id() == Some(KEYRING.primary()) {
                assert!(again == *sealed, "reseals to the same bytes");
            } else {
                assert!(CONSENT.reseal(&*KEYRING, sealed).unwrap() == again);
                assert!(CONSENT.open(&*KEYRING, &again).unwrap() == email);
            }
        }
        Err(err) => {
            assert!(known(err.kind()));
            let _ = err.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    open_phone(&Sealed::from_bytes(data));
    open_email(&Sealed::from_bytes(data));

    if let Ok(text) = std::str::from_utf8(data) {
        match text.parse::<Sealed<PhoneNumber<TwoFactor>>>() {
            Ok(sealed) => {
                assert!(
                    sealed.to_string() == text,
                    "base64url reads back as written"
                );
                open_phone(&sealed);
            }
            Err(err) => assert!(err.kind() == OpenErrorKind::Malformed),
        }
        if let Ok(sealed) = text.parse::<Sealed<EmailAddress<Marketing>>>() {
            open_email(&sealed);
        }
    }
    if let Ok(sealed) = serde_json::from_slice::<Sealed<PhoneNumber<TwoFactor>>>(data) {
        open_phone(&sealed);
    }
    if let Ok(sealed) = postcard::from_bytes::<Sealed<EmailAddress<Marketing>>>(data) {
        open_email(&sealed);
    }
});
