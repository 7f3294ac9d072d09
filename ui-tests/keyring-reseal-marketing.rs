// A marketing value is resealed only through its consent, and audited as
// an open: `consent.reseal(&keyring, &sealed)`.

use purpose_bound::{EmailAddress, Keyring, Marketing, OpenError, Sealed, Subject};

fn migrate(
    keyring: &Keyring,
    sealed: &Sealed<EmailAddress<Marketing>>,
    subject: &Subject,
) -> Result<Sealed<EmailAddress<Marketing>>, OpenError> {
    keyring.reseal(sealed, subject)
}

fn main() {}
