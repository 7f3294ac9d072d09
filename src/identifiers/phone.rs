//! `PhoneNumber<P>`: an E.164 number bound to the purpose it was collected for.

mod error;
mod parse;
pub(crate) mod tables;

use core::fmt;
use core::hash::{Hash, Hasher};
use core::marker::PhantomData;
use core::str::FromStr;

use subtle::{Choice, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop};

pub use self::error::{PhoneError, PhoneErrorKind};
pub(crate) use self::parse::digit_value;
use crate::identifiers::identifier::{self, Identifier, IdentifierKind, InvalidValue, Sms};
use crate::identifiers::region::Region;
use crate::identifiers::sealed::{Canonical, SealedIdentifier};
use crate::primitives::keyed_hash;
use crate::primitives::masked::Masked;
use crate::primitives::stack_str::StackStr;
use crate::purposes::consent_id;
use crate::purposes::markers::{CollectedWithoutConsent, Purpose, Within};
use crate::purposes::sealed::{SealedPurpose, Token};
use crate::purposes::subject::{Binding, Subject, SubjectError, SubjectTag};

/// A phone number in E.164 form, collected for the purpose `P`.
///
/// The number is held inline as the integer of its E.164 digits beside the
/// consent id of a consent purpose and the tag of the [`Subject`] it
/// belongs to (32 bytes in all, no heap), compared in constant time, and
/// wiped from memory on drop. Equality compares the value (and the consent),
/// not the subject: two accounts may share a family phone. It has
/// no `Display`, `Deref`, `AsRef<str>` or `Into<String>`: the digits leave the
/// value only through the capability that `P` grants (see the
/// [crate documentation](crate)), and a value never changes purpose.
///
/// Values for [`TwoFactor`](crate::TwoFactor), [`AccountRecovery`](crate::AccountRecovery)
/// and [`AccountNotice`](crate::AccountNotice) are parsed from user input with
/// [`parse`](Self::parse), [`parse_with_region`](Self::parse_with_region) or
/// `FromStr`; values for [`Marketing`](crate::Marketing) and
/// [`Advertising`](crate::Advertising) only through a [`Consent`](crate::Consent), whose
/// [`ConsentId`](crate::ConsentId) they carry.
///
/// # Examples
///
/// ```
/// use purpose_bound::{PhoneNumber, TwoFactor};
///
/// let phone = PhoneNumber::<TwoFactor>::parse("+44 20 7946 0958")?;
/// assert_eq!(format!("{phone:?}"), "PhoneNumber<TwoFactor>(+44 •••• ••58)");
/// assert_eq!(phone, "+442079460958".parse()?);
/// # Ok::<(), purpose_bound::PhoneError>(())
/// ```
pub struct PhoneNumber<P: Purpose> {
    /// The E.164 digits read as one integer. A country calling code never
    /// starts with 0, so the integer keeps every digit, leading zeros of the
    /// national number included.
    digits: u64,
    /// The consent the number was collected under, for consent purposes,
    /// and the subject it belongs to, once bound.
    binding: Binding,
    purpose: PhantomData<P>,
}

impl<P: Purpose> PhoneNumber<P> {
    /// Parses a number written in international form: `+`, the country
    /// calling code, then the national number.
    ///
    /// Spaces, dots, dashes, slashes, tildes, parentheses and brackets
    /// between digits are ignored (also their full-width and typographic
    /// forms), as are a `tel:` URI prefix and a national trunk prefix after
    /// the country code (`+44 (0)20 …`). Full-width and other Unicode decimal
    /// digits are read as digits.
    ///
    /// # What is validated
    ///
    /// The rules and data are those of libphonenumber 9.0.35, compiled into
    /// the crate (no data is loaded at run time):
    ///
    /// * the country calling code is assigned;
    /// * the national number is valid in the numbering plan of that code: it
    ///   matches the pattern of one of the plan's number types (fixed line,
    ///   mobile, toll free, premium rate, shared cost, personal, VoIP, pager,
    ///   UAN, voicemail) in one of the regions sharing the code, with one of
    ///   that type's possible lengths. Lengths that are only dialled locally,
    ///   without an area code, are not valid; toll-free and shared-cost
    ///   numbers that can only be dialled from within their country are, as
    ///   in libphonenumber;
    /// * the E.164 number has at most 15 digits.
    ///
    /// Whether the number is assigned to a subscriber cannot be known
    /// without sending to it.
    ///
    /// # Numbers that cannot take a one-time code
    ///
    /// For the purposes that receive one-time codes,
    /// [`TwoFactor`](crate::TwoFactor) and
    /// [`AccountRecovery`](crate::AccountRecovery), numbers of the types
    /// that cannot receive a code, or that earn their holder money for the
    /// traffic sent to them (SMS-pumping fraud), are refused, each with its
    /// own error kind. The type is libphonenumber's
    /// ([`number_type`](Self::number_type)):
    ///
    /// * [`PremiumRate`](NumberType::PremiumRate): the holder shares in what
    ///   the sender pays, which is what SMS pumping feeds on; such numbers
    ///   take no text messages;
    /// * [`SharedCost`](NumberType::SharedCost): service numbers that share
    ///   the call's cost with the caller, not a subscriber's line;
    /// * [`Uan`](NumberType::Uan): company numbers routed to call centres;
    /// * [`Voicemail`](NumberType::Voicemail): a code would land in a
    ///   mailbox, not with the person;
    /// * [`Pager`](NumberType::Pager): paging services take no text messages
    ///   from the phone network, and some are charged at premium rates;
    /// * [`PersonalNumber`](NumberType::PersonalNumber): follow-me numbers
    ///   that forward calls, usually not text messages, to a line of the
    ///   holder's choice, at higher rates (the UK's `070`, a fraud vector
    ///   that looks like a mobile number).
    ///
    /// Accepted: [`Mobile`](NumberType::Mobile),
    /// [`FixedLine`](NumberType::FixedLine) and
    /// [`FixedLineOrMobile`](NumberType::FixedLineOrMobile) (a code can be
    /// read out by a voice call), [`Voip`](NumberType::Voip) (people's own
    /// numbers with internet telephony providers, many of which take text
    /// messages) and [`TollFree`](NumberType::TollFree) (the receiver pays,
    /// so there is nothing to earn, and many take text messages or calls).
    /// For [`AccountNotice`](crate::AccountNotice), and for the purposes
    /// parsed through a [`Consent`](crate::Consent), every type is accepted.
    ///
    /// # Errors
    ///
    /// A [`PhoneError`] naming the rule that failed and, where there is one,
    /// the position of the offending character (see [`PhoneErrorKind`]):
    /// letters, extensions, a missing or unknown country calling code, a
    /// number that is too short, too long or not in the numbering plan, and
    /// for one-time-code purposes a number of a refused type
    /// ([`PremiumRate`](PhoneErrorKind::PremiumRate),
    /// [`SharedCost`](PhoneErrorKind::SharedCost),
    /// [`Uan`](PhoneErrorKind::Uan), [`Voicemail`](PhoneErrorKind::Voicemail),
    /// [`Pager`](PhoneErrorKind::Pager),
    /// [`PersonalNumber`](PhoneErrorKind::PersonalNumber)). The error never
    /// contains the input.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountNotice, PhoneErrorKind, PhoneNumber, TwoFactor};
    ///
    /// let phone = PhoneNumber::<TwoFactor>::parse("+1 (415) 555-2671")?;
    /// assert_eq!(phone, PhoneNumber::parse("tel:+1-415-555-2671")?);
    /// assert_eq!(phone, PhoneNumber::parse("＋１ ４１５ ５５５ ２６７１")?);
    ///
    /// let err = PhoneNumber::<TwoFactor>::parse("415 555 2671").unwrap_err();
    /// assert_eq!(err.kind(), PhoneErrorKind::MissingCountryCode);
    ///
    /// let err = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671 ext. 12").unwrap_err();
    /// assert_eq!(err.kind(), PhoneErrorKind::Extension);
    /// assert_eq!(err.position(), Some(16));
    ///
    /// // A premium-rate number takes no one-time code, but an account notice.
    /// let err = PhoneNumber::<TwoFactor>::parse("+44 909 876 5432").unwrap_err();
    /// assert_eq!(err.kind(), PhoneErrorKind::PremiumRate);
    /// assert!(PhoneNumber::<AccountNotice>::parse("+44 909 876 5432").is_ok());
    /// # Ok::<(), purpose_bound::PhoneError>(())
    /// ```
    pub fn parse(input: &str) -> Result<Self, PhoneError>
    where
        P: CollectedWithoutConsent,
    {
        Self::parse_for(input, None, Binding::NONE)
    }

    /// Parses a number in international form, or as it is dialled within
    /// `region`.
    ///
    /// International input (`+…`) is read exactly as by [`parse`](Self::parse):
    /// the region does not change it. Other input is read as dialled in the
    /// region, following libphonenumber:
    ///
    /// * after the region's international call prefix (`00`, `011`, `810`,
    ///   `0011`, carrier-select prefixes such as Brazil's `0015`, …) comes a
    ///   country calling code;
    /// * otherwise the number is national: the region's trunk prefix (`0` in
    ///   most of Europe, `1` in North America, `8` in Russia, `06` in
    ///   Hungary) and carrier codes are removed, and local forms are
    ///   completed where the plan defines how (a 7-digit number in the
    ///   Cayman Islands gets its area code, Argentina's `0 11 15 …` mobile
    ///   form becomes `+54 9 11 …`). A leading 0 that belongs to the number
    ///   stays (Italy, San Marino). Digits that start with the region's own
    ///   country calling code (`44 20 7946 0958` in `GB`) are read as
    ///   international when that is the only valid reading.
    ///
    /// The result is validated as for [`parse`](Self::parse), against the
    /// whole country calling code: a Jersey number dialled nationally in
    /// `GB` is valid.
    ///
    /// Numbers of the types that cannot take a one-time code are refused for
    /// [`TwoFactor`](crate::TwoFactor) and
    /// [`AccountRecovery`](crate::AccountRecovery), as by [`parse`](Self::parse).
    ///
    /// # Errors
    ///
    /// As [`parse`](Self::parse); a national number that does not fit the
    /// plan is [`TooShort`](PhoneErrorKind::TooShort),
    /// [`TooLong`](PhoneErrorKind::TooLong) or
    /// [`NotInNumberingPlan`](PhoneErrorKind::NotInNumberingPlan).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountRecovery, PhoneErrorKind, PhoneNumber, Region};
    ///
    /// let gb: Region = "GB".parse()?;
    /// let national = PhoneNumber::<AccountRecovery>::parse_with_region("020 7946 0958", gb)?;
    /// let international = PhoneNumber::<AccountRecovery>::parse("+44 20 7946 0958")?;
    /// assert_eq!(national, international);
    /// assert_eq!(national, PhoneNumber::parse_with_region("00 44 20 7946 0958", Region::DE)?);
    /// assert_eq!(national, PhoneNumber::parse_with_region("011 44 20 7946 0958", Region::US)?);
    ///
    /// let err = PhoneNumber::<AccountRecovery>::parse_with_region("020 7946", gb).unwrap_err();
    /// assert_eq!(err.kind(), PhoneErrorKind::TooShort);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parse_with_region(input: &str, region: Region) -> Result<Self, PhoneError>
    where
        P: CollectedWithoutConsent,
    {
        Self::parse_for(input, Some(region), Binding::NONE)
    }

    /// Parses international input, or national input of `region`, for the
    /// purpose `P` and bound to `consent`. Callers answer for both: `parse`
    /// binds none, a [`Consent`] its own.
    pub(crate) fn parse_for(
        input: &str,
        region: Option<Region>,
        binding: Binding,
    ) -> Result<Self, PhoneError> {
        let parsed = match region {
            None => parse::international(input)?,
            Some(region) => parse::with_region(input, region)?,
        };
        if <P as SealedPurpose>::RECEIVES_CODES {
            parse::refuse_for_codes(parsed.number_type)?;
        }
        Ok(Self::from_parts(parsed.digits, binding))
    }

    const fn from_parts(digits: u64, binding: Binding) -> Self {
        Self {
            digits,
            binding,
            purpose: PhantomData,
        }
    }

    /// Binds the number to `subject`, the account it belongs to: the
    /// visible step in the code that read it from bare input or from the
    /// plain stored form, which prove nothing of whose it is. A number
    /// bound to `subject` already is returned as it is.
    ///
    /// A consent's numbers are bound to its subject, and a sealed one is
    /// bound to the subject its associated data proves, with no call.
    /// Equality still compares values only: two accounts may share a
    /// number.
    ///
    /// # Errors
    ///
    /// A [`SubjectError`] of kind
    /// [`BoundToAnother`](crate::SubjectErrorKind::BoundToAnother) when the
    /// number is bound to another subject: a bound identifier is never
    /// bound to anyone else.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{PhoneNumber, Subject, TwoFactor};
    ///
    /// let ada = Subject::new("user-42")?;
    /// let phone = PhoneNumber::<TwoFactor>::parse("+44 7911 123456")?.owned_by(&ada)?;
    /// assert!(phone.is_owned_by(&ada));
    /// assert_eq!(phone.subject(), Some(ada.tag()));
    /// assert!(phone.owned_by(&Subject::new("user-43")?).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn owned_by(self, subject: &Subject) -> Result<Self, SubjectError> {
        identifier::owned_by(self, subject)
    }

    /// The tag of the subject the number is bound to, or `None` for one
    /// bound to nobody yet (see [`owned_by`](Self::owned_by)).
    pub const fn subject(&self) -> Option<SubjectTag> {
        self.binding.subject
    }

    /// Whether the number is bound to `subject`.
    pub fn is_owned_by(&self, subject: &Subject) -> bool {
        self.binding.subject == Some(subject.tag())
    }

    /// The same number for `Q`, a member of the purpose set `P` (or a
    /// smaller set within it): narrowing is free, widening does not exist.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountNotice, PhoneNumber, TwoFactor};
    ///
    /// // One number for sign-in codes and login alerts, as the user was told.
    /// let phone = PhoneNumber::<(TwoFactor, AccountNotice)>::parse("+44 20 7946 0958")?;
    /// let alerts: PhoneNumber<AccountNotice> = phone.narrow();
    /// assert_eq!(format!("{alerts:?}"), "PhoneNumber<AccountNotice>(+44 •••• ••58)");
    /// # Ok::<(), purpose_bound::PhoneError>(())
    /// ```
    pub fn narrow<Q: Within<P>>(&self) -> PhoneNumber<Q> {
        PhoneNumber::from_parts(self.digits, self.binding)
    }

    /// A view for user interfaces that shows the country calling code and
    /// the last two digits: `+44 •••• ••58`.
    ///
    /// The mask has the same shape for every number, so it does not reveal
    /// the number's length.
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountNotice, PhoneNumber};
    ///
    /// let phone = PhoneNumber::<AccountNotice>::parse("+1 415 555 2671")?;
    /// assert_eq!(phone.masked().to_string(), "+1 •••• ••71");
    /// # Ok::<(), purpose_bound::PhoneError>(())
    /// ```
    pub fn masked(&self) -> Masked<'_> {
        Masked::phone(parse::country_code(self.digits), self.digits % 100)
    }

    /// The E.164 form, `+` and digits, in a buffer wiped on drop.
    pub(crate) fn e164(&self) -> E164 {
        let mut e164 = E164::new();
        // Cannot fail: `+` and the at most 15 digits of an E.164 number fit.
        let _ = fmt::Write::write_str(&mut e164, "+");
        let _ = e164.push_decimal(self.digits);
        e164
    }
}

impl<P: Purpose> Clone for PhoneNumber<P> {
    fn clone(&self) -> Self {
        Self::from_parts(self.digits, self.binding)
    }
}

impl<P: Purpose> Drop for PhoneNumber<P> {
    fn drop(&mut self) {
        self.digits.zeroize();
    }
}

impl<P: Purpose> ZeroizeOnDrop for PhoneNumber<P> {}

/// Equal when the numbers are, and, for consent purposes, so are the
/// consents they were collected under.
impl<P: Purpose> ConstantTimeEq for PhoneNumber<P> {
    fn ct_eq(&self, other: &Self) -> Choice {
        let consent =
            consent_id::word(self.binding.consent) ^ consent_id::word(other.binding.consent);
        ((self.digits ^ other.digits) | consent).ct_eq(&0)
    }
}

/// Constant time: the comparison does not depend on where two numbers
/// differ. Numbers collected under two consents are not equal.
impl<P: Purpose> PartialEq for PhoneNumber<P> {
    fn eq(&self, other: &Self) -> bool {
        self.ct_eq(other).into()
    }
}

impl<P: Purpose> Eq for PhoneNumber<P> {}

/// Feeds the hasher one word: a keyed digest of the purpose's tag, the
/// consent and the number, under a key drawn once per process from the
/// operating system. Equal numbers hash equally, one number hashes
/// differently for each purpose, and the hasher is given nothing from which
/// the number can be recovered: not the digits, and not an unkeyed digest
/// that every number of a plan could be tried against.
///
/// For in-memory maps and sets only: the key changes with every process, so
/// the hash is no pseudonym and no join key between systems. Store numbers
/// [sealed](crate#sealed-form) instead.
///
/// # Panics
///
/// The first hash in a process panics when the operating system has no
/// randomness to give for the key, as `std`'s `RandomState` does.
impl<P: Purpose> Hash for PhoneNumber<P> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        keyed_hash::hash_keyed(
            state,
            &[
                P::TAG.as_bytes(),
                &consent_id::word(self.binding.consent).to_le_bytes(),
                &self.digits.to_le_bytes(),
            ],
        );
    }
}

/// Shows the kind, the purpose, the [masked](PhoneNumber::masked) hint and
/// the consent, if any: `PhoneNumber<TwoFactor>(+44 •••• ••58)`,
/// `PhoneNumber<Marketing>(+44 •••• ••58, consent 7)`.
impl<P: Purpose> fmt::Debug for PhoneNumber<P> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PhoneNumber<{}>({}", P::NAME, self.masked())?;
        if let Some(consent) = self.binding.consent {
            write!(f, ", consent {consent}")?;
        }
        f.write_str(")")
    }
}

/// The same as [`PhoneNumber::parse`].
impl<P: CollectedWithoutConsent> FromStr for PhoneNumber<P> {
    type Err = PhoneError;

    fn from_str(input: &str) -> Result<Self, PhoneError> {
        Self::parse(input)
    }
}

#[diagnostic::do_not_recommend]
impl<P: Purpose> SealedIdentifier for PhoneNumber<P> {
    const KIND: IdentifierKind = IdentifierKind::Phone;

    fn canonical(&self, _: Token) -> Canonical<'_> {
        Canonical::inline(self.e164())
    }

    fn from_canonical(_: Token, value: &str, binding: Binding) -> Result<Self, InvalidValue> {
        // `+` and digits, the first not 0: no country calling code starts with 0.
        let canonical = value.strip_prefix('+').is_some_and(|digits| {
            !digits.is_empty()
                && !digits.starts_with('0')
                && digits.bytes().all(|b| b.is_ascii_digit())
        });
        if !canonical {
            return Err(InvalidValue::NotCanonical);
        }
        let phone = Self::parse_for(value, None, binding).map_err(InvalidValue::Phone)?;
        // Exactly the form `e164` writes: no leading zeros, nothing the
        // parser tolerated and dropped.
        if phone.e164().as_str() != value {
            return Err(InvalidValue::NotCanonical);
        }
        Ok(phone)
    }

    #[cfg(feature = "seal")]
    fn from_sealed(_: Token, value: &str, binding: Binding) -> Result<Self, InvalidValue> {
        let digits = value
            .strip_prefix('+')
            .filter(|digits| {
                (1..=15).contains(&digits.len())
                    && !digits.starts_with('0')
                    && digits.bytes().all(|b| b.is_ascii_digit())
            })
            .and_then(|digits| digits.parse().ok())
            .ok_or(InvalidValue::NotCanonical)?;
        // No numbering-plan or number-type walk: `seal` took the number from
        // a parsed identifier, and those walks read tables at addresses
        // that depend on the digits, which opening must not.
        Ok(Self::from_parts(digits, binding))
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

impl<P: Purpose> Identifier for PhoneNumber<P> {
    type Purpose = P;
    type Channel = Sms;
    type As<Q: Purpose> = PhoneNumber<Q>;

    fn rebind<Q: Purpose>(&self, _: Token, binding: Binding) -> PhoneNumber<Q> {
        PhoneNumber::from_parts(self.digits, binding)
    }
}

/// The E.164 form: `+` and at most 15 digits, on the stack, wiped on drop.
pub(crate) type E164 = StackStr<16>;

/// How many decimal digits `n` has.
pub(crate) fn digit_count(n: u64) -> usize {
    n.checked_ilog10().map_or(1, |log| log as usize + 1)
}

/// The kind of line a phone number belongs to in its numbering plan, as
/// libphonenumber classifies it from the number alone: see
/// [`PhoneNumber::number_type`].
///
/// The type says which range of the plan the number is in, not what the
/// line is used for today: a number moved to another operator, or
/// forwarded, keeps the type of its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum NumberType {
    /// A geographic number of a fixed line.
    FixedLine,
    /// A mobile number.
    Mobile,
    /// A number of a plan whose fixed-line and mobile numbers cannot be told
    /// apart by their digits, as in North America (+1).
    FixedLineOrMobile,
    /// A freephone number: the called party pays for the call.
    TollFree,
    /// A premium-rate number: the caller pays more than for an ordinary
    /// call, and the called party receives part of it.
    PremiumRate,
    /// A shared-cost number: the caller and the called party share the
    /// cost of the call.
    SharedCost,
    /// A number of a range for voice-over-IP services.
    Voip,
    /// A personal number, tied to a person rather than a line, which the
    /// network forwards to a fixed-line or mobile number.
    PersonalNumber,
    /// A number of a paging service.
    Pager,
    /// A universal access number (“company number”), which a company's
    /// network routes to one of its offices.
    Uan,
    /// A number that reaches a voicemail system directly.
    Voicemail,
}

/// The number's type.
impl<P: Purpose> PhoneNumber<P> {
    /// The number's type in its numbering plan ([`NumberType`]):
    /// libphonenumber's `getNumberType`, from the tables compiled into the
    /// crate. The territory whose plan decides is found as libphonenumber
    /// finds it among those sharing the country calling code, and the types
    /// are tried in its order: premium rate, toll free, shared cost, VoIP,
    /// personal number, pager, UAN, voicemail, then fixed line and mobile (a
    /// number matching both is [`FixedLineOrMobile`](NumberType::FixedLineOrMobile)).
    ///
    /// # Examples
    ///
    /// ```
    /// use purpose_bound::{AccountNotice, NumberType, PhoneNumber, TwoFactor};
    ///
    /// let phone = PhoneNumber::<TwoFactor>::parse("+44 7400 123456")?;
    /// assert_eq!(phone.number_type(), NumberType::Mobile);
    /// let phone = PhoneNumber::<TwoFactor>::parse("+1 415 555 2671")?;
    /// assert_eq!(phone.number_type(), NumberType::FixedLineOrMobile);
    /// let phone = PhoneNumber::<AccountNotice>::parse("+44 909 876 5432")?;
    /// assert_eq!(phone.number_type(), NumberType::PremiumRate);
    /// # Ok::<(), purpose_bound::PhoneError>(())
    /// ```
    pub fn number_type(&self) -> NumberType {
        parse::number_type(self.digits)
    }
}
