//! Stored values from an attacker: bytes read as the stored form directly,
//! as a JSON document and as postcard, for every purpose and both kinds.
//! Reading never panics; what it accepts carries the purpose's own tag (and
//! a consent id exactly for consent purposes), is handed over only by its
//! own consent, and writes back the same way.

#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, CollectedWithoutConsent, Consent, ConsentChannel,
    ConsentId, ConsentRecord, EmailAddress, Marketing, PhoneNumber, Purpose, RequiresConsent,
    Stored, TwoFactor,
};
use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, Error};

/// The label before the first `:`, split into the tag and the consent id.
fn label(text: &str) -> (&str, Option<&str>) {
    let label = text.split_once(':').map_or(text, |(label, _)| label);
    label
        .split_once('#')
        .map_or((label, None), |(tag, id)| (tag, Some(id)))
}

fn read_text<P: Purpose>(
    text: &str,
) -> (
    Option<Stored<PhoneNumber<P>>>,
    Option<Stored<EmailAddress<P>>>,
) {
    let phone = Stored::<PhoneNumber<P>>::deserialize(BorrowedStrDeserializer::<Error>::new(text));
    let email = Stored::<EmailAddress<P>>::deserialize(BorrowedStrDeserializer::<Error>::new(text));
    // `FromStr` reads exactly as serde does.
    assert_eq!(
        phone.is_ok(),
        text.parse::<Stored<PhoneNumber<P>>>().is_ok()
    );
    assert_eq!(
        email.is_ok(),
        text.parse::<Stored<EmailAddress<P>>>().is_ok()
    );
    if phone.is_ok() || email.is_ok() {
        let (tag, consent) = label(text);
        assert_eq!(tag, P::TAG, "read as {}", P::TAG);
        assert_eq!(
            consent.is_some(),
            [Marketing::TAG, Advertising::TAG].contains(&P::TAG),
            "consent id read as {}",
            P::TAG
        );
    }
    (phone.ok(), email.ok())
}

fn check_plain<P: CollectedWithoutConsent>(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let (phone, email) = read_text::<P>(text);
        if let Some(phone) = phone {
            let phone = phone.into_inner();
            // Phone numbers are accepted only in the exact form they write.
            assert_eq!(phone.expose_stored().to_string(), text);
            let direct = PhoneNumber::<P>::deserialize(BorrowedStrDeserializer::<Error>::new(text));
            assert!(direct.is_ok_and(|direct| direct == phone));
        }
        if let Some(email) = email {
            let email = email.into_inner();
            let written = serde_json::to_string(&email.expose_stored()).unwrap();
            assert_eq!(
                serde_json::from_str::<EmailAddress<P>>(&written).unwrap(),
                email
            );
        }
    }
    if let Ok(phone) = serde_json::from_slice::<PhoneNumber<P>>(data) {
        let written = serde_json::to_string(&phone.expose_stored()).unwrap();
        assert!(written.starts_with(&format!("\"{}:", P::TAG)));
    }
    let _ = serde_json::from_slice::<EmailAddress<P>>(data);
    if let Ok(phone) = postcard::from_bytes::<PhoneNumber<P>>(data) {
        let written = postcard::to_allocvec(&phone.expose_stored()).unwrap();
        assert_eq!(
            postcard::from_bytes::<PhoneNumber<P>>(&written).unwrap(),
            phone
        );
    }
    let _ = postcard::from_bytes::<EmailAddress<P>>(data);
}

fn consent<P: RequiresConsent>(id: ConsentId) -> Consent<P> {
    Consent::new(ConsentRecord::new(
        id,
        "user",
        Duration::ZERO,
        "v1",
        ConsentChannel::Web,
    ))
    .unwrap()
}

fn check_consented<P: RequiresConsent>(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let (phone, email) = read_text::<P>(text);
        let id = || -> ConsentId {
            let id = label(text).1.unwrap().parse().unwrap();
            ConsentId::new(id).unwrap()
        };
        if let Some(phone) = phone {
            let own = consent::<P>(id());
            let other = consent::<P>(ConsentId::new(id().get() % u64::MAX + 1).unwrap());
            let again: Stored<PhoneNumber<P>> = text.parse().unwrap();
            assert!(other.read(again).is_err());
            let phone = own.read(phone).unwrap();
            assert_eq!(phone.expose_stored().to_string(), text);
        }
        if let Some(email) = email {
            let own = consent::<P>(id());
            let email = own.read(email).unwrap();
            let again: Stored<EmailAddress<P>> = email.expose_stored().to_string().parse().unwrap();
            assert!(own.read(again).unwrap() == email);
        }
    }
    let _ = serde_json::from_slice::<Stored<PhoneNumber<P>>>(data);
    let _ = serde_json::from_slice::<Stored<EmailAddress<P>>>(data);
    let _ = postcard::from_bytes::<Stored<PhoneNumber<P>>>(data);
    let _ = postcard::from_bytes::<Stored<EmailAddress<P>>>(data);
}

fuzz_target!(|data: &[u8]| {
    check_plain::<TwoFactor>(data);
    check_plain::<AccountRecovery>(data);
    check_plain::<AccountNotice>(data);
    check_plain::<(TwoFactor, AccountNotice)>(data);
    check_plain::<(TwoFactor, AccountRecovery, AccountNotice)>(data);
    check_consented::<Marketing>(data);
    check_consented::<Advertising>(data);
    // Records are data: read, written back the same, and checked by
    // `Consent::new`, which never panics either.
    if let Ok(record) = serde_json::from_slice::<ConsentRecord<Marketing>>(data) {
        let written = serde_json::to_vec(&record).unwrap();
        assert!(serde_json::from_slice::<ConsentRecord<Marketing>>(&written).unwrap() == record);
        let _ = Consent::new(record);
    }
    if let Ok(record) = postcard::from_bytes::<ConsentRecord<Advertising>>(data) {
        let written = postcard::to_allocvec(&record).unwrap();
        assert!(postcard::from_bytes::<ConsentRecord<Advertising>>(&written).unwrap() == record);
        let _ = Consent::new(record);
    }
});
