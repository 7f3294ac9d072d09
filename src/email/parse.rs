//! Reading email addresses from text. (Provisional: replaced by the RFC 5321/5322 parser.)

use alloc::boxed::Box;
use alloc::string::String;

use super::error::{EmailError, EmailErrorKind};

/// Parses an addr-spec into its canonical form: trimmed, domain lowercased.
pub(crate) fn parse(input: &str) -> Result<Box<str>, EmailError> {
    let input = input.trim();
    if input.is_empty() {
        return Err(EmailError::new(EmailErrorKind::Empty, None));
    }
    let Some(at) = input.rfind('@') else {
        return Err(EmailError::new(EmailErrorKind::MissingAt, None));
    };
    let (local, domain) = (&input[..at], &input[at + 1..]);
    if local.is_empty() || domain.is_empty() {
        return Err(EmailError::new(EmailErrorKind::InvalidCharacter, Some(at)));
    }
    let mut canonical = String::with_capacity(input.len());
    canonical.push_str(local);
    canonical.push('@');
    canonical.extend(domain.chars().map(|c| c.to_ascii_lowercase()));
    Ok(canonical.into_boxed_str())
}
