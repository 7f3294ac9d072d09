// A consent is not copied: a withdrawal must reach every use, so a consent
// is loaded from its store where it is used.

use purpose_bound::{Consent, Marketing};

fn keep(consent: &Consent<Marketing>) -> Consent<Marketing> {
    consent.clone()
}

fn main() {}
