//! What audit events say of a person: a keyed pseudonym of the subject,
//! never the account id, and the events of binding an identifier to one
//! (feature `tracing`).
//!
//! The pseudonym is the keyed word `keyed_hash` makes of the subject's tag,
//! under the key drawn once per process: three accounts are three
//! distinguishable pseudonyms in one process's events, the same account is
//! the same pseudonym in all of them, and a reader of the log who knows an
//! account id cannot compute its pseudonym. The subject tag itself is not
//! logged: it is an unkeyed digest of the id, which anyone who can guess an
//! id can recompute.

use core::fmt;
use core::hash::Hasher;

use crate::primitives::keyed_hash;
#[cfg(feature = "tracing")]
use crate::primitives::masked::Masked;

/// A subject's pseudonym in audit events: 16 hex digits.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) struct Pseudonym(u64);

impl Pseudonym {
    /// The pseudonym of the subject whose tag is `tag`.
    pub(crate) fn of(tag: u128) -> Self {
        struct Word(u64);
        impl Hasher for Word {
            fn finish(&self) -> u64 {
                self.0
            }
            fn write(&mut self, _: &[u8]) {}
            fn write_u64(&mut self, word: u64) {
                self.0 = word;
            }
        }
        let mut word = Word(0);
        keyed_hash::hash_keyed(
            &mut word,
            &[b"purpose-bound/audit/subject", &tag.to_le_bytes()],
        );
        Self(word.0)
    }
}

impl fmt::Display for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:016x}", self.0)
    }
}

impl fmt::Debug for Pseudonym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// An identifier bound to a subject, or refused: `action` is `owned_by`,
/// `adopt`, `seal` or `open`; `outcome` what came of it.
#[cfg(feature = "tracing")]
pub(crate) fn subject_event(
    action: &'static str,
    purpose: &'static str,
    hint: Masked<'_>,
    consent: Option<u64>,
    subject: Option<u128>,
    outcome: &'static str,
) {
    tracing::info!(
        target: "purpose_bound::subject",
        action,
        purpose,
        hint = %hint,
        consent,
        subject = subject.map(|tag| tracing::field::display(Pseudonym::of(tag))),
        outcome,
    );
}

#[cfg(not(feature = "tracing"))]
pub(crate) fn subject_event<H>(
    _: &'static str,
    _: &'static str,
    _: H,
    _: Option<u64>,
    _: Option<u128>,
    _: &'static str,
) {
}

#[cfg(test)]
mod tests {
    use super::Pseudonym;

    #[test]
    fn subjects_have_distinct_stable_pseudonyms() {
        assert_eq!(Pseudonym::of(1), Pseudonym::of(1));
        assert_ne!(Pseudonym::of(1), Pseudonym::of(2));
        assert_eq!(alloc::format!("{}", Pseudonym::of(7)).len(), 16);
    }
}
