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
///
/// // One digit more than any UK number has: the error points at it.
/// let err = PhoneNumber::<TwoFactor>::parse("+44 20 7946 09581").unwrap_err();
/// assert_eq!(err.kind(), PhoneErrorKind::TooLong);
/// assert_eq!(err.position(), Some(16));
/// assert_eq!(err.to_string(), "invalid phone number: too many digits for its numbering plan at character 16");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PhoneError {
    kind: PhoneErrorKind,
    position: Option<usize>,
}

/// The rule a rejected phone number broke.
///
/// The [position](PhoneError::position) each kind reports is given with it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PhoneErrorKind {
    /// The input holds no digits. No position.
    Empty,
    /// A character that has no place in a phone number, such as `@`, or a
    /// second `+`. At that character.
    InvalidCharacter,
    /// A letter: vanity numbers such as `1-800-FLOWERS` are not accepted.
    /// At the first letter.
    Letter,
    /// An extension (`ext. 12`, `x12`, `#12`, `,12`, `;ext=12` in a `tel:`
    /// URI): an extension cannot receive a text message. At the first
    /// character of the extension marker.
    Extension,
    /// Input without `+` and with no region to read it in: start with `+`
    /// and the country calling code, or parse with a region. At the first
    /// digit.
    MissingCountryCode,
    /// The digits after `+` (or after the region's international call
    /// prefix) start with no assigned country calling code. At the first
    /// digit of the code.
    UnknownCountryCode,
    /// Fewer digits than the numbering plan allows: what is there begins a
    /// number of the plan, but the number is incomplete. No position.
    TooShort,
    /// More digits than the numbering plan allows. At the first digit after
    /// a complete number of the plan, or at the 33rd digit of the input.
    TooLong,
    /// No number of the numbering plan starts this way. At the first digit
    /// that no number of the plan continues with.
    NotInNumberingPlan,
    /// A premium-rate number, refused for one-time codes: it cannot receive
    /// text messages, and traffic to it earns its holder money (SMS-pumping
    /// fraud). No position.
    PremiumRate,
    /// A shared-cost number, refused for one-time codes: a service number
    /// whose holder shares in what callers pay, not a subscriber's line. No
    /// position.
    SharedCost,
    /// A universal access number (“company number”), refused for one-time
    /// codes: it routes calls to a company's offices and receives no text
    /// messages. No position.
    Uan,
    /// A voicemail access number, refused for one-time codes: a code sent to
    /// it lands in a mailbox, not with a person. No position.
    Voicemail,
    /// A pager number, refused for one-time codes: paging services take no
    /// text messages from the phone network, and some charge premium rates
    /// for calls. No position.
    Pager,
    /// A personal number, refused for one-time codes: the network forwards
    /// calls to whichever line its holder chooses, usually not text
    /// messages, and calls to it cost more than to the line itself. No
    /// position.
    PersonalNumber,
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
            Self::NotInNumberingPlan => "no number of its numbering plan continues this way",
            Self::PremiumRate => "premium-rate number",
            Self::SharedCost => "shared-cost number",
            Self::Uan => "universal access number",
            Self::Voicemail => "voicemail access number",
            Self::Pager => "pager number",
            Self::PersonalNumber => "personal number",
        }
    }

    fn advice(self) -> Option<&'static str> {
        match self {
            Self::Letter => Some("numbers are written with digits"),
            Self::Extension => Some("an extension cannot receive messages"),
            Self::MissingCountryCode => {
                Some("start with + and the country calling code, or give a region")
            }
            Self::PremiumRate
            | Self::SharedCost
            | Self::Uan
            | Self::Voicemail
            | Self::Pager
            | Self::PersonalNumber => Some("not accepted for one-time codes"),
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
