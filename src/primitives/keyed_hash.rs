//! What a value that holds personal data or key material feeds a caller's
//! [`Hasher`]: a keyed digest, never its bytes.
//!
//! `Hash::hash` hands its input to whatever `Hasher` the caller supplies,
//! and a `Hasher` can record what it is fed. So the values of this crate
//! feed it one `u64`: SipHash-2-4, under a 128-bit key drawn once per
//! process from the operating system, of the parts that make the value
//! equal (its purpose, consent and canonical form, say). Equal values still
//! feed equal words, so `Hash` stays consistent with `Eq` and sets and maps
//! work; what a `Hasher` sees is a pseudorandom function of the value under
//! a key it never sees, from which the value cannot be recovered, not even
//! by hashing every number of a numbering plan.
//!
//! SipHash-2-4 is a PRF made for this: keyed hashing of short inputs, as
//! `std`'s `HashMap` uses it (in its 1-3 variant) against hash flooding.
//! It comes from the `siphasher` crate (RustCrypto has none, and core's
//! `SipHasher` is deprecated). A phone number's hash is a few dozen
//! nanoseconds, where the HMAC-SHA256 it replaced set up its key on every
//! call; `BENCHMARKS.md` has the measurement.
//!
//! The key lives in atomics, so that it needs neither `std` nor `unsafe`
//! nor a lock: each of its words starts at zero and is set once, by a
//! compare-and-swap, from the first draw to reach it. Threads that race to
//! draw it each draw one, and every word ends up with exactly one draw's
//! value, which every thread then reads. A drawn word that happens to be
//! zero is taken as one, so that zero can mean "not yet drawn": a bias of
//! one value in 2³², in four independent words.
//!
//! The draw is `getrandom`'s, with or without the crate's `std` feature:
//! the operating system's CSPRNG on every target `std` supports and more.
//! A target without one (bare metal, say) needs `getrandom`'s `custom`
//! backend chosen by the application; where no randomness can be had, the
//! first hash panics rather than hash under a key that is not secret.

use core::hash::Hasher;
use core::sync::atomic::{AtomicU32, Ordering};

use siphasher::sip::SipHasher24;
use zeroize::Zeroizing;

/// The process's hash key, 128 bits, zero until drawn.
static KEY: [AtomicU32; 4] = [const { AtomicU32::new(0) }; 4];

/// The process's hash key, as SipHash's two words, drawing it from the
/// operating system the first time.
///
/// # Panics
///
/// When the operating system has no randomness to give, the first time a
/// key is needed, as `std`'s `RandomState` does: a fixed or guessable key
/// would let a `Hasher` recover values by trying them.
#[inline]
fn key() -> (u64, u64) {
    let mut words = [0u32; 4];
    let mut drawn: Option<Zeroizing<[u8; 16]>> = None;
    for (i, (word, out)) in KEY.iter().zip(words.iter_mut()).enumerate() {
        let mut value = word.load(Ordering::Relaxed);
        if value == 0 {
            value = set_word(word, i, drawn.get_or_insert_with(draw));
        }
        *out = value;
    }
    let [a, b, c, d] = words.map(u64::from);
    (a | b << 32, c | d << 32)
}

/// Sets `word` (the `i`th) from a fresh draw unless another thread set it
/// first, and returns the value it holds.
#[cold]
fn set_word(word: &AtomicU32, i: usize, fresh: &[u8; 16]) -> u32 {
    let mine = fresh
        .get(i * 4..i * 4 + 4)
        .and_then(|bytes| <[u8; 4]>::try_from(bytes).ok())
        .map_or(1, u32::from_ne_bytes)
        .max(1);
    match word.compare_exchange(0, mine, Ordering::Relaxed, Ordering::Relaxed) {
        Ok(_) => mine,
        Err(theirs) => theirs,
    }
}

/// 16 bytes from the operating system's CSPRNG.
#[cold]
#[expect(
    clippy::panic,
    reason = "`Hash::hash` cannot return an error, and hashing with a key that is not secret would undo what the key is for"
)]
fn draw() -> Zeroizing<[u8; 16]> {
    let mut bytes = Zeroizing::new([0u8; 16]);
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
    state.write_u64(word(key(), parts));
}

/// SipHash-2-4 under `(k0, k1)` of `parts`, each prefixed with its length.
fn word((k0, k1): (u64, u64), parts: &[&[u8]]) -> u64 {
    let mut sip = SipHasher24::new_with_keys(k0, k1);
    for part in parts {
        sip.write(&(part.len() as u64).to_le_bytes());
        sip.write(part);
    }
    sip.finish()
}

#[cfg(test)]
mod tests {
    use super::{KEY, SipHasher24, hash_keyed, word};
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

    /// The PRF is SipHash-2-4 with the key's bytes read little-endian (the
    /// test vector of the SipHash paper, appendix A: key `00…0f`, message
    /// `00…0e`), over each part after its length as a little-endian word.
    #[test]
    fn the_word_is_siphash_2_4_of_the_length_prefixed_parts() {
        let key = (
            u64::from_le_bytes([0, 1, 2, 3, 4, 5, 6, 7]),
            u64::from_le_bytes([8, 9, 10, 11, 12, 13, 14, 15]),
        );
        let sip = |bytes: &[u8]| {
            let mut sip = SipHasher24::new_with_keys(key.0, key.1);
            sip.write(bytes);
            sip.finish()
        };
        assert_eq!(sip(&(0..15).collect::<Vec<u8>>()), 0xa129_ca61_49be_45e5);
        let mut stream = 3u64.to_le_bytes().to_vec();
        stream.extend_from_slice(b"abc");
        stream.extend_from_slice(&0u64.to_le_bytes());
        assert_eq!(word(key, &[b"abc", b""]), sip(&stream));
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
