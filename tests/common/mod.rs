//! What the integration tests share: the instants consents are given and
//! used at, consent records and consents, the keyring, and capture
//! transports. A test file declares `mod common;` (the members' tests
//! `#[path = "../../tests/common/mod.rs"] mod common;`) and names each
//! helper through it, `common::consent::<Marketing>(7)`, so that a change to
//! how a consent record or a keyring is made is one edit here.
//!
//! Cargo builds every file directly in `tests/` as a test crate of its own;
//! a folder's `mod.rs` is the layout it leaves alone, so this module is
//! compiled into each test that names it and is no test of its own.

#![allow(
    dead_code,
    unused_imports,
    reason = "each test crate uses a part of the helpers"
)]
#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a helper fails its test loudly on an unexpected error"
)]

mod clock;
mod consents;
mod keyrings;
mod transports;

pub(crate) use clock::{GIVEN, NOW};
pub(crate) use consents::{
    FIELDS, Fields, Owned, SUBJECT, consent, consent_with, record, record_with, subject,
};
pub(crate) use keyrings::{KEY, keyring};
pub(crate) use transports::{Down, Outbox, Rnd, Sent, recipient_of};
