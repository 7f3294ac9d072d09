// A borrowed identifier is written by `#[serde(with = "purpose_bound::stored")]`,
// never read: there is nothing for it to borrow from. Read the owned
// identifier instead.

use purpose_bound::{PhoneNumber, TwoFactor};
use serde::Deserialize;

#[derive(Deserialize)]
struct SignedIn<'a> {
    #[serde(with = "purpose_bound::stored")]
    phone: &'a PhoneNumber<TwoFactor>,
}

fn main() {}
