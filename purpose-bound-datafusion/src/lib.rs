#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod args;
mod audience_key;
#[cfg(feature = "ballista")]
mod ballista;
mod discovery_key;
mod export;
mod keys;
mod outcome;
mod schema;

pub use audience_key::AudienceKeyFunc;
#[cfg(feature = "ballista")]
#[cfg_attr(docsrs, doc(cfg(feature = "ballista")))]
pub use ballista::ballista_registry;
pub use discovery_key::{DiscoveryKeyFunc, LookupKeyFunc};
pub use export::{ExportReport, ExportSink};
pub use outcome::Outcome;
pub use schema::{KIND_KEY, PURPOSE_KEY, SealedColumn, sealed_field};

/// The `datafusion` crate these functions are built for.
pub use datafusion;
/// The consent ledger the functions read, `purpose-bound-store`.
pub use purpose_bound_store;
