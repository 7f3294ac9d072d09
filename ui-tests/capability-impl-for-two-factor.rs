// A downstream crate cannot grant a capability to a purpose that lacks it:
// the identifier, the purpose and the capability all belong to this crate.

use purpose_bound::{PhoneNumber, SendMarketing, Sms, Transport, TwoFactor};

impl SendMarketing for PhoneNumber<TwoFactor> {
    fn send_marketing<T: Transport<Sms> + ?Sized>(
        &self,
        transport: &mut T,
        content: &str,
    ) -> Result<(), T::Error> {
        let _ = (transport, content);
        todo!()
    }
}

fn main() {}
