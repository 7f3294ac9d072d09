//! The subkeys each key of a keyring derives, HKDF-SHA256 with a label per
//! use: one AES-SIV key per purpose, the first format's sealing key, the
//! HMAC keys of challenges and discovery keys, and one HMAC key per purpose
//! for lookup keys.

use alloc::boxed::Box;

use core::hash::Hasher;

use hkdf::Hkdf;
use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, Zeroizing};

#[cfg(feature = "seal")]
use crate::boundary::seal::cache::SealKey;
use crate::identifiers::identifier::IdentifierKind;
use crate::keys::material::KeyMaterial;
use crate::primitives::ct::bytes_diff;
use crate::primitives::keyed_hash;
use crate::purposes::markers::{Purpose, TAGS};

/// The uses of a key, each with its own subkey: the HKDF-SHA256 `info`
/// labels. A label is never reused for another use or another length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Use {
    /// AES-SIV-256 sealing in the crate's first format, kept to open
    /// what it sealed: 64 bytes. The current format derives one key per
    /// purpose (`purpose-bound/v2/seal/<tag>`, see [`SealKeys`]).
    #[cfg(feature = "seal")]
    LegacySeal,
    /// HMAC-SHA256 of one-time-code challenges: 32 bytes.
    Challenge,
    /// HMAC-SHA256 discovery keys: 32 bytes.
    Discovery,
    /// HMAC-SHA256 of a consent ledger's chain: 32 bytes.
    Ledger,
    /// HMAC-SHA256 pseudonyms of subjects in stores: 32 bytes.
    Pseudonym,
}

impl Use {
    pub(crate) const fn info(self) -> &'static [u8] {
        match self {
            #[cfg(feature = "seal")]
            Self::LegacySeal => b"purpose-bound/v1/seal",
            Self::Challenge => b"purpose-bound/v1/challenge",
            Self::Discovery => b"purpose-bound/v1/discovery",
            Self::Ledger => b"purpose-bound/v1/ledger",
            Self::Pseudonym => b"purpose-bound/v1/pseudonym",
        }
    }
}

/// HMAC-SHA256 keyed by a 32-byte subkey.
///
/// HMAC pads a key shorter than the hash's block with zeros (RFC 2104,
/// section 2); padding the subkey to SHA-256's 64-byte block here gives the
/// same MAC through the constructor that cannot fail.
fn hmac(subkey: &[u8; 32]) -> Hmac<Sha256> {
    let mut block = Zeroizing::new([0u8; 64]);
    block
        .iter_mut()
        .zip(subkey.iter())
        .for_each(|(b, k)| *b = *k);
    <Hmac<Sha256> as KeyInit>::new(&(*block).into())
}

/// A 32-byte HMAC-SHA256 subkey, wiped on drop: what a
/// [`Keyset`](crate::Keyset) copies of a keyring key besides its sealing
/// key (the lookup subkey of its purpose, and the discovery subkey where
/// its purpose makes discovery keys).
pub(crate) struct MacKey(Zeroizing<[u8; 32]>);

impl MacKey {
    fn zero() -> Self {
        Self(Zeroizing::new([0; 32]))
    }

    /// HMAC-SHA256 under this subkey.
    pub(crate) fn mac(&self) -> Hmac<Sha256> {
        hmac(&self.0)
    }

    /// A copy, for a keyset or a ledger key; wiped on drop as the original
    /// is.
    pub(crate) fn duplicate(&self) -> Self {
        Self(Zeroizing::new(*self.0))
    }
}

/// A value's HMAC-SHA256 under one ring key's subkey, with that key's id:
/// what a discovery key and a lookup digest are, each a type of its own
/// around it. Compared in constant time, wiped on drop.
pub(crate) struct KeyedMac {
    key_id: u32,
    mac: [u8; 32],
}

impl KeyedMac {
    /// HMAC-SHA256 under `subkey` of `domain`, the kind's name and the
    /// canonical value, each after a zero byte but the first.
    pub(crate) fn new(
        key_id: u32,
        subkey: &MacKey,
        domain: &[u8],
        kind: IdentifierKind,
        value: &str,
    ) -> Self {
        let mut mac = subkey.mac();
        mac.update(domain);
        mac.update(&[0]);
        mac.update(kind.name().as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        Self {
            key_id,
            mac: mac.finalize().into_bytes().into(),
        }
    }

    /// A digest read back from storage.
    pub(crate) const fn from_parts(key_id: u32, mac: [u8; 32]) -> Self {
        Self { key_id, mac }
    }

    pub(crate) const fn key_id(&self) -> u32 {
        self.key_id
    }

    pub(crate) const fn as_bytes(&self) -> &[u8; 32] {
        &self.mac
    }

    /// Feeds `state` a keyed digest of `label`, the key id and the MAC.
    pub(crate) fn hash_labelled<H: Hasher>(&self, label: &[u8], state: &mut H) {
        keyed_hash::hash_keyed(state, &[label, &self.key_id.to_le_bytes(), &self.mac]);
    }
}

impl Clone for KeyedMac {
    fn clone(&self) -> Self {
        Self::from_parts(self.key_id, self.mac)
    }
}

impl Drop for KeyedMac {
    fn drop(&mut self) {
        self.mac.zeroize();
    }
}

impl ConstantTimeEq for KeyedMac {
    fn ct_eq(&self, other: &Self) -> Choice {
        let key = u64::from(self.key_id ^ other.key_id);
        (bytes_diff(&self.mac, &other.mac) | key).ct_eq(&0)
    }
}

impl PartialEq for KeyedMac {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for KeyedMac {}

/// One key of a [`Keyring`](crate::Keyring): its id and the subkeys
/// derived from it, all wiped on drop. The secret itself is not kept.
pub(crate) struct Key {
    pub(crate) id: u32,
    #[cfg(feature = "seal")]
    pub(crate) seal: SealKeys,
    challenge: Zeroizing<[u8; 32]>,
    discovery: MacKey,
    ledger: MacKey,
    pseudonym: MacKey,
    /// One HMAC-SHA256 key per purpose for lookup keys,
    /// `purpose-bound/v1/lookup/<tag>`.
    lookup: Box<[MacKey; TAGS.len()]>,
}

impl Key {
    pub(crate) fn new(id: u32, secret: impl KeyMaterial) -> Self {
        secret.with_secret(|secret| {
            let hkdf = Hkdf::<Sha256>::new(None, secret);
            let derive = |use_: Use, out: &mut [u8]| {
                // Cannot fail: every subkey is far below HKDF-SHA256's limit of
                // 8160 bytes.
                let _ = hkdf.expand(use_.info(), out);
            };
            let mut key = Self {
                id,
                #[cfg(feature = "seal")]
                seal: SealKeys::derive(&hkdf),
                challenge: Zeroizing::new([0; 32]),
                discovery: MacKey::zero(),
                ledger: MacKey::zero(),
                pseudonym: MacKey::zero(),
                lookup: Box::new(TAGS.map(|tag| {
                    let mut subkey = MacKey::zero();
                    // Cannot fail: 32 bytes are far below HKDF-SHA256's limit.
                    let _ = hkdf
                        .expand_multi_info(&[LOOKUP_INFO, tag.as_bytes()], subkey.0.as_mut_slice());
                    subkey
                })),
            };
            derive(Use::Challenge, key.challenge.as_mut_slice());
            derive(Use::Discovery, key.discovery.0.as_mut_slice());
            derive(Use::Ledger, key.ledger.0.as_mut_slice());
            derive(Use::Pseudonym, key.pseudonym.0.as_mut_slice());
            key
        })
    }

    /// HMAC-SHA256 under this key's challenge subkey.
    pub(crate) fn challenge_mac(&self) -> Hmac<Sha256> {
        hmac(&self.challenge)
    }

    /// This key's discovery subkey.
    pub(crate) fn discovery(&self) -> &MacKey {
        &self.discovery
    }

    /// This key's ledger and pseudonym subkeys.
    pub(crate) fn ledger(&self) -> (&MacKey, &MacKey) {
        (&self.ledger, &self.pseudonym)
    }

    /// This key's lookup subkey of purpose `P`.
    pub(crate) fn lookup<P: Purpose>(&self) -> &MacKey {
        let index = const { purpose_index(P::TAG) };
        // Every purpose's tag is in `TAGS` (tested), so this is its subkey.
        let [first, ..] = &*self.lookup;
        self.lookup.get(index).unwrap_or(first)
    }
}

/// Whether purpose `P` makes or looks up discovery keys, and so whether
/// its [`Keyset`](crate::Keyset) holds the discovery subkey:
/// [`Discoverable`](crate::Discoverable) (being found) and
/// [`ContactUpload`](crate::ContactUpload) (finding contacts), no other.
#[cfg(feature = "seal")]
pub(crate) const fn uses_discovery<P: Purpose>() -> bool {
    use crate::purposes::markers::{ContactUpload, Discoverable};
    bytes_eq(P::TAG.as_bytes(), Discoverable::TAG.as_bytes())
        || bytes_eq(P::TAG.as_bytes(), ContactUpload::TAG.as_bytes())
}

/// The HKDF-SHA256 `info` of a purpose's lookup subkey, before its tag.
const LOOKUP_INFO: &[u8] = b"purpose-bound/v1/lookup/";

/// The HKDF-SHA256 `info` of a purpose's sealing key, before its tag.
#[cfg(feature = "seal")]
const SEAL_INFO: &[u8] = b"purpose-bound/v2/seal/";

/// The position of `tag` in [`TAGS`]: the index of its purpose's sealing
/// key. Evaluated at compile time for each purpose; every purpose's tag is
/// there (a test checks it).
pub(crate) const fn purpose_index(tag: &str) -> usize {
    let mut rest: &[&str] = &TAGS;
    let mut index = 0;
    while let [first, tail @ ..] = rest {
        if bytes_eq(first.as_bytes(), tag.as_bytes()) {
            return index;
        }
        rest = tail;
        index += 1;
    }
    index
}

const fn bytes_eq(mut a: &[u8], mut b: &[u8]) -> bool {
    loop {
        match (a, b) {
            ([], []) => return true,
            ([x, a_rest @ ..], [y, b_rest @ ..]) if *x == *y => {
                a = a_rest;
                b = b_rest;
            }
            _ => return false,
        }
    }
}

/// The sealing keys a keyring key derives: one per purpose (purpose sets
/// included), and the single key of the crate's first format, kept to
/// open what it sealed.
#[cfg(feature = "seal")]
pub(crate) struct SealKeys {
    purposes: Box<[SealKey; TAGS.len()]>,
    pub(crate) legacy: Zeroizing<[u8; 64]>,
}

#[cfg(feature = "seal")]
impl SealKeys {
    /// HKDF-SHA256 from `hkdf`: `purpose-bound/v2/seal/<tag>` for each
    /// purpose's 64-byte AES-SIV key; `purpose-bound/v1/seal` for the first
    /// format's.
    pub(crate) fn derive(hkdf: &Hkdf<Sha256>) -> Self {
        let purposes = TAGS.map(|tag| {
            let mut bytes = Zeroizing::new([0u8; 64]);
            // Cannot fail: 64 bytes are far below HKDF-SHA256's limit.
            let _ = hkdf.expand_multi_info(&[SEAL_INFO, tag.as_bytes()], bytes.as_mut_slice());
            SealKey::new(bytes)
        });
        let mut legacy = Zeroizing::new([0u8; 64]);
        let _ = hkdf.expand(Use::LegacySeal.info(), legacy.as_mut_slice());
        Self {
            purposes: Box::new(purposes),
            legacy,
        }
    }

    /// Purpose `P`'s sealing key.
    pub(crate) fn of<P: Purpose>(&self) -> &SealKey {
        let index = const { purpose_index(P::TAG) };
        // Every purpose's tag is in `TAGS` (tested), so this is its key.
        let [first, ..] = &*self.purposes;
        self.purposes.get(index).unwrap_or(first)
    }
}

#[cfg(test)]
mod tests {
    use super::{TAGS, purpose_index};
    use crate::purposes::markers::{
        AccountNotice, AccountRecovery, Advertising, ContactUpload, Discoverable, Marketing,
        Purpose, TwoFactor,
    };

    /// Every purpose finds its own sealing key: its tag's place in `TAGS`.
    #[test]
    fn every_purpose_has_its_own_key_index() {
        for (index, tag) in TAGS.iter().enumerate() {
            assert_eq!(purpose_index(tag), index, "{tag}");
        }
        assert_eq!(purpose_index("two_factor+"), TAGS.len());
        assert_eq!(purpose_index(""), TAGS.len());
        let indexes = [
            purpose_index(TwoFactor::TAG),
            purpose_index(AccountRecovery::TAG),
            purpose_index(AccountNotice::TAG),
            purpose_index(Marketing::TAG),
            purpose_index(Advertising::TAG),
            purpose_index(ContactUpload::TAG),
            purpose_index(Discoverable::TAG),
            purpose_index(<(TwoFactor, AccountRecovery)>::TAG),
            purpose_index(<(TwoFactor, AccountNotice)>::TAG),
            purpose_index(<(AccountRecovery, AccountNotice)>::TAG),
            purpose_index(<(TwoFactor, AccountRecovery, AccountNotice)>::TAG),
        ];
        assert_eq!(indexes, core::array::from_fn(|i| i));
    }

    /// Only the two discovery purposes' keysets hold the discovery subkey.
    #[cfg(feature = "seal")]
    #[test]
    fn only_discovery_purposes_use_the_discovery_subkey() {
        use super::uses_discovery;
        assert!(uses_discovery::<Discoverable>());
        assert!(uses_discovery::<ContactUpload>());
        assert!(!uses_discovery::<TwoFactor>());
        assert!(!uses_discovery::<AccountRecovery>());
        assert!(!uses_discovery::<AccountNotice>());
        assert!(!uses_discovery::<Marketing>());
        assert!(!uses_discovery::<Advertising>());
        assert!(!uses_discovery::<(TwoFactor, AccountRecovery, AccountNotice)>());
    }
}
