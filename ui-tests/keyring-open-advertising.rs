// A sealed advertising number opens only with its consent:
// `consent.open(&keyring, &sealed)`.

use purpose_bound::{Advertising, Keyring, OpenError, PhoneNumber, Sealed};

fn open(keyring: &Keyring, sealed: &Sealed<PhoneNumber<Advertising>>) -> Result<PhoneNumber<Advertising>, OpenError> {
    keyring.open(sealed)
}

fn main() {}
