// Sets are of the purposes collected without consent: marketing cannot ride
// along with a security collection.

use purpose_bound::{Marketing, PhoneNumber, TwoFactor};

fn parse(input: &str) -> PhoneNumber<(TwoFactor, Marketing)> {
    PhoneNumber::parse(input).unwrap()
}

fn main() {}
