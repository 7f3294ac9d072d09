// Facebook, 2018: numbers and addresses that other users uploaded from
// their address books ("personal information that people did not
// explicitly provide") were used to target ads. An uploaded contact grants
// nothing outward: no audience keys.

use std::time::Duration;

use purpose_bound::{Advertising, Audience, Consent, ContactUpload, PhoneNumber, Platform};

fn target_ads(
    address_book: Vec<(PhoneNumber<ContactUpload>, Consent<Advertising>)>,
    now: Duration,
) -> Audience {
    Audience::export(address_book, Platform::Meta, now)
}

fn main() {}
