// A sealed advertising number opens only with its consent:
// `consent.open(&keyring, &sealed)`.

use purpose_bound::{Advertising, Keyring, OpenError, PhoneNumber, Sealed, Subject};

fn open(keyring: &Keyring, sealed: &Sealed<PhoneNumber<Advertising>>, subject: &Subject) -> Result<PhoneNumber<Advertising>, OpenError> {
    keyring.open(sealed, subject)
}

fn main() {}
