//! [`Capability`]: the names of the uses an identifier's raw value is handed
//! over for, and the capability list every list of capabilities is made
//! from. A plain enum, known to the purposes that grant each use and to the
//! audit events of the boundary, below the capability traits it names.

/// The capability list: one line a capability, in the order the purposes
/// table and the compiler's notes list them.
///
/// Each line gives the capability's trait (which is also its
/// [`Capability`] variant and its grant in `sealed::grants`), its name in
/// audit events (the trait's name in snake case), the uses the compiler's
/// notes call it by, and the method that hands the value over.
/// `capability_list!(then)` calls `then!` with the lines, and
/// `capability_list!(then args…)` with `(args…)` before them, so that the
/// enum here, the grants, the crate's assertions and the test of the notes
/// are made from the same lines.
macro_rules! capability_list {
    ($then:ident $($args:tt)*) => {
        $then! {
            ($($args)*)
            /// A one-time code, by [`SendOtp`](crate::SendOtp).
            SendOtp = "send_otp", uses: "one-time codes", method: send_otp;
            /// An account notice, by [`SendAccountNotice`](crate::SendAccountNotice).
            SendAccountNotice = "send_account_notice", uses: "account notices", method: send_account_notice;
            /// Marketing, by [`SendMarketing`](crate::SendMarketing).
            SendMarketing = "send_marketing", uses: "marketing", method: send_marketing;
            /// An audience match key, by [`MatchAudience`](crate::MatchAudience).
            MatchAudience = "match_audience", uses: "audience match keys", method: match_key;
            /// A discovery key of an identifier its owner let be found, by
            /// [`BeFound`](crate::BeFound).
            BeFound = "be_found", uses: "being found", method: discovery_key;
            /// The lookup of an uploaded contact, by [`FindContacts`](crate::FindContacts).
            FindContacts = "find_contacts", uses: "finding contacts", method: contact_lookup;
        }
    };
}
pub(crate) use capability_list;

/// The enum, its names and its list, from the capability list.
macro_rules! capability_enum {
    (() $($(#[$doc:meta])* $name:ident = $str:literal, uses: $uses:literal, method: $method:ident;)*) => {
        /// A capability: the use an identifier's raw value is handed over for.
        ///
        /// Each variant is named as the capability's trait, and
        /// [`as_str`](Self::as_str) is that name in snake case:
        /// `Capability::SendMarketing`, [`SendMarketing`](crate::SendMarketing),
        /// `"send_marketing"`.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Capability {
            $($(#[$doc])* $name,)*
        }

        impl Capability {
            /// Every capability, in the order of the capability matrix.
            ///
            /// # Examples
            ///
            /// ```
            /// use purpose_bound::Capability;
            ///
            /// assert_eq!(Capability::ALL[0], Capability::SendOtp);
            /// assert!(Capability::ALL.contains(&Capability::FindContacts));
            /// ```
            pub const ALL: &'static [Self] = &[$(Self::$name),*];

            /// The capability's name in audit events: its trait's name in
            /// snake case.
            ///
            #[doc = concat!($("- `Capability::", stringify!($name), "`: `\"", $str, "\"`\n",)*)]
            ///
            /// # Examples
            ///
            /// ```
            /// use purpose_bound::Capability;
            ///
            /// assert_eq!(Capability::SendOtp.as_str(), "send_otp");
            /// assert_eq!(Capability::SendMarketing.as_str(), "send_marketing");
            /// ```
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Self::$name => $str,)*
                }
            }

            /// Whether `self` is among `capabilities`.
            pub(crate) const fn is_in(self, capabilities: &[Self]) -> bool {
                let mut rest = capabilities;
                while let [first, tail @ ..] = rest {
                    // `==` is not `const`; comparing discriminants is.
                    if *first as u8 == self as u8 {
                        return true;
                    }
                    rest = tail;
                }
                false
            }

            /// The capability's trait, as its name is written.
            #[cfg(test)]
            pub(crate) const fn trait_name(self) -> &'static str {
                match self {
                    $(Self::$name => stringify!($name),)*
                }
            }

            /// The uses the compiler's notes call the capability by.
            #[cfg(test)]
            pub(crate) const fn uses(self) -> &'static str {
                match self {
                    $(Self::$name => $uses,)*
                }
            }

            /// The method that hands the raw value over.
            #[cfg(test)]
            pub(crate) const fn method(self) -> &'static str {
                match self {
                    $(Self::$name => stringify!($method),)*
                }
            }
        }
    };
}

capability_list!(capability_enum);

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use super::Capability;

    /// `SendAccountNotice` as `send_account_notice`.
    fn snake_case(name: &str) -> String {
        let mut out = String::new();
        for c in name.chars() {
            if c.is_ascii_uppercase() && !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    #[test]
    fn each_capability_has_one_name_the_trait_s_in_snake_case() {
        for (at, capability) in Capability::ALL.iter().enumerate() {
            assert_eq!(capability.as_str(), snake_case(capability.trait_name()));
            assert_eq!(alloc::format!("{capability:?}"), capability.trait_name());
            assert!(
                !Capability::ALL[..at].contains(capability),
                "`{capability:?}` is listed twice"
            );
        }
        assert_eq!(snake_case("SendAccountNotice"), "send_account_notice");
    }
}
