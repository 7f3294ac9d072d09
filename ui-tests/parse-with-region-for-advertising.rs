// An advertising number is not parsed from bare national input either: only
// a recorded `Consent<Advertising>` collects one.

use purpose_bound::{Advertising, PhoneError, PhoneNumber, Region};

fn collect(input: &str, region: Region) -> Result<PhoneNumber<Advertising>, PhoneError> {
    PhoneNumber::<Advertising>::parse_with_region(input, region)
}

fn main() {}
