//! The purposes an identifier can be collected for, and the sets of them
//! that one collection may disclose together: the purpose × capability
//! table, whose rows make the purposes, their seals and their grants.

use core::fmt::Debug;
use core::hash::Hash;

use crate::purposes::capability::Capability;
use crate::purposes::sealed;

/// The purpose an identifier was collected for.
///
/// A purpose is a type parameter of [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress). It decides which capabilities the
/// identifier has (see the [crate documentation](crate)) and is written into
/// the identifier's stored and sealed forms as [`TAG`](Purpose::TAG).
///
/// The purposes are uninhabited enums: they exist only as types. A
/// [purpose set](crate#purpose-sets), a tuple of purposes collected without
/// consent such as `(TwoFactor, AccountNotice)`, is a purpose too. The trait
/// carries the bounds that derives on generic wrappers need, so
/// `#[derive(Clone, Debug, PartialEq, Eq, Hash)]` works on a struct holding a
/// `PhoneNumber<P>`.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate: a purpose is a promise about every use of the identifier, and a new
/// one would escape the capability matrix.
///
/// # Examples
///
/// ```
/// use purpose_bound::{AccountNotice, Advertising, Purpose, TwoFactor};
///
/// assert_eq!(TwoFactor::TAG, "two_factor");
/// assert_eq!(Advertising::NAME, "Advertising");
/// assert_eq!(<(TwoFactor, AccountNotice)>::TAG, "two_factor+account_notice");
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not one of purpose-bound's purposes",
    label = "not a purpose",
    note = "the purposes are `TwoFactor`, `AccountRecovery`, `AccountNotice`, `Marketing`, `Advertising`, `ContactUpload` and `Discoverable`",
    note = "a purpose set is a tuple of `TwoFactor`, `AccountRecovery` and `AccountNotice`, in that order, such as `(TwoFactor, AccountNotice)`: consent purposes are collected alone, each under its own consent"
)]
pub trait Purpose:
    sealed::SealedPurpose + Copy + Debug + Eq + Ord + Hash + Send + Sync + Unpin + 'static
{
    /// The purpose's tag in stored and sealed forms: `"two_factor"`,
    /// `"marketing"`, …; a set's members joined by `+`.
    const TAG: &'static str;
    /// The purpose's type name, as `Debug` output and error messages show it.
    const NAME: &'static str;
}

/// A purpose whose identifiers are collected without a recorded consent:
/// given by the user to secure or run their account.
///
/// Identifiers for these purposes are parsed from bare input with
/// [`PhoneNumber::parse`](crate::PhoneNumber::parse),
/// [`EmailAddress::parse`](crate::EmailAddress::parse) and `FromStr`, and
/// read back from storage directly.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "identifiers for `{Self}` come only through a recorded consent",
    label = "`{Self}` requires a `Consent<{Self}>`",
    note = "collect them through the consent: `consent.parse_phone(input)`, `consent.parse_phone_with_region(input, region)`, `consent.parse_email(input)`, or adopt one the user already gave: `consent.adopt(&id)`",
    note = "read them back through the consent too: a `Stored<…>` column or field, then `consent.read(stored)`; or a sealed one, `consent.open(&keyring, &sealed)`, and `consent.reseal(&keyring, &sealed)` to move it to the primary key",
    note = "bare input, `FromStr`, `Deserialize`, `FromSql` and `Decode` exist only for `TwoFactor`, `AccountRecovery`, `AccountNotice`, their sets, and `ContactUpload`, which are collected without consent"
)]
pub trait CollectedWithoutConsent: Purpose {}

/// A purpose whose identifiers may be collected only through a recorded
/// [`Consent`](crate::Consent), and used only while it is live.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a consent-based purpose",
    label = "a `Consent` exists only for `Marketing`, `Advertising` and `Discoverable`",
    note = "identifiers for `{Self}` are collected without consent: `PhoneNumber::<{Self}>::parse(input)` or `EmailAddress::<{Self}>::parse(input)`, and read back directly",
    note = "no consent turns an identifier into one of a purpose collected without consent: those are asked of the user"
)]
pub trait RequiresConsent: Purpose {}

/// Identifiers for `Self` were given by the person they belong to, so a
/// consent of theirs may adopt them into another purpose.
///
/// Every purpose but [`ContactUpload`]: an address-book entry belongs to
/// someone who gave it to no one here, so no consent adopts it.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "identifiers for `{Self}` were not given by the person they belong to",
    label = "uploaded by another user: no consent adopts it",
    note = "an uploaded contact serves only the uploader's contact discovery (`contact_lookup`); ask the person themselves, and collect what they give through their own consent"
)]
pub trait GivenByOwner: Purpose {}

/// Identifiers of no purpose are written to storage or the wire
/// implicitly: this trait has no implementations.
///
/// It bounds the `Serialize`, `ToSql` and `Encode` impls of
/// [`PhoneNumber`](crate::PhoneNumber) and
/// [`EmailAddress`](crate::EmailAddress), so that a
/// `#[derive(Serialize)]`, a `serde_json::to_value` or an SQL parameter
/// around an identifier fails to compile with this message instead of
/// writing the raw value. The explicit roads are
/// `#[serde(with = "purpose_bound::stored")]` on a field,
/// [`expose_stored`](crate::PhoneNumber::expose_stored) for an SQL
/// parameter or text, and sealing.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "identifiers for `{Self}` are never written implicitly",
    label = "an identifier has no implicit stored or wire form",
    note = "write the stored form where you mean to: `#[serde(with = \"purpose_bound::stored\")]` on the field, or `id.expose_stored()` as an SQL parameter",
    note = "or store it sealed, unreadable without the key and outside its purpose: `keyring.seal(&id)`; in logs use `id.masked()`"
)]
pub trait WrittenImplicitly: Purpose {}

/// `Set` may narrow to `Self`: `Self` is a member of the purpose set `Set`,
/// or a smaller set within it.
///
/// Narrowing is free ([`PhoneNumber::narrow`](crate::PhoneNumber::narrow)):
/// a number collected for two-factor sign-in and login alerts may be used
/// for either alone. Widening does not exist.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "`{Set}` cannot narrow to `{Self}`",
    label = "`{Self}` is not among the purposes `{Set}` was collected for",
    note = "a purpose set narrows only to its members (or a smaller set of them), and never widens: ask the user for an identifier for `{Self}`",
    note = "sets are tuples of `TwoFactor`, `AccountRecovery` and `AccountNotice`, in that order: `(TwoFactor, AccountNotice)`"
)]
pub trait Within<Set: Purpose>: Purpose {}

/// The purpose × capability table: one row a purpose, then one a purpose
/// set, each with the capabilities it grants.
///
/// A single purpose's row: its doc, its name, its tag, how it is collected
/// (`CollectedWithoutConsent` or `RequiresConsent`), and its grants, named
/// as the capability traits of the capability list
/// (`purposes/capability.rs`). A set's row: its members, in the order
/// `TwoFactor`, `AccountRecovery`, `AccountNotice`, its tag and name
/// (`concat!` cannot read associated consts, so both are spelled out), and
/// its grants, the union of its members' (the crate's assertions check it).
///
/// Every grant comes from here: `purpose_table!(then)` calls `then!` with
/// the table, so that the purposes below and the crate's assertions of the
/// capability matrix are made from the same rows, and a test holds the
/// compiler's notes that quote the matrix to them.
macro_rules! purpose_table {
    ($then:ident) => {
        $then! {
            purposes {
                /// Collected as a second factor for signing in.
                ///
                /// Capability: [`SendOtp`](crate::SendOtp). Tag: `two_factor`.
                TwoFactor = "two_factor", CollectedWithoutConsent, [SendOtp];
                /// Collected to let the owner back into a lost account.
                ///
                /// Capability: [`SendOtp`](crate::SendOtp). Tag: `account_recovery`.
                AccountRecovery = "account_recovery", CollectedWithoutConsent, [SendOtp];
                /// Collected to tell the owner about their account: security alerts,
                /// receipts, changes of terms.
                ///
                /// Capability: [`SendAccountNotice`](crate::SendAccountNotice). Tag: `account_notice`.
                AccountNotice = "account_notice", CollectedWithoutConsent, [SendAccountNotice];
                /// Collected with a recorded consent to receive marketing.
                ///
                /// Capability: [`SendMarketing`](crate::SendMarketing), while the
                /// consent is live. Tag: `marketing`. Collected only through a
                /// [`Consent<Marketing>`](crate::Consent).
                Marketing = "marketing", RequiresConsent, [SendMarketing];
                /// Collected with a recorded consent to be matched against advertising
                /// audiences.
                ///
                /// Capability: [`MatchAudience`](crate::MatchAudience), while the
                /// consent is live. Tag: `advertising`. Collected only through a
                /// [`Consent<Advertising>`](crate::Consent).
                Advertising = "advertising", RequiresConsent, [MatchAudience];
                /// Uploaded by one user about another: an address book synced for
                /// "find your friends" or "invite a friend". The person it belongs to
                /// gave it to no one here and consented to nothing.
                ///
                /// Capability: [`FindContacts`](crate::FindContacts), a keyed lookup for
                /// the uploader that matches only identifiers collected for
                /// [`Discoverable`]. No messages, no audience keys, and no consent adopts
                /// it into another purpose. Tag: `contact_upload`.
                ContactUpload = "contact_upload", CollectedWithoutConsent, [FindContacts];
                /// Collected with the owner's recorded consent to be found by people who
                /// have their number or address: a "who can look you up" setting.
                ///
                /// Capability: [`BeFound`](crate::BeFound), while the consent is live.
                /// Tag: `discoverable`. Collected only through a
                /// [`Consent<Discoverable>`](crate::Consent).
                Discoverable = "discoverable", RequiresConsent, [BeFound];
            }
            sets {
                (TwoFactor, AccountRecovery) =
                    "two_factor+account_recovery", "(TwoFactor, AccountRecovery)",
                    [SendOtp];
                (TwoFactor, AccountNotice) =
                    "two_factor+account_notice", "(TwoFactor, AccountNotice)",
                    [SendOtp, SendAccountNotice];
                (AccountRecovery, AccountNotice) =
                    "account_recovery+account_notice", "(AccountRecovery, AccountNotice)",
                    [SendOtp, SendAccountNotice];
                (TwoFactor, AccountRecovery, AccountNotice) =
                    "two_factor+account_recovery+account_notice",
                    "(TwoFactor, AccountRecovery, AccountNotice)",
                    [SendOtp, SendAccountNotice];
            }
        }
    };
}
#[cfg(test)]
pub(crate) use purpose_table;

/// The purposes and sets of the table: their markers, seals, tags and
/// grants. A set narrows to each member (and the three-member set to each
/// pair, below).
macro_rules! purposes {
    (
        purposes {$(
            $(#[$doc:meta])*
            $name:ident = $tag:literal, $collection:ident, [$($grant:ident),*];
        )*}
        sets {$(
            ($($member:ident),+) = $set_tag:literal, $set_name:literal, [$($set_grant:ident),*];
        )*}
    ) => {
        $(
            $(#[$doc])*
            #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
            pub enum $name {}

            purposes!(@seal $name, purposes!(@consent $collection), [$($grant),*]);

            impl Purpose for $name {
                const TAG: &'static str = $tag;
                const NAME: &'static str = stringify!($name);
            }

            #[diagnostic::do_not_recommend]
            impl $collection for $name {}
        )*
        $(
            purposes!(@set ($($member,)+), [$($member),+], $set_tag, $set_name, [$($set_grant),*]);
        )*
    };
    (@set $set:ty, [$($member:ident),+], $tag:literal, $name:literal, [$($grant:ident),*]) => {
        purposes!(@seal $set, false, [$($grant),*]);

        /// A purpose set: one collection disclosed for each of these purposes.
        impl Purpose for $set {
            const TAG: &'static str = $tag;
            const NAME: &'static str = $name;
        }

        #[diagnostic::do_not_recommend]
        impl CollectedWithoutConsent for $set {}

        #[diagnostic::do_not_recommend]
        impl GivenByOwner for $set {}

        $(
            #[diagnostic::do_not_recommend]
            impl Within<$set> for $member {}
        )+
    };
    (@seal $purpose:ty, $consent:expr, [$($grant:ident),*]) => {
        #[diagnostic::do_not_recommend]
        impl sealed::SealedPurpose for $purpose {
            const RECEIVES_CODES: bool = Capability::SendOtp.is_in(Self::GRANTS);
            const REQUIRES_CONSENT: bool = $consent;
            const GRANTS: &'static [Capability] = &[$(Capability::$grant),*];
        }

        $(
            #[diagnostic::do_not_recommend]
            impl sealed::grants::$grant for $purpose {}
        )*
    };
    (@consent CollectedWithoutConsent) => { false };
    (@consent RequiresConsent) => { true };
}

purpose_table!(purposes);

// The three-member set also narrows to each two-member set.
#[diagnostic::do_not_recommend]
impl Within<(TwoFactor, AccountRecovery, AccountNotice)> for (TwoFactor, AccountRecovery) {}
#[diagnostic::do_not_recommend]
impl Within<(TwoFactor, AccountRecovery, AccountNotice)> for (TwoFactor, AccountNotice) {}
#[diagnostic::do_not_recommend]
impl Within<(TwoFactor, AccountRecovery, AccountNotice)> for (AccountRecovery, AccountNotice) {}

/// The purposes whose identifiers a consent may adopt: all but an uploaded
/// contact's.
macro_rules! given_by_owner {
    ($($purpose:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl GivenByOwner for $purpose {}
    )*};
}

given_by_owner!(
    TwoFactor,
    AccountRecovery,
    AccountNotice,
    Marketing,
    Advertising,
    Discoverable
);

/// `Self`'s identifiers may be adopted into `P` by a
/// [`Consent<P>`](crate::Consent): every purpose the person gave an
/// identifier for themselves, but `P` itself.
///
/// Adopting an identifier of `P` into `P` again would bind it to a second
/// consent, which a withdrawal of the first does not reach: it does not
/// compile. An uploaded contact's ([`ContactUpload`]) belongs to someone who
/// gave it to no one here: no consent adopts it.
///
/// This trait is sealed and cannot be implemented for types outside of this
/// crate.
#[diagnostic::on_unimplemented(
    message = "a `Consent<{P}>` cannot adopt identifiers of `{Self}`",
    label = "identifiers of `{Self}` are not adopted into `{P}`",
    note = "an identifier already of `{P}` carries the consent it was collected under: use it under that consent, so that its withdrawal stops every use; a second consent adopting it would outlive the withdrawal",
    note = "a consent adopts what the person gave for another purpose: `TwoFactor`, `AccountRecovery`, `AccountNotice`, their sets, and the other consent purposes; never an uploaded contact (`ContactUpload`), which its owner gave to no one here"
)]
pub trait AdoptInto<P: RequiresConsent>: Purpose {}

#[diagnostic::do_not_recommend]
impl<Q: CollectedWithoutConsent + GivenByOwner, P: RequiresConsent> AdoptInto<P> for Q {}

/// One consent purpose's identifiers adopted into another's.
macro_rules! adopt_between_consents {
    ($($from:ty => $into:ty),*) => {$(
        #[diagnostic::do_not_recommend]
        impl AdoptInto<$into> for $from {}
    )*};
}

adopt_between_consents!(
    Marketing => Advertising,
    Marketing => Discoverable,
    Advertising => Marketing,
    Advertising => Discoverable,
    Discoverable => Marketing,
    Discoverable => Advertising
);

/// Every purpose's tag, to tell a value of another purpose from garbage.
pub(crate) const TAGS: [&str; 11] = [
    TwoFactor::TAG,
    AccountRecovery::TAG,
    AccountNotice::TAG,
    Marketing::TAG,
    Advertising::TAG,
    ContactUpload::TAG,
    Discoverable::TAG,
    <(TwoFactor, AccountRecovery)>::TAG,
    <(TwoFactor, AccountNotice)>::TAG,
    <(AccountRecovery, AccountNotice)>::TAG,
    <(TwoFactor, AccountRecovery, AccountNotice)>::TAG,
];

/// The crate's own tag equal to `tag`, if there is one.
pub(crate) fn known_tag(tag: &str) -> Option<&'static str> {
    TAGS.into_iter().find(|known| *known == tag)
}
