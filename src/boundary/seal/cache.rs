//! `SealKey`: one AES-SIV key with a cipher kept prepared for the next
//! call.

use core::fmt;

use aes_siv::KeyInit;
use aes_siv::siv::Aes256Siv;
use spin::mutex::SpinMutex;
use zeroize::Zeroizing;

/// One AES-SIV key (64 bytes: the CMAC key, then the CTR key, as Tink and
/// RFC 5297 split it) with a cipher kept prepared for the next call.
///
/// `Aes256Siv` seals and opens through `&mut self`; the prepared one is
/// taken with a `try_lock` that never waits, and a call that finds it
/// taken by another thread prepares its own. Both are wiped on drop.
pub struct SealKey {
    bytes: Zeroizing<[u8; 64]>,
    prepared: SpinMutex<Aes256Siv>,
}

impl SealKey {
    pub(crate) fn new(bytes: Zeroizing<[u8; 64]>) -> Self {
        let prepared = SpinMutex::new(Aes256Siv::new(&(*bytes).into()));
        Self { bytes, prepared }
    }

    /// The key's 64 bytes, for a keyset export.
    pub(crate) fn bytes(&self) -> &[u8; 64] {
        &self.bytes
    }

    /// A copy that prepares its own cipher.
    pub(crate) fn duplicate(&self) -> Self {
        Self::new(self.bytes.clone())
    }

    /// Calls `f` with the prepared cipher, or with one prepared for this
    /// call when another thread holds it.
    pub(crate) fn with_cipher<R>(&self, f: impl FnOnce(&mut Aes256Siv) -> R) -> R {
        match self.prepared.try_lock() {
            Some(mut cipher) => f(&mut cipher),
            None => f(&mut Aes256Siv::new(&(*self.bytes).into())),
        }
    }
}

/// Shows nothing of the key.
impl fmt::Debug for SealKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("SealKey([REDACTED])")
    }
}
