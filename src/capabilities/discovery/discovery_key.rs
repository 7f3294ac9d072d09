//! Discovery keys: the keyed lookup by which an uploaded contact finds an
//! account whose owner agreed to be found.

use core::fmt;
use core::hash::{Hash, Hasher};

use hmac::Mac;
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use alloc::vec::Vec;

use crate::identifiers::identifier::IdentifierKind;
use crate::keys::subkeys::MacKey;
use crate::primitives::keyed_hash;

/// Names this use in the MAC's input, beside the subkey's own label.
const DOMAIN: &[u8] = b"purpose-bound discovery v1";

/// A discovery key: HMAC-SHA256, under the keyring's discovery subkey, of
/// an identifier's kind and canonical value.
///
/// Made from a [`Discoverable`](crate::Discoverable) identifier with its
/// owner's live consent ([`BeFound`](crate::BeFound)), and from an
/// uploaded [`ContactUpload`](crate::ContactUpload) with
/// [`FindContacts`](crate::FindContacts): the two are equal exactly when
/// the numbers (or addresses) are, and were made under the same key. Store
/// the findable ones in a column with a unique index and look uploaded
/// contacts up by equality.
///
/// - **Keyed**: a leaked table of discovery keys cannot be reversed by
///   hashing every number of a plan without the keyring's key.
/// - **Purpose-scoped**: the subkey is derived for discovery alone
///   (HKDF-SHA256, its own label) and the MAC's input names this use, so a
///   discovery key never equals a match key, a sealed value or anything
///   else the crate derives. Two-factor, recovery and notice identifiers
///   make none.
/// - **Size**: 32 bytes of a 256-bit MAC, under a 256-bit subkey.
/// - **Rotation**: a findable identifier's key is made under the keyring's
///   primary key and names it ([`key_id`](Self::key_id)); an uploaded
///   contact's [`ContactLookup`] holds one key per enabled key of the ring, so
///   after [`Keyring::rotate`](crate::Keyring::rotate) rows made under the
///   former primary are still found. Recompute the findable rows' keys
///   (open them from their sealed columns) before you disable the old key:
///   from then on, lookups no longer make keys under it.
/// - **Not per purpose**: the discovery subkey is one per keyring key,
///   because a `Discoverable` identifier and an uploaded `ContactUpload`
///   one must make the same key to find each other. A job that makes them
///   may hold a [`Keyset<Discoverable>`](crate::Keyset::discovery_key) or
///   a [`Keyset<ContactUpload>`](crate::Keyset::contact_lookup) instead of
///   the keyring: the two carry the discovery subkey (and make the same
///   bytes), no other purpose's keyset does.
///
/// `Debug` is redacted, equality is constant-time, and the key is wiped on
/// drop.
pub struct DiscoveryKey {
    key_id: u32,
    mac: [u8; 32],
}

impl DiscoveryKey {
    /// The discovery key of `value`, an identifier of `kind` in canonical
    /// form, under `subkey`, the discovery subkey of key `key_id`.
    pub(crate) fn new(key_id: u32, subkey: &MacKey, kind: IdentifierKind, value: &str) -> Self {
        let mut mac = subkey.mac();
        mac.update(DOMAIN);
        mac.update(&[0]);
        mac.update(kind.name().as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        Self {
            key_id,
            mac: mac.finalize().into_bytes().into(),
        }
    }

    /// The id of the keyring key it was made under.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The 32 bytes, for a discovery table's column.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.mac
    }
}

impl Clone for DiscoveryKey {
    fn clone(&self) -> Self {
        Self {
            key_id: self.key_id,
            mac: self.mac,
        }
    }
}

impl Drop for DiscoveryKey {
    fn drop(&mut self) {
        self.mac.zeroize();
    }
}

impl ZeroizeOnDrop for DiscoveryKey {}

/// Equal when made under the same key from the same identifier.
impl ConstantTimeEq for DiscoveryKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        let key = u64::from(self.key_id ^ other.key_id);
        (crate::primitives::ct::bytes_diff(&self.mac, &other.mac) | key).ct_eq(&0)
    }
}

/// Constant time, as [`ConstantTimeEq`].
impl PartialEq for DiscoveryKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for DiscoveryKey {}

/// Feeds the hasher one word, a keyed digest of the key id and the MAC
/// under a key drawn once per process, never the MAC itself: a discovery
/// key is a pseudonym that finds its owner, and a `Hasher` is no place to
/// copy it to.
///
/// # Panics
///
/// The first hash in a process panics when the operating system has no
/// randomness to give for the key, as `std`'s `RandomState` does.
impl Hash for DiscoveryKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        keyed_hash::hash_keyed(
            state,
            &[b"discovery_key", &self.key_id.to_le_bytes(), &self.mac],
        );
    }
}

impl fmt::Debug for DiscoveryKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DiscoveryKey(key {}, [REDACTED])", self.key_id)
    }
}

/// What an uploaded contact is looked up by: its [`DiscoveryKey`] under
/// each enabled key of the keyring, the primary first, so that findable
/// rows made under any key still in the ring are found after a rotation.
///
/// Look a contact up by all of them (`WHERE discovery_key IN (…)`, or
/// [`matches`](Self::matches) against a key in memory). Made by
/// [`FindContacts::contact_lookup`](crate::FindContacts::contact_lookup).
///
/// # Examples
///
/// ```
/// use purpose_bound::{BeFound, Consent, ConsentChannel, ConsentId, ConsentRecord, ContactUpload, Discoverable, Keyring, PhoneNumber, Subject};
/// use std::time::Duration;
///
/// let mut keyring = Keyring::new(1, &mut [7; 32]);
/// let given = Duration::from_secs(1_767_225_600);
/// let consent = Consent::<Discoverable>::new(ConsentRecord::new(
///     ConsentId::new(3).unwrap(), &Subject::new("user-42")?, given, "find-me-by-phone-v1", ConsentChannel::App,
/// ))?;
/// let findable = consent.parse_phone("+44 20 7946 0958")?.discovery_key(&keyring, &consent, given)?;
///
/// keyring.rotate(2, &mut [9; 32])?;
/// let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")?;
/// let lookup = contact.contact_lookup(&keyring);
/// assert_eq!(lookup.keys().len(), 2);
/// assert!(lookup.matches(&findable)); // made under key 1, found after the rotation
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct ContactLookup {
    keys: Vec<DiscoveryKey>,
}

impl ContactLookup {
    /// The discovery keys of `value`, an identifier of `kind` in canonical
    /// form, under each of `subkeys`: the discovery subkeys of every
    /// enabled key, the primary's first, with their key ids.
    pub(crate) fn new<'a>(
        subkeys: impl IntoIterator<Item = (u32, &'a MacKey)>,
        kind: IdentifierKind,
        value: &str,
    ) -> Self {
        Self {
            keys: subkeys
                .into_iter()
                .map(|(id, subkey)| DiscoveryKey::new(id, subkey, kind, value))
                .collect(),
        }
    }

    /// One discovery key per enabled key of the ring, the primary first.
    pub fn keys(&self) -> &[DiscoveryKey] {
        &self.keys
    }

    /// Whether `found` is one of these keys, in constant time.
    pub fn matches(&self, found: &DiscoveryKey) -> bool {
        self.keys
            .iter()
            .fold(Choice::from(0), |any, key| any | key.ct_eq(found))
            .into()
    }
}

/// The first key's keyed digest, as [`DiscoveryKey`]'s `Hash`: consistent
/// with `Eq`, since equal lookups have equal first keys (the primary's),
/// and nothing of any key reaches the hasher.
impl Hash for ContactLookup {
    fn hash<H: Hasher>(&self, state: &mut H) {
        if let Some(key) = self.keys.first() {
            key.hash(state);
        }
    }
}

impl<'a> IntoIterator for &'a ContactLookup {
    type Item = &'a DiscoveryKey;
    type IntoIter = core::slice::Iter<'a, DiscoveryKey>;

    fn into_iter(self) -> Self::IntoIter {
        self.keys.iter()
    }
}

/// Shows the key ids, never a key.
impl fmt::Debug for ContactLookup {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ContactLookup").field(&self.keys).finish()
    }
}
