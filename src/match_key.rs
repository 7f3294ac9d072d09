//! Audience match keys for [`MatchAudience`](crate::MatchAudience).

use core::fmt;
use core::hash::{Hash, Hasher};

use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::phone::E164;

/// An advertising platform that matches uploaded audiences by hashed
/// identifiers.
///
/// Each platform documents how an identifier is normalized before it is
/// hashed with SHA-256; a key made with another normalization matches no one.
///
/// | platform | phone number | email address |
/// |---|---|---|
/// | [`Meta`](Platform::Meta) | digits with country code, no `+`: `14155552671` | trimmed, lowercased |
/// | [`Google`](Platform::Google) (Customer Match) | E.164 with `+`: `+14155552671` | trimmed, lowercased |
///
/// # Examples
///
/// ```
/// use purpose_bound::Platform;
///
/// assert_eq!(Platform::Google.name(), "Google");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Platform {
    /// Meta (Facebook, Instagram) custom audiences.
    Meta,
    /// Google Ads Customer Match.
    Google,
}

impl Platform {
    /// The platform's name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Meta => "Meta",
            Self::Google => "Google",
        }
    }
}

/// An audience match key: SHA-256 of a platform's normalization of an
/// identifier, in lowercase hex.
///
/// A match key is still personal data: anyone holding the identifier can
/// recompute it, and a phone number's key can be found by hashing every
/// number of its plan. `Debug` is redacted, equality is constant-time and
/// the key is wiped on drop; [`expose_secret`](Self::expose_secret) is the
/// way to the hex, for the upload.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentRecord, Platform};
/// use std::time::Duration;
///
/// let consent = Consent::<Advertising>::new(ConsentRecord {
///     subject: "user-42".into(),
///     given_at: Duration::from_secs(1_767_225_600),
///     wording: "ads-matching-v1".into(),
///     channel: ConsentChannel::Web,
/// })?;
/// let email = consent.parse_email("Ada@Example.com")?;
/// let key = email.match_key(Platform::Meta);
/// assert_eq!(key.expose_secret().len(), 64);
/// assert_eq!(format!("{key:?}"), "MatchKey([REDACTED])");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct MatchKey {
    hex: [u8; 64],
}

impl MatchKey {
    pub(crate) fn of_phone(e164: &E164, platform: Platform) -> Self {
        let normalized = match platform {
            // The digits without `+`.
            Platform::Meta => e164.as_str().get(1..).unwrap_or_default(),
            Platform::Google => e164.as_str(),
        };
        let mut hasher = Sha256::new();
        hasher.update(normalized.as_bytes());
        Self::from_hasher(hasher)
    }

    /// `address` is canonical: trimmed, domain lowercased. Both platforms
    /// lowercase the whole address.
    pub(crate) fn of_email(address: &str, platform: Platform) -> Self {
        // Both platforms lowercase the whole address; a platform added later
        // must say here how it normalizes.
        match platform {
            Platform::Meta | Platform::Google => {}
        }
        let mut hasher = Sha256::new();
        if address.is_ascii() {
            let mut lowered = [0u8; 64];
            for chunk in address.as_bytes().chunks(lowered.len()) {
                let out = lowered.get_mut(..chunk.len()).unwrap_or_default();
                out.iter_mut()
                    .zip(chunk)
                    .for_each(|(o, c)| *o = c.to_ascii_lowercase());
                hasher.update(out);
            }
            lowered.zeroize();
        } else {
            let mut utf8 = [0u8; 4];
            for c in address.chars().flat_map(char::to_lowercase) {
                hasher.update(c.encode_utf8(&mut utf8).as_bytes());
            }
            utf8.zeroize();
        }
        Self::from_hasher(hasher)
    }

    /// Finishes the digest into a buffer of our own and writes it as hex
    /// into the key, with no heap. The hasher's state is wiped as it is
    /// dropped (`sha2`'s `zeroize` feature), the digest bytes here.
    fn from_hasher(hasher: Sha256) -> Self {
        let mut digest = sha2::digest::Output::<Sha256>::default();
        hasher.finalize_into(&mut digest);
        let nibble = |n: u8| if n < 10 { b'0' + n } else { b'a' + n - 10 };
        let mut hex = [0u8; 64];
        for (pair, &byte) in hex.chunks_exact_mut(2).zip(digest.iter()) {
            pair.copy_from_slice(&[nibble(byte >> 4), nibble(byte & 0xf)]);
        }
        digest.as_mut_slice().zeroize();
        Self { hex }
    }

    /// The key as 64 lowercase hex digits, for the upload.
    ///
    /// # Examples
    ///
    /// ```
    /// # use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentRecord, Platform};
    /// # use std::time::Duration;
    /// # let consent = Consent::<Advertising>::new(ConsentRecord {
    /// #     subject: "user-42".into(),
    /// #     given_at: Duration::from_secs(1_767_225_600),
    /// #     wording: "ads-matching-v1".into(),
    /// #     channel: ConsentChannel::Web,
    /// # })?;
    /// let phone = consent.parse_phone("+1 415 555 2671")?;
    /// // SHA-256 of "+14155552671"
    /// assert_eq!(
    ///     phone.match_key(Platform::Google).expose_secret(),
    ///     "cb6880e416769253645cb9c6b8989154bf66a56a77fc14c81fb1019663cbb928",
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expose_secret(&self) -> &str {
        core::str::from_utf8(&self.hex).unwrap_or_default()
    }
}

impl Clone for MatchKey {
    fn clone(&self) -> Self {
        Self { hex: self.hex }
    }
}

impl Drop for MatchKey {
    fn drop(&mut self) {
        self.hex.zeroize();
    }
}

impl ZeroizeOnDrop for MatchKey {}

impl ConstantTimeEq for MatchKey {
    fn ct_eq(&self, other: &Self) -> Choice {
        crate::ct::bytes_eq(&self.hex, &other.hex)
    }
}

/// Constant time, as [`ConstantTimeEq`].
impl PartialEq for MatchKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for MatchKey {}

impl Hash for MatchKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.hex.hash(state);
    }
}

impl fmt::Debug for MatchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MatchKey([REDACTED])")
    }
}
