// A value never changes purpose: no `From` from one purpose to another.

use purpose_bound::{Marketing, PhoneNumber, TwoFactor};

fn widen(phone: PhoneNumber<TwoFactor>) -> PhoneNumber<Marketing> {
    PhoneNumber::<Marketing>::from(phone)
}

fn main() {}
