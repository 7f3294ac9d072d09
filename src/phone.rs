//! `PhoneNumber<P>`: an E.164 number bound to the purpose it was collected for.

mod error;
mod parse;
pub(crate) mod tables;

use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;
use core::str::FromStr;

use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

pub use self::error::{PhoneError, PhoneErrorKind};
use crate::masked::Masked;
use crate::purpose::{CollectedWithoutConsent, Purpose};
use crate::region::Region;

/// A phone number in E.164 form, collected for the purpose `P`.
///
/// The number is held inline as the integer of its E.164 digits (8 bytes, no
/// heap), compared in constant time, and wiped from memory on drop. It has
/// no `Display`, `Deref`, `AsRef<str>` or `Into<String>`: the digits leave the
/// value only through the capability that `P` grants (see the
/// [crate documentation](crate)), and a value never changes purpose.
///
/// Values for [`TwoFactor`](crate::TwoFactor), [`AccountRecovery`](crate::AccountRecovery)
/// and [`AccountNotice`](crate::AccountNotice) are parsed from user input with
/// [`parse`](Self::parse), [`parse_with_region`](Self::parse_with_region) or
/// `FromStr`; values for [`Marketing`](crate::Marketing) and
/// [`Advertising`](crate::Advertising) only through a [`Consent`](crate::Consent).
///
/// # Examples
///
/// ```
/// use purpose_bound::{PhoneNumber, TwoFactor};
///
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
/// assert_eq!(format!("{phone:?}"), "PhoneNumber<TwoFactor>(+44 •••• ••58)");
/// assert_eq!(phone, "+442079460958".parse()?);
/// # Ok::<(), purpose_bound::PhoneError>(())
/// ```
pub struct PhoneNumber<P: Purpose> {
    /// The E.164 digits read as one integer. A country calling code never
    /// starts with 0, so the integer keeps every digit, leading zeros of the
    /// national number included.
    digits: u64,
    purpose: PhantomData<P>,
}

impl<P: Purpose> PhoneNumber<P> {
    /// Parses a number written in international form: `+`, the country
    /// calling code, then the national number.
    ///
    /// Spaces, dots, dashes, slashes and parentheses between digits are
    /// ignored, as are a `tel:` prefix and a national trunk `(0)` after the
    /// country code. The result is checked against the numbering plan of its
    /// country calling code.
    ///
    /// # Errors
    ///
    /// A [`PhoneError`] naming the rule that failed and, where there is one,
    /// the position of the offending character. The error never contains the
    /// input.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{PhoneErrorKind, PhoneNumber, TwoFactor};
    ///
    /// let phone = PhoneNumber::<TwoFactor>::parse("+1 (415) 555-2671")?;
    /// # drop(phone);
    ///
    /// let err = PhoneNumber::<TwoFactor>::parse("415 555 2671").unwrap_err();
    /// assert_eq!(err.kind(), PhoneErrorKind::MissingCountryCode);
    /// # Ok::<(), purpose_bound::PhoneError>(())
    /// ```
    pub fn parse(input: &str) -> Result<Self, PhoneError>
    where
        P: CollectedWithoutConsent,
    {
        Self::parse_unchecked_purpose(input)
    }

    /// Parses a number in international form, or in the national form of
    /// `region`: with the region's trunk prefix (`0` in most of Europe, `1` in
    /// North America) or its international call prefix (`00`, `011`, …).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse), and when the national number does not fit
    /// the region's numbering plan.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountRecovery, PhoneNumber, Region};
    ///
    /// let gb: Region = "GB".parse()?;
    /// let national = PhoneNumber::<AccountRecovery>::parse_with_region("020 7946 0958", gb)?;
    /// let international = PhoneNumber::<AccountRecovery>::parse("+44 20 7946 0958")?;
    /// assert_eq!(national, international);
    ///
    /// assert!(PhoneNumber::<AccountRecovery>::parse_with_region("020 7946", gb).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_with_region(input: &str, region: Region) -> Result<Self, PhoneError>
    where
        P: CollectedWithoutConsent,
    {
        Self::parse_with_region_unchecked_purpose(input, region)
    }

    /// Parses for any purpose. Callers answer for the purpose: `parse`, or a
    /// [`Consent`](crate::Consent).
    pub(crate) fn parse_unchecked_purpose(input: &str) -> Result<Self, PhoneError> {
        parse::international(input).map(Self::from_digits)
    }

    /// Parses national or international input for any purpose. Callers
    /// answer for the purpose.
    pub(crate) fn parse_with_region_unchecked_purpose(
        input: &str,
        region: Region,
    ) -> Result<Self, PhoneError> {
        parse::with_region(input, region).map(Self::from_digits)
    }

    fn from_digits(digits: u64) -> Self {
        Self {
            digits,
            purpose: PhantomData,
        }
    }

    /// A view for user interfaces that shows the country calling code and
    /// the last two digits: `+44 •••• ••58`.
    ///
    /// The mask has the same shape for every number, so it does not reveal
    /// the number's length.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountNotice, PhoneNumber};
    ///
    /// let phone = PhoneNumber::<AccountNotice>::parse("+1 415 555 2671")?;
    /// assert_eq!(phone.masked().to_string(), "+1 •••• ••71");
    /// # Ok::<(), purpose_bound::PhoneError>(())
    /// ```
    pub fn masked(&self) -> Masked<'_> {
        Masked::phone(self.digits, parse::country_code_len(self.digits))
    }

    /// The E.164 form, `+` and digits, in a buffer wiped on drop.
    pub(crate) fn e164(&self) -> E164 {
        E164::new(self.digits)
    }
}

impl<P: Purpose> Clone for PhoneNumber<P> {
    fn clone(&self) -> Self {
        Self::from_digits(self.digits)
    }
}

impl<P: Purpose> Drop for PhoneNumber<P> {
    fn drop(&mut self) {
        self.digits.zeroize();
    }
}

impl<P: Purpose> ZeroizeOnDrop for PhoneNumber<P> {}

impl<P: Purpose> ConstantTimeEq for PhoneNumber<P> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.digits.ct_eq(&other.digits)
    }
}

/// Constant time: the comparison does not depend on where two numbers differ.
impl<P: Purpose> PartialEq for PhoneNumber<P> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<P: Purpose> Eq for PhoneNumber<P> {}

/// Hashes the E.164 digits, so equal numbers hash equally.
impl<P: Purpose> Hash for PhoneNumber<P> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.digits.hash(state);
    }
}

/// Shows the kind, the purpose and the [masked](PhoneNumber::masked) hint:
/// `PhoneNumber<TwoFactor>(+44 •••• ••58)`.
impl<P: Purpose> fmt::Debug for PhoneNumber<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber<{}>({})", P::NAME, self.masked())
    }
}

/// The same as [`PhoneNumber::parse`].
impl<P: CollectedWithoutConsent> FromStr for PhoneNumber<P> {
    type Err = PhoneError;

    fn from_str(input: &str) -> Result<Self, PhoneError> {
        Self::parse(input)
    }
}

/// An E.164 string on the stack, wiped when dropped.
pub(crate) struct E164 {
    buf: [u8; 16],
    len: usize,
}

impl E164 {
    fn new(digits: u64) -> Self {
        let len = 1 + digit_count(digits);
        let mut buf = [b'+'; 16];
        let mut rest = digits;
        for slot in buf.iter_mut().take(len).skip(1).rev() {
            *slot = b'0' + (rest % 10) as u8;
            rest /= 10;
        }
        Self { buf, len }
    }

    /// `+` and the digits.
    pub(crate) fn as_str(&self) -> &str {
        let bytes = self.buf.get(..self.len).unwrap_or_default();
        core::str::from_utf8(bytes).unwrap_or_default()
    }

    /// The digits without `+`.
    pub(crate) fn digits(&self) -> &str {
        self.as_str().get(1..).unwrap_or_default()
    }
}

/// How many decimal digits `n` has.
pub(crate) fn digit_count(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

impl Drop for E164 {
    fn drop(&mut self) {
        self.buf.zeroize();
    }
}
