//! The keyring the tests seal, key challenges and make discovery keys
//! under, and its key, which the known answers were computed with.

use purpose_bound::Keyring;

/// The key of [`keyring`], key id 1.
pub(crate) const KEY: [u8; 32] = [7; 32];

/// A keyring of one key: [`KEY`] under id 1.
pub(crate) fn keyring() -> Keyring {
    Keyring::new(1, &mut { KEY })
}
