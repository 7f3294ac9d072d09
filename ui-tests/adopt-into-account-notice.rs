// Consent is the only road between purposes, and it leads only into the
// consent purposes: no consent turns a marketing number into a security
// contact. Those are asked of the user.

use purpose_bound::{AccountNotice, Consent, ConsentRecord, Marketing, PhoneNumber};

fn widen(record: ConsentRecord<AccountNotice>, phone: &PhoneNumber<Marketing>) -> PhoneNumber<AccountNotice> {
    Consent::<AccountNotice>::new(record).unwrap().adopt(phone)
}

fn main() {}
