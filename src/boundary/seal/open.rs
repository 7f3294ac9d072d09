//! Opening: the current format first, then the crate's first format, into
//! a plaintext buffer wiped on drop.

use aes_siv::KeyInit;
use aes_siv::siv::Aes256Siv;
use zeroize::Zeroize;

use crate::boundary::seal::error::{OpenError, OpenErrorKind};
use crate::boundary::seal::format::{
    AssociatedData, LEGACY_DOMAIN, MAX_VALUE_LEN, PREFIX_LEN, Parts, TAG_LEN, VERSION, split,
};
use crate::boundary::seal::sealed::Sealed;
use crate::boundary::seal::sealing_keys::{Lookup, hooks};
use crate::identifiers::identifier::Identifier;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::Purpose;
use crate::purposes::sealed::{SealedPurpose, Token};
use crate::purposes::subject::{Binding, SubjectTag};

/// The plaintext of a value being opened: a buffer on the stack, of which
/// the bytes written are wiped on drop (what was never written holds no
/// secret, so a phone number costs a wipe of 13 bytes, not 254).
struct Plaintext {
    bytes: [u8; MAX_VALUE_LEN],
    len: usize,
}

impl Plaintext {
    const fn new() -> Self {
        Self {
            bytes: [0; MAX_VALUE_LEN],
            len: 0,
        }
    }

    /// Decrypts `body` with AES-SIV under `cipher` and `ad` into the
    /// buffer, and returns the plaintext's length; `None` if it is not
    /// authentic (what was written is still wiped on drop).
    fn decrypt<T: AsRef<[u8]>>(
        &mut self,
        cipher: &mut Aes256Siv,
        ad: impl IntoIterator<Item = T>,
        tag: [u8; TAG_LEN],
        body: &[u8],
    ) -> Option<usize> {
        let slot = self.bytes.get_mut(..body.len())?;
        // Before the copy, so that a failed call still wipes what it wrote.
        self.len = self.len.max(body.len());
        slot.copy_from_slice(body);
        cipher
            .decrypt_inout_detached(ad, slot.into(), &tag.into())
            .ok()?;
        Some(body.len())
    }

    /// The first `len` bytes as text, if they are.
    fn text(&self, len: usize) -> Option<&str> {
        core::str::from_utf8(self.bytes.get(..len)?).ok()
    }
}

impl Drop for Plaintext {
    fn drop(&mut self) {
        if let Some(written) = self.bytes.get_mut(..self.len) {
            written.zeroize();
        }
    }
}

/// Opens a sealed `I` with `keys`: in Tink's format first, then (where
/// `keys` has them) in the crate's first format. `consent` is the opening
/// consent's id, for consent purposes.
pub(crate) fn open_with<I, K>(
    keys: &K,
    sealed: &Sealed<I>,
    subject: SubjectTag,
    consent: Option<ConsentId>,
) -> Result<I, OpenError>
where
    I: Identifier,
    K: hooks::Sealed<I::Purpose> + ?Sized,
{
    let error = |kind| OpenError { kind };
    let bytes = sealed.as_bytes();
    let current = split(bytes, 0);
    let legacy_skip = if <I::Purpose as SealedPurpose>::REQUIRES_CONSENT {
        8
    } else {
        0
    };
    let legacy = split(bytes, legacy_skip);
    let Some(key_id) = current.or(legacy).map(|parts| parts.key_id) else {
        return Err(error(OpenErrorKind::Malformed));
    };
    let (key, legacy_key) = match keys.lookup(Token(()), key_id) {
        Lookup::Enabled(key, legacy_key) => (key, legacy_key),
        Lookup::NotEnabled => return Err(error(OpenErrorKind::DisabledKey)),
        Lookup::Unknown => return Err(error(OpenErrorKind::UnknownKey)),
    };
    let mut plain = Plaintext::new();
    // The current format, with the subject, then the one before subjects,
    // which opens for the subject named until `reseal` moves the value.
    let opened = current.and_then(|parts| {
        [Some(subject), None].into_iter().find_map(|subject| {
            let ad = AssociatedData::new::<I>(subject, consent)?;
            key.with_cipher(|siv| plain.decrypt(siv, [ad.as_bytes()], parts.tag, parts.body))
        })
    });
    let (len, consent) = match opened {
        Some(len) => (len, consent),
        None => open_legacy::<I>(&mut plain, legacy_key, legacy, consent)?,
    };
    // Authentic, so written by `seal`: anything else is a value sealed
    // with this key by other code.
    let value = plain.text(len).ok_or(error(OpenErrorKind::Invalid))?;
    I::from_sealed(Token(()), value, Binding::new(consent, Some(subject)))
        .map_err(|_| error(OpenErrorKind::Invalid))
}

/// Opens a value of the crate's first format into `plain`: the consent id
/// in the clear after the key id, the associated data in four components.
/// Returns the plaintext's length and the consent it was sealed for.
fn open_legacy<I: Identifier>(
    plain: &mut Plaintext,
    key: Option<&[u8; 64]>,
    parts: Option<Parts<'_>>,
    consent: Option<ConsentId>,
) -> Result<(usize, Option<ConsentId>), OpenError> {
    let refused = OpenError {
        kind: OpenErrorKind::PurposeOrTampered,
    };
    let (Some(key), Some(parts)) = (key, parts) else {
        return Err(refused);
    };
    let Parts {
        key_id,
        skipped: clear_consent,
        tag,
        body,
    } = parts;
    let mut header = [0u8; 13];
    let header_len = PREFIX_LEN + clear_consent.len();
    let clear = header.get_mut(..header_len).ok_or(refused)?;
    if let [version, rest @ ..] = clear {
        *version = VERSION;
        let (key, consent) = rest.split_at_mut(4);
        key.copy_from_slice(&key_id.to_be_bytes());
        consent.copy_from_slice(clear_consent);
    }
    let ad: [&[u8]; 4] = [
        LEGACY_DOMAIN,
        I::KIND.name().as_bytes(),
        <I::Purpose as Purpose>::TAG.as_bytes(),
        clear,
    ];
    let mut cipher = Aes256Siv::new(&(*key).into());
    let len = plain.decrypt(&mut cipher, ad, tag, body).ok_or(refused)?;
    let sealed_for = <[u8; 8]>::try_from(clear_consent)
        .ok()
        .map(u64::from_be_bytes)
        .and_then(ConsentId::new);
    if sealed_for != consent {
        return Err(OpenError {
            kind: OpenErrorKind::OtherConsent,
        });
    }
    Ok((len, sealed_for))
}
