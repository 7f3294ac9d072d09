// `#[serde(with = "purpose_bound::stored")]` reads an `Option` of
// identifiers only for purposes collected without consent, as it reads a
// bare one: an optional marketing number is read as `Option<Stored<…>>` and
// handed over by its consent.

use purpose_bound::{Marketing, PhoneNumber};
use serde::Deserialize;

#[derive(Deserialize)]
struct Subscriber {
    #[serde(with = "purpose_bound::stored", default)]
    phone: Option<PhoneNumber<Marketing>>,
}

fn main() {}
