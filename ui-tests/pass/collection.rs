// Identifiers for the purposes collected without consent are parsed from
// bare input, for both kinds: `parse`, `parse_with_region` and `FromStr`.
// Nothing runs: compiling is the test (see tests/test_ui.rs).
#![allow(dead_code, reason = "the uses are proved by compiling them")]

use std::str::FromStr;

use purpose_bound::{
    AccountNotice, AccountRecovery, EmailAddress, EmailError, PhoneError, PhoneNumber, Region,
    TwoFactor,
};

fn two_factor(phone: &str, email: &str, region: Region) -> Result<(), Box<dyn std::error::Error>> {
    let _: PhoneNumber<TwoFactor> = PhoneNumber::parse(phone)?;
    let _: PhoneNumber<TwoFactor> = PhoneNumber::parse_with_region(phone, region)?;
    let _: PhoneNumber<TwoFactor> = phone.parse()?;
    let _: EmailAddress<TwoFactor> = EmailAddress::parse(email)?;
    let _: EmailAddress<TwoFactor> = email.parse()?;
    Ok(())
}

fn account_recovery(
    phone: &str,
    email: &str,
    region: Region,
) -> Result<(), Box<dyn std::error::Error>> {
    let _ = PhoneNumber::<AccountRecovery>::parse(phone)?;
    let _ = PhoneNumber::<AccountRecovery>::parse_with_region(phone, region)?;
    let _ = PhoneNumber::<AccountRecovery>::from_str(phone)?;
    let _ = EmailAddress::<AccountRecovery>::parse(email)?;
    let _ = EmailAddress::<AccountRecovery>::from_str(email)?;
    Ok(())
}

fn account_notice(
    phone: &str,
    email: &str,
    region: &str,
) -> Result<(), Box<dyn std::error::Error>> {
    let region: Region = region.parse()?;
    let _: Result<PhoneNumber<AccountNotice>, PhoneError> = PhoneNumber::parse(phone);
    let _: Result<PhoneNumber<AccountNotice>, PhoneError> =
        PhoneNumber::parse_with_region(phone, region);
    let _: Result<PhoneNumber<AccountNotice>, PhoneError> = phone.parse();
    let _: Result<EmailAddress<AccountNotice>, EmailError> = EmailAddress::parse(email);
    let _: Result<EmailAddress<AccountNotice>, EmailError> = email.parse();
    Ok(())
}
