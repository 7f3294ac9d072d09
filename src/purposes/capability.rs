//! [`Capability`]: the names of the uses an identifier's raw value is handed
//! over for. A plain enum, known to the purposes that grant each use and to
//! the audit events of the boundary, below the capability traits it names.

/// A capability: the use an identifier's raw value is handed over for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Capability {
    /// A one-time code, by [`SendOtp`](crate::SendOtp).
    OneTimeCode,
    /// An account notice, by [`SendAccountNotice`](crate::SendAccountNotice).
    Notice,
    /// Marketing, by [`SendMarketing`](crate::SendMarketing).
    Promotion,
    /// An audience match key, by [`MatchAudience`](crate::MatchAudience).
    AudienceMatch,
    /// A discovery key of an identifier its owner let be found, by
    /// [`BeFound`](crate::BeFound).
    Discovery,
    /// A lookup key of an uploaded contact, by [`FindContacts`](crate::FindContacts).
    ContactLookup,
}

impl Capability {
    /// The capability's name in audit events: `"send_otp"`,
    /// `"send_account_notice"`, `"send_marketing"`, `"match_audience"`.
    ///
    /// # Examples
    ///
    /// ```
    /// assert_eq!(purpose_bound::Capability::OneTimeCode.as_str(), "send_otp");
    /// ```
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::OneTimeCode => "send_otp",
            Self::Notice => "send_account_notice",
            Self::Promotion => "send_marketing",
            Self::AudienceMatch => "match_audience",
            Self::Discovery => "be_found",
            Self::ContactLookup => "find_contacts",
        }
    }
}
