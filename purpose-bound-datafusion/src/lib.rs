#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod args;
mod audience_key;
#[cfg(feature = "ballista")]
mod ballista;
mod counts;
mod discovery_key;
mod keys;
mod schema;

pub use audience_key::AudienceKeyFunc;
#[cfg(feature = "ballista")]
#[cfg_attr(docsrs, doc(cfg(feature = "ballista")))]
pub use ballista::ballista_registry;
pub use counts::{Outcome, RowCounts};
pub use discovery_key::{DiscoveryKeyFunc, LookupKeyFunc};
pub use schema::{KIND_KEY, PURPOSE_KEY, SealedColumn, sealed_field};

/// The `datafusion` crate these functions are built for.
pub use datafusion;
