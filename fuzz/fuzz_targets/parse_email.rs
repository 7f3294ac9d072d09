//! `EmailAddress::parse` on arbitrary input: it never panics, an accepted
//! address's canonical form is the trimmed input with its domain lowercased
//! and parses to itself, and an error points inside the input.

#![no_main]

use std::convert::Infallible;

use libfuzzer_sys::fuzz_target;
use purpose_bound::{
    AccountNotice, EmailAddress, EmailErrorKind, Mail, Message, Recipient, Transport,
};

type Email = EmailAddress<AccountNotice>;

/// Records the address a message is sent to: the canonical form.
struct Captured(String);

impl Transport<Mail> for Captured {
    type Error = Infallible;

    fn send(&mut self, to: Recipient<'_, Mail>, _: Message<'_>) -> Result<(), Infallible> {
        to.expose_secret().clone_into(&mut self.0);
        Ok(())
    }
}

/// A notice to send: the transport only captures the recipient.
const NOTICE: purpose_bound::Notice = purpose_bound::Notice::PasswordChanged {
    at: std::time::Duration::ZERO,
};

fn canonical(email: &Email) -> String {
    let mut recipient = Captured(String::new());
    let Ok(()) = email.send_account_notice(&mut recipient, &NOTICE);
    recipient.0
}

fuzz_target!(|data: &[u8]| {
    // Invalid UTF-8 becomes U+FFFD, so every input exercises the parser.
    let input = String::from_utf8_lossy(data);
    match Email::parse(&input) {
        Ok(email) => {
            let canon = canonical(&email);
            assert!(canon.is_ascii() && canon.len() <= 254);
            let (local, domain) = canon.split_once('@').expect("an @");
            assert!(!local.is_empty() && local.len() <= 64);
            assert!(domain.contains('.') && domain.split('.').all(|l| (1..=63).contains(&l.len())));
            assert_eq!(domain, domain.to_ascii_lowercase());

            let trimmed = input.trim();
            let (typed_local, typed_domain) = trimmed.split_once('@').expect("an @");
            assert_eq!(typed_local, local);
            assert!(typed_domain.eq_ignore_ascii_case(domain));

            let again = Email::parse(&canon).expect("the canonical form parses");
            assert!(again == email);
            assert_eq!(canonical(&again), canon);
        }
        Err(err) => {
            match err.position() {
                Some(position) => assert!(position < input.chars().count()),
                None => assert!(matches!(
                    err.kind(),
                    EmailErrorKind::Empty | EmailErrorKind::MissingAt
                )),
            }
            let message = err.to_string();
            assert!(message.starts_with("invalid email address: ") && message.is_ascii());
        }
    }
});
