//! Why a phone number was rejected.

use core::fmt;

/// Why a phone number was rejected, and where.
///
/// The error names the rule that failed and the position of the offending
/// character, never the input or any digit of it, so it can be logged.
///
/// # Examples
///
/// ```
/// use purpose_bound::{PhoneErrorKind, PhoneNumber, TwoFactor};
///
/// let err = PhoneNumber::<TwoFactor>::parse("+44 20 7946 O958").unwrap_err();
/// assert_eq!(err.kind(), PhoneErrorKind::Letter);
/// assert_eq!(err.position(), Some(12));
/// assert_eq!(err.to_string(), "invalid phone number: letter at character 12 (numbers are written with digits)");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PhoneError {
    kind: PhoneErrorKind,
    position: Option<usize>,
}

/// The rule a rejected phone number broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PhoneErrorKind {
    /// The input holds no digits.
    Empty,
    /// A character that has no place in a phone number.
    InvalidCharacter,
    /// A letter: vanity numbers such as `1-800-FLOWERS` are not accepted.
    Letter,
    /// An extension (`ext.`, `x`, `;ext=`): an extension cannot receive a text message.
    Extension,
    /// National input with no region to read it in: start with `+` and the country calling code.
    MissingCountryCode,
    /// The digits after `+` start with no assigned country calling code.
    UnknownCountryCode,
    /// Fewer digits than the numbering plan allows.
    TooShort,
    /// More digits than the numbering plan allows.
    TooLong,
    /// A length the numbering plan allows, but no number of the plan starts this way.
    NotInNumberingPlan,
}

impl PhoneError {
    pub(crate) const fn new(kind: PhoneErrorKind, position: Option<usize>) -> Self {
        Self { kind, position }
    }

    /// The rule that failed.
    pub const fn kind(&self) -> PhoneErrorKind {
        self.kind
    }

    /// The zero-based index, counted in characters, of the character that
    /// broke the rule, where one did.
    pub const fn position(&self) -> Option<usize> {
        self.position
    }
}

impl PhoneErrorKind {
    fn describe(self) -> &'static str {
        match self {
            Self::Empty => "no digits",
            Self::InvalidCharacter => "unexpected character",
            Self::Letter => "letter",
            Self::Extension => "extension",
            Self::MissingCountryCode => "no country calling code",
            Self::UnknownCountryCode => "unknown country calling code",
            Self::TooShort => "too few digits for its numbering plan",
            Self::TooLong => "too many digits for its numbering plan",
            Self::NotInNumberingPlan => "not a number of its numbering plan",
        }
    }

    fn advice(self) -> Option<&'static str> {
        match self {
            Self::Letter => Some("numbers are written with digits"),
            Self::Extension => Some("an extension cannot receive messages"),
            Self::MissingCountryCode => {
                Some("start with + and the country calling code, or give a region")
            }
            _ => None,
        }
    }
}

impl fmt::Display for PhoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid phone number: {}", self.kind.describe())?;
        if let Some(position) = self.position {
            write!(f, " at character {position}")?;
        }
        if let Some(advice) = self.kind.advice() {
            write!(f, " ({advice})")?;
        }
        Ok(())
    }
}

impl core::error::Error for PhoneError {}
