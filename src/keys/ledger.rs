//! The keyed uses of a store of records about people: the MAC that chains
//! a consent ledger's events, and the pseudonym a store keeps of a subject
//! instead of the account id.

use alloc::vec::Vec;
use core::fmt;

use hmac::Mac;
use subtle::ConstantTimeEq;

use crate::keys::keyring::Keyring;
use crate::keys::subkeys::MacKey;
use crate::purposes::subject::SubjectTag;

/// What a consent ledger or an audit store keys with: for each key of the
/// [`Keyring`] it was made from, that key's ledger subkey (HKDF-SHA256,
/// `purpose-bound/v1/ledger`) and pseudonym subkey
/// (`purpose-bound/v1/pseudonym`), wiped on drop. Neither leaves it: it
/// gives MACs and pseudonyms, never a key.
///
/// A store records the id of the key it chains and pseudonymises under
/// ([`primary`](Self::primary) when the store is made) and keeps using it
/// while the keyring holds it, so that its chain verifies and a subject
/// keeps one pseudonym across rotations of the keyring's primary key.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Keyring, Subject};
///
/// let keyring = Keyring::new(1, &mut [7u8; 32]);
/// let key = keyring.ledger_key();
/// let ada = Subject::new("user-42")?.tag();
/// let pseudonym = key.pseudonym(key.primary(), ada).unwrap();
/// assert_eq!(Some(pseudonym), key.pseudonym(1, ada));
/// assert_ne!(Some(pseudonym), key.pseudonym(1, Subject::new("user-43")?.tag()));
///
/// let mac = key.mac(1, b"event").unwrap();
/// assert_eq!(key.verify(1, b"event", &mac), Some(true));
/// assert_eq!(key.verify(1, b"evenT", &mac), Some(false));
/// assert_eq!(key.verify(2, b"event", &mac), None);
/// # Ok::<(), purpose_bound::SubjectError>(())
/// ```
pub struct LedgerKey {
    primary: u32,
    keys: Vec<(u32, MacKey, MacKey)>,
}

impl LedgerKey {
    /// The id of the keyring's primary key when this was made: the key a
    /// new store chains and pseudonymises under.
    pub const fn primary(&self) -> u32 {
        self.primary
    }

    /// Whether the keyring this was made from held key `key_id`, enabled
    /// or disabled.
    pub fn holds(&self, key_id: u32) -> bool {
        self.subkeys(key_id).is_some()
    }

    fn subkeys(&self, key_id: u32) -> Option<(&MacKey, &MacKey)> {
        self.keys
            .iter()
            .find(|(id, ..)| *id == key_id)
            .map(|(_, ledger, pseudonym)| (ledger, pseudonym))
    }

    /// HMAC-SHA256 of `message` under key `key_id`'s ledger subkey; `None`
    /// when the keyring holds no key `key_id`.
    pub fn mac(&self, key_id: u32, message: &[u8]) -> Option<[u8; 32]> {
        let (ledger, _) = self.subkeys(key_id)?;
        let mut mac = ledger.mac();
        mac.update(message);
        Some(mac.finalize().into_bytes().into())
    }

    /// Whether `mac` is the MAC of `message` under key `key_id`, compared
    /// in constant time; `None` when the keyring holds no key `key_id`.
    pub fn verify(&self, key_id: u32, message: &[u8], mac: &[u8; 32]) -> Option<bool> {
        let expected = self.mac(key_id, message)?;
        Some(expected.ct_eq(mac).into())
    }

    /// The pseudonym of the subject tagged `subject` under key `key_id`;
    /// `None` when the keyring holds no key `key_id`.
    ///
    /// Anyone who knows an account id can compute its [`SubjectTag`]; only
    /// a holder of the keyring can compute its pseudonym, so a store that
    /// keeps pseudonyms tells a reader of its tables nothing of whose rows
    /// they are.
    pub fn pseudonym(&self, key_id: u32, subject: SubjectTag) -> Option<SubjectPseudonym> {
        let (_, pseudonym) = self.subkeys(key_id)?;
        let mut mac = pseudonym.mac();
        mac.update(&subject.to_bytes());
        let digest = mac.finalize().into_bytes();
        let mut bytes = [0u8; 16];
        bytes
            .iter_mut()
            .zip(digest.iter())
            .for_each(|(b, d)| *b = *d);
        Some(SubjectPseudonym(bytes))
    }
}

/// Shows the key ids only.
impl fmt::Debug for LedgerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("LedgerKey")
            .field("primary", &self.primary)
            .field(
                "keys",
                &self.keys.iter().map(|(id, ..)| id).collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// A subject's keyed pseudonym: the first 16 bytes of HMAC-SHA256 of its
/// [`SubjectTag`] under a [`LedgerKey`]'s pseudonym subkey. What stores
/// keep instead of the account id; equal for the same subject under the
/// same key.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Keyring, Subject, SubjectPseudonym};
///
/// let key = Keyring::new(1, &mut [7u8; 32]).ledger_key();
/// let pseudonym = key.pseudonym(1, Subject::new("user-42")?.tag()).unwrap();
/// assert_eq!(SubjectPseudonym::from_bytes(pseudonym.to_bytes()), pseudonym);
/// assert_eq!(pseudonym.to_string().len(), 32);
/// # Ok::<(), purpose_bound::SubjectError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubjectPseudonym([u8; 16]);

impl SubjectPseudonym {
    /// A pseudonym read back from a store.
    pub const fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(bytes)
    }

    /// The pseudonym's 16 bytes.
    pub const fn to_bytes(self) -> [u8; 16] {
        self.0
    }
}

/// 32 lowercase hex digits.
impl fmt::Display for SubjectPseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|byte| write!(f, "{byte:02x}"))
    }
}

impl fmt::Debug for SubjectPseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SubjectPseudonym({self})")
    }
}

impl Keyring {
    /// The MAC and pseudonym subkeys of every key not destroyed, for a consent
    /// ledger or an audit store: see [`LedgerKey`].
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::Keyring;
    ///
    /// let keyring = Keyring::new(1, &mut [7u8; 32]).with_key(2, &mut [8u8; 32])?;
    /// let key = keyring.ledger_key();
    /// assert_eq!(key.primary(), 1);
    /// assert!(key.holds(2));
    /// # Ok::<(), purpose_bound::KeyringError>(())
    /// ```
    pub fn ledger_key(&self) -> LedgerKey {
        LedgerKey {
            primary: self.primary(),
            keys: self
                .slots()
                .filter_map(|(_, _, key)| key)
                .map(|key| {
                    let (ledger, pseudonym) = key.ledger();
                    (key.id, ledger.duplicate(), pseudonym.duplicate())
                })
                .collect(),
        }
    }
}
