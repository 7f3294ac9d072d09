// A consent belongs to the person who gave it: it cannot adopt a number
// someone else uploaded into marketing.

use purpose_bound::{Consent, ConsentError, ContactUpload, Marketing, PhoneNumber};

fn spam(consent: &Consent<Marketing>, contact: &PhoneNumber<ContactUpload>) -> Result<PhoneNumber<Marketing>, ConsentError> {
    consent.adopt(contact)
}

fn main() {}
