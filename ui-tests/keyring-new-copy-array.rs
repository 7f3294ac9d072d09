// Key material is taken in a form the keyring can wipe: a `[u8; 32]` is
// `Copy`, so the caller's copy would stay in memory.

use purpose_bound::Keyring;

fn main() {
    let secret: [u8; 32] = [7; 32]; // read from a KMS
    let _keyring = Keyring::new(1, secret);
}
