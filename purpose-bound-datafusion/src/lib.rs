#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod args;
mod audience_key;
mod counts;
mod discovery_key;
mod keys;
mod schema;

pub use audience_key::AudienceKey;
pub use counts::{Outcome, RowCounts};
pub use discovery_key::{DiscoveryKey, LookupKey};
pub use schema::{KIND_KEY, PURPOSE_KEY, SealedColumn, sealed_field};

/// The `datafusion` crate these functions are built for.
pub use datafusion;
