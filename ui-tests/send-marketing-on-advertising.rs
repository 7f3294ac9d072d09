// An identifier collected for `Advertising` may not be sent marketing, whatever
// consent is at hand: neither through the inherent method nor through code
// generic over `SendMarketing`.

use std::time::Duration;

use purpose_bound::{Advertising, Consent, EmailAddress, Mail, Marketing, PhoneNumber, SendMarketing, Sms, Transport};

fn by_method(
    phone: &PhoneNumber<Advertising>,
    email: &EmailAddress<Advertising>,
    consent: &Consent<Marketing>,
    now: Duration,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) {
    let _ = phone.send_marketing(consent, now, sms, "Spring sale: 20% off");
    let _ = email.send_marketing(consent, now, mail, "Spring sale: 20% off");
}

fn newsletter<I: SendMarketing>(
    to: &I,
    consent: &Consent<Marketing>,
    now: Duration,
    via: &mut impl Transport<I::Channel>,
) {
    let _ = to.send_marketing(consent, now, via, "Spring sale: 20% off");
}

fn by_bound(
    phone: &PhoneNumber<Advertising>,
    email: &EmailAddress<Advertising>,
    consent: &Consent<Marketing>,
    now: Duration,
    sms: &mut impl Transport<Sms>,
    mail: &mut impl Transport<Mail>,
) {
    newsletter(phone, consent, now, sms);
    newsletter(email, consent, now, mail);
}

fn main() {}
