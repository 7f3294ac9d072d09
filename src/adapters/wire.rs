//! serde support: identifiers read back in their stored form, written only
//! where a field opts in, consents, and the intake adaptor for bare user
//! input. One file per adaptor: the identifiers' impls ([`identifiers`]),
//! the field module `stored` ([`stored`]), bare input ([`intake`]),
//! consents and their records ([`consent`]), values kept as bytes
//! ([`binary`]), and what the text readers share ([`text`]).

mod binary;
mod consent;
mod identifiers;
pub(crate) mod intake;
pub mod stored;
mod text;
