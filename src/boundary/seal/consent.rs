//! `Consent::open` and `Consent::reseal`: a consent purpose's sealed values
//! opened with their consent, each open audited.

use crate::boundary::audit;
use crate::boundary::seal::encrypt::seal_with;
use crate::boundary::seal::error::OpenError;
use crate::boundary::seal::open::open_with;
use crate::boundary::seal::sealed::Sealed;
use crate::boundary::seal::sealing_keys::SealingKeys;
use crate::consent::Consent;
use crate::identifiers::identifier::Identifier;
use crate::purposes::markers::RequiresConsent;

impl<P: RequiresConsent> Consent<P> {
    /// Opens a sealed identifier of this consent's purpose, if it was
    /// collected under this consent, with a [`Keyring`](crate::Keyring) or the purpose's
    /// [`Keyset`](crate::Keyset).
    ///
    /// A withdrawn consent still opens its values, so that they can be
    /// erased or exported to their owner.
    ///
    /// # Errors
    ///
    /// [`OpenErrorKind::PurposeOrTampered`](crate::OpenErrorKind::PurposeOrTampered)
    /// when it was collected under another consent (the consent id is part
    /// of the associated data, so this cannot be told from tampering;
    /// [`OtherConsent`](crate::OpenErrorKind::OtherConsent) for values in the
    /// crate's first format, which carried the id in the clear); otherwise
    /// as [`Keyring::open`](crate::Keyring::open).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Keyring, Marketing, Subject};
    /// use std::time::Duration;
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(5).unwrap(), &Subject::new("user-42")?, Duration::from_secs(1_767_225_600),
    ///     "newsletter-v3", ConsentChannel::Web,
    /// ))?;
    /// let email = consent.parse_email("ada@example.com")?;
    /// let sealed = keyring.seal(&email)?;
    /// assert_eq!(consent.open(&keyring, &sealed)?, email);
    /// // The mailing service holds only the marketing keys.
    /// let keyset = keyring.keyset::<Marketing>();
    /// assert_eq!(consent.open(&keyset, &sealed)?, email);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn open<I, K>(&self, keys: &K, sealed: &Sealed<I>) -> Result<I, OpenError>
    where
        I: Identifier<Purpose = P>,
        K: SealingKeys<P> + ?Sized,
    {
        let id = open_with(keys, sealed, self.subject().tag(), Some(self.id()))?;
        audit::opened(&id, sealed.key_id().unwrap_or_default());
        Ok(id)
    }

    /// Seals again, under the primary key and in the current format, a
    /// value of this consent that an older key or the crate's first format
    /// sealed, without handing it out. Audited as an [`open`](Self::open).
    ///
    /// # Errors
    ///
    /// As [`open`](Self::open).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Keyring, Marketing, Subject};
    /// use std::time::Duration;
    ///
    /// let mut keyring = Keyring::new(1, &mut [7; 32]);
    /// let consent = Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(5).unwrap(), &Subject::new("user-42")?, Duration::from_secs(1_767_225_600),
    ///     "newsletter-v3", ConsentChannel::Web,
    /// ))?;
    /// let old = keyring.seal(&consent.parse_email("ada@example.com")?)?;
    /// keyring.rotate(2, &mut [9; 32])?;
    /// let moved = consent.reseal(&keyring, &old)?;
    /// assert_eq!(moved.key_id(), Some(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn reseal<I, K>(&self, keys: &K, sealed: &Sealed<I>) -> Result<Sealed<I>, OpenError>
    where
        I: Identifier<Purpose = P>,
        K: SealingKeys<P> + ?Sized,
    {
        let id = self.open(keys, sealed)?;
        seal_with(keys, &id).map_err(OpenError::from)
    }
}
