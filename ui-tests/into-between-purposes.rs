// A value never changes purpose: no `Into` from one purpose to another.

use purpose_bound::{AccountRecovery, Advertising, EmailAddress};

fn widen(email: EmailAddress<AccountRecovery>) -> EmailAddress<Advertising> {
    email.into()
}

fn main() {}
