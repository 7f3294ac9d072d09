// Capabilities are sealed: a downstream type cannot become an identifier and
// take one on, so no road to a raw value exists outside the crate's matrix.

use std::time::Duration;

use purpose_bound::{Consent, Identifier, Mail, Marketing, SendError, SendMarketing, Transport};

/// An address bought from a list broker, with no consent behind it.
struct BrokerAddress(String);

impl Identifier for BrokerAddress {
    type Purpose = Marketing;
    type Channel = Mail;
}

impl SendMarketing for BrokerAddress {
    fn send_marketing<T: Transport<Mail> + ?Sized>(
        &self,
        _: &Consent<Marketing>,
        _: Duration,
        _: &mut T,
        _: &str,
    ) -> Result<(), SendError<T::Error>> {
        todo!("send to {}", self.0)
    }
}

fn main() {}
