//! Account notices: the [`SendAccountNotice`](crate::SendAccountNotice)
//! capability ([`send_account_notice`]) and what a notice may say, a closed
//! set of typed kinds ([`kinds`]).
//!
//! Granted in the purposes table to `AccountNotice`.

pub(crate) mod kinds;
pub(crate) mod send_account_notice;
