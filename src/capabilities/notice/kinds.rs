//! [`Notice`]: what an account notice may say, as a closed set of kinds.

use core::time::Duration;

use crate::identifiers::region::Region;

/// An account notice: one of a closed set of transactional and security
/// events, each with typed fields, never free text.
///
/// Identifiers collected for [`AccountNotice`](crate::AccountNotice) are
/// given for messages about the account, and "You have 12 new
/// notifications" is not one: engagement and promotional text goes only to
/// identifiers collected for [`Marketing`](crate::Marketing), under a
/// consent. So [`send_account_notice`](crate::SendAccountNotice::send_account_notice)
/// takes a `Notice`, and text does not compile there.
///
/// The wording is the application's: a [`Transport`](crate::Transport)
/// receives [`Message::Notice`](crate::Message::Notice) and picks its
/// template by [`name`](Self::name) (or by matching the kind), filling in
/// the fields.
///
/// No field can carry a sentence. Times are [`Duration`]s since the Unix
/// epoch, as everywhere in this crate; the place of a sign-in is a country
/// ([`Region`]); a device is one of the [`Device`] kinds; a legal document
/// is one of the [`LegalDocument`] kinds with a version number. Names an
/// application might like to show (a browser from a user agent, a city from
/// a geolocation database) are text, and text is what a notice must not
/// carry: a template that wants them looks them up in the application's
/// own records, where the wording is reviewed with the template.
///
/// The set is `#[non_exhaustive]`: kinds will be added, so a `match` on it
/// needs a wildcard arm (a generic template, or a refusal).
///
/// # Examples
///
/// ```
/// use std::time::Duration;
/// use purpose_bound::{AccountNotice, Device, Message, Notice, PhoneNumber, Recipient, Sms, Transport};
///
/// struct Gateway(Vec<String>);
///
/// impl Transport<Sms> for Gateway {
///     type Error = std::convert::Infallible;
///
///     fn send(&mut self, _: Recipient<'_, Sms>, message: Message<'_>) -> Result<(), Self::Error> {
///         let Message::Notice(notice) = message else { return Ok(()) };
///         let text = match notice {
///             Notice::NewSignIn { device, place: Some(place), .. } => {
///                 format!("New sign-in on a {} in {}", device.name(), place.code())
///             }
///             Notice::PasswordChanged { .. } => "Your password was changed".to_owned(),
///             other => format!("Account notice: {}", other.name()),
///         };
///         self.0.push(text);
///         Ok(())
///     }
/// }
///
/// let phone = PhoneNumber::<AccountNotice>::parse("+44 20 7946 0958")?;
/// let mut gateway = Gateway(Vec::new());
/// let at = Duration::from_secs(1_767_225_600);
/// phone.send_account_notice(&mut gateway, &Notice::NewSignIn {
///     device: Device::Computer,
///     place: Some("GB".parse()?),
///     at,
/// })?;
/// phone.send_account_notice(&mut gateway, &Notice::PasswordChanged { at })?;
/// assert_eq!(gateway.0, ["New sign-in on a computer in GB", "Your password was changed"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// Free text is not a notice:
///
/// ```compile_fail,E0277
/// # use purpose_bound::{AccountNotice, Message, PhoneNumber, Recipient, Sms, Transport};
/// # fn engage(phone: &PhoneNumber<AccountNotice>, gateway: &mut dyn Transport<Sms, Error = ()>) {
/// phone.send_account_notice(gateway, "You have 12 new notifications");
/// # }
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Notice {
    /// Someone signed in to the account on a new device.
    NewSignIn {
        /// The kind of device.
        device: Device,
        /// The country the sign-in came from, as the application
        /// approximates it (from the IP address, say), if known.
        place: Option<Region>,
        /// When.
        at: Duration,
    },
    /// The password was changed.
    PasswordChanged {
        /// When.
        at: Duration,
    },
    /// The account's phone number was changed. Sent to the old number and
    /// address, too, so that the owner learns of a takeover.
    PhoneNumberChanged {
        /// When.
        at: Duration,
    },
    /// The account's email address was changed.
    EmailAddressChanged {
        /// When.
        at: Duration,
    },
    /// Account recovery was used: a recovery code or a recovery contact.
    RecoveryUsed {
        /// When.
        at: Duration,
    },
    /// Two-factor sign-in was turned on or off, or a method was added or
    /// removed.
    TwoFactorChanged {
        /// When.
        at: Duration,
    },
    /// The account was locked, after too many failed sign-ins or by an
    /// administrator.
    AccountLocked {
        /// When.
        at: Duration,
        /// When it unlocks by itself, if it does.
        until: Option<Duration>,
    },
    /// The account was unlocked.
    AccountUnlocked {
        /// When.
        at: Duration,
    },
    /// A legal document the account is bound by changes.
    TermsChanged {
        /// Which document.
        document: LegalDocument,
        /// Its new version, as the application numbers them (`3`, or
        /// `20261201` for a dated version).
        version: u32,
        /// When the new version takes effect.
        effective: Duration,
    },
}

impl Notice {
    /// The kind's name in `snake_case`, for choosing a template:
    /// `"new_sign_in"`, `"password_changed"`, `"phone_number_changed"`,
    /// `"email_address_changed"`, `"recovery_used"`, `"two_factor_changed"`,
    /// `"account_locked"`, `"account_unlocked"`, `"terms_changed"`.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use purpose_bound::Notice;
    ///
    /// let notice = Notice::RecoveryUsed { at: Duration::from_secs(1_767_225_600) };
    /// assert_eq!(notice.name(), "recovery_used");
    /// ```
    pub const fn name(&self) -> &'static str {
        match self {
            Self::NewSignIn { .. } => "new_sign_in",
            Self::PasswordChanged { .. } => "password_changed",
            Self::PhoneNumberChanged { .. } => "phone_number_changed",
            Self::EmailAddressChanged { .. } => "email_address_changed",
            Self::RecoveryUsed { .. } => "recovery_used",
            Self::TwoFactorChanged { .. } => "two_factor_changed",
            Self::AccountLocked { .. } => "account_locked",
            Self::AccountUnlocked { .. } => "account_unlocked",
            Self::TermsChanged { .. } => "terms_changed",
        }
    }

    /// When the event happened, or, for a terms change, when it takes
    /// effect: a [`Duration`] since the Unix epoch.
    ///
    /// # Examples
    ///
    /// ```
    /// use std::time::Duration;
    /// use purpose_bound::Notice;
    ///
    /// let at = Duration::from_secs(1_767_225_600);
    /// assert_eq!(Notice::AccountUnlocked { at }.at(), at);
    /// ```
    pub const fn at(&self) -> Duration {
        match *self {
            Self::NewSignIn { at, .. }
            | Self::PasswordChanged { at }
            | Self::PhoneNumberChanged { at }
            | Self::EmailAddressChanged { at }
            | Self::RecoveryUsed { at }
            | Self::TwoFactorChanged { at }
            | Self::AccountLocked { at, .. }
            | Self::AccountUnlocked { at }
            | Self::TermsChanged { effective: at, .. } => at,
        }
    }
}

/// The kind of device a [`Notice::NewSignIn`] came from.
///
/// A kind, not a name: a device or browser name comes from the client and
/// is text (see [`Notice`]).
///
/// # Examples
///
/// ```
/// use purpose_bound::Device;
///
/// assert_eq!(Device::Phone.name(), "phone");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Device {
    /// A phone.
    Phone,
    /// A tablet.
    Tablet,
    /// A desktop or laptop computer.
    Computer,
    /// A watch.
    Watch,
    /// A television or a streaming box.
    Television,
    /// A device the application could not tell.
    Unknown,
}

impl Device {
    /// The kind in lowercase words, for templates: `"phone"`, `"tablet"`,
    /// `"computer"`, `"watch"`, `"television"`, `"unknown device"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Phone => "phone",
            Self::Tablet => "tablet",
            Self::Computer => "computer",
            Self::Watch => "watch",
            Self::Television => "television",
            Self::Unknown => "unknown device",
        }
    }
}

/// A legal document whose change a [`Notice::TermsChanged`] announces.
///
/// # Examples
///
/// ```
/// use purpose_bound::LegalDocument;
///
/// assert_eq!(LegalDocument::PrivacyPolicy.name(), "privacy_policy");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum LegalDocument {
    /// The terms of service.
    TermsOfService,
    /// The privacy policy.
    PrivacyPolicy,
    /// The cookie policy.
    CookiePolicy,
}

impl LegalDocument {
    /// The document's name in `snake_case`, for templates:
    /// `"terms_of_service"`, `"privacy_policy"`, `"cookie_policy"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::TermsOfService => "terms_of_service",
            Self::PrivacyPolicy => "privacy_policy",
            Self::CookiePolicy => "cookie_policy",
        }
    }
}

/// What [`send_account_notice`](crate::SendAccountNotice::send_account_notice)
/// takes by reference: a [`Notice`], and nothing else.
///
/// It exists for its compiler message: text given where a notice belongs
/// is refused with a note on what a notice is and where text goes, rather
/// than with a bare type mismatch.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "an account notice is a `Notice`, not `{Self}`",
    label = "free text cannot be sent as an account notice",
    note = "a notice is one of a closed set of transactional and security kinds, with typed fields: e.g. `&Notice::PasswordChanged {{ at }}` or `&Notice::NewSignIn {{ device, place, at }}`; the transport words it with its own template for `notice.name()`",
    note = "engagement and promotional text (\"You have 12 new notifications\") goes only to identifiers collected for `Marketing`, under the user's `Consent<Marketing>`: `send_marketing`"
)]
pub trait AsNotice: SealedNotice + Sync {
    /// The notice.
    fn as_notice(&self) -> &Notice;
}

/// Seals [`AsNotice`].
pub trait SealedNotice {}

impl SealedNotice for Notice {}

impl AsNotice for Notice {
    fn as_notice(&self) -> &Notice {
        self
    }
}
