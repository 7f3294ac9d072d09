//! Advertising audiences: the [`MatchAudience`](crate::MatchAudience)
//! capability and a whole audience's export ([`match_audience`]), under a
//! live `Consent<Advertising>`, and the match keys it yields for each
//! platform ([`match_key`]).
//!
//! Granted in the purposes table to `Advertising`.

pub(crate) mod match_audience;
pub(crate) mod match_key;
