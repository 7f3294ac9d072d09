//! The stored form `"<purpose tag>:<canonical value>"`, the one boundary
//! that serde, rusqlite and sqlx go through.
//!
//! Writing is never implicit: the stored form is written only through the
//! [`StoredForm`] view that [`expose_stored`](crate::PhoneNumber::expose_stored)
//! returns, or `#[serde(with = "purpose_bound::stored")]`. Reading goes
//! through [`Stored`], which checks the tag against the purpose asked for
//! and parses the value again with the crate's parsers: a stored value is
//! never trusted, and never read back under another purpose. A stored
//! identifier of a consent purpose carries its consent's id
//! (`"marketing#7:ada@example.com"`) and is handed over only by
//! [`Consent::read`] with that consent.

use core::fmt;
use core::str::FromStr;

use crate::consent::Consent;
use crate::identifiers::email::EmailAddress;
use crate::identifiers::identifier::{Identifier, IdentifierKind, InvalidValue};
use crate::identifiers::phone::PhoneNumber;
use crate::primitives::stack_str::StackStr;
use crate::purposes::consent_id::ConsentId;
use crate::purposes::markers::{CollectedWithoutConsent, Purpose, RequiresConsent, known_tag};
use crate::purposes::sealed::Token;
use crate::purposes::subject::Binding;

/// The longest stored form: the longest label, `:` and the longest email
/// address. Anything longer is [`StoredFormErrorKind::TooLong`].
const MAX_STORED_LEN: usize = MAX_LABEL_LEN + 1 + MAX_EMAIL_LEN;

/// The longest label before the `:`: the tag of the three-purpose set. A
/// consent purpose's tag with `#` and a 20-digit consent id is shorter (a
/// unit test below checks every label).
const MAX_LABEL_LEN: usize = <(
    crate::purposes::markers::TwoFactor,
    crate::purposes::markers::AccountRecovery,
    crate::purposes::markers::AccountNotice,
) as Purpose>::TAG
    .len();

/// The longest email address, in octets (RFC 5321 section 4.5.3.1.3).
const MAX_EMAIL_LEN: usize = 254;

/// Why a stored identifier was not read back.
///
/// Made when a value in the stored form `"<purpose tag>:<canonical value>"`
/// is read through [`Stored`], serde, rusqlite or sqlx. The error names the
/// purpose asked for and, on a
/// [purpose mismatch](StoredFormErrorKind::PurposeMismatch), the purpose the
/// value was stored under; it never contains the stored value or any part
/// of it, so it can be logged.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Advertising, PhoneNumber, Stored, StoredFormErrorKind};
///
/// let err = "two_factor:+14155552671"
///     .parse::<Stored<PhoneNumber<Advertising>>>()
///     .unwrap_err();
/// assert_eq!(err.kind(), StoredFormErrorKind::PurposeMismatch);
/// assert_eq!(
///     err.to_string(),
///     "purpose mismatch: expected a phone number collected for `advertising`, \
///      found one collected for `two_factor`",
/// );
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct StoredFormError {
    kind: StoredFormErrorKind,
    identifier: IdentifierKind,
    expected: &'static str,
    found: Option<&'static str>,
    source: Option<InvalidValue>,
}

/// The rule a stored identifier broke.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StoredFormErrorKind {
    /// The value is not text (a number, a blob, a list, …).
    NotText,
    /// The value is longer than any stored identifier can be.
    TooLong,
    /// The value has no `<tag>:` before it: it was not written by this
    /// crate, or was written as a bare string.
    MissingTag,
    /// The value's tag is not one of the crate's purposes.
    UnknownTag,
    /// The value was stored under another purpose. It is not read back:
    /// an identifier serves only the purpose it was collected for.
    PurposeMismatch,
    /// A consent purpose's value names no consent (`#<id>` after the tag),
    /// or a value of a purpose collected without consent names one.
    ConsentTag,
    /// The value was collected under another consent than the one it is
    /// read with.
    ConsentMismatch,
    /// The value after the tag is not in canonical form: for a phone
    /// number, anything but the E.164 string `+` and digits that the number
    /// writes back; for an email address, anything the parser would change
    /// (white space around it, capitals in the domain).
    NotCanonical,
    /// The value after the tag is not a valid identifier; its
    /// [`source`](core::error::Error::source) is the parser's error, whose
    /// positions count from the first character after the tag.
    InvalidValue,
}

impl StoredFormError {
    pub(crate) const fn new(
        kind: StoredFormErrorKind,
        identifier: IdentifierKind,
        expected: &'static str,
    ) -> Self {
        Self {
            kind,
            identifier,
            expected,
            found: None,
            source: None,
        }
    }

    /// The error for a value that is not text.
    #[cfg(feature = "serde")]
    pub(crate) const fn not_text<I: Identifier>() -> Self {
        Self::new(
            StoredFormErrorKind::NotText,
            I::KIND,
            <I::Purpose as Purpose>::TAG,
        )
    }

    /// The rule that failed.
    pub const fn kind(&self) -> StoredFormErrorKind {
        self.kind
    }

    /// The tag of the purpose the value was read for: `"marketing"`, …
    pub const fn expected_purpose(&self) -> &'static str {
        self.expected
    }

    /// On a [purpose mismatch](StoredFormErrorKind::PurposeMismatch), the tag
    /// of the purpose the value was stored under.
    pub const fn found_purpose(&self) -> Option<&'static str> {
        self.found
    }
}

impl fmt::Display for StoredFormError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (identifier, expected) = (self.identifier.name(), self.expected);
        match self.kind {
            StoredFormErrorKind::NotText => write!(
                f,
                "stored {identifier} is not text: expected the string `{expected}:…`"
            ),
            StoredFormErrorKind::TooLong => {
                write!(f, "stored {identifier} is longer than any valid one")
            }
            StoredFormErrorKind::MissingTag => write!(
                f,
                "stored {identifier} has no purpose tag: expected `{expected}:…`"
            ),
            StoredFormErrorKind::UnknownTag => write!(
                f,
                "stored {identifier} has an unknown purpose tag: expected `{expected}`"
            ),
            StoredFormErrorKind::PurposeMismatch => write!(
                f,
                "purpose mismatch: expected {} collected for `{expected}`, found one collected for `{}`",
                self.identifier.with_article(),
                self.found.unwrap_or("another purpose")
            ),
            StoredFormErrorKind::ConsentTag => write!(
                f,
                "stored `{expected}` {identifier} has a missing, invalid or unexpected consent id"
            ),
            StoredFormErrorKind::ConsentMismatch => write!(
                f,
                "consent mismatch: the stored `{expected}` {identifier} was collected under another consent"
            ),
            StoredFormErrorKind::NotCanonical => write!(
                f,
                "stored `{expected}` {identifier} is not in canonical form"
            ),
            StoredFormErrorKind::InvalidValue => {
                write!(f, "stored `{expected}` {identifier} fails validation")?;
                match self.source {
                    Some(InvalidValue::Phone(err)) => write!(f, ": {err}"),
                    Some(InvalidValue::Email(err)) => write!(f, ": {err}"),
                    _ => Ok(()),
                }
            }
        }
    }
}

impl core::error::Error for StoredFormError {
    fn source(&self) -> Option<&(dyn core::error::Error + 'static)> {
        match &self.source {
            Some(InvalidValue::Phone(err)) => Some(err),
            Some(InvalidValue::Email(err)) => Some(err),
            _ => None,
        }
    }
}

/// Calls `f` with `id`'s stored form, built on the stack and wiped
/// afterwards.
fn with_stored_form<I: Identifier, R>(id: &I, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = StackStr::<MAX_STORED_LEN>::new();
    id.with_canonical(Token(()), |value| {
        // Cannot fail: the longest tag, consent id and value fit.
        let _ = fmt::Write::write_str(&mut buf, <I::Purpose as Purpose>::TAG);
        if let Some(consent) = id.consent_id() {
            let _ = fmt::Write::write_str(&mut buf, "#");
            let _ = buf.push_decimal(consent.get());
        }
        let _ = fmt::Write::write_str(&mut buf, ":");
        let _ = fmt::Write::write_str(&mut buf, value);
    });
    f(buf.as_str())
}

/// Reads `stored` as an `I`, checking its tag and consent id.
fn read<I: Identifier>(stored: &str) -> Result<I, StoredFormError> {
    let expected = <I::Purpose as Purpose>::TAG;
    let error = |kind| StoredFormError::new(kind, I::KIND, expected);
    if stored.len() > MAX_STORED_LEN {
        return Err(error(StoredFormErrorKind::TooLong));
    }
    let Some((label, value)) = stored.split_once(':') else {
        return Err(error(StoredFormErrorKind::MissingTag));
    };
    let (tag, consent) = match label.split_once('#') {
        Some((tag, id)) => (tag, Some(id)),
        None => (label, None),
    };
    if tag != expected {
        if tag.is_empty() {
            return Err(error(StoredFormErrorKind::MissingTag));
        }
        return Err(match known_tag(tag) {
            Some(found) => StoredFormError {
                found: Some(found),
                ..error(StoredFormErrorKind::PurposeMismatch)
            },
            None => error(StoredFormErrorKind::UnknownTag),
        });
    }
    let consent = match consent {
        None => None,
        // Decimal, no sign, no leading zero: exactly what is written. An id
        // that is empty, zero or too large is no id, for every purpose.
        Some(id) => match id.parse().ok().and_then(ConsentId::new) {
            Some(parsed) if !id.starts_with('0') && id.bytes().all(|b| b.is_ascii_digit()) => {
                Some(parsed)
            }
            _ => return Err(error(StoredFormErrorKind::ConsentTag)),
        },
    };
    if consent.is_some() != <I::Purpose as crate::purposes::sealed::SealedPurpose>::REQUIRES_CONSENT
    {
        return Err(error(StoredFormErrorKind::ConsentTag));
    }
    I::from_canonical(Token(()), value, Binding::new(consent, None)).map_err(
        |invalid| match invalid {
            InvalidValue::NotCanonical => error(StoredFormErrorKind::NotCanonical),
            source => StoredFormError {
                source: Some(source),
                ..error(StoredFormErrorKind::InvalidValue)
            },
        },
    )
}

/// The stored form of an identifier, written where the code asks for it:
/// `"two_factor:+442079460958"`, `"marketing#7:ada@example.com"`.
///
/// Made by [`PhoneNumber::expose_stored`](crate::PhoneNumber::expose_stored)
/// and [`EmailAddress::expose_stored`](crate::EmailAddress::expose_stored):
/// an SQL parameter (`ToSql`, `Encode`), a serde value (`Serialize`), or
/// text (`Display`) for a pipeline this crate does not reach. Its `Debug`
/// is masked. The form is built on the stack and wiped after each use; what
/// the database driver or serializer does with it is theirs.
pub struct StoredForm<'a, I: Identifier>(pub(crate) &'a I);

impl<I: Identifier> StoredForm<'_, I> {
    /// Calls `f` with the stored form.
    pub(crate) fn with<R>(&self, f: impl FnOnce(&str) -> R) -> R {
        with_stored_form(self.0, f)
    }
}

/// Writes the stored form.
impl<I: Identifier> fmt::Display for StoredForm<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.with(|form| f.write_str(form))
    }
}

impl<I: Identifier> fmt::Debug for StoredForm<'_, I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "StoredForm({}:{})",
            <I::Purpose as Purpose>::TAG,
            self.0.hint()
        )
    }
}

/// An identifier read back from its stored form, checked against the
/// purpose of `I`: its tag, its consent id for consent purposes, and its
/// value, parsed again.
///
/// `Stored<I>` is what serde (`Deserialize`), rusqlite (`FromSql`), sqlx
/// (`Decode`) and [`FromStr`] read. For purposes collected without consent,
/// [`into_inner`](Self::into_inner) hands the identifier over (and the
/// identifiers themselves implement those traits directly). For consent
/// purposes only [`Consent::read`] does, with the consent the identifier was
/// collected under. `Debug` is masked.
///
/// # Examples
///
/// ```
/// use purpose_bound::{Marketing, PhoneNumber, Stored, StoredFormErrorKind, TwoFactor};
///
/// let phone = "two_factor:+442079460958".parse::<Stored<PhoneNumber<TwoFactor>>>()?.into_inner();
/// assert_eq!(phone, PhoneNumber::parse("+44 20 7946 0958")?);
///
/// // A marketing number names the consent it was collected under.
/// let err = "marketing:+442079460958".parse::<Stored<PhoneNumber<Marketing>>>().unwrap_err();
/// assert_eq!(err.kind(), StoredFormErrorKind::ConsentTag);
/// let stored: Stored<PhoneNumber<Marketing>> = "marketing#7:+442079460958".parse()?;
/// assert_eq!(format!("{stored:?}"), "Stored(PhoneNumber<Marketing>(+44 •••• ••58, consent 7))");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Stored<I: Identifier>(I);

impl<I: Identifier> Stored<I> {
    /// The identifier, for a purpose collected without consent.
    pub fn into_inner(self) -> I
    where
        I::Purpose: CollectedWithoutConsent,
    {
        self.0
    }
}

/// Reads the stored form: see [`Stored`].
impl<I: Identifier> FromStr for Stored<I> {
    type Err = StoredFormError;

    fn from_str(stored: &str) -> Result<Self, StoredFormError> {
        read(stored).map(Self)
    }
}

impl<I: Identifier + fmt::Debug> fmt::Debug for Stored<I> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Stored({:?})", self.0)
    }
}

impl<P: RequiresConsent> Consent<P> {
    /// Hands over an identifier read from storage, if it was collected under
    /// this consent.
    ///
    /// Whether the consent is still live is checked where the identifier is
    /// used, not here: a withdrawn consent still reads its identifiers back,
    /// so that they can be found and erased.
    ///
    /// # Errors
    ///
    /// [`StoredFormErrorKind::ConsentMismatch`] when the identifier was
    /// collected under another consent.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{Consent, ConsentChannel, ConsentId, ConsentRecord, Marketing, PhoneNumber, Stored, Subject};
    /// use std::time::Duration;
    ///
    /// let ada = Subject::new("user-42")?;
    /// let consent = |id| Consent::<Marketing>::new(ConsentRecord::new(
    ///     ConsentId::new(id).unwrap(), &ada, Duration::from_secs(1_767_225_600),
    ///     "offers-sms-v1", ConsentChannel::Web,
    /// ));
    /// let stored: Stored<PhoneNumber<Marketing>> = "marketing#7:+442079460958".parse()?;
    /// assert!(consent(8)?.read(stored).is_err());
    ///
    /// let stored: Stored<PhoneNumber<Marketing>> = "marketing#7:+442079460958".parse()?;
    /// let phone = consent(7)?.read(stored)?;
    /// # drop(phone);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn read<I: Identifier<Purpose = P>>(
        &self,
        stored: Stored<I>,
    ) -> Result<I, StoredFormError> {
        if stored.0.consent_id() == Some(self.id()) {
            // The plain form proves nothing of whose it is: the consent
            // that reads it answers for its own subject.
            let binding = Binding::new(Some(self.id()), Some(self.subject().tag()));
            Ok(stored.0.rebound(Token(()), binding))
        } else {
            Err(StoredFormError::new(
                StoredFormErrorKind::ConsentMismatch,
                I::KIND,
                P::TAG,
            ))
        }
    }
}

/// The stored form, written only when asked for.
impl<P: Purpose> PhoneNumber<P> {
    /// The stored form, where the code writes it: an SQL parameter
    /// (`ToSql`, `Encode`), a serde value, or text for another pipeline.
    /// See [`StoredForm`]; nothing writes an identifier implicitly.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{PhoneNumber, TwoFactor};
    ///
    /// let id = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
    /// assert_eq!(id.expose_stored().to_string(), "two_factor:+442079460958");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expose_stored(&self) -> StoredForm<'_, Self> {
        StoredForm(self)
    }
}

/// The stored form, written only when asked for.
impl<P: Purpose> EmailAddress<P> {
    /// The stored form, where the code writes it: an SQL parameter
    /// (`ToSql`, `Encode`), a serde value, or text for another pipeline.
    /// See [`StoredForm`]; nothing writes an identifier implicitly.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{EmailAddress, TwoFactor};
    ///
    /// let id = EmailAddress::<TwoFactor>::parse("ada@example.com")?;
    /// assert_eq!(id.expose_stored().to_string(), "two_factor:ada@example.com");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expose_stored(&self) -> StoredForm<'_, Self> {
        StoredForm(self)
    }
}

#[cfg(test)]
mod tests {
    use super::MAX_LABEL_LEN;
    use crate::purposes::markers::{Advertising, Marketing};
    use crate::purposes::markers::{Purpose, TAGS};

    /// No tag, and no consent purpose's tag with the longest consent id,
    /// is longer than `MAX_LABEL_LEN`, and one is that long.
    #[test]
    fn the_longest_label_is_the_longest_tag_of_all() {
        let longest_id = alloc::format!("{}", u64::MAX).len();
        let consent = [Marketing::TAG, Advertising::TAG].map(|tag| tag.len() + 1 + longest_id);
        let labels = TAGS.map(str::len);
        assert!(
            labels
                .iter()
                .chain(&consent)
                .all(|&len| len <= MAX_LABEL_LEN)
        );
        assert!(labels.contains(&MAX_LABEL_LEN));
    }
}
