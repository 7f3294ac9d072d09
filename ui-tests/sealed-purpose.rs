// Purposes are sealed: a downstream crate cannot add one, since a new
// purpose would escape the capability matrix.

use purpose_bound::{PhoneNumber, Purpose};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Partners {}

impl Purpose for Partners {
    const TAG: &'static str = "partners";
    const NAME: &'static str = "Partners";
}

fn share(_: PhoneNumber<Partners>) {}

fn main() {}
