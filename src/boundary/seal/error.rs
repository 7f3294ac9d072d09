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
                "sealed value was sealed for another purpose or consent, or altered"
            }
            OpenErrorKind::Invalid => "sealed value does not hold a valid identifier",
        })
    }
}

impl core::error::Error for OpenError {}
