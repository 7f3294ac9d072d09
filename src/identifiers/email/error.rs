//! Why an email address was rejected.

use core::fmt;

/// Why an email address was rejected, and where.
///
/// The error names the rule that failed and the position of the offending
/// character, never the input, so it can be logged. The rules are listed in
/// [`EmailAddress::parse`](crate::EmailAddress::parse).
///
/// # Examples
///
/// ```
/// use purpose_bound::{EmailAddress, EmailErrorKind, TwoFactor};
///
/// let err = EmailAddress::<TwoFactor>::parse("ada.example.com").unwrap_err();
/// assert_eq!(err.kind(), EmailErrorKind::MissingAt);
/// assert_eq!(err.to_string(), "invalid email address: no @");
///
/// let err = EmailAddress::<TwoFactor>::parse(" ada@exam_ple.com").unwrap_err();
/// assert_eq!(err.kind(), EmailErrorKind::InvalidCharacter);
/// assert_eq!(err.position(), Some(9));
/// assert_eq!(
///     err.to_string(),
///     "invalid email address: character not allowed here at character 9"
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EmailError {
    kind: EmailErrorKind,
    position: Option<usize>,
}

/// The rule a rejected email address broke.
///
/// Each variant says what [`EmailError::position`] points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EmailErrorKind {
    /// The input is empty or only white space. No position.
    Empty,
    /// There is no `@`. No position.
    MissingAt,
    /// A second `@`, which is not allowed in a domain (and a local part that
    /// holds one would have to be quoted). Points at the second `@`.
    MultipleAt,
    /// Nothing before the `@`. Points at the `@`.
    EmptyLocalPart,
    /// Nothing after the `@`. Points at the `@`.
    EmptyDomain,
    /// A character that is allowed nowhere in an address, or not where it
    /// stands: in the local part anything but letters, digits, ``!#$%&'*+-/=?^_`{|}~``
    /// and `.`; in the domain anything but letters, digits, `-` and `.`.
    /// Points at the character.
    InvalidCharacter,
    /// White space inside the address (white space around it is trimmed).
    /// Points at the white space.
    WhiteSpace,
    /// The local part or the domain starts with a dot. Points at the dot.
    LeadingDot,
    /// The local part or the domain ends with a dot. Points at the dot.
    TrailingDot,
    /// Two dots in a row. Points at the second.
    ConsecutiveDots,
    /// The local part is longer than 64 octets (RFC 5321 §4.5.3.1.1). Points
    /// at the character after the 64th.
    LocalPartTooLong,
    /// The address is longer than 254 octets (RFC 5321 §4.5.3.1.3 and
    /// §4.1.2). Points at the character after the 254th.
    AddressTooLong,
    /// A domain label is longer than 63 octets (RFC 1035 §2.3.4). Points at
    /// the character after the label's 63rd.
    LabelTooLong,
    /// A domain label starts with a hyphen. Points at the hyphen.
    LabelStartsWithHyphen,
    /// A domain label ends with a hyphen. Points at the hyphen.
    LabelEndsWithHyphen,
    /// The domain is a single label, such as `localhost`. Points at the start
    /// of the domain.
    DomainWithoutDot,
    /// The top-level label is all digits, as in an IP address written
    /// without brackets. Points at the start of the top-level label.
    NumericTopLevelDomain,
    /// A quoted local part (`"ada lovelace"@example.com`), which is not
    /// supported. Points at the quote.
    QuotedLocalPart,
    /// A comment (`ada(work)@example.com`), which is not supported. Points at
    /// the opening parenthesis.
    Comment,
    /// A domain literal (`ada@[192.0.2.1]`), which is not supported. Points
    /// at the opening bracket.
    DomainLiteral,
    /// A character outside ASCII: an internationalized address (RFC 6531),
    /// which is not supported. Points at the character.
    Internationalized,
}

impl EmailError {
    pub(crate) const fn new(kind: EmailErrorKind, position: Option<usize>) -> Self {
        Self { kind, position }
    }

    /// The rule that failed.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{EmailAddress, EmailErrorKind, TwoFactor};
    ///
    /// let err = EmailAddress::<TwoFactor>::parse("ada@[192.0.2.1]").unwrap_err();
    /// assert_eq!(err.kind(), EmailErrorKind::DomainLiteral);
    /// ```
    pub const fn kind(&self) -> EmailErrorKind {
        self.kind
    }

    /// The zero-based index, counted in characters (Unicode scalar values)
    /// of the input as given, surrounding white space included, of the
    /// character that broke the rule. `None` for
    /// [`Empty`](EmailErrorKind::Empty) and
    /// [`MissingAt`](EmailErrorKind::MissingAt), which no single character
    /// breaks.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{EmailAddress, EmailErrorKind, TwoFactor};
    ///
    /// let err = EmailAddress::<TwoFactor>::parse("  ada..lovelace@example.com").unwrap_err();
    /// assert_eq!(err.kind(), EmailErrorKind::ConsecutiveDots);
    /// assert_eq!(err.position(), Some(6));
    /// ```
    pub const fn position(&self) -> Option<usize> {
        self.position
    }
}

impl EmailErrorKind {
    fn describe(self) -> &'static str {
        match self {
            Self::Empty => "empty",
            Self::MissingAt => "no @",
            Self::MultipleAt => "more than one @",
            Self::EmptyLocalPart => "nothing before the @",
            Self::EmptyDomain => "nothing after the @",
            Self::InvalidCharacter => "character not allowed here",
            Self::WhiteSpace => "white space inside the address",
            Self::LeadingDot => "starts with a dot",
            Self::TrailingDot => "ends with a dot",
            Self::ConsecutiveDots => "two dots in a row",
            Self::LocalPartTooLong => "local part longer than 64 octets",
            Self::AddressTooLong => "address longer than 254 octets",
            Self::LabelTooLong => "domain label longer than 63 octets",
            Self::LabelStartsWithHyphen => "domain label starts with a hyphen",
            Self::LabelEndsWithHyphen => "domain label ends with a hyphen",
            Self::DomainWithoutDot => "domain without a dot",
            Self::NumericTopLevelDomain => "top-level domain is all digits",
            Self::QuotedLocalPart => "quoted local parts are not supported",
            Self::Comment => "comments are not supported",
            Self::DomainLiteral => "domain literals are not supported",
            Self::Internationalized => "non-ASCII (internationalized) addresses are not supported",
        }
    }
}

/// `invalid email address: <rule>[ at character <position>]`: the rule and
/// the position, never the input.
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
