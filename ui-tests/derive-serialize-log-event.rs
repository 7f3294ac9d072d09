// A log or analytics event that derives `Serialize` around a two-factor
// number would emit the raw number. An identifier has no implicit wire form,
// so the derive does not compile; the message names the explicit roads.

use purpose_bound::{PhoneNumber, TwoFactor};
use serde::Serialize;

#[derive(Serialize)]
struct LoginEvent {
    account: u64,
    phone: PhoneNumber<TwoFactor>,
}

fn main() {}
