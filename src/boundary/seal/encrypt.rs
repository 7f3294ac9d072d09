//! Sealing: AES-SIV under the primary key of the identifier's purpose,
//! behind Tink's prefix.

use alloc::vec::Vec;

use crate::boundary::seal::error::{SealError, SealErrorKind};
use crate::boundary::seal::format::{AssociatedData, PREFIX_LEN, TAG_LEN, VERSION};
use crate::boundary::seal::sealed::Sealed;
use crate::boundary::seal::sealing_keys::hooks;
use crate::identifiers::identifier::Identifier;
use crate::purposes::markers::Purpose;
use crate::purposes::sealed::Token;

/// Seals `id` under `keys`' primary key for its purpose.
pub(crate) fn seal_with<I, K>(keys: &K, id: &I) -> Result<Sealed<I>, SealError>
where
    I: Identifier,
    K: hooks::Sealed<I::Purpose> + ?Sized,
{
    let error = |kind| Err(SealError { kind });
    let Some(subject) = id.subject_tag() else {
        return error(SealErrorKind::Unbound);
    };
    let Some(ad) = AssociatedData::new::<I>(Some(subject), id.consent_id()) else {
        return error(SealErrorKind::AssociatedDataTooLong);
    };
    let (key_id, key) = keys.primary(Token(()));
    id.binding()
        .audit("seal", <I::Purpose as Purpose>::TAG, id.hint(), "sealed");
    Ok(id.with_canonical(Token(()), |value| {
        let mut bytes = Vec::with_capacity(PREFIX_LEN + TAG_LEN + value.len());
        bytes.push(VERSION);
        bytes.extend_from_slice(&key_id.to_be_bytes());
        bytes.extend_from_slice(&[0; TAG_LEN]);
        bytes.extend_from_slice(value.as_bytes());
        let (head, body) = bytes.split_at_mut(PREFIX_LEN + TAG_LEN);
        // Cannot fail: one associated-data component, and encryption takes
        // any length.
        if let Ok(tag) =
            key.with_cipher(|siv| siv.encrypt_inout_detached([ad.as_bytes()], body.into()))
        {
            if let Some(slot) = head.get_mut(PREFIX_LEN..) {
                slot.copy_from_slice(&tag);
            }
        }
        Sealed::from_vec(bytes)
    }))
}
