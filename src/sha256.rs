//! SHA-256 (FIPS 180-4) for audience match keys.
//!
//! A match key hashes at most a few hundred public-format bytes, so a small
//! portable implementation serves; the `sha2` feature swaps in RustCrypto's
//! `sha2`, which uses the CPU's SHA extensions where it finds them.

use zeroize::Zeroize;

/// An incremental SHA-256 whose buffered input is wiped on drop.
pub(crate) struct Sha256 {
    #[cfg(not(feature = "sha2"))]
    inner: portable::Sha256,
    #[cfg(feature = "sha2")]
    inner: sha2::Sha256,
}

impl Sha256 {
    pub(crate) fn new() -> Self {
        Self {
            inner: Default::default(),
        }
    }

    pub(crate) fn update(&mut self, data: &[u8]) {
        #[cfg(feature = "sha2")]
        sha2::Digest::update(&mut self.inner, data);
        #[cfg(not(feature = "sha2"))]
        self.inner.update(data);
    }

    pub(crate) fn finalize(self) -> [u8; 32] {
        #[cfg(feature = "sha2")]
        return sha2::Digest::finalize(self.inner).into();
        #[cfg(not(feature = "sha2"))]
        self.inner.finalize()
    }
}

#[cfg_attr(
    feature = "sha2",
    allow(dead_code, reason = "kept to test against the sha2 backend")
)]
pub(crate) mod portable {
    use super::Zeroize;

    const K: [u32; 64] = [
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
        0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
        0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
        0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
        0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
        0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
        0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
        0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
        0xc67178f2,
    ];

    const H0: [u32; 8] = [
        0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab,
        0x5be0cd19,
    ];

    pub(crate) struct Sha256 {
        state: [u32; 8],
        block: [u8; 64],
        filled: usize,
        length: u64,
    }

    impl Default for Sha256 {
        fn default() -> Self {
            Self {
                state: H0,
                block: [0; 64],
                filled: 0,
                length: 0,
            }
        }
    }

    impl Sha256 {
        pub(crate) fn update(&mut self, mut data: &[u8]) {
            self.length = self.length.wrapping_add(data.len() as u64);
            while !data.is_empty() {
                let room = self.block.get_mut(self.filled..).unwrap_or_default();
                let take = room.len().min(data.len());
                let (head, rest) = data.split_at(take);
                if let Some(dst) = room.get_mut(..take) {
                    dst.copy_from_slice(head);
                }
                self.filled += take;
                data = rest;
                if self.filled == 64 {
                    compress(&mut self.state, &self.block);
                    self.filled = 0;
                }
            }
        }

        pub(crate) fn finalize(mut self) -> [u8; 32] {
            let bits = self.length.wrapping_mul(8);
            // The padding: 0x80, zeros, and the length in bits in the last
            // eight bytes of a block, in a second block if this one is full.
            let tail = self.block.get_mut(self.filled..).unwrap_or_default();
            tail.fill(0);
            if let Some(first) = tail.first_mut() {
                *first = 0x80;
            }
            if self.filled >= 56 {
                compress(&mut self.state, &self.block);
                self.block.fill(0);
            }
            if let Some(length) = self.block.get_mut(56..) {
                length.copy_from_slice(&bits.to_be_bytes());
            }
            compress(&mut self.state, &self.block);
            let mut out = [0u8; 32];
            for (chunk, word) in out.chunks_exact_mut(4).zip(self.state) {
                chunk.copy_from_slice(&word.to_be_bytes());
            }
            out
        }
    }

    impl Drop for Sha256 {
        fn drop(&mut self) {
            self.block.zeroize();
            self.state.zeroize();
        }
    }

    #[allow(
        clippy::indexing_slicing,
        reason = "every index is a loop counter below the length of a fixed-size array"
    )]
    fn compress(state: &mut [u32; 8], block: &[u8; 64]) {
        let mut w = [0u32; 64];
        for (word, bytes) in w.iter_mut().zip(block.chunks_exact(4)) {
            *word = u32::from_be_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]);
        }
        for i in 16..64 {
            let s0 = w[i - 15].rotate_right(7) ^ w[i - 15].rotate_right(18) ^ (w[i - 15] >> 3);
            let s1 = w[i - 2].rotate_right(17) ^ w[i - 2].rotate_right(19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16]
                .wrapping_add(s0)
                .wrapping_add(w[i - 7])
                .wrapping_add(s1);
        }
        let [mut a, mut b, mut c, mut d, mut e, mut f, mut g, mut h] = *state;
        for i in 0..64 {
            let s1 = e.rotate_right(6) ^ e.rotate_right(11) ^ e.rotate_right(25);
            let ch = (e & f) ^ (!e & g);
            let t1 = h
                .wrapping_add(s1)
                .wrapping_add(ch)
                .wrapping_add(K[i])
                .wrapping_add(w[i]);
            let s0 = a.rotate_right(2) ^ a.rotate_right(13) ^ a.rotate_right(22);
            let maj = (a & b) ^ (a & c) ^ (b & c);
            let t2 = s0.wrapping_add(maj);
            h = g;
            g = f;
            f = e;
            e = d.wrapping_add(t1);
            d = c;
            c = b;
            b = a;
            a = t1.wrapping_add(t2);
        }
        for (s, v) in state.iter_mut().zip([a, b, c, d, e, f, g, h]) {
            *s = s.wrapping_add(v);
        }
        w.zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::portable;

    fn hex(bytes: [u8; 32]) -> alloc::string::String {
        bytes.iter().map(|b| alloc::format!("{b:02x}")).collect()
    }

    fn digest(parts: &[&[u8]]) -> [u8; 32] {
        let mut h = portable::Sha256::default();
        parts.iter().for_each(|p| h.update(p));
        h.finalize()
    }

    /// FIPS 180-4 examples (NIST CSRC "SHA256.pdf") and lengths around the padding boundary.
    #[test]
    fn nist_vectors() {
        assert_eq!(
            hex(digest(&[b""])),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            hex(digest(&[b"abc"])),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(
            hex(digest(&[
                b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            ])),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        );
        let million_a = alloc::vec![b'a'; 1_000_000];
        assert_eq!(
            hex(digest(&[&million_a])),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        );
    }

    /// Every length up to five blocks, against RustCrypto's implementation.
    #[test]
    fn agrees_with_the_sha2_crate() {
        use sha2::Digest;
        let data: alloc::vec::Vec<u8> = (0..320u32).map(|i| (i * 167 + 13) as u8).collect();
        for len in 0..=data.len() {
            let expected: [u8; 32] = sha2::Sha256::digest(&data[..len]).into();
            assert_eq!(digest(&[&data[..len]]), expected, "len {len}");
        }
    }

    #[test]
    fn split_updates_match_one_update() {
        let data: alloc::vec::Vec<u8> = (0..=255u8).cycle().take(300).collect();
        for len in 0..data.len() {
            let whole = digest(&[&data[..len]]);
            for cut in [0, 1, len / 2, len.saturating_sub(1), len] {
                let (a, b) = data[..len].split_at(cut.min(len));
                assert_eq!(digest(&[a, b]), whole, "len {len} cut {cut}");
            }
        }
    }
}
