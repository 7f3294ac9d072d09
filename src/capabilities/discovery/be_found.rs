//! [`BeFound`]: the discovery key of an identifier its owner let be found,
//! under a live consent.

use crate::boundary::audit::{self, Outcome};
use crate::capabilities::discovery::discovery_key::DiscoveryKey;
use crate::capabilities::transport::consented;
use crate::consent::Consent;
use crate::consent::error::ConsentError;
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::Identifier;
use crate::identifiers::phone::PhoneNumber;
use crate::keys::keyring::Keyring;
#[cfg(feature = "seal")]
use crate::keys::keyset::{Keyset, KeysetError};
use crate::keys::subkeys::MacKey;
use crate::primitives::clock::Clock;
use crate::purposes::audit::Unaudited;
use crate::purposes::capability::Capability;
use crate::purposes::markers::{Discoverable, Purpose};
use crate::purposes::sealed::Token;
use crate::purposes::sealed::grants;

/// May be found by the people who have this identifier in their address
/// book: identifiers collected through a recorded
/// [`Consent<Discoverable>`](crate::Consent), while it is live.
///
/// The method is also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress).
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{BeFound, Consent, ConsentChannel, ConsentId, ConsentRecord, Discoverable, Keyring, Subject};
/// use std::time::Duration;
///
/// let keyring = Keyring::new(1, &mut [7; 32]);
/// let given = Duration::from_secs(1_767_225_600);
/// let consent = Consent::<Discoverable>::new(ConsentRecord::new(
///     ConsentId::new(3).unwrap(), &Subject::new("user-42")?, given, "find-me-by-phone-v1", ConsentChannel::App,
/// ))?;
/// let phone = consent.parse_phone("+44 20 7946 0958")?;
/// let key = phone.discovery_key(&keyring, &consent, given)?;
/// assert_eq!(key.as_bytes().len(), 32);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A two-factor number is never a discovery key:
///
/// ```compile_fail,E0277
/// use purpose_bound::{BeFound, Consent, Discoverable, Keyring, PhoneNumber, TwoFactor};
///
/// fn findable<I: BeFound>(_: &I) {}
/// fn check(phone: PhoneNumber<TwoFactor>) {
///     findable(&phone);
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` may not be found by other users",
    label = "not collected with consent to be found",
    note = "discovery keys come only from identifiers whose owner agreed to be found: `Consent::<Discoverable>::new(record)?`, then `.parse_phone(input)` or `.adopt(&id)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `contact_lookup`"
)]
pub trait BeFound: Identifier {
    /// The key by which uploaded contacts find this identifier (see
    /// [`DiscoveryKey`]), if `consent` is the one it was collected under,
    /// was never withdrawn, and is live at the time of use, read from `now`
    /// as the consent is checked: a [`Clock`] such as
    /// [`SystemClock`](crate::SystemClock), or a `Duration` for tests and
    /// replays.
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the consent is another one, withdrawn (at any
    /// time), expired or not yet given.
    fn discovery_key(
        &self,
        keyring: &Keyring,
        consent: &Consent<Discoverable>,
        now: impl Clock,
    ) -> Result<DiscoveryKey, ConsentError>;
}

// The grant comes from the purposes table. The capability takes a
// `Consent<Discoverable>`, so only the `Discoverable` row can grant it: a grant in
// another row would fail the crate's assertions of the matrix.
#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose = Discoverable>> BeFound for I
where
    I::Purpose: grants::BeFound,
{
    fn discovery_key(
        &self,
        keyring: &Keyring,
        consent: &Consent<Discoverable>,
        now: impl Clock,
    ) -> Result<DiscoveryKey, ConsentError> {
        consented(self, consent, &now, Capability::BeFound, "keyring")?;
        Ok(discovery_key(self, keyring, Capability::BeFound)?)
    }
}

/// The discovery key of `id` under the keyring's primary key, with its
/// audit event.
fn discovery_key<I: Identifier>(
    id: &I,
    keyring: &Keyring,
    capability: Capability,
) -> Result<DiscoveryKey, Unaudited> {
    let key = keyring.primary_key();
    discovery_key_under(id, (key.id, key.discovery()), capability, "keyring")
}

/// The discovery key of `id` under `subkey`, the discovery subkey of the
/// primary key with its id, with its audit event.
fn discovery_key_under<I: Identifier>(
    id: &I,
    (key_id, subkey): (u32, &MacKey),
    capability: Capability,
    via: &str,
) -> Result<DiscoveryKey, Unaudited> {
    audit::before_handoff(id, capability, via)?;
    let made = id.with_canonical(Token(()), |raw| {
        DiscoveryKey::new(key_id, subkey, I::KIND, raw)
    });
    audit::handoff::<I>(id, capability, via, Outcome::HandedOver);
    Ok(made)
}

#[cfg(feature = "seal")]
impl Keyset<Discoverable> {
    /// The key by which uploaded contacts find `id`, as
    /// [`BeFound::discovery_key`] makes it with the keyring this keyset was
    /// made from (the same bytes), so that the job that publishes
    /// discovery keys holds the discoverable keys alone: the sealing keys
    /// that open `id` and the discovery subkey, nothing of another
    /// purpose.
    ///
    /// Two checks, two errors: the outer one is the keyset's, the inner
    /// one the consent's.
    ///
    /// # Errors
    ///
    /// [`KeysetErrorKind::SealingOnly`](crate::KeysetErrorKind::SealingOnly)
    /// (outer) for a keyset read from Tink's JSON, which holds no discovery
    /// subkey; checked before the consent. [`ConsentError`] (inner) when
    /// the consent refuses, as [`BeFound::discovery_key`].
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Discoverable, Keyring, Subject};
    /// use std::time::Duration;
    ///
    /// let keyring = Keyring::new(1, &mut [7; 32]);
    /// let keyset = keyring.keyset::<Discoverable>(); // what the discovery job holds
    /// let given = Duration::from_secs(1_767_225_600);
    /// let consent = Consent::<Discoverable>::new(ConsentRecord::new(
    ///     ConsentId::new(3).unwrap(), &Subject::new("user-42")?, given, "find-me-by-phone-v1", ConsentChannel::App,
    /// ))?;
    /// let phone = consent.parse_phone("+44 20 7946 0958")?;
    /// let key = keyset.discovery_key(&phone, &consent, given)??;
    /// assert_eq!(key, phone.discovery_key(&keyring, &consent, given)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discovery_key<I: BeFound + Identifier<Purpose = Discoverable>>(
        &self,
        id: &I,
        consent: &Consent<Discoverable>,
        now: impl Clock,
    ) -> Result<Result<DiscoveryKey, ConsentError>, KeysetError> {
        let subkeys = self.discovery_subkeys()?;
        let Some(&primary) = subkeys.first() else {
            // A keyset has an enabled primary key, listed first.
            return Err(KeysetError::sealing_only());
        };
        Ok(
            consented(id, consent, &now, Capability::BeFound, "keyset").and_then(|()| {
                Ok(discovery_key_under(
                    id,
                    primary,
                    Capability::BeFound,
                    "keyset",
                )?)
            }),
        )
    }
}

/// The discovery key method, callable without importing [`BeFound`].
///
/// It exists for every purpose but compile only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
//
// Written out for each identifier kind rather than generated by a macro:
// compiler messages quote these signatures, and a macro would add its
// private path and an expansion backtrace to each.
impl<P: Purpose> PhoneNumber<P> {
    /// The key by which uploaded contacts find this number, if `consent` is
    /// its own and is live at the time `now` reads: see [`BeFound`].
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the consent refuses.
    pub fn discovery_key(
        &self,
        keyring: &Keyring,
        consent: &Consent<Discoverable>,
        now: impl Clock,
    ) -> Result<DiscoveryKey, ConsentError>
    where
        Self: BeFound,
    {
        BeFound::discovery_key(self, keyring, consent, now)
    }
}

/// The discovery key method, callable without importing [`BeFound`].
///
/// It exists for every purpose but compile only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
//
// Written out for each identifier kind rather than generated by a macro:
// compiler messages quote these signatures, and a macro would add its
// private path and an expansion backtrace to each.
impl<P: Purpose> EmailAddress<P> {
    /// The key by which uploaded contacts find this address, if `consent` is
    /// its own and is live at the time `now` reads: see [`BeFound`].
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the consent refuses.
    pub fn discovery_key(
        &self,
        keyring: &Keyring,
        consent: &Consent<Discoverable>,
        now: impl Clock,
    ) -> Result<DiscoveryKey, ConsentError>
    where
        Self: BeFound,
    {
        BeFound::discovery_key(self, keyring, consent, now)
    }
}
