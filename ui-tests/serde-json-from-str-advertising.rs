// Reading an advertising address from JSON without its consent.

use purpose_bound::{Advertising, EmailAddress};

fn load(json: &str) -> EmailAddress<Advertising> {
    serde_json::from_str::<EmailAddress<Advertising>>(json).unwrap()
}

fn main() {}
