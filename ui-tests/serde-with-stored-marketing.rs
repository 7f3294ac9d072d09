// `#[serde(with = "purpose_bound::stored")]` reads back only the purposes
// collected without consent; a marketing field is read as `Stored<…>` and
// handed over by its consent.

use purpose_bound::{Marketing, PhoneNumber};
use serde::Deserialize;

#[derive(Deserialize)]
struct Subscriber {
    #[serde(with = "purpose_bound::stored")]
    phone: PhoneNumber<Marketing>,
}

fn main() {}
