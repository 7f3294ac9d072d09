// The audience job holds the advertising keys alone: asked to open a
// two-factor column, it does not compile (and at run time its keys would
// not open it either).

use purpose_bound::{Advertising, Keyset, OpenError, PhoneNumber, Sealed, Subject, TwoFactor};

fn audience_job(
    keys: &Keyset<Advertising>,
    sealed: &Sealed<PhoneNumber<TwoFactor>>,
    subject: &Subject,
) -> Result<PhoneNumber<TwoFactor>, OpenError> {
    keys.open(sealed, subject)
}

fn main() {}
