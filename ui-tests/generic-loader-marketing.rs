// A generic loader over `DeserializeOwned` does not reach consent purposes.

use purpose_bound::{Marketing, PhoneNumber};
use serde::de::DeserializeOwned;

fn load<T: DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json).unwrap()
}

fn main() {
    let _phone: PhoneNumber<Marketing> = load(r#""marketing:+442079460958""#);
}
