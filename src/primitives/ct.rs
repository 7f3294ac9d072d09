//! Constant-time comparison of byte strings.

use core::hint::black_box;

use subtle::{Choice, ConstantTimeEq};

/// Whether `a` and `b` hold the same bytes, in time that depends only on
/// their lengths: a word at a time, with no early exit, and the one branch
/// on the accumulated difference taken inside `subtle`. Strings of different
/// lengths are unequal at once; a length is not secret.
///
/// `subtle`'s own slice comparison guards every byte, which makes a
/// 24-byte address cost fourteen times a `String` comparison; folding
/// words first keeps it within a small factor.
///
/// The accumulated difference passes through [`black_box`] after every
/// word (the bytes after the last whole word make one more word).
/// Without it the optimizer may see that once the difference is non-zero
/// (or all ones) the result is decided, and leave the loop there, which
/// would make the time depend on where the strings first differ. The
/// barrier keeps the value opaque, so every word is read and folded; it
/// costs a register spill per word, not a branch.
#[inline]
pub(crate) fn bytes_eq(a: &[u8], b: &[u8]) -> Choice {
    bytes_diff(a, b).ct_eq(&0)
}

/// The bits in which `a` and `b` differ, folded into one word: zero exactly
/// when they hold the same bytes, never zero when their lengths differ. For
/// callers that fold more into the difference (a consent id) before the one
/// constant-time test, each of which costs an optimizer barrier of its own.
#[inline]
pub(crate) fn bytes_diff(a: &[u8], b: &[u8]) -> u64 {
    if a.len() != b.len() {
        return u64::MAX;
    }
    let word = |chunk: &[u8]| u64::from_ne_bytes(chunk.try_into().unwrap_or_default());
    // The bytes after the last whole word: when the strings are at least a
    // word long, the last 8 bytes (overlapping the last whole word, which
    // is harmless for equality); shorter strings, zero-padded.
    let last = |s: &[u8]| match s.len().checked_sub(8) {
        Some(start) => word(s.get(start..).unwrap_or_default()),
        None => {
            let mut padded = [0u8; 8];
            padded.iter_mut().zip(s).for_each(|(p, t)| *p = *t);
            u64::from_ne_bytes(padded)
        }
    };
    let (a_words, b_words) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail = black_box(last(a) ^ last(b));
    a_words
        .zip(b_words)
        .fold(tail, |diff, (x, y)| black_box(diff | (word(x) ^ word(y))))
}

#[cfg(test)]
mod tests {
    use super::bytes_eq;

    fn eq(a: &[u8], b: &[u8]) -> bool {
        bool::from(bytes_eq(a, b))
    }

    #[test]
    fn equal_exactly_when_the_bytes_are() {
        let base: std::vec::Vec<u8> = (0..40).collect();
        for len in 0..base.len() {
            let a = &base[..len];
            assert!(eq(a, a));
            for i in 0..len {
                for bit in 0..8 {
                    let mut b = a.to_vec();
                    b[i] ^= 1 << bit;
                    assert!(!eq(a, &b), "len {len} byte {i} bit {bit}");
                }
            }
            assert!(!eq(a, &base[..len + 1]));
        }
    }

    /// Differences are combined with `|`, so they can only accumulate. With
    /// `^` two equal word differences would cancel: swapping the two 8-byte
    /// halves of a value gives the same difference in both words.
    #[test]
    fn equal_differences_in_two_words_do_not_cancel() {
        let a: [u8; 16] = *b"abcdefghABCDEFGH";
        let mut swapped = [0u8; 16];
        swapped[..8].copy_from_slice(&a[8..]);
        swapped[8..].copy_from_slice(&a[..8]);
        assert!(!eq(&a, &swapped));
        // The same in the tail, and between the tail and a word.
        assert!(!eq(b"abcdefghxy", b"abcdefghyx"));
        assert!(!eq(b"xbcdefghx", b"ybcdefghy"));
        // And with a tail and padding words around the swapped halves.
        let long_a: [u8; 35] = *b"0123456789abcdefABCDEFGH#####!!!$$$";
        let mut long_b = long_a;
        long_b[8..16].copy_from_slice(&long_a[16..24]);
        long_b[16..24].copy_from_slice(&long_a[8..16]);
        assert!(!eq(&long_a, &long_b));
    }

    /// Lengths that leave a tail after the whole words: the tail bytes are
    /// compared as well as the words, at every position.
    #[test]
    fn lengths_not_a_multiple_of_eight() {
        for len in [1, 3, 7, 9, 15, 17, 23, 25, 31, 33, 254] {
            let a: std::vec::Vec<u8> = (0..len).map(|i| (i * 37 % 251) as u8).collect();
            assert!(eq(&a, &a.clone()), "len {len}");
            for i in [0, len / 2, len - 1] {
                let mut b = a.clone();
                b[i] = b[i].wrapping_add(1);
                assert!(!eq(&a, &b), "len {len} byte {i}");
            }
            // Only the last byte, in the tail, differs.
            let mut b = a.clone();
            b[len - 1] ^= 0x80;
            assert!(!eq(&a, &b), "len {len} last byte");
            // Same prefix, one byte longer or shorter.
            assert!(!eq(&a, &a[..len - 1]), "len {len} shorter");
        }
    }
}
