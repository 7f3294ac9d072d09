//! sqlx's rows of the impl matrix (the rest is in the library's
//! `src/assertions.rs`), which need sqlx's SQLite and PostgreSQL types:
//! identifiers of purposes collected without consent decode directly, those
//! of consent purposes only as `Stored<…>`, and none encodes implicitly.
//! Nothing here runs; a wrong impl stops the build of this test. The
//! matching compiler messages are in `ui-tests/`.

use purpose_bound::{
    AccountNotice, AccountRecovery, Advertising, ContactUpload, Discoverable, EmailAddress,
    Marketing, PhoneNumber, Stored, TwoFactor,
};
use sqlx::{Decode, Encode, Postgres, Sqlite};
use static_assertions::{assert_impl_all, assert_not_impl_any};

/// One cell: `yes` asserts the impl, `no` its absence.
macro_rules! cell {
    (yes, $ty:ty: $trait:path) => {
        assert_impl_all!($ty: $trait);
    };
    (no, $ty:ty: $trait:path) => {
        assert_not_impl_any!($ty: $trait);
    };
}

/// Whether identifiers of `$purpose` are decoded directly; every one is
/// decoded as a `Stored<…>`, and none is encoded implicitly.
macro_rules! read_back {
    ($($purpose:ty: $directly:ident;)*) => {$(
        cell!($directly, PhoneNumber<$purpose>: Decode<'static, Sqlite>);
        cell!($directly, EmailAddress<$purpose>: Decode<'static, Sqlite>);
        cell!($directly, PhoneNumber<$purpose>: Decode<'static, Postgres>);
        cell!($directly, EmailAddress<$purpose>: Decode<'static, Postgres>);

        assert_impl_all!(Stored<PhoneNumber<$purpose>>: Decode<'static, Sqlite>, Decode<'static, Postgres>);
        assert_impl_all!(Stored<EmailAddress<$purpose>>: Decode<'static, Sqlite>, Decode<'static, Postgres>);

        assert_not_impl_any!(PhoneNumber<$purpose>: Encode<'static, Sqlite>, Encode<'static, Postgres>);
        assert_not_impl_any!(EmailAddress<$purpose>: Encode<'static, Sqlite>, Encode<'static, Postgres>);
    )*};
}

read_back! {
    TwoFactor: yes;
    AccountRecovery: yes;
    AccountNotice: yes;
    ContactUpload: yes;
    (TwoFactor, AccountRecovery): yes;
    (TwoFactor, AccountNotice): yes;
    (AccountRecovery, AccountNotice): yes;
    (TwoFactor, AccountRecovery, AccountNotice): yes;
    Marketing: no;
    Advertising: no;
    Discoverable: no;
}
