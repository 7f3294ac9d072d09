//! Compile-time proof of the capability matrix and of every trait an
//! identifier must have or must never have.
//!
//! Nothing here runs: each assertion is checked when the crate's tests are
//! built, and a wrong impl anywhere in the crate stops the build. The
//! matching compiler messages a user reads are in `ui-tests/`.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::borrow::{Borrow, BorrowMut};
use core::fmt::{Debug, Display};
use core::hash::Hash;
use core::ops::{Deref, DerefMut};
use core::str::FromStr;

use static_assertions::{assert_impl_all, assert_not_impl_any, assert_type_eq_all};
use subtle::ConstantTimeEq;
use zeroize::ZeroizeOnDrop;

use crate::{
    AccountNotice, AccountRecovery, Advertising, CollectedWithoutConsent, Consent, EmailAddress,
    Identifier, Mail, Marketing, MatchAudience, MatchKey, OtpCode, PhoneNumber, Purpose,
    RequiresConsent, SendAccountNotice, SendMarketing, SendOtp, Sms, TwoFactor,
};

/// One cell of the matrix: `yes` asserts the impl, `no` its absence.
macro_rules! cell {
    (yes, $ty:ty: $trait:path) => {
        assert_impl_all!($ty: $trait);
    };
    (no, $ty:ty: $trait:path) => {
        assert_not_impl_any!($ty: $trait);
    };
}

/// How identifiers for a purpose are collected: `parse` (and `FromStr`)
/// without consent, or only through a `Consent<P>`.
macro_rules! collected_by {
    (parse, $purpose:ident) => {
        assert_impl_all!($purpose: CollectedWithoutConsent);
        assert_not_impl_any!($purpose: RequiresConsent);
        assert_impl_all!(PhoneNumber<$purpose>: FromStr);
        assert_impl_all!(EmailAddress<$purpose>: FromStr);
        // `Consent<$purpose>` cannot be named: its bound is not met.
    };
    (consent, $purpose:ident) => {
        assert_impl_all!($purpose: RequiresConsent);
        assert_not_impl_any!($purpose: CollectedWithoutConsent);
        assert_not_impl_any!(PhoneNumber<$purpose>: FromStr);
        assert_not_impl_any!(EmailAddress<$purpose>: FromStr);
        assert_not_impl_any!(PhoneNumber<$purpose>: TryFrom<&'static str>);
        assert_not_impl_any!(EmailAddress<$purpose>: TryFrom<&'static str>);
        assert_not_impl_any!(PhoneNumber<$purpose>: TryFrom<String>);
        assert_not_impl_any!(EmailAddress<$purpose>: TryFrom<String>);
        assert_impl_all!(Consent<$purpose>: Clone, Debug, Eq, Hash, Send, Sync, Unpin);
        assert_not_impl_any!(Consent<$purpose>: Default);
        assert_not_impl_any!(Consent<$purpose>: Copy);
        assert_not_impl_any!(Consent<$purpose>: From<crate::ConsentRecord>);
    };
}

/// The table of `API.md`, for both kinds of identifier.
macro_rules! matrix {
    ($(
        $purpose:ident: $collection:ident,
        [$otp:ident, $notice:ident, $marketing:ident, $audience:ident];
    )*) => {$(
        collected_by!($collection, $purpose);

        cell!($otp, PhoneNumber<$purpose>: SendOtp);
        cell!($notice, PhoneNumber<$purpose>: SendAccountNotice);
        cell!($marketing, PhoneNumber<$purpose>: SendMarketing);
        cell!($audience, PhoneNumber<$purpose>: MatchAudience);

        cell!($otp, EmailAddress<$purpose>: SendOtp);
        cell!($notice, EmailAddress<$purpose>: SendAccountNotice);
        cell!($marketing, EmailAddress<$purpose>: SendMarketing);
        cell!($audience, EmailAddress<$purpose>: MatchAudience);
    )*};
}

matrix! {
    //                            SendOtp  SendAccountNotice  SendMarketing  MatchAudience
    TwoFactor:       parse,      [yes,     no,                no,            no];
    AccountRecovery: parse,      [yes,     no,                no,            no];
    AccountNotice:   parse,      [no,      yes,               no,            no];
    Marketing:       consent,    [no,      no,                yes,           no];
    Advertising:     consent,    [no,      no,                no,            yes];
}

/// What every identifier of every purpose has, and never has.
macro_rules! identifier {
    ($kind:ident<$purpose:ident>, $channel:ty) => {
        assert_impl_all!($purpose: Purpose);
        assert_impl_all!($kind<$purpose>: Identifier);
        assert_type_eq_all!(<$kind<$purpose> as Identifier>::Purpose, $purpose);
        assert_type_eq_all!(<$kind<$purpose> as Identifier>::Channel, $channel);

        // Held, compared and dropped like a secret.
        assert_impl_all!($kind<$purpose>: Clone);
        assert_impl_all!($kind<$purpose>: Debug);
        assert_impl_all!($kind<$purpose>: PartialEq, Eq, Hash);
        assert_impl_all!($kind<$purpose>: ConstantTimeEq);
        assert_impl_all!($kind<$purpose>: ZeroizeOnDrop);
        assert_impl_all!($kind<$purpose>: Send, Sync, Unpin);

        // No road to the raw value but a capability.
        assert_not_impl_any!($kind<$purpose>: Copy);
        assert_not_impl_any!($kind<$purpose>: Default);
        assert_not_impl_any!($kind<$purpose>: Display);
        assert_not_impl_any!($kind<$purpose>: Deref);
        assert_not_impl_any!($kind<$purpose>: DerefMut);
        assert_not_impl_any!($kind<$purpose>: AsRef<str>);
        assert_not_impl_any!($kind<$purpose>: AsRef<[u8]>);
        assert_not_impl_any!($kind<$purpose>: Borrow<str>);
        assert_not_impl_any!($kind<$purpose>: BorrowMut<str>);
        assert_not_impl_any!($kind<$purpose>: Into<String>);
        assert_not_impl_any!($kind<$purpose>: Into<Box<str>>);
        assert_not_impl_any!($kind<$purpose>: Into<Vec<u8>>);
        assert_not_impl_any!($kind<$purpose>: Into<u64>);

        // No door in but parsing and consent.
        assert_not_impl_any!($kind<$purpose>: From<&'static str>);
        assert_not_impl_any!($kind<$purpose>: From<String>);
        assert_not_impl_any!($kind<$purpose>: From<u64>);
    };
}

/// Every purpose, for both kinds.
macro_rules! every_identifier {
    ($($purpose:ident),*) => {$(
        identifier!(PhoneNumber<$purpose>, Sms);
        identifier!(EmailAddress<$purpose>, Mail);
        const _: () = assert!(
            size_of::<PhoneNumber<$purpose>>() <= 16,
            "a phone number is held inline in at most 16 bytes",
        );
    )*};
}

every_identifier!(
    TwoFactor,
    AccountRecovery,
    AccountNotice,
    Marketing,
    Advertising
);

/// No conversion and no comparison between `$a` and `$b`, either way.
macro_rules! apart {
    ($a:ty, $b:ty) => {
        assert_not_impl_any!($a: From<$b>);
        assert_not_impl_any!($a: Into<$b>);
        assert_not_impl_any!($a: TryFrom<$b>);
        assert_not_impl_any!($a: PartialEq<$b>);
        assert_not_impl_any!($b: From<$a>);
        assert_not_impl_any!($b: Into<$a>);
        assert_not_impl_any!($b: TryFrom<$a>);
        assert_not_impl_any!($b: PartialEq<$a>);
    };
}

/// A value never changes purpose, nor kind.
macro_rules! purposes_apart {
    ($first:ident $(, $rest:ident)*) => {
        apart!(PhoneNumber<$first>, EmailAddress<$first>);
        $(
            apart!(PhoneNumber<$first>, PhoneNumber<$rest>);
            apart!(EmailAddress<$first>, EmailAddress<$rest>);
            apart!(PhoneNumber<$first>, EmailAddress<$rest>);
            apart!(EmailAddress<$first>, PhoneNumber<$rest>);
        )*
        purposes_apart!($($rest),*);
    };
    () => {};
}

purposes_apart!(
    TwoFactor,
    AccountRecovery,
    AccountNotice,
    Marketing,
    Advertising
);

// A consent is for one purpose.
apart!(Consent<Marketing>, Consent<Advertising>);

// A one-time code is sent once and verified where it was made.
assert_impl_all!(OtpCode: Debug, ZeroizeOnDrop, Send, Sync, Unpin);
assert_not_impl_any!(OtpCode: Clone);
assert_not_impl_any!(OtpCode: Copy);
assert_not_impl_any!(OtpCode: Display);
assert_not_impl_any!(OtpCode: Default);

// A match key is still personal data.
assert_impl_all!(MatchKey: Debug, Eq, Hash, ConstantTimeEq, ZeroizeOnDrop, Send, Sync);
assert_not_impl_any!(MatchKey: Display);
assert_not_impl_any!(MatchKey: Copy);
assert_not_impl_any!(MatchKey: Default);
assert_not_impl_any!(MatchKey: AsRef<str>);
