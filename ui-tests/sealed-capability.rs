// Capabilities are sealed: a downstream type cannot become an identifier and
// take one on, so no road to a raw value exists outside the crate's matrix.

use purpose_bound::{Identifier, Mail, Marketing, Message, SendMarketing, Transport};

/// An address bought from a list broker, with no consent behind it.
struct BrokerAddress(String);

impl Identifier for BrokerAddress {
    type Purpose = Marketing;
    type Channel = Mail;
}

impl SendMarketing for BrokerAddress {
    fn send_marketing<T: Transport<Mail> + ?Sized>(
        &self,
        transport: &mut T,
        content: &str,
    ) -> Result<(), T::Error> {
        transport.send(&self.0, Message::Promotion(content))
    }
}

fn main() {}
