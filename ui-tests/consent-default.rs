// A consent is made only from a record of who consented, when, to what and
// how: there is no empty one.

use purpose_bound::{Consent, Marketing};

fn assume_consent() -> Consent<Marketing> {
    Consent::default()
}

fn main() {}
