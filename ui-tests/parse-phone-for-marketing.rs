// A marketing number is not parsed from bare input: only a recorded
// `Consent<Marketing>` collects one.

use purpose_bound::{Marketing, PhoneError, PhoneNumber};

fn collect(input: &str) -> Result<PhoneNumber<Marketing>, PhoneError> {
    PhoneNumber::<Marketing>::parse(input)
}

fn main() {}
