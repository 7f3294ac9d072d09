//! What a value that holds personal data or key material feeds a caller's
//! [`Hasher`]: a keyed digest, never its bytes.
//!
//! `Hash::hash` hands its input to whatever `Hasher` the caller supplies,
//! and a `Hasher` can record what it is fed. So the values of this crate
//! feed it one `u64`: the first eight bytes of HMAC-SHA256, under a key
//! drawn once per process from the operating system, of the parts that make
//! the value equal (its purpose, consent and canonical form, say). Equal
//! values still feed equal words, so `Hash` stays consistent with `Eq` and
//! sets and maps work; what a `Hasher` sees is a pseudorandom function of
//! the value under a key it never sees, from which the value cannot be
//! recovered, not even by hashing every number of a numbering plan.
//!
//! The key lives in atomics, so that it needs neither `std` nor `unsafe`
//! nor a lock: each of its words starts at zero and is set once, by a
//! compare-and-swap, from the first draw to reach it. Threads that race to
//! draw it each draw one, and every word ends up with exactly one draw's
//! value, which every thread then reads. A drawn word that happens to be
//! zero is taken as one, so that zero can mean "not yet drawn": a bias of
//! one value in 2³², in eight independent words.
//!
//! HMAC-SHA256 is RustCrypto's, as everywhere else in the crate. A hash
//! costs four SHA-256 compressions for a phone number; `BENCHMARKS.md` has
//! the measurement.

use core::hash::Hasher;
use core::sync::atomic::{AtomicU32, Ordering};

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use zeroize::Zeroizing;

/// The process's hash key, 256 bits, zero until drawn.
static KEY: [AtomicU32; 8] = [const { AtomicU32::new(0) }; 8];

/// The process's hash key, drawing it from the operating system the first
/// time.
///
/// # Panics
///
/// When the operating system has no randomness to give, the first time a
/// key is needed, as `std`'s `RandomState` does: a fixed or guessable key
/// would let a `Hasher` recover values by trying them.
fn key() -> Zeroizing<[u8; 64]> {
    let mut block = Zeroizing::new([0u8; 64]);
    let mut drawn: Option<Zeroizing<[u8; 32]>> = None;
    for (i, (word, out)) in KEY.iter().zip(block.chunks_exact_mut(4)).enumerate() {
        let mut value = word.load(Ordering::Relaxed);
        if value == 0 {
            let fresh = drawn.get_or_insert_with(draw);
            let mine = fresh
                .get(i * 4..i * 4 + 4)
                .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
                .map_or(1, u32::from_ne_bytes)
                .max(1);
            value = match word.compare_exchange(0, mine, Ordering::Relaxed, Ordering::Relaxed) {
                Ok(_) => mine,
                Err(theirs) => theirs,
            };
        }
        out.copy_from_slice(&value.to_ne_bytes());
    }
    // HMAC pads a key shorter than SHA-256's 64-byte block with zeros
    // (RFC 2104, section 2): the last 32 bytes stay zero.
    block
}

/// 32 bytes from the operating system's CSPRNG.
#[expect(
    clippy::panic,
    reason = "`Hash::hash` cannot return an error, and hashing with a key that is not secret would undo what the key is for"
)]
fn draw() -> Zeroizing<[u8; 32]> {
    let mut bytes = Zeroizing::new([0u8; 32]);
    if getrandom::fill(bytes.as_mut_slice()).is_err() {
        panic!("purpose-bound: the operating system gave no randomness for the hash key");
    }
    bytes
}

/// Feeds `state` one word: the keyed digest of `parts`, each prefixed with
/// its length so that no two lists of parts run together into the same
/// input.
///
/// # Panics
///
/// When the operating system has no randomness the first time the process
/// hashes a value (see [`key`]).
pub(crate) fn hash_keyed<H: Hasher>(state: &mut H, parts: &[&[u8]]) {
    let mut mac = <Hmac<Sha256> as KeyInit>::new(&(*key()).into());
    for part in parts {
        mac.update(&(part.len() as u64).to_le_bytes());
        mac.update(part);
    }
    let digest = mac.finalize().into_bytes();
    let mut word = [0u8; 8];
    word.iter_mut()
        .zip(digest.iter())
        .for_each(|(w, d)| *w = *d);
    state.write_u64(u64::from_le_bytes(word));
}

#[cfg(test)]
mod tests {
    use super::{KEY, hash_keyed};
    use core::hash::Hasher;
    use core::sync::atomic::Ordering;
    use std::vec::Vec;

    /// Records every byte it is fed.
    #[derive(Default)]
    struct Recorder(Vec<u8>);

    impl Hasher for Recorder {
        fn finish(&self) -> u64 {
            0
        }
        fn write(&mut self, bytes: &[u8]) {
            self.0.extend_from_slice(bytes);
        }
    }

    fn fed(parts: &[&[u8]]) -> Vec<u8> {
        let mut recorder = Recorder::default();
        hash_keyed(&mut recorder, parts);
        recorder.0
    }

    #[test]
    fn equal_parts_feed_equal_words_and_nothing_of_the_parts() {
        let a = fed(&[b"two_factor", b"+14155552671"]);
        assert_eq!(a.len(), 8);
        assert_eq!(a, fed(&[b"two_factor", b"+14155552671"]));
        assert_ne!(a, fed(&[b"two_factor", b"+14155552672"]));
        assert_ne!(a, fed(&[b"marketing", b"+14155552671"]));
    }

    /// The lengths keep the parts apart: `ab` + `c` is not `a` + `bc`.
    #[test]
    fn parts_do_not_run_together() {
        assert_ne!(fed(&[b"ab", b"c"]), fed(&[b"a", b"bc"]));
        assert_ne!(fed(&[b"abc"]), fed(&[b"abc", b""]));
    }

    #[test]
    fn the_key_is_drawn_once_and_has_no_zero_word() {
        let _ = fed(&[b"x"]);
        let first: Vec<u32> = KEY.iter().map(|w| w.load(Ordering::Relaxed)).collect();
        assert!(first.iter().all(|w| *w != 0));
        let _ = fed(&[b"y"]);
        let second: Vec<u32> = KEY.iter().map(|w| w.load(Ordering::Relaxed)).collect();
        assert_eq!(first, second);
    }

    /// Threads racing for the first draw all end up with one key.
    #[test]
    fn racing_threads_agree() {
        let words: Vec<Vec<u8>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..4).map(|_| scope.spawn(|| fed(&[b"same"]))).collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert!(words.windows(2).all(|w| w[0] == w[1]));
    }
}
