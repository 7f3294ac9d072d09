// A recorded consent is the door into `Marketing` and `Advertising`: it
// collects phone numbers (international or national) and email addresses
// for its purpose, which then have that purpose's capability.
// Nothing runs: compiling is the test (see tests/test_ui.rs).
#![allow(dead_code, reason = "the uses are proved by compiling them")]

use std::time::Duration;

use purpose_bound::{
    Advertising, Consent, ConsentChannel, ConsentRecord, EmailAddress, Mail, Marketing, MatchKey,
    PhoneNumber, Platform, Region, Sms, Transport,
};

fn record(subject: &str) -> ConsentRecord {
    ConsentRecord {
        subject: subject.to_owned(),
        given_at: Duration::from_secs(1_767_225_600),
        wording: "newsletter-v3".to_owned(),
        channel: ConsentChannel::Web,
    }
}

fn marketing(
    subject: &str,
    phone: &str,
    email: &str,
    region: Region,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) -> Result<(), Box<dyn std::error::Error>> {
    let consent = Consent::<Marketing>::new(record(subject))?;
    let _: &ConsentRecord = consent.record();
    let national: PhoneNumber<Marketing> = consent.parse_phone_with_region(phone, region)?;
    let international: PhoneNumber<Marketing> = consent.parse_phone(phone)?;
    let address: EmailAddress<Marketing> = consent.parse_email(email)?;
    let _ = national.send_marketing(sms, "Spring sale: 20% off");
    let _ = international.send_marketing(sms, "Spring sale: 20% off");
    let _ = address.send_marketing(mail, "Spring sale: 20% off");
    Ok(())
}

fn advertising(
    subject: &str,
    phone: &str,
    email: &str,
    region: Region,
) -> Result<Vec<MatchKey>, Box<dyn std::error::Error>> {
    let consent: Consent<Advertising> = Consent::new(record(subject))?;
    let national: PhoneNumber<Advertising> = consent.parse_phone_with_region(phone, region)?;
    let international: PhoneNumber<Advertising> = consent.parse_phone(phone)?;
    let address: EmailAddress<Advertising> = consent.parse_email(email)?;
    Ok(vec![
        national.match_key(Platform::Meta),
        international.match_key(Platform::Google),
        address.match_key(Platform::Meta),
    ])
}
