//! [`MatchAudience`] and [`Audience`]: audience match keys, under a live
//! consent.

use crate::boundary::audit::{self, Outcome};
use crate::capabilities::audience::match_key::{MatchKey, Platform};
use crate::capabilities::transport::consented;
use crate::consent::Consent;
use crate::consent::error::ConsentError;
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::Identifier;
use crate::identifiers::identifier::IdentifierKind;
use crate::identifiers::phone::PhoneNumber;
use crate::primitives::clock::Clock;
use crate::purposes::capability::Capability;
use crate::purposes::markers::{Advertising, Purpose};
use crate::purposes::sealed::Token;
use crate::purposes::sealed::grants;

/// May be matched against an advertising audience: identifiers collected
/// through a recorded [`Consent<Advertising>`](crate::Consent), while it is
/// live.
///
/// The method is also inherent on [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress), so it can be called without
/// importing this trait. For a whole audience, [`Audience::export`] checks
/// every row's consent in one pass.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, Consent, MatchAudience, MatchKey, Platform, SystemClock};
///
/// fn key<I: MatchAudience>(id: &I, consent: &Consent<Advertising>) -> Option<MatchKey> {
///     id.match_key(consent, SystemClock, Platform::Meta).ok()
/// }
/// ```
///
/// Numbers given for two-factor authentication never reach an audience:
///
/// ```compile_fail,E0277
/// use purpose_bound::{Advertising, Consent, MatchAudience, MatchKey, Platform, PhoneNumber, TwoFactor};
/// use std::time::Duration;
///
/// fn key<I: MatchAudience>(id: &I, consent: &Consent<Advertising>, now: Duration) -> Option<MatchKey> {
///     id.match_key(consent, now, Platform::Meta).ok()
/// }
/// fn check(phone: PhoneNumber<TwoFactor>, consent: Consent<Advertising>, now: Duration) {
///     key(&phone, &consent, now);
/// }
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` may not be matched against an advertising audience",
    label = "not collected with consent to advertising",
    note = "audience match keys come only from identifiers collected with a recorded consent: `Consent::<Advertising>::new(record)?`, then `.parse_phone(input)`, `.parse_email(input)` or `.adopt(&id)`",
    note = "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):\n\
            `TwoFactor`, `AccountRecovery`  one-time codes        `send_otp`\n\
            `AccountNotice`                 account notices       `send_account_notice`\n\
            `Marketing`                     marketing             `send_marketing`\n\
            `Advertising`                   audience match keys   `match_key`\n\
            `Discoverable`                  being found           `discovery_key`\n\
            `ContactUpload`                 finding contacts      `contact_lookup`"
)]
pub trait MatchAudience: Identifier {
    /// The key `platform` matches this identifier by (SHA-256 of the
    /// platform's normalization, in lowercase hex; see [`Platform`]), if
    /// `consent` is the one the identifier was collected under, was never
    /// withdrawn, and is live at the time of use, read from `now` as the
    /// consent is checked: a [`Clock`] such as
    /// [`SystemClock`](crate::SystemClock), or a `Duration` for tests and
    /// replays.
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the consent is another one, withdrawn (at any
    /// time), expired or not yet given.
    fn match_key(
        &self,
        consent: &Consent<Advertising>,
        now: impl Clock,
        platform: Platform,
    ) -> Result<MatchKey, ConsentError>;
}

// The grant comes from the purposes table. The capability takes a
// `Consent<Advertising>`, so only the `Advertising` row can grant it: a grant in
// another row would fail the crate's assertions of the matrix.
#[diagnostic::do_not_recommend]
impl<I: Identifier<Purpose = Advertising>> MatchAudience for I
where
    I::Purpose: grants::MatchAudience,
{
    fn match_key(
        &self,
        consent: &Consent<Advertising>,
        now: impl Clock,
        platform: Platform,
    ) -> Result<MatchKey, ConsentError> {
        consented(
            self,
            consent,
            &now,
            Capability::MatchAudience,
            platform.name(),
        )?;
        audit::before_handoff(self, Capability::MatchAudience, platform.name())?;
        let key = self.with_canonical(Token(()), |raw| match I::KIND {
            IdentifierKind::Phone => MatchKey::of_phone(raw, platform),
            IdentifierKind::Email => MatchKey::of_email(raw, platform),
        });
        audit::handoff::<I>(
            self,
            Capability::MatchAudience,
            platform.name(),
            Outcome::HandedOver,
        );
        Ok(key)
    }
}

/// An advertising audience: match keys of the rows whose consent is live,
/// and a count of the rows left out, made in one pass by
/// [`export`](Self::export).
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, Audience, Consent, ConsentChannel, ConsentId, ConsentRecord, Platform, Subject};
/// use std::time::Duration;
///
/// let given = Duration::from_secs(1_767_225_600);
/// let consent = |id, subject: &str| -> Result<_, Box<dyn std::error::Error>> {
///     Ok(Consent::<Advertising>::new(ConsentRecord::new(
///         ConsentId::new(id).unwrap(), &Subject::new(subject)?, given, "ads-v1", ConsentChannel::App,
///     ))?)
/// };
/// let (ada, mut grace) = (consent(1, "user-1")?, consent(2, "user-2")?);
/// let rows = vec![
///     (ada.parse_email("ada@example.com")?, ada),
///     (grace.parse_email("grace@example.com")?, { grace.withdraw(given); grace }),
/// ];
/// let audience = Audience::export(rows, Platform::Meta, given + Duration::from_secs(60));
/// assert_eq!(audience.keys().len(), 1);
/// assert_eq!(audience.withdrawn(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Default)]
pub struct Audience {
    keys: alloc::vec::Vec<MatchKey>,
    withdrawn: usize,
    expired: usize,
    refused: usize,
}

impl Audience {
    /// Match keys for `platform` of every row whose consent is the row
    /// identifier's own, was never withdrawn and is live at the time `now`
    /// reads (read at each row), leaving out the others and counting them.
    pub fn export<I, C>(
        rows: impl IntoIterator<Item = (I, C)>,
        platform: Platform,
        now: impl Clock,
    ) -> Self
    where
        I: MatchAudience,
        C: core::borrow::Borrow<Consent<Advertising>>,
    {
        let mut audience = Self::default();
        for (id, consent) in rows {
            match id.match_key(consent.borrow(), &now, platform) {
                Ok(key) => audience.keys.push(key),
                Err(err) => match err.kind() {
                    crate::consent::error::ConsentErrorKind::Withdrawn => audience.withdrawn += 1,
                    crate::consent::error::ConsentErrorKind::Expired => audience.expired += 1,
                    _ => audience.refused += 1,
                },
            }
        }
        audience
    }

    /// The keys, for the upload.
    pub fn keys(&self) -> &[MatchKey] {
        &self.keys
    }

    /// How many rows were left out because their consent was withdrawn.
    pub fn withdrawn(&self) -> usize {
        self.withdrawn
    }

    /// How many rows were left out because their consent had expired.
    pub fn expired(&self) -> usize {
        self.expired
    }

    /// How many rows were left out for another reason: a consent not yet
    /// given, invalidated in its system of record (the identifier changed
    /// hands), or not the identifier's own.
    pub fn refused(&self) -> usize {
        self.refused
    }

    /// How many rows were left out in all.
    pub fn left_out(&self) -> usize {
        self.withdrawn + self.expired + self.refused
    }
}

/// The match key method, callable without importing [`MatchAudience`].
///
/// It exists for every purpose but compile only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
//
// Written out for each identifier kind rather than generated by a macro:
// compiler messages quote these signatures, and a macro would add its
// private path and an expansion backtrace to each.
impl<P: Purpose> PhoneNumber<P> {
    /// The audience match key for `platform`, if `consent` is this
    /// number's and is live at the time `now` reads: see [`MatchAudience`].
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the consent refuses.
    pub fn match_key(
        &self,
        consent: &Consent<Advertising>,
        now: impl Clock,
        platform: Platform,
    ) -> Result<MatchKey, ConsentError>
    where
        Self: MatchAudience,
    {
        MatchAudience::match_key(self, consent, now, platform)
    }
}

/// The match key method, callable without importing [`MatchAudience`].
///
/// It exists for every purpose but compile only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
//
// Written out for each identifier kind rather than generated by a macro:
// compiler messages quote these signatures, and a macro would add its
// private path and an expansion backtrace to each.
impl<P: Purpose> EmailAddress<P> {
    /// The audience match key for `platform`, if `consent` is this
    /// address's and is live at the time `now` reads: see [`MatchAudience`].
    ///
    /// # Errors
    ///
    /// [`ConsentError`] when the consent refuses.
    pub fn match_key(
        &self,
        consent: &Consent<Advertising>,
        now: impl Clock,
        platform: Platform,
    ) -> Result<MatchKey, ConsentError>
    where
        Self: MatchAudience,
    {
        MatchAudience::match_key(self, consent, now, platform)
    }
}
