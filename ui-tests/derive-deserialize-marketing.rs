// A request body that deserializes straight into a marketing number would
// let the client choose a consent purpose with no consent recorded:
// `{"phone":"marketing:+442079460958"}`.

use purpose_bound::{Marketing, PhoneNumber};
use serde::Deserialize;

#[derive(Deserialize)]
struct SignUp {
    phone: PhoneNumber<Marketing>,
}

fn main() {}
