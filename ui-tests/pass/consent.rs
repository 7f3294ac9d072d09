// A recorded consent is the door into `Marketing` and `Advertising`: it
// collects phone numbers (international or national) and email addresses
// for its purpose, adopts ones the user gave for another purpose, reads
// stored ones back, and is checked again at every use.
// Nothing runs: compiling is the test (see tests/test_ui.rs).
#![allow(
    dead_code,
    clippy::expect_used,
    reason = "the uses are proved by compiling them, never run"
)]

use std::time::Duration;

use purpose_bound::{
    AccountNotice, Advertising, Audience, Consent, ConsentChannel, ConsentId, ConsentRecord,
    EmailAddress, Mail, Marketing, MarketingTransport, PhoneNumber, Platform, Region,
    RequiresConsent, SendError, Sms, Stored, Subject, Transport, TwoFactor,
};

fn record<P: RequiresConsent>(id: u64, subject: &str) -> ConsentRecord<P> {
    ConsentRecord::new(
        ConsentId::new(id).expect("not zero"),
        &Subject::new(subject).expect("an account id"),
        Duration::from_secs(1_767_225_600),
        "newsletter-v3",
        ConsentChannel::Web,
    )
    .expires_at(Duration::from_secs(1_798_761_600))
}

fn marketing(
    subject: &str,
    phone: &str,
    email: &str,
    region: Region,
    now: Duration,
    sms: &mut impl MarketingTransport<Sms, Error = std::io::Error>,
    mail: &mut impl Transport<Mail>,
) -> Result<(), Box<dyn std::error::Error>> {
    let consent = Consent::<Marketing>::new(record(1, subject))?;
    let _: &ConsentRecord<Marketing> = consent.record();
    consent.check(now)?;
    let national: PhoneNumber<Marketing> = consent.parse_phone_with_region(phone, region)?;
    let international: PhoneNumber<Marketing> = consent.parse_phone(phone)?;
    let address: EmailAddress<Marketing> = consent.parse_email(email)?;
    let sent: Result<(), SendError<std::io::Error>> =
        national.send_marketing(&consent, now, sms, "Spring sale: 20% off");
    sent?;
    let _ = international.send_marketing(&consent, now, sms, "Spring sale: 20% off");
    let _ = address.send_marketing(&consent, now, mail, "Spring sale: 20% off");
    Ok(())
}

/// The user ticks "also send me offers at +44 •••• ••58": no retyping.
fn adopt(
    sign_in: &PhoneNumber<TwoFactor>,
    alerts: &EmailAddress<(TwoFactor, AccountNotice)>,
) -> Result<(PhoneNumber<Marketing>, EmailAddress<Advertising>), Box<dyn std::error::Error>> {
    let offers = Consent::<Marketing>::new(record(2, "user-42"))?;
    let ads = Consent::<Advertising>::new(record(3, "user-42"))?;
    Ok((offers.adopt(sign_in)?, ads.adopt(alerts)?))
}

/// Stored identifiers of a consent purpose come back through their consent.
fn read_back(
    stored: Stored<PhoneNumber<Marketing>>,
    mut consent: Consent<Marketing>,
    now: Duration,
) -> Result<(), Box<dyn std::error::Error>> {
    let phone: PhoneNumber<Marketing> = consent.read(stored)?;
    consent.withdraw(now);
    drop(phone);
    Ok(())
}

fn advertising(
    rows: Vec<(EmailAddress<Advertising>, Consent<Advertising>)>,
    now: Duration,
) -> Audience {
    let audience = Audience::export(rows, Platform::Meta, now);
    let _ = (
        audience.keys(),
        audience.withdrawn(),
        audience.expired(),
        audience.left_out(),
    );
    audience
}
