//! [`Subject`]: the person (account) an identifier or a consent belongs to,
//! and the fixed-size [`SubjectTag`] an identifier carries for it. It sits
//! with the purposes, below the identifiers, because every identifier may be
//! bound to one; the consents that name one are a layer above.

use alloc::boxed::Box;
use core::fmt;
use core::num::NonZeroU64;

use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use zeroize::Zeroize;

use crate::primitives::audit::{self, Pseudonym};
use crate::primitives::masked::Masked;
use crate::purposes::consent_id::ConsentId;

/// The longest account id a [`Subject`] takes, in bytes.
///
/// It keeps every associated data the crate builds within its fixed bound,
/// and it is longer than any account id in use (a UUID is 36 bytes, a
/// database key at most 20 digits).
pub const MAX_SUBJECT_ID_LEN: usize = 255;

/// The domain of the subject tag's digest, so that no other SHA-256 of an
/// account id in the application's systems equals it by accident.
const TAG_DOMAIN: &[u8] = b"purpose-bound/subject/v1:";

/// The person an identifier or a consent belongs to, made from the
/// application's stable account id.
///
/// A consent names its subject ([`ConsentRecord::new`](crate::ConsentRecord::new)),
/// and every identifier it collects or adopts is bound to that subject; an
/// identifier opened from a sealed value is bound to the subject its
/// associated data proves; one parsed without consent, or read from the
/// plain stored form, is bound by the code that read it,
/// [`owned_by`](crate::PhoneNumber::owned_by). An identifier is bound to at
/// most one subject, for good.
///
/// The id is the application's own: the primary key of the account, a
/// UUID, never a phone number or an email address (which change, and are
/// what this crate protects). Identifiers do not carry it: they carry its
/// [`SubjectTag`], 16 bytes.
///
/// Equality compares ids in constant time. No `Default`, no `Display`:
/// `Debug` shows the tag, not the id, and the id leaves only through
/// [`expose_id`](Self::expose_id).
///
/// # Examples
///
/// ```
/// use purpose_bound::Subject;
///
/// let ada = Subject::new("user-42")?;
/// assert_eq!(ada.expose_id(), "user-42");
/// assert_ne!(ada, Subject::new("user-43")?);
/// assert!(Subject::new("  ").is_err());
/// # Ok::<(), purpose_bound::SubjectError>(())
/// ```
#[derive(Clone)]
pub struct Subject {
    id: Box<str>,
    tag: SubjectTag,
}

impl Subject {
    /// A subject from the application's stable account id.
    ///
    /// # Errors
    ///
    /// A [`SubjectError`] when the id is empty or only whitespace, longer
    /// than [`MAX_SUBJECT_ID_LEN`] bytes, or holds a control character. The
    /// error does not contain the id.
    pub fn new(id: &str) -> Result<Self, SubjectError> {
        let refuse = |kind| Err(SubjectError { kind });
        if id.trim().is_empty() {
            return refuse(SubjectErrorKind::Empty);
        }
        if id.len() > MAX_SUBJECT_ID_LEN {
            return refuse(SubjectErrorKind::TooLong);
        }
        if id.chars().any(char::is_control) {
            return refuse(SubjectErrorKind::ControlCharacter);
        }
        Ok(Self {
            tag: SubjectTag::of(id),
            id: id.into(),
        })
    }

    /// The account id the subject was made from.
    pub fn expose_id(&self) -> &str {
        &self.id
    }

    /// The tag that identifiers bound to this subject carry, and that
    /// sealed values of this subject bind in their associated data.
    pub const fn tag(&self) -> SubjectTag {
        self.tag
    }
}

impl ConstantTimeEq for Subject {
    fn ct_eq(&self, other: &Self) -> Choice {
        // The lengths first: `ct_eq` of slices of unequal lengths is 0
        // without reading them, and an id's length is no secret.
        self.id.as_bytes().ct_eq(other.id.as_bytes())
    }
}

impl PartialEq for Subject {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for Subject {}

impl core::hash::Hash for Subject {
    fn hash<H: core::hash::Hasher>(&self, state: &mut H) {
        self.tag.hash(state);
    }
}

/// Shows the tag, not the account id.
impl fmt::Debug for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Subject({})", self.tag)
    }
}

impl Drop for Subject {
    fn drop(&mut self) {
        self.id.zeroize();
    }
}

/// What an identifier carries of its [`Subject`]: the first 16 bytes of
/// SHA-256 of `purpose-bound/subject/v1:` and the account id, no heap.
///
/// The tag is what sealed values bind in their associated data, as 32
/// lowercase hex digits, so a warehouse rebuilds it from the row's account
/// id in SQL (BigQuery:
/// `TO_HEX(SUBSTR(SHA256(CONCAT('purpose-bound/subject/v1:', account_id)), 1, 16))`).
/// It is not a secret and not a pseudonym: an account id that can be
/// guessed can be hashed. Audit events name subjects by a keyed pseudonym
/// instead.
///
/// # Examples
///
/// ```
/// use purpose_bound::Subject;
///
/// let tag = Subject::new("user-42")?.tag();
/// assert_eq!(tag.hex().as_str().len(), 32);
/// assert_eq!(tag, Subject::new("user-42")?.tag());
/// # Ok::<(), purpose_bound::SubjectError>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SubjectTag {
    // Two words, not one `u128`, so that an identifier keeps 8-byte
    // alignment and fits 32 bytes; the high word is never zero, so that
    // `Option<SubjectTag>` costs nothing.
    high: NonZeroU64,
    low: u64,
}

impl SubjectTag {
    fn of(id: &str) -> Self {
        let digest = Sha256::new()
            .chain_update(TAG_DOMAIN)
            .chain_update(id.as_bytes())
            .finalize();
        let mut bytes = [0u8; 16];
        bytes
            .iter_mut()
            .zip(digest.iter())
            .for_each(|(b, d)| *b = *d);
        let word = u128::from_be_bytes(bytes);
        Self {
            // A digest whose first 8 bytes are zero is taken as starting
            // with one: a bias of one value in 2⁶⁴.
            high: NonZeroU64::new((word >> 64) as u64).unwrap_or(NonZeroU64::MIN),
            low: word as u64,
        }
    }

    /// The tag's 16 bytes, big-endian.
    pub const fn to_bytes(self) -> [u8; 16] {
        self.get().to_be_bytes()
    }

    const fn get(self) -> u128 {
        ((self.high.get() as u128) << 64) | self.low as u128
    }

    /// The tag as 32 lowercase hex digits, as the associated data writes it.
    pub fn hex(self) -> TagHex {
        let mut hex = [0u8; 32];
        for (pair, byte) in hex.chunks_exact_mut(2).zip(self.to_bytes()) {
            if let [high, low] = pair {
                *high = hex_digit(byte >> 4);
                *low = hex_digit(byte & 0xf);
            }
        }
        TagHex(hex)
    }

    /// The subject's pseudonym in audit events.
    #[cfg_attr(
        not(feature = "tracing"),
        expect(dead_code, reason = "read only by the audit events")
    )]
    pub(crate) fn pseudonym(self) -> Pseudonym {
        Pseudonym::of(self.get())
    }
}

/// The lowercase hex digit of `nibble`, below 16.
const fn hex_digit(nibble: u8) -> u8 {
    match nibble {
        0..=9 => b'0' + nibble,
        _ => b'a' + nibble - 10,
    }
}

impl fmt::Debug for SubjectTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SubjectTag({self})")
    }
}

/// The 32 hex digits.
impl fmt::Display for SubjectTag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.hex().as_str())
    }
}

/// A [`SubjectTag`] as 32 lowercase hex digits, on the stack.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct TagHex([u8; 32]);

impl TagHex {
    /// The digits.
    pub fn as_str(&self) -> &str {
        // Only ASCII hex digits are ever written.
        core::str::from_utf8(&self.0).unwrap_or_default()
    }

    #[cfg_attr(
        not(feature = "seal"),
        expect(dead_code, reason = "read only by the sealed associated data")
    )]
    pub(crate) const fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }
}

impl fmt::Debug for TagHex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

/// Why an account id made no [`Subject`], or an identifier was not bound to
/// one. It never contains the id or the identifier.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Subject, SubjectErrorKind};
///
/// let err = Subject::new("").unwrap_err();
/// assert_eq!(err.kind(), SubjectErrorKind::Empty);
/// assert_eq!(err.to_string(), "subject: the account id is empty");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct SubjectError {
    kind: SubjectErrorKind,
}

impl SubjectError {
    pub(crate) const fn bound_to_another() -> Self {
        Self {
            kind: SubjectErrorKind::BoundToAnother,
        }
    }

    /// Which rule failed.
    pub const fn kind(&self) -> SubjectErrorKind {
        self.kind
    }
}

/// Which rule a [`SubjectError`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SubjectErrorKind {
    /// The account id is empty or only whitespace.
    Empty,
    /// The account id is longer than [`MAX_SUBJECT_ID_LEN`] bytes.
    TooLong,
    /// The account id holds a control character (a newline, a NUL, …).
    ControlCharacter,
    /// The identifier is bound to another subject already: a bound
    /// identifier is never bound to anyone else.
    BoundToAnother,
}

impl fmt::Display for SubjectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.kind {
            SubjectErrorKind::Empty => "subject: the account id is empty",
            SubjectErrorKind::TooLong => "subject: the account id is longer than 255 bytes",
            SubjectErrorKind::ControlCharacter => {
                "subject: the account id holds a control character"
            }
            SubjectErrorKind::BoundToAnother => {
                "subject refused: the identifier belongs to another subject"
            }
        })
    }
}

impl core::error::Error for SubjectError {}

/// Whose an identifier is and under which consent it was collected: what
/// every identifier carries beside its value. The crate's own: a public
/// type in a private module, for the hidden hooks of `Identifier`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct Binding {
    pub(crate) consent: Option<ConsentId>,
    pub(crate) subject: Option<SubjectTag>,
}

impl Binding {
    /// Bound to nobody, under no consent: what a parse without consent makes.
    pub(crate) const NONE: Self = Self {
        consent: None,
        subject: None,
    };

    pub(crate) const fn new(consent: Option<ConsentId>, subject: Option<SubjectTag>) -> Self {
        Self { consent, subject }
    }

    /// The audit event of `action` on an identifier with this binding.
    pub(crate) fn audit(
        self,
        action: &'static str,
        purpose: &'static str,
        hint: Masked<'_>,
        outcome: &'static str,
    ) {
        audit::subject_event(
            action,
            purpose,
            hint,
            self.consent.map(ConsentId::get),
            self.subject.map(SubjectTag::get),
            outcome,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::{MAX_SUBJECT_ID_LEN, Subject, SubjectErrorKind};
    use alloc::format;
    use alloc::string::String;

    #[test]
    fn ids_that_name_nobody_are_refused_without_an_echo() {
        let long = "7".repeat(MAX_SUBJECT_ID_LEN + 1);
        let megabyte = "x".repeat(1 << 20);
        for (id, kind) in [
            ("", SubjectErrorKind::Empty),
            (" \t ", SubjectErrorKind::Empty),
            (long.as_str(), SubjectErrorKind::TooLong),
            (megabyte.as_str(), SubjectErrorKind::TooLong),
            ("user\n42", SubjectErrorKind::ControlCharacter),
            ("user\u{0}42", SubjectErrorKind::ControlCharacter),
        ] {
            let err = Subject::new(id).unwrap_err();
            assert_eq!(err.kind(), kind);
            assert!(!format!("{err}{err:?}").contains("42"));
        }
        assert!(Subject::new(&"7".repeat(MAX_SUBJECT_ID_LEN)).is_ok());
    }

    #[test]
    fn the_tag_is_the_first_half_of_the_domain_separated_sha256() {
        use sha2::{Digest, Sha256};
        let digest = Sha256::digest(b"purpose-bound/subject/v1:user-42");
        let expected: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        let subject = Subject::new("user-42").unwrap();
        assert_eq!(subject.tag().hex().as_str(), expected);
        assert_eq!(format!("{subject:?}"), format!("Subject({expected})"));
        assert!(!format!("{subject:?}").contains("user"));
    }
}
