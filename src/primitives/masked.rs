//! Masked views of identifiers for user interfaces and logs.

use core::fmt;

use crate::primitives::stack_str::StackStr;

/// A masked view of an identifier, for showing the owner which number or
/// address a message went to, and for logs: `+44 •••• ••58`, `a•••@e•••.com`.
///
/// A phone number shows its country calling code and last two digits; an
/// email address the first character of its local part and of its domain,
/// and its top-level domain. The mask has the same shape whatever the
/// identifier's length. Made by [`PhoneNumber::masked`](crate::PhoneNumber::masked)
/// and [`EmailAddress::masked`](crate::EmailAddress::masked).
///
/// # Examples
///
/// ```
/// use purpose_bound::{PhoneNumber, TwoFactor};
///
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
/// assert_eq!(phone.masked().to_string(), "+44 •••• ••58");
/// # Ok::<(), purpose_bound::PhoneError>(())
/// ```
#[derive(Clone, Copy)]
pub struct Masked<'a>(Inner<'a>);

#[derive(Clone, Copy)]
enum Inner<'a> {
    Phone { country_code: u64, last_two: u64 },
    Email(&'a str),
}

impl<'a> Masked<'a> {
    pub(crate) fn phone(country_code: u64, last_two: u64) -> Self {
        Self(Inner::Phone {
            country_code,
            last_two,
        })
    }

    pub(crate) fn email(address: &'a str) -> Self {
        Self(Inner::Email(address))
    }
}

/// Honours width, fill and alignment (`{:>20}`), like `str`.
impl fmt::Display for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if f.width().is_none() {
            return self.write(f);
        }
        // The longest mask: one character, `•••@`, one character, `•••.`
        // and a top-level domain of at most 63 octets.
        let mut text = StackStr::<96>::new();
        match self.write(&mut text) {
            Ok(()) => f.pad(text.as_str()),
            Err(_) => self.write(f),
        }
    }
}

impl Masked<'_> {
    fn write(&self, f: &mut impl fmt::Write) -> fmt::Result {
        match self.0 {
            Inner::Phone {
                country_code,
                last_two,
            } => write!(f, "+{country_code} •••• ••{last_two:02}"),
            Inner::Email(address) => {
                let (local, domain) = address.rsplit_once('@').unwrap_or((address, ""));
                let first = |s: &str| s.chars().next().unwrap_or('•');
                write!(f, "{}•••@{}•••", first(local), first(domain))?;
                match domain.rsplit_once('.') {
                    Some((_, tld)) => write!(f, ".{tld}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl fmt::Debug for Masked<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Masked({self})")
    }
}
