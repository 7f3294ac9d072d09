// An identifier collected for `TwoFactor` may not be sent marketing, whatever
// consent is at hand: neither through the inherent method nor through code
// generic over `SendMarketing`.

use std::time::Duration;

use purpose_bound::{Consent, EmailAddress, Mail, Marketing, MarketingTransport, PhoneNumber, SendMarketing, Sms, TwoFactor};

fn by_method(
    phone: &PhoneNumber<TwoFactor>,
    email: &EmailAddress<TwoFactor>,
    consent: &Consent<Marketing>,
    now: Duration,
    sms: &mut impl MarketingTransport<Sms>,
    mail: &mut impl MarketingTransport<Mail>,
) {
    let _ = phone.send_marketing(consent, now, sms, "Spring sale: 20% off");
    let _ = email.send_marketing(consent, now, mail, "Spring sale: 20% off");
}

fn newsletter<I: SendMarketing>(
    to: &I,
    consent: &Consent<Marketing>,
    now: Duration,
    via: &mut impl MarketingTransport<I::Channel>,
) {
    let _ = to.send_marketing(consent, now, via, "Spring sale: 20% off");
}

fn by_bound(
    phone: &PhoneNumber<TwoFactor>,
    email: &EmailAddress<TwoFactor>,
    consent: &Consent<Marketing>,
    now: Duration,
    sms: &mut impl MarketingTransport<Sms>,
    mail: &mut impl MarketingTransport<Mail>,
) {
    newsletter(phone, consent, now, sms);
    newsletter(email, consent, now, mail);
}

fn main() {}
