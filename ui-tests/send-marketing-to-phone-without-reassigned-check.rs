// Marketing to a phone number asks the application's reassigned-number
// check before the number leaves: a bare SMS gateway does not compile.
// Pair it with the check, `CheckedSms::new(&mut gateway, &mut check)`.
// Email is sent through any mail transport.

use std::time::Duration;

use purpose_bound::{Consent, EmailAddress, Mail, Marketing, Message, PhoneNumber, Recipient, Sms, Transport};

/// The SMS provider's API; a mail server.
struct Twilio;
struct Smtp;

impl Transport<Sms> for Twilio {
    type Error = std::io::Error;
    fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> {
        Ok(())
    }
}

impl Transport<Mail> for Smtp {
    type Error = std::io::Error;
    fn send(&mut self, _: Recipient<'_, Mail>, _: Message<'_>) -> Result<(), Self::Error> {
        Ok(())
    }
}

fn newsletter(phone: &PhoneNumber<Marketing>, email: &EmailAddress<Marketing>, consent: &Consent<Marketing>, now: Duration) {
    let _ = phone.send_marketing(consent, now, &mut Twilio, "Spring sale: 20% off");
    let _ = email.send_marketing(consent, now, &mut Smtp, "Spring sale: 20% off");
}

fn main() {}
