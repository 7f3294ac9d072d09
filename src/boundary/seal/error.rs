//! `OpenError`: why a sealed value did not open.

use core::fmt;

/// Why a sealed value did not open. It never contains the value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OpenError {
    pub(crate) kind: OpenErrorKind,
}

impl OpenError {
    /// What is wrong.
    pub const fn kind(&self) -> OpenErrorKind {
        self.kind
    }
}

/// What is wrong with a sealed value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum OpenErrorKind {
    /// Not a sealed value: too short or too long, an unknown format, or
    /// text that is not base64url.
    Malformed,
    /// Sealed under a key the keyring or keyset does not have.
    UnknownKey,
    /// Sealed under a key that is disabled or destroyed.
    DisabledKey,
    /// Sealed, in the crate's first format, for another consent than the
    /// one opening it. In the current format another consent's value is
    /// [`PurposeOrTampered`](Self::PurposeOrTampered).
    OtherConsent,
    /// Sealed for another purpose, kind of identifier or consent, or
    /// altered: the authentication failed, and these cannot be told apart.
    PurposeOrTampered,
    /// Authentic, but not a value this crate seals: the key has sealed
    /// something else.
    Invalid,
}

impl fmt::Display for OpenError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            OpenErrorKind::Malformed => "sealed value is malformed",
            OpenErrorKind::UnknownKey => "sealed value names a key the keyring does not have",
            OpenErrorKind::DisabledKey => "sealed value names a key that is disabled or destroyed",
            OpenErrorKind::OtherConsent => "sealed value was collected under another consent",
            OpenErrorKind::PurposeOrTampered => {
                "sealed value was sealed for another purpose, subject or consent, or altered"
            }
            OpenErrorKind::Invalid => "sealed value does not hold a valid identifier",
        })
    }
}

impl core::error::Error for OpenError {}

/// Why an identifier was not sealed. It never contains the identifier.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Keyring, PhoneNumber, SealErrorKind, Subject, TwoFactor};
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 7911 123456")?;
/// assert_eq!(keyring.seal(&phone).unwrap_err().kind(), SealErrorKind::Unbound);
/// let phone = phone.owned_by(&Subject::new("user-42")?)?;
/// assert!(keyring.seal(&phone).is_ok());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SealError {
    pub(crate) kind: SealErrorKind,
}

impl SealError {
    /// What was wrong.
    pub const fn kind(&self) -> SealErrorKind {
        self.kind
    }
}

/// Which rule a [`SealError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SealErrorKind {
    /// The identifier is bound to no subject, and a sealed value binds its
    /// subject: bind it first, `id.owned_by(&subject)`.
    Unbound,
    /// The associated data would not fit its bound. It is refused, never
    /// truncated; the crate's purposes and consent ids always fit.
    AssociatedDataTooLong,
}

impl fmt::Display for SealError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            SealErrorKind::Unbound => {
                "not sealed: the identifier is bound to no subject; bind it with `owned_by` first"
            }
            SealErrorKind::AssociatedDataTooLong => {
                "not sealed: the associated data would not fit its bound"
            }
        })
    }
}

impl core::error::Error for SealError {}

/// A value that opened and did not seal again (`reseal`): it cannot
/// happen, since an opened identifier is bound and its associated data
/// fits, but it is reported, never a panic.
impl From<SealError> for OpenError {
    fn from(_: SealError) -> Self {
        Self {
            kind: OpenErrorKind::Invalid,
        }
    }
}
