// A downstream crate cannot declare that a consent-based purpose may be
// parsed from bare input.

use purpose_bound::{CollectedWithoutConsent, Marketing};

impl CollectedWithoutConsent for Marketing {}

fn main() {}
