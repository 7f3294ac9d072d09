// A downstream crate cannot grant a capability to a purpose that lacks it:
// the identifier, the purpose and the capability all belong to this crate.

use std::time::Duration;

use purpose_bound::{Consent, Marketing, PhoneNumber, SendError, SendMarketing, Sms, Transport, TwoFactor};

impl SendMarketing for PhoneNumber<TwoFactor> {
    fn send_marketing<T: Transport<Sms> + ?Sized>(
        &self,
        _: &Consent<Marketing>,
        _: Duration,
        _: &mut T,
        _: &str,
    ) -> Result<(), SendError<T::Error>> {
        todo!()
    }
}

fn main() {}
