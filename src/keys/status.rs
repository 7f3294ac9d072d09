//! `KeyStatus`: where a key of a keyring or keyset stands, as in Tink.

/// Where a key of a [`Keyring`](crate::Keyring) (or a
/// [`Keyset`](crate::Keyset)) stands, as in Tink's keysets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyStatus {
    /// Makes nothing new unless it is the primary key; reads what it made.
    Enabled,
    /// Reads nothing and makes nothing, until it is
    /// [enabled](crate::Keyring::enable) again: the step before destroying a
    /// key, to learn whether anything still needs it.
    Disabled,
    /// Gone: its subkeys are wiped, and its id stays taken, so that no
    /// other key is ever named by it.
    Destroyed,
}

impl KeyStatus {
    /// The status as Tink's keysets spell it: `ENABLED`, `DISABLED`,
    /// `DESTROYED`.
    pub const fn tink_name(self) -> &'static str {
        match self {
            Self::Enabled => "ENABLED",
            Self::Disabled => "DISABLED",
            Self::Destroyed => "DESTROYED",
        }
    }
}
