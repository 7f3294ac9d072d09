//! Phone number parsing on arbitrary input: no panic, errors point inside
//! the input, and every parsed number reads back from its E.164 form as
//! itself, with and without a region.
//!
//! Run with `cargo +nightly fuzz run parse_phone`.

#![no_main]

use std::convert::Infallible;

use libfuzzer_sys::fuzz_target;
use purpose_bound::{
    AccountNotice, Message, PhoneError, PhoneNumber, Recipient, Region, Sms, Transport,
};

/// Regions whose national rules are the most involved, and a few large plans.
const REGIONS: [Region; 24] = [
    Region::AR, Region::AU, Region::BR, Region::BY, Region::CA, Region::CN,
    Region::CO, Region::DE, Region::FR, Region::GA, Region::GB, Region::GG,
    Region::HU, Region::IT, Region::JE, Region::JP, Region::KR, Region::KY,
    Region::KZ, Region::MX, Region::NF, Region::RU, Region::SM, Region::US,
];

struct Captured(Option<String>);

impl Transport<Sms> for Captured {
    type Error = Infallible;

    fn send(&mut self, to: Recipient<'_, Sms>, _message: Message<'_>) -> Result<(), Infallible> {
        self.0 = Some(to.expose_secret().to_owned());
        Ok(())
    }
}

/// A notice to send: the transport only captures the recipient.
const NOTICE: purpose_bound::Notice = purpose_bound::Notice::PasswordChanged {
    at: std::time::Duration::ZERO,
};

fn check(input: &str, result: Result<PhoneNumber<AccountNotice>, PhoneError>, region: Region) {
    match result {
        Ok(phone) => {
            let mut recipient = Captured(None);
            let Ok(()) = phone.send_account_notice(&mut recipient, &NOTICE);
            let e164 = recipient.0.expect("a recipient");
            assert!(e164.len() <= 16 && e164.starts_with('+'), "E.164 shape");
            let again = PhoneNumber::<AccountNotice>::parse(&e164).expect("E.164 form parses");
            assert!(again == phone, "E.164 form reads back as itself");
            let in_region = PhoneNumber::<AccountNotice>::parse_with_region(&e164, region)
                .expect("E.164 form parses in any region");
            assert!(in_region == phone, "a region does not change E.164 input");
        }
        Err(err) => {
            if let Some(position) = err.position() {
                assert!(position < input.chars().count(), "error position inside the input");
            }
            let _ = err.to_string();
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let region = REGIONS[usize::from(selector) % REGIONS.len()];
    check(input, PhoneNumber::parse(input), region);
    check(input, PhoneNumber::parse_with_region(input, region), region);
});
