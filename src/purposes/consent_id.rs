//! [`ConsentId`]: the id of a recorded consent, which identifiers collected
//! under it carry. It sits with the purposes, below the identifiers, because
//! an identifier of a consent purpose is bound to it; the consents
//! themselves are a layer above the identifiers.

use core::fmt;
use core::num::NonZeroU64;

/// The identity of a recorded consent: your stable id for the record, such
/// as its row id. Not zero.
///
/// Every identifier collected through a [`Consent`](crate::Consent) carries its id, and is
/// used only with that consent, while it is live. Ids need to be unique
/// among the consents to one purpose.
///
/// # Examples
///
/// ```
/// use purpose_bound::ConsentId;
///
/// let id = ConsentId::new(42).unwrap();
/// assert_eq!(id.get(), 42);
/// assert_eq!(id.to_string(), "42");
/// assert!(ConsentId::new(0).is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct ConsentId(NonZeroU64);

impl ConsentId {
    /// The id `id`, or `None` for zero.
    pub const fn new(id: u64) -> Option<Self> {
        match NonZeroU64::new(id) {
            Some(id) => Some(Self(id)),
            None => None,
        }
    }

    /// The id as a number.
    pub const fn get(self) -> u64 {
        self.0.get()
    }
}

/// `consent`'s id as a word, 0 for none: for folding into constant-time
/// comparisons.
#[inline]
pub(crate) fn word(consent: Option<ConsentId>) -> u64 {
    consent.map_or(0, ConsentId::get)
}

impl fmt::Display for ConsentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}
