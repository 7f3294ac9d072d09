//! [`FindContacts`]: the lookup key of an uploaded contact, for the user
//! who uploaded it.

use crate::boundary::audit::{self, Outcome};
use crate::capabilities::discovery::discovery_key::ContactLookup;
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::Identifier;
use crate::identifiers::phone::PhoneNumber;
use crate::keys::keyring::Keyring;
#[cfg(feature = "seal")]
use crate::keys::keyset::{Keyset, KeysetError};
use crate::keys::subkeys::MacKey;
use crate::purposes::capability::Capability;
#[cfg(feature = "seal")]
use crate::purposes::markers::ContactUpload;
use crate::purposes::markers::Purpose;
use crate::purposes::sealed::Token;
use crate::purposes::sealed::grants;

/// May look up, for the user who uploaded it, whether an account was found
/// by this identifier: identifiers collected for
/// [`ContactUpload`](crate::ContactUpload), and nothing else.
///
/// The lookup key holds the [`DiscoveryKey`](crate::DiscoveryKey) of the same number or address
/// collected for [`Discoverable`](crate::Discoverable) under each enabled
/// key of the ring, and matches nothing else: uploaded contacts find only
/// people who agreed to be found, under any key still in the ring.
/// The method is also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress).
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{ContactUpload, FindContacts, Keyring, PhoneNumber};
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")?;
/// let lookup = contact.contact_lookup(&keyring);
/// assert_eq!(lookup.keys().len(), 1); // one per enabled key of the ring
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` was not uploaded as a contact to look up",
    label = "not collected for contact discovery",
    note = "lookup keys come only from address-book entries a user uploaded: `PhoneNumber::<ContactUpload>::parse(input)`; they find only identifiers collected for `Discoverable`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `contact_lookup`"
)]
pub trait FindContacts: Identifier {
    /// The keys to look this contact up by among the findable, one per
    /// enabled key of the ring: see [`ContactLookup`].
    fn contact_lookup(&self, keyring: &Keyring) -> ContactLookup;
}

#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose: grants::FindContacts>> FindContacts for I {
    fn contact_lookup(&self, keyring: &Keyring) -> ContactLookup {
        let subkeys = keyring.keys().map(|key| (key.id, key.discovery()));
        contact_lookup_under(self, subkeys, "keyring")
    }
}

/// The lookup of `contact` under `subkeys`, the discovery subkeys of every
/// enabled key with their ids, the primary's first; with its audit event.
fn contact_lookup_under<'a, I: Identifier>(
    contact: &I,
    subkeys: impl IntoIterator<Item = (u32, &'a MacKey)>,
    via: &str,
) -> ContactLookup {
    // Recorded if the sink has room: a contact's lookup keys go to the
    // uploader's own query, not to a recipient outside.
    let _ = audit::before_handoff(contact, Capability::FindContacts, via);
    let made = contact.with_canonical(Token(()), |raw| ContactLookup::new(subkeys, I::KIND, raw));
    audit::handoff::<I>(contact, Capability::FindContacts, via, Outcome::HandedOver);
    made
}

#[cfg(feature = "seal")]
impl Keyset<ContactUpload> {
    /// The keys to look `contact` up by among the findable, one per
    /// enabled key, the primary's first: the same as
    /// [`FindContacts::contact_lookup`] with the keyring this keyset was
    /// made from, so that the job that looks uploaded contacts up holds the
    /// uploaded contacts' keys alone (their sealing keys and the discovery
    /// subkey), nothing of another purpose.
    ///
    /// Only the uploaded contacts' keyset has it; the keysets of purposes
    /// that find nobody hold no discovery subkey:
    ///
    /// ```compile_fail,E0599
    /// # use purpose_bound::{Advertising, ContactUpload, Keyring, PhoneNumber};
    /// let keyset = Keyring::new(1, &mut [7; 32]).keyset::<Advertising>();
    /// keyset.contact_lookup(&PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958").unwrap());
    /// ```
    ///
    /// # Errors
    ///
    /// [`KeysetErrorKind::SealingOnly`](crate::KeysetErrorKind::SealingOnly)
    /// for a keyset read from Tink's JSON, which holds no discovery subkey.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{ContactUpload, Keyring, PhoneNumber};
    ///
    /// let mut keyring = Keyring::new(1, &mut [7; 32]);
    /// keyring.rotate(2, &mut [9; 32])?;
    /// let keyset = keyring.keyset::<ContactUpload>(); // what the lookup job holds
    /// let contact = PhoneNumber::<ContactUpload>::parse("+44 20 7946 0958")?;
    /// let lookup = keyset.contact_lookup(&contact)?;
    /// assert_eq!(lookup.keys().len(), 2);
    /// assert_eq!(lookup, contact.contact_lookup(&keyring));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn contact_lookup<I: FindContacts + Identifier<Purpose = ContactUpload>>(
        &self,
        contact: &I,
    ) -> Result<ContactLookup, KeysetError> {
        let subkeys = self.discovery_subkeys()?;
        Ok(contact_lookup_under(
            contact,
            subkeys.iter().copied(),
            "keyset",
        ))
    }
}

/// The lookup key method, callable without importing [`FindContacts`].
///
/// It exists for every purpose but compile only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
//
// Written out for each identifier kind rather than generated by a macro:
// compiler messages quote these signatures, and a macro would add its
// private path and an expansion backtrace to each.
impl<P: Purpose> PhoneNumber<P> {
    /// The key to look this uploaded contact up by: see [`FindContacts`].
    pub fn contact_lookup(&self, keyring: &Keyring) -> ContactLookup
    where
        Self: FindContacts,
    {
        FindContacts::contact_lookup(self, keyring)
    }
}

/// The lookup key method, callable without importing [`FindContacts`].
///
/// It exists for every purpose but compile only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
//
// Written out for each identifier kind rather than generated by a macro:
// compiler messages quote these signatures, and a macro would add its
// private path and an expansion backtrace to each.
impl<P: Purpose> EmailAddress<P> {
    /// The key to look this uploaded contact up by: see [`FindContacts`].
    pub fn contact_lookup(&self, keyring: &Keyring) -> ContactLookup
    where
        Self: FindContacts,
    {
        FindContacts::contact_lookup(self, keyring)
    }
}
