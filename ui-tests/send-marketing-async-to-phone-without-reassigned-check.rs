// Marketing to a phone number from async code asks the application's
// reassigned-number check too: a bare async SMS gateway does not compile.
// Pair it with the check, `CheckedSms::new(&mut gateway, &mut check)`.

use std::time::Duration;

use purpose_bound::{AsyncTransport, Consent, Marketing, Message, PhoneNumber, Recipient, Sms};

/// The SMS provider's async API.
struct Twilio;

impl AsyncTransport<Sms> for Twilio {
    type Error = std::io::Error;
    async fn send(&mut self, _: Recipient<'_, Sms>, _: Message<'_>) -> Result<(), Self::Error> {
        Ok(())
    }
}

async fn newsletter(phone: &PhoneNumber<Marketing>, consent: &Consent<Marketing>, now: Duration) {
    let _ = phone.send_marketing_async(consent, now, &mut Twilio, "Spring sale: 20% off").await;
}

fn main() {}
