//! The stored form `"<purpose tag>:<canonical value>"`, shared by the serde,
//! rusqlite and sqlx support.
//!
//! Writing puts the purpose's [`TAG`](Purpose::TAG) before the canonical
//! value. Reading checks the tag against the purpose asked for and parses
//! the value again with the crate's parsers: a stored value is never
//! trusted, and never read back under another purpose.

use alloc::string::String;
use core::fmt;

use zeroize::Zeroizing;

use crate::email::{EmailAddress, EmailError};
use crate::phone::{PhoneError, PhoneNumber};
use crate::purpose::{AccountNotice, AccountRecovery, Advertising, Marketing, Purpose, TwoFactor};
use crate::stack_str::StackStr;

/// Every purpose's tag, to tell a value of another purpose from garbage.
const TAGS: [&str; 5] = [
    TwoFactor::TAG,
    AccountRecovery::TAG,
    AccountNotice::TAG,
    Marketing::TAG,
    Advertising::TAG,
];

/// The crate's own tag equal to `tag`, if there is one.
pub(crate) fn known_tag(tag: &str) -> Option<&'static str> {
    TAGS.into_iter().find(|known| *known == tag)
}

/// The longest tag: `account_recovery`.
const MAX_TAG_LEN: usize = 16;

/// The longest E.164 string: `+` and 15 digits.
const MAX_PHONE_LEN: usize = 16;

/// The longest email address, in octets (RFC 5321 section 4.5.3.1.3).
const MAX_EMAIL_LEN: usize = 254;

/// Why a stored identifier was not read back.
///
/// Made when a value in the stored form `"<purpose tag>:<canonical value>"`
/// is read through serde, rusqlite or sqlx. The error names the purpose
/// asked for and, on a [purpose mismatch](StoredFormErrorKind::PurposeMismatch),
/// the purpose the value was stored under; it never contains the stored
/// value or any part of it, so it can be logged.
///
/// # Examples
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use purpose_bound::{Advertising, PhoneNumber, StoredFormError, StoredFormErrorKind};
///
/// let err = serde_json::from_str::<PhoneNumber<Advertising>>(r#""two_factor:+14155552671""#)
///     .unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "purpose mismatch: expected a phone number collected for `advertising`, \
///      found one collected for `two_factor` at line 1 column 25",
/// );
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StoredFormError {
    kind: StoredFormErrorKind,
    identifier: IdentifierKind,
    expected: &'static str,
    found: Option<&'static str>,
    source: Option<Source>,
}

/// The rule a stored identifier broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StoredFormErrorKind {
    /// The value is not text (a number, a blob, a list, …).
    NotText,
    /// The value is longer than any stored identifier can be.
    TooLong,
    /// The value has no `<tag>:` before it: it was not written by this
    /// crate, or was written as a bare string.
    MissingTag,
    /// The value's tag is not one of the crate's purposes.
    UnknownTag,
    /// The value was stored under another purpose. It is not read back:
    /// an identifier serves only the purpose it was collected for.
    PurposeMismatch,
    /// The value after the tag is not in canonical form: for a phone
    /// number, anything but the E.164 string `+` and digits that the number
    /// writes back; for an email address, white space around it.
    NotCanonical,
    /// The value after the tag is not a valid identifier; its
    /// [`source`](core::error::Error::source) is the parser's error, whose
    /// positions count from the first character after the tag.
    InvalidValue,
}

/// The kind of identifier being read, for messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum IdentifierKind {
    Phone,
    Email,
}

impl IdentifierKind {
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::Phone => "phone number",
            Self::Email => "email address",
        }
    }

    const fn with_article(self) -> &'static str {
        match self {
            Self::Phone => "a phone number",
            Self::Email => "an email address",
        }
    }
}

/// The parser's error behind [`StoredFormErrorKind::InvalidValue`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Source {
    Phone(PhoneError),
    Email(EmailError),
}

impl StoredFormError {
    const fn new(
        kind: StoredFormErrorKind,
        identifier: IdentifierKind,
        expected: &'static str,
    ) -> Self {
        Self {
            kind,
            identifier,
            expected,
            found: None,
            source: None,
        }
    }

    /// The rule that failed.
    pub const fn kind(&self) -> StoredFormErrorKind {
        self.kind
    }

    /// The tag of the purpose the value was read for: `"marketing"`, …
    pub const fn expected_purpose(&self) -> &'static str {
        self.expected
    }

    /// On a [purpose mismatch](StoredFormErrorKind::PurposeMismatch), the tag
    /// of the purpose the value was stored under.
    pub const fn found_purpose(&self) -> Option<&'static str> {
        self.found
    }
}

impl fmt::Display for StoredFormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (identifier, expected) = (self.identifier.name(), self.expected);
        match self.kind {
            StoredFormErrorKind::NotText => write!(
                f,
                "stored {identifier} is not text: expected the string `{expected}:…`"
            ),
            StoredFormErrorKind::TooLong => {
                write!(f, "stored {identifier} is longer than any valid one")
            }
            StoredFormErrorKind::MissingTag => write!(
                f,
                "stored {identifier} has no purpose tag: expected `{expected}:…`"
            ),
            StoredFormErrorKind::UnknownTag => write!(
                f,
                "stored {identifier} has an unknown purpose tag: expected `{expected}`"
            ),
            StoredFormErrorKind::PurposeMismatch => write!(
                f,
                "purpose mismatch: expected {} collected for `{expected}`, found one collected for `{}`",
                self.identifier.with_article(),
                self.found.unwrap_or("another purpose")
            ),
            StoredFormErrorKind::NotCanonical => write!(
                f,
                "stored `{expected}` {identifier} is not in canonical form"
            ),
            StoredFormErrorKind::InvalidValue => {
                write!(f, "stored `{expected}` {identifier} fails validation")?;
                match self.source {
                    Some(Source::Phone(err)) => write!(f, ": {err}"),
                    Some(Source::Email(err)) => write!(f, ": {err}"),
                    None => Ok(()),
                }
            }
        }
    }
}

impl core::error::Error for StoredFormError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match &self.source {
            Some(Source::Phone(err)) => Some(err),
            Some(Source::Email(err)) => Some(err),
            None => None,
        }
    }
}

/// An identifier with a stored form: [`PhoneNumber<P>`] or [`EmailAddress<P>`].
pub(crate) trait Tagged: Sized {
    /// The purpose whose tag the stored form carries.
    type Purpose: Purpose;
    /// Which kind of identifier, for messages.
    const KIND: IdentifierKind;
    /// The longest canonical value.
    const MAX_VALUE_LEN: usize;

    /// Calls `f` with the stored form, in a buffer wiped afterwards.
    fn with_stored_form<R>(&self, f: impl FnOnce(&str) -> R) -> R;

    /// Parses the canonical value that followed the tag.
    fn from_canonical(value: &str) -> Result<Self, StoredFormError>;

    /// Reads the stored form, checking the tag against `Self::Purpose`.
    fn from_stored_form(stored: &str) -> Result<Self, StoredFormError> {
        let expected = Self::Purpose::TAG;
        let error = |kind| StoredFormError::new(kind, Self::KIND, expected);
        if stored.len() > MAX_TAG_LEN + 1 + Self::MAX_VALUE_LEN {
            return Err(error(StoredFormErrorKind::TooLong));
        }
        let Some((tag, value)) = stored.split_once(':') else {
            return Err(error(StoredFormErrorKind::MissingTag));
        };
        if tag != expected {
            if tag.is_empty() {
                return Err(error(StoredFormErrorKind::MissingTag));
            }
            return Err(match known_tag(tag) {
                Some(found) => StoredFormError {
                    found: Some(found),
                    ..error(StoredFormErrorKind::PurposeMismatch)
                },
                None => error(StoredFormErrorKind::UnknownTag),
            });
        }
        Self::from_canonical(value)
    }

    /// The error for a value that is not text.
    #[cfg(feature = "serde")]
    fn not_text() -> StoredFormError {
        StoredFormError::new(StoredFormErrorKind::NotText, Self::KIND, Self::Purpose::TAG)
    }
}

impl<P: Purpose> Tagged for PhoneNumber<P> {
    type Purpose = P;
    const KIND: IdentifierKind = IdentifierKind::Phone;
    const MAX_VALUE_LEN: usize = MAX_PHONE_LEN;

    fn with_stored_form<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let e164 = self.e164();
        let mut buf = StackStr::<{ MAX_TAG_LEN + 1 + MAX_PHONE_LEN }>::new();
        // Cannot fail: the longest tag, `:` and the longest E.164 string fit.
        let _ = fmt::Write::write_fmt(&mut buf, format_args!("{}:{}", P::TAG, e164.as_str()));
        f(buf.as_str())
    }

    fn from_canonical(value: &str) -> Result<Self, StoredFormError> {
        let error = |kind| StoredFormError::new(kind, IdentifierKind::Phone, P::TAG);
        // `+` and digits, the first not 0: no country calling code starts with 0.
        let canonical = value.strip_prefix('+').is_some_and(|digits| {
            !digits.is_empty()
                && !digits.starts_with('0')
                && digits.bytes().all(|b| b.is_ascii_digit())
        });
        if !canonical {
            return Err(error(StoredFormErrorKind::NotCanonical));
        }
        let phone = Self::parse_unchecked_purpose(value).map_err(|err| StoredFormError {
            source: Some(Source::Phone(err)),
            ..error(StoredFormErrorKind::InvalidValue)
        })?;
        // Exactly the form `Serialize` writes: no leading zeros, nothing the
        // parser tolerated and dropped.
        if phone.e164().as_str() != value {
            return Err(error(StoredFormErrorKind::NotCanonical));
        }
        Ok(phone)
    }
}

impl<P: Purpose> Tagged for EmailAddress<P> {
    type Purpose = P;
    const KIND: IdentifierKind = IdentifierKind::Email;
    const MAX_VALUE_LEN: usize = MAX_EMAIL_LEN;

    fn with_stored_form<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        let address = self.as_str();
        let mut stored = Zeroizing::new(String::with_capacity(P::TAG.len() + 1 + address.len()));
        stored.push_str(P::TAG);
        stored.push(':');
        stored.push_str(address);
        f(&stored)
    }

    fn from_canonical(value: &str) -> Result<Self, StoredFormError> {
        let error = |kind| StoredFormError::new(kind, IdentifierKind::Email, P::TAG);
        // The parser trims; a stored value has nothing to trim.
        if value.trim() != value {
            return Err(error(StoredFormErrorKind::NotCanonical));
        }
        Self::parse_unchecked_purpose(value).map_err(|err| StoredFormError {
            source: Some(Source::Email(err)),
            ..error(StoredFormErrorKind::InvalidValue)
        })
    }
}
