//! Reading email addresses from text: one pass over the bytes, one
//! allocation for the result, none on the error path.
//!
//! The rules, and the order in which they are checked, are documented on
//! [`EmailAddress::parse`](crate::EmailAddress::parse).

use alloc::boxed::Box;

use super::error::{EmailError, EmailErrorKind};

/// The longest local part, in octets (RFC 5321 §4.5.3.1.1).
const MAX_LOCAL_PART: usize = 64;
/// The longest address, in octets: the 256-octet path of RFC 5321
/// §4.5.3.1.3 less its angle brackets.
const MAX_ADDRESS: usize = 254;
/// The longest domain label, in octets (RFC 1035 §2.3.4).
const MAX_LABEL: usize = 63;

/// RFC 5322 `atext`: the characters of a dot-atom other than the dot.
const fn is_atext_char(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'!' | b'#'
                | b'$'
                | b'%'
                | b'&'
                | b'\''
                | b'*'
                | b'+'
                | b'-'
                | b'/'
                | b'='
                | b'?'
                | b'^'
                | b'_'
                | b'`'
                | b'{'
                | b'|'
                | b'}'
                | b'~'
        )
}

/// Class bit: RFC 5322 `atext`, allowed anywhere in a local part.
const ATEXT: u8 = 1;
/// Class bit: a letter or digit, allowed anywhere in a domain label.
const ALNUM: u8 = 2;
/// Class bit: a digit.
const DIGIT: u8 = 4;

/// The class bits of every byte, so that the loops below test a byte with
/// one load.
#[allow(
    clippy::indexing_slicing,
    reason = "evaluated at compile time, where an index out of bounds fails the build"
)]
static CLASSES: [u8; 256] = {
    let mut classes = [0u8; 256];
    // Every byte, though only ASCII bytes have a class: a bound past the
    // table fails the build.
    let mut i = 0;
    while i < classes.len() {
        let b = i as u8;
        let mut class = 0;
        if is_atext_char(b) {
            class |= ATEXT;
        }
        if b.is_ascii_alphanumeric() {
            class |= ALNUM;
        }
        if b.is_ascii_digit() {
            class |= DIGIT;
        }
        classes[i] = class;
        i += 1;
    }
    classes
};

/// The class bits of `b`.
fn class(b: u8) -> u8 {
    CLASSES.get(usize::from(b)).copied().unwrap_or(0)
}

/// A rule broken at a byte offset of the trimmed input.
struct Broken {
    kind: EmailErrorKind,
    /// Byte offset in the trimmed input of the character that broke the rule.
    at: Option<usize>,
}

const fn broken(kind: EmailErrorKind, at: usize) -> Broken {
    Broken { kind, at: Some(at) }
}

/// Which part of the address a character stands in.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Part {
    Local,
    Domain,
}

/// Parses an addr-spec into its canonical form: trimmed, domain lowercased.
pub(crate) fn parse(input: &str) -> Result<Box<str>, EmailError> {
    let start_trimmed = input.trim_start();
    let lead = input.len() - start_trimmed.len();
    let trimmed = start_trimmed.trim_end();
    if trimmed.is_empty() {
        return Err(EmailError::new(EmailErrorKind::Empty, None));
    }
    let at = scan(trimmed).map_err(|broken| {
        EmailError::new(
            broken.kind,
            broken.at.map(|offset| char_index(input, lead + offset)),
        )
    })?;
    // The one allocation, at the exact size. Everything in a valid address is
    // ASCII, so lowercasing the domain in place keeps every byte where it is
    // (from the `@` on, which lowercasing leaves as it is).
    let mut canonical = Box::<str>::from(trimmed);
    if let Some(domain) = canonical.get_mut(at..) {
        domain.make_ascii_lowercase();
    }
    Ok(canonical)
}

/// The number of characters before byte `offset` of `input`: the bytes that
/// do not continue a UTF-8 sequence. Only called on the error path.
fn char_index(input: &str, offset: usize) -> usize {
    input
        .as_bytes()
        .iter()
        .take(offset)
        .filter(|&&b| !is_utf8_continuation(b))
        .count()
}

const fn is_utf8_continuation(b: u8) -> bool {
    b & 0b1100_0000 == 0b1000_0000
}

/// Checks a trimmed, non-empty address against every rule; returns the byte
/// offset of its `@`.
fn scan(address: &str) -> Result<usize, Broken> {
    let bytes = address.as_bytes();
    let at = scan_local_part(address).map_err(|broken| {
        // An address without any `@` is reported as such, whatever else is
        // wrong with its text.
        if bytes.contains(&b'@') {
            broken
        } else {
            Broken {
                kind: EmailErrorKind::MissingAt,
                at: None,
            }
        }
    })?;
    scan_domain(address, at)?;
    Ok(at)
}

/// The dot-atom before the first `@`; returns the offset of that `@`.
fn scan_local_part(address: &str) -> Result<usize, Broken> {
    let bytes = address.as_bytes();
    let mut after_dot = false;
    // After the 64th octet only the `@` may come: the loop looks at one more.
    for (i, &b) in bytes.iter().take(MAX_LOCAL_PART + 1).enumerate() {
        if class(b) & ATEXT != 0 {
            after_dot = false;
        } else if b == b'.' {
            if i == 0 {
                return Err(broken(EmailErrorKind::LeadingDot, i));
            }
            if after_dot {
                return Err(broken(EmailErrorKind::ConsecutiveDots, i));
            }
            after_dot = true;
        } else if b == b'@' {
            if i == 0 {
                return Err(broken(EmailErrorKind::EmptyLocalPart, i));
            }
            if after_dot {
                return Err(broken(EmailErrorKind::TrailingDot, i - 1));
            }
            return Ok(i);
        } else {
            return Err(broken(classify(address, i, Part::Local), i));
        }
    }
    // The 65th octet is allowed in a local part, but is one too many. (When
    // the address is shorter, the loop saw all of it and no `@`: `scan`
    // reports that instead.)
    Err(broken(EmailErrorKind::LocalPartTooLong, MAX_LOCAL_PART))
}

/// The domain after the `@` at offset `at`: dot-separated LDH labels.
fn scan_domain(address: &str, at: usize) -> Result<(), Broken> {
    let bytes = address.as_bytes();
    let start = at + 1;
    // After the 254th octet of the address nothing may come: the loop looks
    // at one more.
    let end = bytes.len().min(MAX_ADDRESS + 1);
    let domain = bytes.get(start..end).unwrap_or_default();
    match domain.first() {
        None => return Err(broken(EmailErrorKind::EmptyDomain, at)),
        Some(b'[') => return Err(broken(EmailErrorKind::DomainLiteral, start)),
        Some(_) => {}
    }
    let mut label_start = start;
    let mut label_numeric = true;
    let mut previous = b'@';
    for (i, &b) in domain.iter().enumerate() {
        let i = start + i;
        let class = class(b);
        if class & ALNUM != 0 {
            label_numeric &= class & DIGIT != 0;
        } else if b == b'-' {
            if i == label_start {
                return Err(broken(EmailErrorKind::LabelStartsWithHyphen, i));
            }
            label_numeric = false;
        } else if b == b'.' {
            match previous {
                b'@' => return Err(broken(EmailErrorKind::LeadingDot, i)),
                b'.' => return Err(broken(EmailErrorKind::ConsecutiveDots, i)),
                b'-' => return Err(broken(EmailErrorKind::LabelEndsWithHyphen, i - 1)),
                _ => {}
            }
            label_start = i + 1;
            label_numeric = true;
            previous = b;
            continue;
        } else {
            return Err(broken(classify(address, i, Part::Domain), i));
        }
        if i - label_start >= MAX_LABEL {
            return Err(broken(EmailErrorKind::LabelTooLong, i));
        }
        previous = b;
    }
    if bytes.len() > MAX_ADDRESS {
        // The 255th octet is allowed in a domain, but is one too many.
        return Err(broken(EmailErrorKind::AddressTooLong, MAX_ADDRESS));
    }
    let last = bytes.len() - 1;
    match previous {
        b'.' => Err(broken(EmailErrorKind::TrailingDot, last)),
        b'-' => Err(broken(EmailErrorKind::LabelEndsWithHyphen, last)),
        _ if label_start == start => Err(broken(EmailErrorKind::DomainWithoutDot, start)),
        _ if label_numeric => Err(broken(EmailErrorKind::NumericTopLevelDomain, label_start)),
        _ => Ok(()),
    }
}

/// Why the character at byte offset `i` is not allowed in `part`, for a
/// character that is neither allowed there nor a dot.
fn classify(address: &str, i: usize, part: Part) -> EmailErrorKind {
    let b = address.as_bytes().get(i).copied().unwrap_or(0);
    if !b.is_ascii() {
        return match address.get(i..).and_then(|rest| rest.chars().next()) {
            Some(c) if c.is_whitespace() => EmailErrorKind::WhiteSpace,
            _ => EmailErrorKind::Internationalized,
        };
    }
    match b {
        b'@' => EmailErrorKind::MultipleAt,
        b'(' => EmailErrorKind::Comment,
        b'"' if part == Part::Local => EmailErrorKind::QuotedLocalPart,
        _ if char::from(b).is_whitespace() => EmailErrorKind::WhiteSpace,
        _ => EmailErrorKind::InvalidCharacter,
    }
}
