// A number collected for two-factor sign-in and login alerts was never
// given for account recovery.

use purpose_bound::{AccountNotice, AccountRecovery, PhoneNumber, TwoFactor};

fn recovery(phone: &PhoneNumber<(TwoFactor, AccountNotice)>) -> PhoneNumber<AccountRecovery> {
    phone.narrow()
}

fn main() {}
