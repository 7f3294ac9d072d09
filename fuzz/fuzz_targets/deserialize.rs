//! Stored values from an attacker: bytes read as the stored form directly,
//! as a JSON document and as postcard, for every purpose and both kinds.
//! Reading never panics, and what it accepts carries the purpose's own tag
//! and writes back the same way.

#![no_main]

use libfuzzer_sys::fuzz_target;
use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, Consent, EmailAddress, Marketing, PhoneNumber,
    Purpose, TwoFactor,
};
use serde::Deserialize;
use serde::de::value::{BorrowedStrDeserializer, Error};

fn check<P: Purpose>(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        let tagged = text.strip_prefix(P::TAG).is_some_and(|rest| rest.starts_with(':'));
        if let Ok(phone) = PhoneNumber::<P>::deserialize(BorrowedStrDeserializer::<Error>::new(text)) {
            assert!(tagged, "read as {}", P::TAG);
            // Phone numbers are accepted only in the exact form they write.
            assert_eq!(serde_json::to_value(&phone).unwrap(), text);
        }
        if let Ok(email) = EmailAddress::<P>::deserialize(BorrowedStrDeserializer::<Error>::new(text)) {
            assert!(tagged, "read as {}", P::TAG);
            let written = serde_json::to_string(&email).unwrap();
            assert_eq!(serde_json::from_str::<EmailAddress<P>>(&written).unwrap(), email);
        }
    }
    if let Ok(phone) = serde_json::from_slice::<PhoneNumber<P>>(data) {
        let written = serde_json::to_string(&phone).unwrap();
        assert!(written.starts_with(&format!("\"{}:", P::TAG)));
    }
    let _ = serde_json::from_slice::<EmailAddress<P>>(data);
    if let Ok(phone) = postcard::from_bytes::<PhoneNumber<P>>(data) {
        let written = postcard::to_allocvec(&phone).unwrap();
        assert_eq!(postcard::from_bytes::<PhoneNumber<P>>(&written).unwrap(), phone);
    }
    let _ = postcard::from_bytes::<EmailAddress<P>>(data);
}

fuzz_target!(|data: &[u8]| {
    check::<TwoFactor>(data);
    check::<AccountRecovery>(data);
    check::<AccountNotice>(data);
    check::<Marketing>(data);
    check::<Advertising>(data);
    let _ = serde_json::from_slice::<Consent<Marketing>>(data);
    let _ = postcard::from_bytes::<Consent<Advertising>>(data);
});
