// An identifier does not compare with a string: equality against guesses
// would reveal the value.

use purpose_bound::{PhoneNumber, TwoFactor};

fn is_this_the_number(phone: &PhoneNumber<TwoFactor>) -> bool {
    phone == "+14155552671"
}

fn main() {}
