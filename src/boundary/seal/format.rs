//! The sealed format: Tink's TINK output prefix, the associated data of
//! the current format, and how the crate's first format differs.

use crate::identifiers::identifier::{Identifier, IdentifierKind};
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::Purpose;
use crate::purposes::subject::SubjectTag;

/// The first byte of every sealed value: Tink's TINK output prefix, which
/// the crate's first format shared.
pub(crate) const VERSION: u8 = 1;

/// The prefix's length: the format byte and the key id.
pub(crate) const PREFIX_LEN: usize = 5;

/// The SIV tag's length.
pub(crate) const TAG_LEN: usize = 16;

/// The longest canonical value: an email address of 254 octets.
pub(crate) const MAX_VALUE_LEN: usize = 254;

/// The associated data of the current format: the kind, the purpose, the
/// subject's tag (32 hex digits, a fixed length) and, for consent purposes,
/// the consent id.
pub(crate) const AD_PREFIX: &str = "purpose-bound/sealed/v3;kind=";

/// The associated data of the format before subjects: the same without the
/// subject. Values sealed in it open (for the subject the caller names)
/// until `reseal` moves them to the current one.
pub(crate) const AD_V2_PREFIX: &str = "purpose-bound/sealed/v2;kind=";

/// The crate's first format's domain, bound with the kind, purpose and
/// the clear header.
pub(crate) const LEGACY_DOMAIN: &[u8] = b"purpose-bound sealed v1";

/// Room for the longest associated data: the prefix, `email`, the longest
/// purpose tag, the subject's 32 hex digits and a 20-digit consent id, with
/// their labels (155 bytes).
const AD_CAPACITY: usize = 160;

const LONGEST_AD: usize = AD_PREFIX.len()
    + "email".len()
    + ";purpose=".len()
    + "two_factor+account_recovery+account_notice".len()
    + ";subject=".len()
    + 32
    + ";consent=".len()
    + 20;
const _: () = assert!(LONGEST_AD <= AD_CAPACITY);

/// The associated data a value of one kind, purpose, subject and consent
/// is sealed with, on the stack.
pub(crate) struct AssociatedData {
    bytes: [u8; AD_CAPACITY],
    len: usize,
}

impl AssociatedData {
    /// The current format's associated data for a value of `I` of
    /// `subject`, or the previous format's when `subject` is `None`.
    /// `None` when it would not fit: it is refused, never truncated (the
    /// assertion above proves that the crate's purposes fit).
    pub(crate) fn new<I: Identifier>(
        subject: Option<SubjectTag>,
        consent: Option<ConsentId>,
    ) -> Option<Self> {
        let mut ad = Self {
            bytes: [0; AD_CAPACITY],
            len: 0,
        };
        ad.push(match subject {
            Some(_) => AD_PREFIX.as_bytes(),
            None => AD_V2_PREFIX.as_bytes(),
        })?;
        ad.push(kind_name(I::KIND).as_bytes())?;
        ad.push(b";purpose=")?;
        ad.push(<I::Purpose as Purpose>::TAG.as_bytes())?;
        if let Some(subject) = subject {
            ad.push(b";subject=")?;
            ad.push(subject.hex().as_bytes())?;
        }
        if let Some(consent) = consent {
            ad.push(b";consent=")?;
            let mut digits = [0u8; 20];
            let mut n = consent.get();
            let mut start = digits.len();
            while let Some(slot) = start.checked_sub(1).and_then(|i| digits.get_mut(i)) {
                // The last digit: `n % 10` is below 10.
                *slot = b'0' + (n % 10) as u8;
                start -= 1;
                n /= 10;
                if n == 0 {
                    break;
                }
            }
            ad.push(digits.get(start..).unwrap_or_default())?;
        }
        Some(ad)
    }

    fn push(&mut self, bytes: &[u8]) -> Option<()> {
        let slot = self.bytes.get_mut(self.len..self.len + bytes.len())?;
        slot.copy_from_slice(bytes);
        self.len += bytes.len();
        Some(())
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.bytes.get(..self.len).unwrap_or_default()
    }
}

const fn kind_name(kind: IdentifierKind) -> &'static str {
    match kind {
        IdentifierKind::Phone => "phone",
        IdentifierKind::Email => "email",
    }
}

/// A sealed value's parts.
#[derive(Clone, Copy)]
pub(crate) struct Parts<'a> {
    pub(crate) key_id: u32,
    /// What lies between the prefix and the tag: the clear consent id of
    /// the first format's values of consent purposes, or nothing.
    pub(crate) skipped: &'a [u8],
    pub(crate) tag: [u8; TAG_LEN],
    pub(crate) body: &'a [u8],
}

/// A sealed value split into key id, SIV tag and ciphertext, where the
/// ciphertext starts `skip` bytes after the prefix (8 in the first
/// format's values of consent purposes: the clear consent id).
pub(crate) fn split(bytes: &[u8], skip: usize) -> Option<Parts<'_>> {
    let (&version, rest) = bytes.split_first()?;
    if version != VERSION {
        return None;
    }
    let (key, rest) = rest.split_first_chunk::<4>()?;
    let (skipped, rest) = rest.split_at_checked(skip)?;
    let (tag, body) = rest.split_first_chunk::<TAG_LEN>()?;
    if body.is_empty() || body.len() > MAX_VALUE_LEN {
        return None;
    }
    Some(Parts {
        key_id: u32::from_be_bytes(*key),
        skipped,
        tag: *tag,
        body,
    })
}
