//! Compile-time proof of the capability matrix and of every trait an
//! identifier must have or must never have.
//!
//! Nothing here runs: each assertion is checked when the crate's tests are
//! built, and a wrong impl anywhere in the crate stops the build. The
//! capability matrix is made from the purposes table
//! (`purposes/markers.rs`) and the capability list
//! (`purposes/capability.rs`): every capability a row grants is
//! implemented for both kinds, and every other one is not. The matching
//! compiler messages a user reads are in `ui-tests/`.
//!
//! sqlx's rows of the matrix need its SQLite and PostgreSQL types, which
//! only the workspace member `tests-tokio/` builds:
//! `tests-tokio/tests/test_sqlx_impls.rs` holds them, and
//! `tests-tokio/ui-tests/` their compiler messages.

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

use crate::purposes::capability::capability_list;
use crate::purposes::markers::purpose_table;
use crate::purposes::sealed::SealedPurpose;
use crate::{
    AccountNotice, AccountRecovery, Advertising, Capability, CollectedWithoutConsent, Consent,
    ContactUpload, Discoverable, EmailAddress, Identifier, Mail, Marketing, MatchKey, OtpCode,
    PhoneNumber, Purpose, RequiresConsent, Sms, TwoFactor, Within,
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

/// How identifiers for a purpose are collected and read back, as its row of
/// the purposes table says: `parse` (and `FromStr`, `Deserialize`,
/// `FromSql`, `Decode`) without consent, or only through a `Consent<P>`.
/// Neither kind is ever written implicitly.
macro_rules! collected_by {
    (CollectedWithoutConsent, $purpose:ty) => {
        assert_impl_all!($purpose: CollectedWithoutConsent);
        assert_not_impl_any!($purpose: RequiresConsent);
        assert_impl_all!(PhoneNumber<$purpose>: FromStr);
        assert_impl_all!(EmailAddress<$purpose>: FromStr);
        read_back!(yes, $purpose);
        // `Consent<$purpose>` cannot be named: its bound is not met.
    };
    (RequiresConsent, $purpose:ty) => {
        read_back!(no, $purpose);
        assert_impl_all!($purpose: RequiresConsent);
        assert_not_impl_any!($purpose: CollectedWithoutConsent);
        assert_not_impl_any!(PhoneNumber<$purpose>: FromStr);
        assert_not_impl_any!(EmailAddress<$purpose>: FromStr);
        assert_not_impl_any!(PhoneNumber<$purpose>: TryFrom<&'static str>);
        assert_not_impl_any!(EmailAddress<$purpose>: TryFrom<&'static str>);
        assert_not_impl_any!(PhoneNumber<$purpose>: TryFrom<String>);
        assert_not_impl_any!(EmailAddress<$purpose>: TryFrom<String>);
        assert_impl_all!(Consent<$purpose>: Debug, Eq, Send, Sync, Unpin);
        // Loaded where it is used, so that a withdrawal misses no copy.
        assert_not_impl_any!(Consent<$purpose>: Clone);
        assert_not_impl_any!(Consent<$purpose>: Default);
        assert_not_impl_any!(Consent<$purpose>: Copy);
        assert_not_impl_any!(Consent<$purpose>: From<crate::ConsentRecord<$purpose>>);
        // Made only by `Consent::new(record)`, never read from data; the
        // record is data, read and written with its purpose.
        assert_not_impl_any!($purpose: crate::ConsentFromData);
        #[cfg(feature = "serde")]
        assert_not_impl_any!(Consent<$purpose>: serde::de::DeserializeOwned);
        #[cfg(feature = "serde")]
        assert_impl_all!(crate::ConsentRecord<$purpose>: serde::de::DeserializeOwned, serde::Serialize);
        assert_impl_all!(crate::ConsentRecord<$purpose>: Debug, Clone, Eq, Hash, Send, Sync, Unpin);
    };
}

/// Whether identifiers of `$purpose` are read back from storage directly;
/// every one is read as a `Stored<…>`, and none is written implicitly.
macro_rules! read_back {
    ($directly:ident, $purpose:ty) => {
        #[cfg(feature = "serde")]
        cell!($directly, PhoneNumber<$purpose>: serde::de::DeserializeOwned);
        #[cfg(feature = "serde")]
        cell!($directly, EmailAddress<$purpose>: serde::de::DeserializeOwned);
        #[cfg(feature = "rusqlite")]
        cell!($directly, PhoneNumber<$purpose>: rusqlite::types::FromSql);
        #[cfg(feature = "rusqlite")]
        cell!($directly, EmailAddress<$purpose>: rusqlite::types::FromSql);

        #[cfg(feature = "serde")]
        assert_impl_all!(crate::Stored<PhoneNumber<$purpose>>: serde::de::DeserializeOwned);
        #[cfg(feature = "rusqlite")]
        assert_impl_all!(crate::Stored<EmailAddress<$purpose>>: rusqlite::types::FromSql);

        #[cfg(feature = "serde")]
        assert_not_impl_any!(PhoneNumber<$purpose>: serde::Serialize);
        #[cfg(feature = "serde")]
        assert_not_impl_any!(EmailAddress<$purpose>: serde::Serialize);
        #[cfg(feature = "rusqlite")]
        assert_not_impl_any!(PhoneNumber<$purpose>: rusqlite::types::ToSql);
        #[cfg(feature = "rusqlite")]
        assert_not_impl_any!(EmailAddress<$purpose>: rusqlite::types::ToSql);
        #[cfg(feature = "serde")]
        assert_impl_all!(crate::StoredForm<'static, PhoneNumber<$purpose>>: serde::Serialize);
        #[cfg(feature = "rusqlite")]
        assert_impl_all!(crate::StoredForm<'static, EmailAddress<$purpose>>: rusqlite::types::ToSql);
    };
}

/// Whether `$ty` implements `$trait`, as a `const` bool. `Probe<$ty>` has an
/// inherent `IMPLEMENTS` only where the bound holds, and a path prefers it
/// to the `false` every type has through `Otherwise`.
macro_rules! implements {
    ($ty:ty: $trait:path) => {{
        // Of the two `IMPLEMENTS`, the path uses one; the other is dead.
        #[allow(dead_code, reason = "unused where `$ty` implements `$trait`")]
        trait Otherwise {
            const IMPLEMENTS: bool = false;
        }
        impl<T: ?Sized> Otherwise for T {}
        #[allow(dead_code, reason = "a type to resolve a path on, never made")]
        struct Probe<T: ?Sized>(core::marker::PhantomData<T>);
        impl<T: ?Sized + $trait> Probe<T> {
            #[allow(dead_code, reason = "unused where `$ty` does not implement `$trait`")]
            const IMPLEMENTS: bool = true;
        }
        <Probe<$ty>>::IMPLEMENTS
    }};
}

/// The capability matrix of the purposes table, for both kinds of
/// identifier: each row's collection, every capability its row grants, and
/// no other; and each set's grants, the union of its members'.
macro_rules! matrix {
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
            collected_by!($collection, $name);
            row!($name, [$($grant),*]);
        )*
        $(
            collected_by!(CollectedWithoutConsent, ($($member,)+));
            row!(($($member,)+), [$($set_grant),*]);
            const _: () = assert!(
                is_union(
                    <($($member,)+) as SealedPurpose>::GRANTS,
                    &[$(<$member as SealedPurpose>::GRANTS),+],
                ),
                concat!("`", $set_name, "` grants other than the union of its members' grants"),
            );
        )*
    };
}

/// One row of the matrix: the capabilities the row grants, and for every
/// capability of the list, implemented exactly where it is granted.
macro_rules! row {
    ($purpose:ty, [$($grant:ident),*]) => {
        $(
            assert_impl_all!(PhoneNumber<$purpose>: crate::$grant);
            assert_impl_all!(EmailAddress<$purpose>: crate::$grant);
        )*
        capability_list!(only_granted PhoneNumber<$purpose>);
        capability_list!(only_granted EmailAddress<$purpose>);
    };
}

/// For one identifier type, every capability of the list: implemented if
/// the purpose's row grants it, and not implemented otherwise.
macro_rules! only_granted {
    (($ty:ty) $($(#[$doc:meta])* $name:ident = $str:literal, uses: $uses:literal, method: $method:ident;)*) => {$(
        const _: () = assert!(
            implements!($ty: crate::$name)
                == Capability::$name.is_in(<<$ty as Identifier>::Purpose as SealedPurpose>::GRANTS),
            concat!(
                "`", stringify!($ty), ": ", stringify!($name),
                "` disagrees with the purposes table",
            ),
        );
    )*};
}

/// Whether `set` grants exactly the capabilities some member grants.
const fn is_union(set: &[Capability], members: &[&[Capability]]) -> bool {
    let mut all = Capability::ALL;
    while let [capability, rest @ ..] = all {
        let mut by_member = false;
        let mut each = members;
        while let [member, others @ ..] = each {
            by_member |= capability.is_in(member);
            each = others;
        }
        if capability.is_in(set) != by_member {
            return false;
        }
        all = rest;
    }
    true
}

purpose_table!(matrix);

/// Which purposes a set narrows to: its members and smaller sets within
/// it; never the other way, never outside.
macro_rules! within {
    ($($narrow:ty => [$($set:ty),*] not [$($other:ty),*];)*) => {$(
        $(assert_impl_all!($narrow: Within<$set>);)*
        $(assert_not_impl_any!($narrow: Within<$other>);)*
    )*};
}

within! {
    TwoFactor => [(TwoFactor, AccountRecovery), (TwoFactor, AccountNotice), (TwoFactor, AccountRecovery, AccountNotice)]
        not [TwoFactor, AccountRecovery, (AccountRecovery, AccountNotice), Marketing];
    AccountRecovery => [(TwoFactor, AccountRecovery), (AccountRecovery, AccountNotice), (TwoFactor, AccountRecovery, AccountNotice)]
        not [(TwoFactor, AccountNotice), Advertising];
    AccountNotice => [(TwoFactor, AccountNotice), (AccountRecovery, AccountNotice), (TwoFactor, AccountRecovery, AccountNotice)]
        not [(TwoFactor, AccountRecovery), Marketing];
    (TwoFactor, AccountRecovery) => [(TwoFactor, AccountRecovery, AccountNotice)] not [TwoFactor, (TwoFactor, AccountNotice)];
    (TwoFactor, AccountNotice) => [(TwoFactor, AccountRecovery, AccountNotice)] not [AccountNotice];
    (AccountRecovery, AccountNotice) => [(TwoFactor, AccountRecovery, AccountNotice)] not [AccountRecovery];
    (TwoFactor, AccountRecovery, AccountNotice) => [] not [TwoFactor, (TwoFactor, AccountNotice)];
    Marketing => [] not [Marketing, Advertising, (TwoFactor, AccountNotice)];
}

/// What every identifier of every purpose has, and never has.
macro_rules! identifier {
    ($kind:ident<$purpose:ty>, $channel:ty) => {
        assert_impl_all!($purpose: Purpose);
        assert_not_impl_any!($purpose: crate::WrittenImplicitly);
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
    ($($purpose:ty),*) => {$(
        identifier!(PhoneNumber<$purpose>, Sms);
        identifier!(EmailAddress<$purpose>, Mail);
        const _: () = assert!(
            size_of::<PhoneNumber<$purpose>>() <= 32,
            "a phone number is held inline in at most 32 bytes, its subject tag included",
        );
    )*};
}

every_identifier!(
    TwoFactor,
    AccountRecovery,
    AccountNotice,
    Marketing,
    Advertising,
    ContactUpload,
    Discoverable,
    (TwoFactor, AccountRecovery),
    (TwoFactor, AccountNotice),
    (AccountRecovery, AccountNotice),
    (TwoFactor, AccountRecovery, AccountNotice)
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
    ($first:ty $(, $rest:ty)*) => {
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
    Advertising,
    ContactUpload,
    Discoverable,
    (TwoFactor, AccountRecovery),
    (TwoFactor, AccountNotice),
    (AccountRecovery, AccountNotice),
    (TwoFactor, AccountRecovery, AccountNotice)
);

// A consent is for one purpose, and so is the record it is made from.
apart!(Consent<Marketing>, Consent<Advertising>);
apart!(
    crate::ConsentRecord<Marketing>,
    crate::ConsentRecord<Advertising>
);
apart!(
    crate::ConsentRecord<Marketing>,
    crate::ConsentRecord<Discoverable>
);
assert_not_impl_any!(Consent<Advertising>: From<crate::ConsentRecord<Marketing>>);

// The time of use comes from a clock: the system's, a service's shared one
// (also as a trait object), or a `Duration` stopped at an instant.
assert_impl_all!(core::time::Duration: crate::Clock);
assert_impl_all!(&'static dyn crate::Clock: crate::Clock, Send, Sync);
assert_impl_all!(Box<dyn crate::Clock>: crate::Clock, Send, Sync);
assert_impl_all!(alloc::sync::Arc<dyn crate::Clock>: crate::Clock, Send, Sync);
#[cfg(feature = "std")]
assert_impl_all!(crate::SystemClock: crate::Clock, Copy, Debug, Default, Send, Sync);

// A one-time code is sent once and verified where it was made.
assert_impl_all!(OtpCode: Debug, ZeroizeOnDrop, Send, Sync, Unpin);
assert_not_impl_any!(OtpCode: Clone);
assert_not_impl_any!(OtpCode: Copy);
assert_not_impl_any!(OtpCode: Display);
assert_not_impl_any!(OtpCode: Default);
// Nor is it hashed: a `Hasher` the caller supplies could record it.
assert_not_impl_any!(OtpCode: Hash);

// A match key is still personal data.
assert_impl_all!(MatchKey: Debug, Eq, Hash, ConstantTimeEq, ZeroizeOnDrop, Send, Sync);
assert_not_impl_any!(MatchKey: Display);
assert_not_impl_any!(MatchKey: Copy);
assert_not_impl_any!(MatchKey: Default);
assert_not_impl_any!(MatchKey: AsRef<str>);

// The recipient a transport gets: masked, one way to the raw value.
assert_impl_all!(crate::Recipient<'static, Sms>: Debug, Send, Sync);
assert_not_impl_any!(crate::Recipient<'static, Sms>: Display, Clone, AsRef<str>, Into<String>);
assert_impl_all!(crate::OwnedRecipient<Mail>: Debug, ZeroizeOnDrop, Send, Sync);
// Nor does `Hash` reach the raw value through a recipient or a stored value.
assert_not_impl_any!(crate::Recipient<'static, Sms>: Hash);
assert_not_impl_any!(crate::OwnedRecipient<Mail>: Hash);
assert_not_impl_any!(crate::Stored<PhoneNumber<Marketing>>: Hash);

/// A recipient is `Send` and `Sync` in code generic over the channel too,
/// so an async transport generic over it has `Send` futures.
#[expect(
    dead_code,
    reason = "compiled, never called: the bounds are the assertion"
)]
fn recipients_are_send_and_sync<C: crate::Channel>() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<crate::Recipient<'static, C>>();
    send_sync::<crate::OwnedRecipient<C>>();
    send_sync::<crate::Message<'static>>();
}
assert_not_impl_any!(crate::OwnedRecipient<Mail>: Display, Clone, AsRef<str>, Into<String>);

// A gateway chosen at run time: the dyn-compatible form of every `Send`
// async transport is an async transport again, boxed or borrowed, and `Send`.
assert_impl_all!(dyn crate::DynAsyncTransport<Sms, Error = ()>: crate::AsyncTransport<Sms>, Send);
assert_impl_all!(Box<dyn crate::DynAsyncTransport<Mail, Error = ()>>: crate::AsyncTransport<Mail>, crate::DynAsyncTransport<Mail>, Send);

// An account notice is one of the `Notice` kinds, never text.
assert_impl_all!(crate::Notice: crate::AsNotice, Debug, Clone, Copy, Eq, Send, Sync);
assert_not_impl_any!(str: crate::AsNotice);
assert_not_impl_any!(&'static str: crate::AsNotice);
assert_not_impl_any!(String: crate::AsNotice);
assert_not_impl_any!(crate::Notice: Display, Default, From<&'static str>, From<String>);

// The stored-form view and a stored value awaiting its consent.
assert_impl_all!(crate::StoredForm<'static, PhoneNumber<TwoFactor>>: Debug, Display);
assert_impl_all!(crate::Stored<PhoneNumber<Marketing>>: Debug, FromStr);
assert_not_impl_any!(crate::Stored<PhoneNumber<Marketing>>: Clone, Display, Into<PhoneNumber<Marketing>>);

// `#[serde(with = "purpose_bound::stored")]` writes every shape of every
// purpose, and reads the owned shapes only where the purpose is collected
// without consent; a borrowed identifier is never read.
#[cfg(feature = "serde")]
mod stored_fields {
    use super::*;
    use crate::stored::{Field, ReadField};

    assert_impl_all!(PhoneNumber<Marketing>: Field);
    assert_impl_all!(&'static EmailAddress<Advertising>: Field);
    assert_impl_all!(Option<PhoneNumber<Marketing>>: Field);
    assert_impl_all!(Vec<EmailAddress<Advertising>>: Field);
    assert_impl_all!(Option<Vec<&'static PhoneNumber<TwoFactor>>>: Field);
    assert_impl_all!(PhoneNumber<TwoFactor>: ReadField<'static>);
    assert_impl_all!(Option<EmailAddress<AccountRecovery>>: ReadField<'static>);
    assert_impl_all!(Vec<PhoneNumber<(TwoFactor, AccountNotice)>>: ReadField<'static>);
    assert_impl_all!(Option<Vec<EmailAddress<ContactUpload>>>: ReadField<'static>);
    assert_not_impl_any!(PhoneNumber<Marketing>: ReadField<'static>);
    assert_not_impl_any!(Option<PhoneNumber<Marketing>>: ReadField<'static>);
    assert_not_impl_any!(Vec<EmailAddress<Advertising>>: ReadField<'static>);
    assert_not_impl_any!(Option<EmailAddress<Discoverable>>: ReadField<'static>);
    assert_not_impl_any!(&'static PhoneNumber<TwoFactor>: ReadField<'static>);
    assert_not_impl_any!(String: Field);
    assert_not_impl_any!(Option<String>: Field);
}

// Sealed values are safe to log and compare; keys never show or copy.
#[cfg(feature = "seal")]
assert_impl_all!(crate::Sealed<PhoneNumber<Advertising>>: Debug, Display, Clone, Eq, Hash, Send, Sync);
#[cfg(feature = "seal")]
assert_not_impl_any!(crate::Sealed<PhoneNumber<Advertising>>: Into<PhoneNumber<Advertising>>);
#[cfg(feature = "seal")]
assert_impl_all!(crate::Keyring: Debug, Send, Sync);
#[cfg(feature = "seal")]
assert_not_impl_any!(crate::Keyring: Clone, Display, Default, Hash);

// Each purpose has its own sealing keys: a keyring holds every purpose's,
// a keyset one purpose's, so the audience job's `Keyset<Advertising>`
// cannot even be asked to open a two-factor value (ui-tests/
// keyset-open-other-purpose.rs).
#[cfg(feature = "seal")]
assert_impl_all!(crate::Keyring: crate::SealingKeys<TwoFactor>, crate::SealingKeys<Advertising>, crate::SealingKeys<(TwoFactor, AccountNotice)>);
#[cfg(feature = "seal")]
assert_impl_all!(crate::Keyset<Advertising>: crate::SealingKeys<Advertising>, Debug, Send, Sync);
#[cfg(feature = "seal")]
assert_not_impl_any!(crate::Keyset<Advertising>: crate::SealingKeys<TwoFactor>, crate::SealingKeys<Marketing>, crate::SealingKeys<AccountNotice>, crate::SealingKeys<Discoverable>, Clone, Display, Default);
#[cfg(feature = "seal")]
assert_not_impl_any!(crate::Keyset<TwoFactor>: crate::SealingKeys<(TwoFactor, AccountNotice)>, crate::SealingKeys<Advertising>);

// Key material comes in a form the crate wipes: a `Copy` array, or a
// shared borrow of one, would leave a copy behind (ui-tests/
// keyring-new-copy-array.rs).
assert_impl_all!(&'static mut [u8; 32]: crate::KeyMaterial);
assert_impl_all!(zeroize::Zeroizing<[u8; 32]>: crate::KeyMaterial);
assert_not_impl_any!([u8; 32]: crate::KeyMaterial);
assert_not_impl_any!(&'static [u8; 32]: crate::KeyMaterial);
assert_not_impl_any!(Vec<u8>: crate::KeyMaterial);

// A contact lookup: one discovery key per enabled key of the ring,
// redacted like each of them.
assert_impl_all!(crate::ContactLookup: Debug, Clone, Eq, Hash, Send, Sync);
assert_not_impl_any!(crate::ContactLookup: Display, Copy);

// A lookup key and its digests: redacted, compared in constant time, no
// text form.
assert_impl_all!(crate::LookupKey: Debug, Clone, Eq, Hash, Send, Sync);
assert_not_impl_any!(crate::LookupKey: Display, Copy, Default);
assert_impl_all!(crate::LookupDigest: Debug, Clone, Eq, Hash, ConstantTimeEq, ZeroizeOnDrop, Send, Sync);
assert_not_impl_any!(crate::LookupDigest: Display, Copy, Default, AsRef<str>);

// A subject: compared in constant time, no default, no text form of its id.
assert_impl_all!(crate::Subject: Debug, Clone, Eq, Hash, ConstantTimeEq, Send, Sync);
assert_not_impl_any!(crate::Subject: Display, Copy, Default, AsRef<str>, From<&'static str>);
assert_impl_all!(crate::SubjectTag: Debug, Display, Copy, Eq, Hash, Send, Sync);

// A challenge has one state, the one in the store: it is not copied. Its
// text form holds no secret; its `Debug` shows no MAC.
assert_impl_all!(crate::Challenge<PhoneNumber<TwoFactor>>: Debug, Display, FromStr, Send, Sync, Unpin);
assert_not_impl_any!(crate::Challenge<PhoneNumber<TwoFactor>>: Clone, Copy, Default, PartialEq, Hash);

/// Adoption: no consent adopts an uploaded contact, given by someone other
/// than the person it belongs to.
macro_rules! adoptable {
    ($($purpose:ty: $adoptable:ident;)*) => {$(
        cell!($adoptable, $purpose: crate::GivenByOwner);
    )*};
}

adoptable! {
    TwoFactor:                                   yes;
    AccountRecovery:                             yes;
    AccountNotice:                               yes;
    Marketing:                                   yes;
    Advertising:                                 yes;
    ContactUpload:                               no;
    Discoverable:                                yes;
    (TwoFactor, AccountRecovery):                yes;
    (TwoFactor, AccountNotice):                  yes;
    (AccountRecovery, AccountNotice):            yes;
    (TwoFactor, AccountRecovery, AccountNotice): yes;
}

/// Adoption into a consent purpose: from every purpose the person gave,
/// never from an uploaded contact, and never into the purpose the value
/// already has (its own consent binds it).
macro_rules! adopt_into {
    ($($purpose:ty: $marketing:ident $advertising:ident $discoverable:ident;)*) => {$(
        cell!($marketing, $purpose: crate::AdoptInto<Marketing>);
        cell!($advertising, $purpose: crate::AdoptInto<Advertising>);
        cell!($discoverable, $purpose: crate::AdoptInto<Discoverable>);
    )*};
}

adopt_into! {
    //                                           Marketing Advertising Discoverable
    TwoFactor:                                   yes       yes         yes;
    AccountRecovery:                             yes       yes         yes;
    AccountNotice:                               yes       yes         yes;
    Marketing:                                   no        yes         yes;
    Advertising:                                 yes       no          yes;
    ContactUpload:                               no        no          no;
    Discoverable:                                yes       yes         no;
    (TwoFactor, AccountRecovery):                yes       yes         yes;
    (TwoFactor, AccountNotice):                  yes       yes         yes;
    (AccountRecovery, AccountNotice):            yes       yes         yes;
    (TwoFactor, AccountRecovery, AccountNotice): yes       yes         yes;
}

// A discovery key is a keyed pseudonym: redacted, compared in constant time.
assert_impl_all!(crate::DiscoveryKey: Debug, Clone, Eq, Hash, ConstantTimeEq, ZeroizeOnDrop, Send, Sync);
assert_not_impl_any!(crate::DiscoveryKey: Display, Copy, Default, AsRef<str>);

// Marketing goes through a `MarketingTransport`: every mail transport, and
// to a phone number only an SMS gateway paired with the application's
// reassigned-number check, blocking or async, also a gateway chosen at run
// time. A bare SMS gateway is none (its message: `ui-tests/send-marketing-
// to-phone-without-reassigned-check.stderr`).
type SmsGateway = dyn crate::Transport<Sms, Error = ()>;
type MailGateway = dyn crate::Transport<Mail, Error = ()>;
type AsyncSmsGateway = dyn crate::DynAsyncTransport<Sms, Error = ()>;
type AsyncMailGateway = dyn crate::DynAsyncTransport<Mail, Error = ()>;
type Rnd = dyn crate::ReassignedCheck<Error = ()>;
type AsyncRnd = Box<dyn AsyncRndCheck>;
/// A dyn-free stand-in for an async check: `AsyncReassignedCheck` returns
/// `impl Future`, so its assertions use a concrete check.
trait AsyncRndCheck: Send {}
impl crate::AsyncReassignedCheck for Box<dyn AsyncRndCheck> {
    type Error = ();
    async fn check(
        &mut self,
        _: crate::Recipient<'_, Sms>,
        _: core::time::Duration,
    ) -> Result<crate::Reassignment, ()> {
        Ok(crate::Reassignment::NoData)
    }
}
assert_impl_all!(MailGateway: crate::MarketingTransport<Mail>);
assert_impl_all!(AsyncMailGateway: crate::AsyncMarketingTransport<Mail>);
assert_impl_all!(crate::CheckedSms<'static, SmsGateway, Rnd>: crate::MarketingTransport<Sms>, Debug);
assert_impl_all!(crate::CheckedSms<'static, AsyncSmsGateway, AsyncRnd>: crate::AsyncMarketingTransport<Sms>, Send);
assert_impl_all!(crate::CheckedSms<'static, Box<AsyncSmsGateway>, AsyncRnd>: crate::AsyncMarketingTransport<Sms>, Send);
assert_not_impl_any!(SmsGateway: crate::MarketingTransport<Sms>);
assert_not_impl_any!(AsyncSmsGateway: crate::AsyncMarketingTransport<Sms>);
// A check alone is no gateway, and a blocking check does not serve async sends.
assert_not_impl_any!(crate::CheckedSms<'static, AsyncSmsGateway, Rnd>: crate::AsyncMarketingTransport<Sms>);
assert_not_impl_any!(crate::CheckedSms<'static, SmsGateway, Rnd>: crate::MarketingTransport<Mail>);
// The answer is a plain value.
assert_impl_all!(crate::Reassignment: Debug, Clone, Copy, Eq, Hash, Send, Sync);
assert_not_impl_any!(crate::Reassignment: Default);
