//! `EmailAddress<P>`: an email address bound to the purpose it was collected for.

mod error;
mod parse;

use alloc::boxed::Box;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;
use core::str::FromStr;

use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

pub use self::error::{EmailError, EmailErrorKind};
use crate::capability::{
    Identifier, MatchAudience, SendAccountNotice, SendMarketing, SendOtp, Transport,
};
use crate::masked::Masked;
use crate::match_key::{MatchKey, Platform};
use crate::otp::OtpCode;
use crate::purpose::{CollectedWithoutConsent, Purpose};

/// An email address, collected for the purpose `P`.
///
/// The address is held in its canonical form (trimmed, domain lowercased) in
/// one heap buffer that is wiped on drop, and compared in constant time. It
/// has no `Display`, `Deref`, `AsRef<str>` or `Into<String>`: the address
/// leaves the value only through the capability that `P` grants (see the
/// [crate documentation](crate)), and a value never changes purpose.
///
/// Values for [`TwoFactor`](crate::TwoFactor), [`AccountRecovery`](crate::AccountRecovery)
/// and [`AccountNotice`](crate::AccountNotice) are parsed from user input with
/// [`parse`](Self::parse) or `FromStr`; values for
/// [`Marketing`](crate::Marketing) and [`Advertising`](crate::Advertising)
/// only through a [`Consent`](crate::Consent).
///
/// # Examples
///
/// ```
/// use purpose_bound::{AccountRecovery, EmailAddress};
///
/// let email = EmailAddress::<AccountRecovery>::parse("  Ada@Example.COM ")?;
/// assert_eq!(format!("{email:?}"), "EmailAddress<AccountRecovery>(A•••@e•••.com)");
/// assert_eq!(email, "Ada@example.com".parse()?);
/// # Ok::<(), purpose_bound::EmailError>(())
/// ```
pub struct EmailAddress<P: Purpose> {
    /// The canonical addr-spec.
    address: Box<str>,
    purpose: PhantomData<P>,
}

impl<P: Purpose> EmailAddress<P> {
    /// Parses an address (RFC 5321/5322 addr-spec with a dot-atom local part).
    ///
    /// Surrounding white space is trimmed and the domain is lowercased; the
    /// local part keeps its case, as RFC 5321 requires.
    ///
    /// # Errors
    ///
    /// An [`EmailError`] naming the rule that failed and, where there is one,
    /// the position of the offending character. The error never contains the
    /// input.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{EmailAddress, EmailErrorKind, TwoFactor};
    ///
    /// let email = EmailAddress::<TwoFactor>::parse("ada@example.com")?;
    /// # drop(email);
    ///
    /// let err = EmailAddress::<TwoFactor>::parse("ada.example.com").unwrap_err();
    /// assert_eq!(err.kind(), EmailErrorKind::MissingAt);
    /// # Ok::<(), purpose_bound::EmailError>(())
    /// ```
    pub fn parse(input: &str) -> Result<Self, EmailError>
    where
        P: CollectedWithoutConsent,
    {
        Self::parse_unchecked_purpose(input)
    }

    /// Parses for any purpose. Callers answer for the purpose: `parse`, or a
    /// [`Consent`](crate::Consent).
    pub(crate) fn parse_unchecked_purpose(input: &str) -> Result<Self, EmailError> {
        parse::parse(input).map(|address| Self {
            address,
            purpose: PhantomData,
        })
    }

    /// A view for user interfaces that shows the first character of the
    /// local part and of the domain, and the top-level domain:
    /// `a•••@e•••.com`.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountNotice, EmailAddress};
    ///
    /// let email = EmailAddress::<AccountNotice>::parse("ada@example.com")?;
    /// assert_eq!(email.masked().to_string(), "a•••@e•••.com");
    /// # Ok::<(), purpose_bound::EmailError>(())
    /// ```
    pub fn masked(&self) -> Masked<'_> {
        Masked::email(&self.address)
    }

    /// The canonical address.
    pub(crate) fn as_str(&self) -> &str {
        &self.address
    }
}

impl<P: Purpose> Clone for EmailAddress<P> {
    fn clone(&self) -> Self {
        Self {
            address: self.address.clone(),
            purpose: PhantomData,
        }
    }
}

impl<P: Purpose> Drop for EmailAddress<P> {
    fn drop(&mut self) {
        self.address.zeroize();
    }
}

impl<P: Purpose> ZeroizeOnDrop for EmailAddress<P> {}

/// Constant time in the content: the comparison does not depend on where two
/// addresses of the same length differ. Addresses of different lengths
/// compare unequal at once.
impl<P: Purpose> ConstantTimeEq for EmailAddress<P> {
    fn ct_eq(&self, other: &Self) -> Choice {
        self.address.as_bytes().ct_eq(other.address.as_bytes())
    }
}

/// Constant time, as [`ConstantTimeEq`].
impl<P: Purpose> PartialEq for EmailAddress<P> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<P: Purpose> Eq for EmailAddress<P> {}

/// Hashes the canonical address, so equal addresses hash equally.
impl<P: Purpose> Hash for EmailAddress<P> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.address.hash(state);
    }
}

/// Shows the kind, the purpose and the [masked](EmailAddress::masked) hint:
/// `EmailAddress<TwoFactor>(a•••@e•••.com)`.
impl<P: Purpose> fmt::Debug for EmailAddress<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress<{}>({})", P::NAME, self.masked())
    }
}

/// The same as [`EmailAddress::parse`].
impl<P: CollectedWithoutConsent> FromStr for EmailAddress<P> {
    type Err = EmailError;

    fn from_str(input: &str) -> Result<Self, EmailError> {
        Self::parse(input)
    }
}

/// The capability methods, callable without importing the capability traits.
///
/// Each exists for every purpose but compiles only where the purpose grants
/// the capability, so that calling one on the wrong purpose reports the
/// capability's own message.
impl<P: Purpose> EmailAddress<P> {
    /// Sends a one-time code: see [`SendOtp`].
    ///
    /// # Errors
    ///
    /// The transport's error when it cannot deliver.
    pub fn send_otp<T: Transport<<Self as Identifier>::Channel> + ?Sized>(
        &self,
        transport: &mut T,
        code: &OtpCode,
    ) -> Result<(), T::Error>
    where
        Self: SendOtp,
    {
        SendOtp::send_otp(self, transport, code)
    }

    /// Sends an account notice: see [`SendAccountNotice`].
    ///
    /// # Errors
    ///
    /// The transport's error when it cannot deliver.
    pub fn send_account_notice<T: Transport<<Self as Identifier>::Channel> + ?Sized>(
        &self,
        transport: &mut T,
        notice: &str,
    ) -> Result<(), T::Error>
    where
        Self: SendAccountNotice,
    {
        SendAccountNotice::send_account_notice(self, transport, notice)
    }

    /// Sends marketing: see [`SendMarketing`].
    ///
    /// # Errors
    ///
    /// The transport's error when it cannot deliver.
    pub fn send_marketing<T: Transport<<Self as Identifier>::Channel> + ?Sized>(
        &self,
        transport: &mut T,
        content: &str,
    ) -> Result<(), T::Error>
    where
        Self: SendMarketing,
    {
        SendMarketing::send_marketing(self, transport, content)
    }

    /// The audience match key for `platform`: see [`MatchAudience`].
    pub fn match_key(&self, platform: Platform) -> MatchKey
    where
        Self: MatchAudience,
    {
        MatchAudience::match_key(self, platform)
    }
}
