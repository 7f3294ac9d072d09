// An identifier collected for `TwoFactor` may not be sent marketing through
// an async transport either: neither through the inherent method nor
// through code generic over `SendMarketing`.

use std::time::Duration;

use purpose_bound::{AsyncMarketingTransport, Consent, EmailAddress, Mail, Marketing, PhoneNumber, SendMarketing, Sms, TwoFactor};

async fn by_method(
    phone: &PhoneNumber<TwoFactor>,
    email: &EmailAddress<TwoFactor>,
    consent: &Consent<Marketing>,
    now: Duration,
    sms: &mut (impl AsyncMarketingTransport<Sms> + Send),
    mail: &mut (impl AsyncMarketingTransport<Mail> + Send),
) {
    let _ = phone.send_marketing_async(consent, now, sms, "Spring sale: 20% off").await;
    let _ = email.send_marketing_async(consent, now, mail, "Spring sale: 20% off").await;
}

async fn newsletter<I: SendMarketing>(
    to: &I,
    consent: &Consent<Marketing>,
    now: Duration,
    via: &mut (impl AsyncMarketingTransport<I::Channel> + Send),
) {
    let _ = to.send_marketing_async(consent, now, via, "Spring sale: 20% off").await;
}

async fn by_bound(
    phone: &PhoneNumber<TwoFactor>,
    consent: &Consent<Marketing>,
    now: Duration,
    sms: &mut (impl AsyncMarketingTransport<Sms> + Send),
) {
    newsletter(phone, consent, now, sms).await;
}

fn main() {}
