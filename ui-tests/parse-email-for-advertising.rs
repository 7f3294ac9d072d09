// An advertising address is not parsed from bare input: only a recorded
// `Consent<Advertising>` collects one.

use purpose_bound::{Advertising, EmailAddress, EmailError};

fn collect(input: &str) -> Result<EmailAddress<Advertising>, EmailError> {
    EmailAddress::<Advertising>::parse(input)
}

fn main() {}
