//! `EmailAddress<P>`: an email address bound to the purpose it was collected for.

mod error;
mod parse;

use alloc::boxed::Box;
use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;
use core::str::FromStr;

use subtle::{Choice, ConstantTimeEq};
use zeroize::ZeroizeOnDrop;

pub use self::error::{EmailError, EmailErrorKind};
use crate::identifiers::identifier::{self, Identifier, IdentifierKind, InvalidValue, Mail};
use crate::identifiers::sealed::{Canonical, SealedIdentifier};
use crate::primitives::keyed_hash;
use crate::primitives::masked::Masked;
use crate::purposes::consent_id;
use crate::purposes::markers::{CollectedWithoutConsent, Purpose, Within};
use crate::purposes::sealed::Token;
use crate::purposes::subject::{Binding, Subject, SubjectError, SubjectTag};

/// An email address, collected for the purpose `P`.
///
/// The address is held in its canonical form (trimmed, domain lowercased) in
/// one heap buffer that is wiped on drop, beside the consent id of a
/// consent purpose and the tag of the [`Subject`] it belongs to, and
/// compared in constant time (the value and the consent, not the subject:
/// two accounts may share an address). It has no `Display`, `Deref`, `AsRef<str>` or `Into<String>`: the address
/// leaves the value only through the capability that `P` grants (see the
/// [crate documentation](crate)), and a value never changes purpose.
///
/// Values for [`TwoFactor`](crate::TwoFactor), [`AccountRecovery`](crate::AccountRecovery)
/// and [`AccountNotice`](crate::AccountNotice) are parsed from user input with
/// [`parse`](Self::parse) or `FromStr`; values for
/// [`Marketing`](crate::Marketing) and [`Advertising`](crate::Advertising)
/// only through a [`Consent`](crate::Consent), whose [`ConsentId`](crate::ConsentId) they carry.
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
    /// The consent the address was collected under, for consent purposes,
    /// and the subject it belongs to, once bound.
    binding: Binding,
    purpose: PhantomData<P>,
}

impl<P: Purpose> EmailAddress<P> {
    /// Parses an address: an RFC 5322 addr-spec with a dot-atom local part,
    /// within the limits of RFC 5321.
    ///
    /// # What is accepted
    ///
    /// - **Trimming.** White space around the address is removed: every
    ///   character with the Unicode `White_Space` property, as
    ///   [`str::trim`] does (space, tab, line breaks, no-break space,
    ///   ideographic space, …). White space inside the address is an error.
    /// - **Local part** (before the `@`): a dot-atom, that is letters,
    ///   digits and ``!#$%&'*+-/=?^_`{|}~``, in runs separated by single
    ///   dots; at most 64 octets. Its case is kept: RFC 5321 makes local
    ///   parts case-sensitive, so `Ada@example.com` and `ada@example.com`
    ///   are different addresses.
    /// - **Domain** (after the `@`): labels of letters, digits and hyphens
    ///   (no hyphen at either end of a label), 1 to 63 octets each,
    ///   separated by single dots. It is lowercased, as DNS names compare
    ///   without case. At least one dot is required: single-label domains
    ///   such as `localhost` do not receive mail from the Internet. The
    ///   top-level label must not be all digits, which also rejects an IP
    ///   address written without brackets. A trailing dot (`example.com.`) is
    ///   an error. IDNA A-labels (`xn--…`) are plain ASCII and accepted as
    ///   they are, without decoding.
    /// - **Length.** At most 254 octets in all, the 256-octet path of RFC
    ///   5321 less its angle brackets.
    ///
    /// # What is rejected, and why
    ///
    /// - **Quoted local parts** (`"ada lovelace"@example.com`), **comments**
    ///   (`ada(work)@example.com`) and **domain literals**
    ///   (`ada@[192.0.2.1]`) are valid RFC 5322 but practically never typed
    ///   by people, rejected by most mail providers' sign-up forms, and give
    ///   one address many spellings. Each has its own error kind.
    /// - **Internationalized addresses** (RFC 6531: any character outside
    ///   ASCII, in the local part or in the domain) are rejected with
    ///   [`EmailErrorKind::Internationalized`]. Many SMS-to-mail and mail
    ///   gateways and the audience-matching APIs of ad platforms cannot
    ///   deliver to or match them, and equality would stop being simple:
    ///   Unicode case folding and normalization, and the equivalence of a
    ///   domain's U-label and A-label forms, would make two spellings of one
    ///   address compare unequal, or need tables this crate does not carry.
    ///   A domain in A-label form (`ada@xn--bcher-kva.example`) is accepted.
    ///
    /// The canonical form (the trimmed input with its domain lowercased) is
    /// what equality and hashing compare, so they agree by construction: a
    /// change of case in the domain gives an equal value with an equal hash,
    /// a change of case in the local part a different value.
    ///
    /// # Errors
    ///
    /// An [`EmailError`] naming the rule that failed and, where there is one,
    /// the position of the offending character, counted in characters of the
    /// input as given. The error never contains the input.
    ///
    /// Input that is empty or only white space is
    /// [`Empty`](EmailErrorKind::Empty); input with no `@` is
    /// [`MissingAt`](EmailErrorKind::MissingAt), whatever else is wrong with
    /// it. Otherwise the error is for the leftmost character that breaks a
    /// rule; a character that is not allowed where it stands is reported as
    /// such before a length limit it would exceed. Rules about a whole part
    /// (a trailing dot or hyphen, a domain without a dot, an all-digit
    /// top-level label) are checked where that part ends.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{EmailAddress, EmailErrorKind, TwoFactor};
    ///
    /// let email = EmailAddress::<TwoFactor>::parse(" Ada.Lovelace+2fa@Example.COM\n")?;
    /// assert_eq!(email, EmailAddress::parse("Ada.Lovelace+2fa@example.com")?);
    /// assert_ne!(email, EmailAddress::parse("ada.lovelace+2fa@example.com")?);
    ///
    /// let err = EmailAddress::<TwoFactor>::parse("ada.example.com").unwrap_err();
    /// assert_eq!(err.kind(), EmailErrorKind::MissingAt);
    ///
    /// let err = EmailAddress::<TwoFactor>::parse("ada@exämple.com").unwrap_err();
    /// assert_eq!(err.kind(), EmailErrorKind::Internationalized);
    /// assert_eq!(err.position(), Some(6));
    /// # Ok::<(), purpose_bound::EmailError>(())
    /// ```
    pub fn parse(input: &str) -> Result<Self, EmailError>
    where
        P: CollectedWithoutConsent,
    {
        Self::parse_for(input, Binding::NONE)
    }

    /// Parses for the purpose `P`, bound to `consent`. Callers answer for
    /// both: `parse` binds none, a [`Consent`] its own.
    pub(crate) fn parse_for(input: &str, binding: Binding) -> Result<Self, EmailError> {
        parse::parse(input).map(|address| Self::from_parts(address, binding))
    }

    const fn from_parts(address: Box<str>, binding: Binding) -> Self {
        Self {
            address,
            binding,
            purpose: PhantomData,
        }
    }

    /// Binds the address to `subject`, the account it belongs to: the
    /// visible step in the code that read it from bare input or from the
    /// plain stored form, which prove nothing of whose it is. A address
    /// bound to `subject` already is returned as it is.
    ///
    /// A consent's addresss are bound to its subject, and a sealed one is
    /// bound to the subject its associated data proves, with no call.
    /// Equality still compares values only: two accounts may share a
    /// address.
    ///
    /// # Errors
    ///
    /// A [`SubjectError`] of kind
    /// [`BoundToAnother`](crate::SubjectErrorKind::BoundToAnother) when the
    /// address is bound to another subject: a bound identifier is never
    /// bound to anyone else.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{EmailAddress, Subject, TwoFactor};
    ///
    /// let ada = Subject::new("user-42")?;
    /// let email = EmailAddress::<TwoFactor>::parse("ada@example.com")?.owned_by(&ada)?;
    /// assert!(email.is_owned_by(&ada));
    /// assert_eq!(email.subject(), Some(ada.tag()));
    /// assert!(email.owned_by(&Subject::new("user-43")?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn owned_by(self, subject: &Subject) -> Result<Self, SubjectError> {
        identifier::owned_by(self, subject)
    }

    /// The tag of the subject the address is bound to, or `None` for one
    /// bound to nobody yet (see [`owned_by`](Self::owned_by)).
    pub const fn subject(&self) -> Option<SubjectTag> {
        self.binding.subject
    }

    /// Whether the address is bound to `subject`.
    pub fn is_owned_by(&self, subject: &Subject) -> bool {
        self.binding.subject == Some(subject.tag())
    }

    /// The same address for `Q`, a member of the purpose set `P` (or a
    /// smaller set within it): narrowing is free, widening does not exist.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountNotice, AccountRecovery, EmailAddress};
    ///
    /// let email = EmailAddress::<(AccountRecovery, AccountNotice)>::parse("ada@example.com")?;
    /// let recovery: EmailAddress<AccountRecovery> = email.narrow();
    /// # drop(recovery);
    /// # Ok::<(), purpose_bound::EmailError>(())
    /// ```
    pub fn narrow<Q: Within<P>>(&self) -> EmailAddress<Q> {
        EmailAddress::from_parts(self.address.clone(), self.binding)
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
}

impl<P: Purpose> Clone for EmailAddress<P> {
    fn clone(&self) -> Self {
        Self::from_parts(self.address.clone(), self.binding)
    }
}

impl<P: Purpose> Drop for EmailAddress<P> {
    fn drop(&mut self) {
        // As bytes, `zeroize` clears the buffer with one bulk fill rather than
        // a write per byte: a fifth of the cost of cloning and dropping.
        let mut bytes = core::mem::take(&mut self.address).into_boxed_bytes();
        zeroize::zeroize_bytes(&mut bytes);
    }
}

impl<P: Purpose> ZeroizeOnDrop for EmailAddress<P> {}

/// Constant time in the content: the comparison does not depend on where two
/// addresses of the same length differ. Addresses of different lengths
/// compare unequal at once, and so do addresses collected under two
/// consents.
impl<P: Purpose> ConstantTimeEq for EmailAddress<P> {
    fn ct_eq(&self, other: &Self) -> Choice {
        let consent =
            consent_id::word(self.binding.consent) ^ consent_id::word(other.binding.consent);
        (crate::primitives::ct::bytes_diff(self.address.as_bytes(), other.address.as_bytes())
            | consent)
            .ct_eq(&0)
    }
}

/// Constant time, as [`ConstantTimeEq`].
impl<P: Purpose> PartialEq for EmailAddress<P> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<P: Purpose> Eq for EmailAddress<P> {}

/// Feeds the hasher one word: a keyed digest of the purpose's tag, the
/// consent and the canonical address, under a key drawn once per process
/// from the operating system. Equal addresses hash equally, one address
/// hashes differently for each purpose, and the hasher is given nothing
/// from which the address can be recovered.
///
/// For in-memory maps and sets only: the key changes with every process, so
/// the hash is no pseudonym and no join key between systems. Store addresses
/// [sealed](crate#sealed-form) instead.
///
/// # Panics
///
/// The first hash in a process panics when the operating system has no
/// randomness to give for the key, as `std`'s `RandomState` does.
impl<P: Purpose> Hash for EmailAddress<P> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        keyed_hash::hash_keyed(
            state,
            &[
                P::TAG.as_bytes(),
                &consent_id::word(self.binding.consent).to_le_bytes(),
                self.address.as_bytes(),
            ],
        );
    }
}

/// Shows the kind, the purpose, the [masked](EmailAddress::masked) hint and
/// the consent, if any: `EmailAddress<TwoFactor>(a•••@e•••.com)`,
/// `EmailAddress<Marketing>(a•••@e•••.com, consent 7)`.
impl<P: Purpose> fmt::Debug for EmailAddress<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "EmailAddress<{}>({}", P::NAME, self.masked())?;
        if let Some(consent) = self.binding.consent {
            write!(f, ", consent {consent}")?;
        }
        f.write_str(")")
    }
}

/// The same as [`EmailAddress::parse`].
impl<P: CollectedWithoutConsent> FromStr for EmailAddress<P> {
    type Err = EmailError;

    fn from_str(input: &str) -> Result<Self, EmailError> {
        Self::parse(input)
    }
}

#[diagnostic::do_not_recommend]
impl<P: Purpose> SealedIdentifier for EmailAddress<P> {
    const KIND: IdentifierKind = IdentifierKind::Email;

    fn canonical(&self, _: Token) -> Canonical<'_> {
        Canonical::borrowed(&self.address)
    }

    fn from_canonical(_: Token, value: &str, binding: Binding) -> Result<Self, InvalidValue> {
        // The parser trims and lowercases the domain; a canonical value has
        // nothing to change.
        let email = Self::parse_for(value, binding).map_err(InvalidValue::Email)?;
        if *email.address != *value {
            return Err(InvalidValue::NotCanonical);
        }
        Ok(email)
    }

    #[cfg(feature = "seal")]
    fn from_sealed(_: Token, value: &str, binding: Binding) -> Result<Self, InvalidValue> {
        // The length is bounded already: a sealed value's body is at most
        // 254 bytes.
        if !value.contains('@') {
            return Err(InvalidValue::NotCanonical);
        }
        Ok(Self::from_parts(value.into(), binding))
    }

    fn binding(&self) -> Binding {
        self.binding
    }

    fn rebound(mut self, _: Token, binding: Binding) -> Self {
        self.binding = binding;
        self
    }

    fn hint(&self) -> Masked<'_> {
        self.masked()
    }
}

impl<P: Purpose> Identifier for EmailAddress<P> {
    type Purpose = P;
    type Channel = Mail;
    type As<Q: Purpose> = EmailAddress<Q>;

    fn rebind<Q: Purpose>(&self, _: Token, binding: Binding) -> EmailAddress<Q> {
        EmailAddress::from_parts(self.address.clone(), binding)
    }
}
