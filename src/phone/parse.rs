//! Reading phone numbers from text. (Provisional: replaced by the numbering-plan parser.)

use super::error::{PhoneError, PhoneErrorKind};
use crate::region::Region;

/// Parses `+CC…` input into the integer of its E.164 digits.
pub(crate) fn international(input: &str) -> Result<u64, PhoneError> {
    let mut digits: u64 = 0;
    let mut count = 0usize;
    let mut plus = false;
    for (i, c) in input.trim().chars().enumerate() {
        match c {
            '+' if count == 0 && !plus => plus = true,
            '0'..='9' => {
                if count == 0 && !plus {
                    return Err(PhoneError::new(PhoneErrorKind::MissingCountryCode, None));
                }
                count += 1;
                if count > 15 {
                    return Err(PhoneError::new(PhoneErrorKind::TooLong, Some(i)));
                }
                digits = digits * 10 + u64::from(c as u8 - b'0');
            }
            ' ' | '-' | '.' | '(' | ')' | '/' => {}
            c if c.is_alphabetic() => return Err(PhoneError::new(PhoneErrorKind::Letter, Some(i))),
            _ => return Err(PhoneError::new(PhoneErrorKind::InvalidCharacter, Some(i))),
        }
    }
    if count == 0 {
        return Err(PhoneError::new(PhoneErrorKind::Empty, None));
    }
    if count < 8 {
        return Err(PhoneError::new(PhoneErrorKind::TooShort, None));
    }
    Ok(digits)
}

/// Parses international input, or national input in `region`'s numbering plan.
pub(crate) fn with_region(input: &str, _region: Region) -> Result<u64, PhoneError> {
    international(input)
}

/// How many of the leading E.164 digits are the country calling code.
pub(crate) fn country_code_len(digits: u64) -> usize {
    let mut lead = digits;
    while lead >= 1000 {
        lead /= 10;
    }
    match lead / 100 {
        1 | 7 => 1,
        _ => 2,
    }
}
