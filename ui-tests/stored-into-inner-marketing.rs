// A stored marketing number is handed over only by the consent it was
// collected under: `consent.read(stored)`.

use purpose_bound::{Marketing, PhoneNumber, Stored};

fn unwrap(stored: Stored<PhoneNumber<Marketing>>) -> PhoneNumber<Marketing> {
    stored.into_inner()
}

fn main() {}
