// An identifier already of `Marketing` carries the consent it was
// collected under. A second marketing consent adopting it would bind it to
// a consent that the first one's withdrawal does not reach: it does not
// compile.

use purpose_bound::{Consent, ConsentError, Marketing, PhoneNumber};

fn launder(
    second: &Consent<Marketing>,
    phone: &PhoneNumber<Marketing>,
) -> Result<PhoneNumber<Marketing>, ConsentError> {
    second.adopt(phone)
}

fn main() {}
