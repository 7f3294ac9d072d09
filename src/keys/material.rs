//! `KeyMaterial`: the 32-byte secrets a keyring takes, in forms it can
//! wipe.

use zeroize::Zeroizing;

/// Key material that [`Keyring::new`](crate::Keyring::new),
/// [`add`](crate::Keyring::add) and [`rotate`](crate::Keyring::rotate)
/// take: 32 bytes in a form the crate can wipe.
///
/// - `&mut [u8; 32]`: the keyring derives its subkeys from your buffer and
///   overwrites it with zeros before returning, so the one copy you read
///   from your KMS or secret store does not outlive the call. A literal in
///   a test, `&mut [7; 32]`, is a temporary that is wiped the same way.
/// - [`Zeroizing<[u8; 32]>`](zeroize::Zeroizing): moved in and wiped when
///   dropped.
///
/// A bare `[u8; 32]` is not key material here: it is `Copy`, so passing it
/// leaves the caller's copy in memory, and nothing could wipe it.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::Keyring;
///
/// let mut secret = [7; 32]; // read from your KMS into this buffer
/// let keyring = Keyring::new(1, &mut secret);
/// assert_eq!(secret, [0; 32]); // wiped
/// # drop(keyring);
/// ```
///
/// ```compile_fail,E0277
/// use purpose_bound::Keyring;
///
/// let secret = [7; 32];
/// let keyring = Keyring::new(1, secret); // a copy nothing would wipe
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is key material the keyring cannot wipe",
    label = "a copy of the key that would stay in memory",
    note = "pass the key by mutable reference, `&mut key`: the keyring derives its subkeys from it and overwrites your buffer with zeros before returning",
    note = "or pass a `zeroize::Zeroizing<[u8; 32]>`, which the keyring wipes when it drops it"
)]
pub trait KeyMaterial: sealed::Sealed {}

mod sealed {
    use zeroize::{Zeroize, Zeroizing};

    /// Seals [`KeyMaterial`](super::KeyMaterial): reads the secret once,
    /// then wipes it.
    pub trait Sealed {
        /// Calls `f` with the secret, then wipes it.
        fn with_secret<R>(self, f: impl FnOnce(&[u8; 32]) -> R) -> R;
    }

    impl Sealed for &mut [u8; 32] {
        fn with_secret<R>(self, f: impl FnOnce(&[u8; 32]) -> R) -> R {
            let made = f(self);
            self.zeroize();
            made
        }
    }

    impl Sealed for Zeroizing<[u8; 32]> {
        fn with_secret<R>(self, f: impl FnOnce(&[u8; 32]) -> R) -> R {
            f(&self)
        }
    }
}

impl KeyMaterial for &mut [u8; 32] {}
impl KeyMaterial for Zeroizing<[u8; 32]> {}
