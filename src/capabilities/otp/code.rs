//! One-time codes for [`SendOtp`](crate::SendOtp).

use core::fmt;

use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::identifiers::phone::digit_value;

/// A one-time code of 6 to 10 decimal digits, drawn from the operating
/// system's CSPRNG.
///
/// Every digit is uniform and independent (bytes of 250 and above are
/// redrawn rather than folded, so there is no modulo bias). The code is
/// compared in constant time, wiped on drop and redacted in `Debug`. It is
/// not `Clone`: a code is sent once and verified where it was made.
///
/// Expiry and a limit on attempts are the caller's: a 6-digit code gives one
/// chance in a million per guess, so allow a handful of attempts and a few
/// minutes.
///
/// # Examples
///
/// ```
/// use purpose_bound::OtpCode;
///
/// let code = OtpCode::generate(6)?;
/// assert_eq!(code.expose_secret().len(), 6);
/// assert!(code.verify(code.expose_secret()));
/// assert!(!code.verify("not a code"));
/// assert_eq!(format!("{code:?}"), "OtpCode([REDACTED])");
/// # Ok::<(), purpose_bound::OtpError>(())
/// ```
pub struct OtpCode {
    digits: [u8; OtpCode::MAX_DIGITS],
    len: usize,
}

impl OtpCode {
    /// The fewest digits a code may have.
    pub const MIN_DIGITS: usize = 6;
    /// The most digits a code may have.
    pub const MAX_DIGITS: usize = 10;

    /// Draws a code of `len` digits from the operating system's CSPRNG.
    ///
    /// # Errors
    ///
    /// [`OtpErrorKind::InvalidLength`] when `len` is not between
    /// [`MIN_DIGITS`](Self::MIN_DIGITS) and [`MAX_DIGITS`](Self::MAX_DIGITS);
    /// [`OtpErrorKind::Randomness`] when the operating system cannot supply
    /// random bytes.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{OtpCode, OtpErrorKind};
    ///
    /// assert_eq!(OtpCode::generate(8)?.expose_secret().len(), 8);
    /// assert_eq!(OtpCode::generate(4).unwrap_err().kind(), OtpErrorKind::InvalidLength);
    /// # Ok::<(), purpose_bound::OtpError>(())
    /// ```
    pub fn generate(len: usize) -> Result<Self, OtpError> {
        if !(Self::MIN_DIGITS..=Self::MAX_DIGITS).contains(&len) {
            return Err(OtpError::new(OtpErrorKind::InvalidLength, None));
        }
        let mut code = Self {
            digits: [b'0'; Self::MAX_DIGITS],
            len,
        };
        let mut random = [0u8; 32];
        let mut slots = code.digits.iter_mut().take(len).peekable();
        while slots.peek().is_some() {
            getrandom::fill(&mut random)
                .map_err(|e| OtpError::new(OtpErrorKind::Randomness, Some(e)))?;
            for byte in random.iter().filter(|&&b| b < 250) {
                match slots.next() {
                    Some(slot) => *slot = b'0' + byte % 10,
                    None => break,
                }
            }
        }
        random.zeroize();
        Ok(code)
    }

    /// Whether `attempt`, with surrounding white space ignored, is this code.
    ///
    /// Digits typed in another script are read as the ASCII digits they
    /// stand for, as the phone parser reads them: a code typed with a
    /// full-width keyboard (`１２３４５６`) or in Arabic-Indic digits is the
    /// same code. The comparison takes the same time wherever the attempt differs; an
    /// attempt of another length is refused at once (the length of a code
    /// is no secret).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::OtpCode;
    ///
    /// let code = OtpCode::generate(6)?;
    /// let typed = format!(" {} ", code.expose_secret());
    /// assert!(code.verify(&typed));
    /// # Ok::<(), purpose_bound::OtpError>(())
    /// ```
    #[must_use]
    pub fn verify(&self, attempt: &str) -> bool {
        TypedCode::read(attempt).is_some_and(|typed| {
            let typed = typed.as_bytes();
            typed.len() == self.len && bool::from(self.as_bytes().ct_eq(typed))
        })
    }

    /// The digits, for a [`Transport`](crate::Transport) to put into its
    /// message. The only way to read the code.
    pub fn expose_secret(&self) -> &str {
        core::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }

    fn as_bytes(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or_default()
    }
}

/// What a user typed as a one-time code, read as ASCII digits: white space
/// around it ignored, and decimal digits of the scripts the phone parser
/// reads (full-width, Arabic-Indic, Devanagari, …) taken as the ASCII digits
/// they stand for. Wiped on drop.
pub(crate) struct TypedCode {
    digits: [u8; OtpCode::MAX_DIGITS],
    len: usize,
}

impl TypedCode {
    /// `typed` as ASCII digits, or `None` when it is not 6 to 10 decimal
    /// digits: then it is no code at all.
    pub(crate) fn read(typed: &str) -> Option<Self> {
        let mut code = Self {
            digits: [0; OtpCode::MAX_DIGITS],
            len: 0,
        };
        for c in typed.trim().chars() {
            let slot = code.digits.get_mut(code.len)?;
            *slot = b'0' + digit_value(c)?;
            code.len += 1;
        }
        (code.len >= OtpCode::MIN_DIGITS).then_some(code)
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or_default()
    }
}

impl Drop for TypedCode {
    fn drop(&mut self) {
        self.digits.zeroize();
    }
}

impl Drop for OtpCode {
    fn drop(&mut self) {
        self.digits.zeroize();
    }
}

impl ZeroizeOnDrop for OtpCode {}

impl fmt::Debug for OtpCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("OtpCode([REDACTED])")
    }
}

/// Why a one-time code could not be made.
///
/// # Examples
///
/// ```
/// use purpose_bound::{OtpCode, OtpErrorKind};
///
/// let err = OtpCode::generate(11).unwrap_err();
/// assert_eq!(err.kind(), OtpErrorKind::InvalidLength);
/// assert_eq!(err.to_string(), "one-time code: length must be 6 to 10 digits");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OtpError {
    kind: OtpErrorKind,
    source: Option<getrandom::Error>,
}

/// What went wrong making a one-time code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OtpErrorKind {
    /// The requested length is not between 6 and 10 digits.
    InvalidLength,
    /// The operating system could not supply random bytes.
    Randomness,
}

impl OtpError {
    fn new(kind: OtpErrorKind, source: Option<getrandom::Error>) -> Self {
        Self { kind, source }
    }

    /// What went wrong.
    pub const fn kind(&self) -> OtpErrorKind {
        self.kind
    }
}

impl fmt::Display for OtpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            OtpErrorKind::InvalidLength => "one-time code: length must be 6 to 10 digits",
            OtpErrorKind::Randomness => {
                "one-time code: the operating system's random source failed"
            }
        })
    }
}

impl core::error::Error for OtpError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        self.source.as_ref().map(|e| e as _)
    }
}
