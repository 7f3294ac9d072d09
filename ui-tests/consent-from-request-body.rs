// A request body that deserializes straight into a consent would turn
// whatever the client sends into a live consent, with no `Consent::new` to
// find in review: `{"consent": {"purpose": "advertising", ...}}`.

use purpose_bound::{Advertising, Consent};
use serde::Deserialize;

#[derive(Deserialize)]
struct OptIn {
    consent: Consent<Advertising>,
}

fn main() {}
