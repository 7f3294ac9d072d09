//! Audience match keys for [`MatchAudience`](crate::MatchAudience).

use core::fmt;
use core::hash::{Hash, Hasher};

use sha2::{Digest, Sha256};
use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::primitives::keyed_hash;

/// An advertising platform that matches uploaded audiences by hashed
/// identifiers.
///
/// Each platform documents how an identifier is normalized before it is
/// hashed with SHA-256; a key made with another normalization matches no one.
///
/// | platform | phone number | email address |
/// |---|---|---|
/// | [`Meta`](Platform::Meta) | digits with country code, no `+`: `14155552671` | trimmed, lowercased |
/// | [`Google`](Platform::Google) | E.164 with `+`: `+14155552671` | trimmed, lowercased; at `gmail.com` and `googlemail.com`, the local part without dots or `+` tag (kept whole when nothing precedes its `+`) |
///
/// So `Ada.Lovelace+news@GMail.com` is hashed as `ada.lovelace+news@gmail.com`
/// for Meta and as `adalovelace@gmail.com` for Google, while
/// `user.name+NYC@Example.com` is `user.name+nyc@example.com` for both.
///
/// # Sources
///
/// **Meta.** "Customer Information Parameters", Conversions API,
/// <https://developers.facebook.com/docs/marketing-api/conversions-api/parameters/customer-information-parameters>:
/// an email address has leading and trailing spaces trimmed and every
/// character lowercased, with no provider-specific step; a phone number
/// loses symbols, letters and leading zeros and keeps its country code
/// (`(650)555-1212` in the US is `16505551212`). The page's example hashes
/// are this crate's known-answer tests. Custom audiences take identifiers
/// hashed the same way ("Custom Audience API",
/// <https://developers.facebook.com/docs/marketing-api/custom-audience-api>,
/// which points to its "Hashing and Normalizing Data" section).
///
/// **Google.** "Format user data", Data Manager API,
/// <https://developers.google.com/data-manager/api/devguides/concepts/formatting>,
/// the format for Customer Match and enhanced conversions uploads: an email
/// address is trimmed and lowercased; if its domain is `gmail.com` or
/// `googlemail.com`, every dot before the `@` is removed, and so are a `+`
/// in the local part and everything after it
/// (`cloudy.sanfrancisco+shopping@gmail.com` is
/// `cloudysanfrancisco@gmail.com`); at any other domain dots and `+` stay
/// (`user.name+NYC@Example.com` is `user.name+nyc@example.com`). A local
/// part that is only a tag (`+alice@gmail.com`) keeps its `+` and what
/// follows: the rule assumes a mailbox name before the tag, and dropping the
/// tag here would give `+alice@gmail.com` and `+bob@gmail.com` one key, so
/// that distinct addresses matched as one person. The domain
/// itself is kept: the rule names both domains and maps neither to the
/// other, so `googlemail.com` stays `googlemail.com`. A phone number is
/// E.164 with `+` and country code (`(800)555-0100` is `+18005550100`).
/// "Manage online click conversions", Google Ads API,
/// <https://developers.google.com/google-ads/api/docs/conversions/upload-online>,
/// and "Enhanced Conversions", Campaign Manager 360 API,
/// <https://developers.google.com/doubleclick-advertisers/guides/conversions_ec>,
/// give the same trimming, lowercasing, E.164 and Gmail dot removal for
/// enhanced conversions. Google publishes normalized examples but no
/// hashes; the tests hash its examples independently.
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
    /// Meta (Facebook, Instagram) custom audiences and Conversions API.
    Meta,
    /// Google Customer Match, Data Manager and enhanced conversions.
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
/// use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Platform, Subject};
/// use std::time::Duration;
///
/// let given = Duration::from_secs(1_767_225_600);
/// let consent = Consent::<Advertising>::new(ConsentRecord::new(
///     ConsentId::new(1).unwrap(), &Subject::new("user-42")?, given, "ads-matching-v1", ConsentChannel::Web,
/// ))?;
/// let email = consent.parse_email("Ada@Example.com")?;
/// let key = email.match_key(&consent, given, Platform::Meta)?;
/// assert_eq!(key.expose_secret().len(), 64);
/// assert_eq!(format!("{key:?}"), "MatchKey([REDACTED])");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct MatchKey {
    hex: [u8; 64],
}

impl MatchKey {
    pub(crate) fn of_phone(e164: &str, platform: Platform) -> Self {
        let normalized = match platform {
            // The digits without `+`.
            Platform::Meta => e164.get(1..).unwrap_or_default(),
            Platform::Google => e164,
        };
        let mut hasher = Sha256::new();
        hasher.update(normalized.as_bytes());
        Self::from_hasher(hasher)
    }

    /// `address` is canonical: trimmed, domain lowercased. Both platforms
    /// lowercase the whole address; Google also drops the dots and any `+`
    /// tag from the local part at `gmail.com` and `googlemail.com`. The
    /// normalized form is never built whole: it is lowercased into the
    /// hasher through a 64-byte stack buffer that is wiped afterwards.
    pub(crate) fn of_email(address: &str, platform: Platform) -> Self {
        // A platform added later must say here how it normalizes.
        let gmail = match platform {
            Platform::Meta => None,
            Platform::Google => address
                .rsplit_once('@')
                .filter(|&(local, domain)| is_gmail(domain) && !is_only_a_tag(local)),
        };
        let mut hasher = Sha256::new();
        let mut lowered = Lowercase::new(&mut hasher);
        match gmail {
            Some((local, domain)) => {
                let untagged = local.split('+').next().unwrap_or_default();
                untagged.split('.').for_each(|part| lowered.push(part));
                lowered.push("@");
                lowered.push(domain);
            }
            None => lowered.push(address),
        }
        lowered.finish();
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
    /// # use purpose_bound::{Advertising, Consent, ConsentChannel, ConsentId, ConsentRecord, Platform, Subject};
    /// # use std::time::Duration;
    /// # let given = Duration::from_secs(1_767_225_600);
    /// # let consent = Consent::<Advertising>::new(ConsentRecord::new(
    /// #     ConsentId::new(1).unwrap(), &Subject::new("user-42")?, given, "ads-matching-v1", ConsentChannel::Web,
    /// # ))?;
    /// let phone = consent.parse_phone("+1 415 555 2671")?;
    /// // SHA-256 of "+14155552671"
    /// assert_eq!(
    ///     phone.match_key(&consent, given, Platform::Google)?.expose_secret(),
    ///     "cb6880e416769253645cb9c6b8989154bf66a56a77fc14c81fb1019663cbb928",
    /// );
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expose_secret(&self) -> &str {
        core::str::from_utf8(&self.hex).unwrap_or_default()
    }
}

/// Whether a local part has no mailbox name before its `+` tag
/// (`+alice`): the Gmail rule would leave nothing of it, so that
/// `+alice@gmail.com` and `+bob@gmail.com` shared a key. Such a local part
/// is kept whole.
fn is_only_a_tag(local: &str) -> bool {
    local
        .split('+')
        .next()
        .unwrap_or_default()
        .bytes()
        .all(|b| b == b'.')
}

/// Whether Google's Gmail rule applies at `domain`.
fn is_gmail(domain: &str) -> bool {
    domain.eq_ignore_ascii_case("gmail.com") || domain.eq_ignore_ascii_case("googlemail.com")
}

/// Lowercases text into a hasher a block at a time, through a stack buffer
/// that is wiped on drop.
struct Lowercase<'h> {
    hasher: &'h mut Sha256,
    buf: [u8; 64],
    len: usize,
}

impl<'h> Lowercase<'h> {
    fn new(hasher: &'h mut Sha256) -> Self {
        Self {
            hasher,
            buf: [0; 64],
            len: 0,
        }
    }

    fn push(&mut self, text: &str) {
        if text.is_ascii() {
            self.push_bytes(text.as_bytes());
        } else {
            let mut utf8 = [0u8; 4];
            for c in text.chars().flat_map(char::to_lowercase) {
                self.push_bytes(c.encode_utf8(&mut utf8).as_bytes());
            }
            utf8.zeroize();
        }
    }

    /// ASCII letters are lowercased; other bytes, including those of UTF-8
    /// sequences, pass unchanged.
    fn push_bytes(&mut self, mut bytes: &[u8]) {
        while !bytes.is_empty() {
            let free = self.buf.get_mut(self.len..).unwrap_or_default();
            let n = free.len().min(bytes.len());
            let (now, rest) = bytes.split_at(n);
            free.iter_mut()
                .zip(now)
                .for_each(|(out, b)| *out = b.to_ascii_lowercase());
            self.len += n;
            bytes = rest;
            if self.len == self.buf.len() {
                self.flush();
            }
        }
    }

    fn flush(&mut self) {
        self.hasher
            .update(self.buf.get(..self.len).unwrap_or_default());
        self.len = 0;
    }

    fn finish(mut self) {
        self.flush();
    }
}

impl Drop for Lowercase<'_> {
    fn drop(&mut self) {
        self.buf.zeroize();
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
        crate::primitives::ct::bytes_eq(&self.hex, &other.hex)
    }
}

/// Constant time, as [`ConstantTimeEq`].
impl PartialEq for MatchKey {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl Eq for MatchKey {}

/// Feeds the hasher one word, a keyed digest of the key under a key drawn
/// once per process, never the key itself: a match key is an unkeyed
/// SHA-256 of the identifier, from which the identifier can be found by
/// trying every number of a plan.
///
/// # Panics
///
/// The first hash in a process panics when the operating system has no
/// randomness to give for the key, as `std`'s `RandomState` does.
impl Hash for MatchKey {
    fn hash<H: Hasher>(&self, state: &mut H) {
        keyed_hash::hash_keyed(state, &[b"match_key", &self.hex]);
    }
}

impl fmt::Debug for MatchKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("MatchKey([REDACTED])")
    }
}
