//! Why an email address was rejected.

use core::fmt;

/// Why an email address was rejected, and where.
///
/// The error names the rule that failed and the position of the offending
/// character, never the input, so it can be logged.
///
/// # Examples
///
/// ```
/// use purpose_bound::{EmailAddress, EmailErrorKind, TwoFactor};
///
/// let err = EmailAddress::<TwoFactor>::parse("ada.example.com").unwrap_err();
/// assert_eq!(err.kind(), EmailErrorKind::MissingAt);
/// assert_eq!(err.to_string(), "invalid email address: no @");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EmailError {
    kind: EmailErrorKind,
    position: Option<usize>,
}

/// The rule a rejected email address broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EmailErrorKind {
    /// The input is empty or only white space.
    Empty,
    /// There is no `@`.
    MissingAt,
    /// A character that is not allowed where it stands.
    InvalidCharacter,
}

impl EmailError {
    pub(crate) const fn new(kind: EmailErrorKind, position: Option<usize>) -> Self {
        Self { kind, position }
    }

    /// The rule that failed.
    pub const fn kind(&self) -> EmailErrorKind {
        self.kind
    }

    /// The zero-based index, counted in characters, of the character that
    /// broke the rule, where one did.
    pub const fn position(&self) -> Option<usize> {
        self.position
    }
}

impl EmailErrorKind {
    fn describe(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::MissingAt => "no @",
            Self::InvalidCharacter => "unexpected character",
        }
    }
}

impl fmt::Display for EmailError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid email address: {}", self.kind.describe())?;
        if let Some(position) = self.position {
            write!(f, " at character {position}")?;
        }
        Ok(())
    }
}

impl core::error::Error for EmailError {}
