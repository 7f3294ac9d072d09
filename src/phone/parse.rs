//! Reading phone numbers from text, with the world's numbering plans.
//!
//! The rules are libphonenumber's (metadata version 9.0.33), applied to
//! tables generated from its metadata (see [`tables`](super::tables)); the
//! parser is one pass over the input into a fixed buffer of at most 32
//! digits, then a few walks of precomputed automata. It does not allocate
//! and has nothing to initialise.
//!
//! # What is read
//!
//! * Digits: ASCII, full-width (`０`–`９`) and the other common decimal
//!   scripts (Arabic-Indic, Devanagari, Thai, …).
//! * Between digits: spaces (any Unicode white space), `-`, `.`, `/`, `~`,
//!   parentheses and brackets, and their full-width and typographic forms.
//!   They carry no meaning: `(0)` after the country calling code is read as
//!   the digit 0, which the national prefix rule below then removes where
//!   the plan has a trunk prefix (`+44 (0)20 …`) and keeps where the 0
//!   belongs to the number (`+39 06 …`, Italy).
//! * A leading `+` (or `＋`) and a `tel:` URI prefix. In a `tel:` URI,
//!   `;phone-context=+CC` supplies the country calling code of a local
//!   number, `;ext=` is an extension (an error), other parameters are
//!   ignored.
//!
//! # How the digits become an E.164 number
//!
//! 1. After `+`, the country calling code is the 1–3 leading digits that
//!    form an assigned code.
//! 2. Without `+`, and with a region: if the digits start with the region's
//!    international call prefix (`00`, `011`, Australia's `0011` and its
//!    carrier-select `14xx0011`, Brazil's `00` + carrier, …: whatever the
//!    region's `internationalPrefix` pattern matches) and the next digit is
//!    not 0, the country calling code follows it. Otherwise the number is
//!    national, in the region's country calling code; as in libphonenumber,
//!    when the digits start with that code and reading them so gives a
//!    viable number where the whole did not (`44 20 7946 0958` in `GB`),
//!    the code is taken off.
//! 3. The national prefix rule of the plan (`nationalPrefixForParsing` and
//!    `nationalPrefixTransformRule`; for international input, those of the
//!    main region of the country calling code) removes trunk prefixes
//!    (`0`, `8`, `06`, …) and carrier codes, and rewrites local forms:
//!    Argentina's `0 11 15 …` becomes `9 11 …`, a 7-digit local number in
//!    the Cayman Islands gets its area code `345`, Jersey's 6-digit local
//!    numbers get `1534`. As in libphonenumber, the rule applies only when
//!    it leaves a number of a possible length for the region, and not when
//!    it turns a number that matched the region's general pattern into one
//!    that does not.
//!
//! # What is validated
//!
//! The national number must be a number of one of the types of the plan
//! (fixed line, mobile, toll free, premium rate, shared cost, personal,
//! VoIP, pager, UAN, voicemail) of one of the regions sharing the country
//! calling code: it matches that type's `nationalNumberPattern`, has one of
//! that type's national `possibleLengths` (local-only lengths are not
//! enough), and matches the region's general pattern. This is
//! libphonenumber's `isValidNumber` for the country calling code. Numbers
//! that can only be dialled within their country (`noInternationalDialling`)
//! are not valid. The whole E.164 number has at most 15 digits, which the
//! plans of +49, +62, +81, +82, +234 and +598 would otherwise exceed.
//!
//! The patterns are checked without a regular expression engine: each was
//! compiled at generation time into a minimal deterministic automaton over
//! the ten digits, and the automata share one table of 4,824 states
//! (about 115 KiB of static data in all, with the region tables).
//!
//! Failures name the rule and the position: the first digit that no number
//! of the plan continues with ([`NotInNumberingPlan`]), the first digit
//! past a complete number ([`TooLong`]), a number that stops early
//! ([`TooShort`]).
//!
//! [`NotInNumberingPlan`]: PhoneErrorKind::NotInNumberingPlan
//! [`TooLong`]: PhoneErrorKind::TooLong
//! [`TooShort`]: PhoneErrorKind::TooShort

use super::error::{PhoneError, PhoneErrorKind};
use super::tables::{self, CountryCode, DEAD, Label, State, Territory};
use crate::region::Region;

/// The most digits an input may hold: the longest international call
/// prefix (8) with the longest E.164 number (15) fits with room to spare.
const MAX_DIGITS: usize = 32;

/// Parses `+CC…` input into the integer of its E.164 digits.
pub(crate) fn international(input: &str) -> Result<u64, PhoneError> {
    parse(input, None)
}

/// Parses international input, or national input in `region`'s numbering plan.
pub(crate) fn with_region(input: &str, region: Region) -> Result<u64, PhoneError> {
    parse(input, Some(region.territory()))
}

/// How many of the leading E.164 digits are the country calling code.
pub(crate) fn country_code_len(digits: u64) -> usize {
    let len = super::digit_count(digits);
    (1..=3)
        .find(|&cc_len| {
            let lead = digits / 10u64.pow(len.saturating_sub(cc_len) as u32);
            len > cc_len && tables::country_code(lead as u32).is_some()
        })
        .unwrap_or(1)
}

fn error(kind: PhoneErrorKind, position: Option<usize>) -> PhoneError {
    PhoneError::new(kind, position)
}

fn parse(input: &str, home: Option<&'static Territory>) -> Result<u64, PhoneError> {
    let (number, plus) = scan(input, &mut |_, _| {})?;
    let located = |result: Result<u64, Failure>| {
        result.map_err(|failure| {
            let position = failure.digit.and_then(|digit| locate(input, digit));
            error(failure.kind, position)
        })
    };
    if number.is_empty() {
        return Err(error(PhoneErrorKind::Empty, None));
    }
    located(read(&number, plus, home))
}

/// A failure after scanning, at the scanned digit with this index.
struct Failure {
    kind: PhoneErrorKind,
    digit: Option<u8>,
}

fn fail(kind: PhoneErrorKind, digit: Option<u8>) -> Failure {
    Failure { kind, digit }
}

/// The char index of the scanned digit `digit`, found by scanning again.
fn locate(input: &str, digit: u8) -> Option<usize> {
    let mut found = None;
    let _ = scan(input, &mut |index, position| {
        if index == usize::from(digit) {
            found = Some(position);
        }
    });
    found
}

fn read(number: &Digits, plus: bool, home: Option<&'static Territory>) -> Result<u64, Failure> {
    let (code, national) = if plus {
        let (code, national) = split_country_code(number)?;
        (code, strip_national_prefix(code.main, national))
    } else {
        let Some(home) = home else {
            return Err(fail(PhoneErrorKind::MissingCountryCode, number.origin(0)));
        };
        read_national(number, home)?
    };
    validate(code, &national)
}

/// Reads digits without `+` in the plan of `home`.
fn read_national(
    number: &Digits,
    home: &'static Territory,
) -> Result<(&'static CountryCode, Digits), Failure> {
    if let Some(end) = international_prefix(home, number) {
        let (code, national) = split_country_code(&number.skip(end))?;
        return Ok((code, strip_national_prefix(code.main, national)));
    }
    let Some(code) = tables::country_code(u32::from(home.country_code)) else {
        return Err(fail(PhoneErrorKind::UnknownCountryCode, None));
    };
    if let Some(national) = without_plus(number, home) {
        return Ok((code, strip_national_prefix(code.main, national)));
    }
    Ok((code, strip_national_prefix(home, *number)))
}

/// The end of the region's international call prefix at the start of
/// `number`, when a country calling code (never starting with 0) may follow.
fn international_prefix(home: &Territory, number: &Digits) -> Option<usize> {
    if home.international_prefix == DEAD {
        return None;
    }
    let (end, _) = prefix_match(home.international_prefix, number.as_slice())?;
    match number.as_slice().get(end) {
        _ if end == 0 => None,
        Some(0) => None,
        _ => Some(end),
    }
}

/// The country calling code at the start of `number` and the rest.
fn split_country_code(number: &Digits) -> Result<(&'static CountryCode, Digits), Failure> {
    let digits = number.as_slice();
    let mut code = 0u32;
    for (i, &d) in digits.iter().enumerate().take(3) {
        if i == 0 && d == 0 {
            break;
        }
        code = code * 10 + u32::from(d);
        if let Some(found) = tables::country_code(code) {
            return Ok((found, number.skip(i + 1)));
        }
    }
    if digits.len() < 3 && digits.first() != Some(&0) {
        return Err(fail(PhoneErrorKind::TooShort, None));
    }
    Err(fail(PhoneErrorKind::UnknownCountryCode, number.origin(0)))
}

/// libphonenumber's reading of a country calling code written without `+`:
/// the rest of the digits, when they start with `home`'s code and the rest
/// reads better as a national number than the whole.
fn without_plus(number: &Digits, home: &'static Territory) -> Option<Digits> {
    let code = home.country_code;
    let code_len = match code {
        0..=9 => 1,
        10..=99 => 2,
        _ => 3,
    };
    let digits = number.as_slice();
    let lead = digits
        .get(..code_len)?
        .iter()
        .fold(0u16, |n, &d| n * 10 + u16::from(d));
    if lead != code {
        return None;
    }
    let rest = number.skip(code_len);
    let potential = national_prefix(home, &rest).unwrap_or(rest);
    let whole_viable = tables::accepts(home.general, digits);
    let rest_viable = tables::accepts(home.general, potential.as_slice());
    ((!whole_viable && rest_viable) || length(home, digits.len()) == Length::TooLong)
        .then_some(potential)
}

/// Removes the national prefix (and carrier code) of `territory`'s plan
/// from `national`, or applies its transform rule, when what remains is a
/// possible length for the plan.
fn strip_national_prefix(territory: &Territory, national: Digits) -> Digits {
    match national_prefix(territory, &national) {
        Some(stripped) => match length(territory, stripped.len()) {
            Length::Possible | Length::TooLong => stripped,
            Length::TooShort | Length::LocalOnly | Length::Invalid => national,
        },
        None => national,
    }
}

/// libphonenumber's `maybeStripNationalPrefixAndCarrierCode`.
fn national_prefix(territory: &Territory, national: &Digits) -> Option<Digits> {
    if territory.national_prefix == DEAD || national.is_empty() {
        return None;
    }
    let (end, label) = prefix_match(territory.national_prefix, national.as_slice())?;
    let result = match (territory.transform, label) {
        (
            Some(literal),
            Label::Group {
                start,
                end: group_end,
            },
        ) => {
            let start = end.checked_sub(usize::from(start))?;
            let group_end = end.checked_sub(usize::from(group_end))?;
            national.transform(literal, start, group_end, end)
        }
        _ => national.skip(end),
    };
    let viable = tables::accepts(territory.general, national.as_slice());
    if viable && !tables::accepts(territory.general, result.as_slice()) {
        return None;
    }
    Some(result)
}

/// The leftmost-first match of the prefix automaton at `start` (Java's
/// `lookingAt`): where it ends and what it reports.
fn prefix_match(start: State, digits: &[u8]) -> Option<(usize, Label)> {
    let mut state = start;
    let mut last = match tables::label(state) {
        Label::None => None,
        label => Some((0, label)),
    };
    for (i, &d) in digits.iter().enumerate() {
        state = tables::step(state, d);
        if state == DEAD {
            return last;
        }
        match tables::label(state) {
            Label::None => {}
            label => last = Some((i + 1, label)),
        }
    }
    match tables::label(tables::step_end(state)) {
        Label::None => last,
        label => Some((digits.len(), label)),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Length {
    Possible,
    LocalOnly,
    TooShort,
    TooLong,
    Invalid,
}

/// libphonenumber's `testNumberLength` for `territory`.
fn length(territory: &Territory, len: usize) -> Length {
    let bit = u32::try_from(len)
        .ok()
        .and_then(|len| 1u32.checked_shl(len))
        .unwrap_or(0);
    if territory.local_lengths & bit != 0 {
        return Length::LocalOnly;
    }
    let min = territory.lengths.trailing_zeros() as usize;
    let max = 31usize.saturating_sub(territory.lengths.leading_zeros() as usize);
    if territory.lengths & bit != 0 {
        Length::Possible
    } else if len < min {
        Length::TooShort
    } else if len > max {
        Length::TooLong
    } else {
        Length::Invalid
    }
}

/// Checks `national` against the plan of `code` and builds the E.164 integer.
fn validate(code: &CountryCode, national: &Digits) -> Result<u64, Failure> {
    let mut state = code.valid;
    let mut value = u64::from(code.code);
    for (k, &d) in national.as_slice().iter().enumerate() {
        let next = tables::step(state, d);
        if next == DEAD {
            let kind = if tables::label(state) == Label::Match {
                PhoneErrorKind::TooLong
            } else {
                PhoneErrorKind::NotInNumberingPlan
            };
            return Err(fail(kind, national.origin(k)));
        }
        state = next;
        value = value * 10 + u64::from(d);
    }
    if tables::label(state) == Label::Match {
        Ok(value)
    } else {
        Err(fail(PhoneErrorKind::TooShort, None))
    }
}

/// Digits in a fixed buffer, each with the index of the scanned digit it
/// came from (for error positions).
#[derive(Clone, Copy)]
struct Digits {
    digits: [u8; MAX_DIGITS],
    origins: [u8; MAX_DIGITS],
    start: u8,
    end: u8,
}

impl Digits {
    const fn new() -> Self {
        Self {
            digits: [0; MAX_DIGITS],
            origins: [0; MAX_DIGITS],
            start: 0,
            end: 0,
        }
    }

    fn as_slice(&self) -> &[u8] {
        self.digits
            .get(usize::from(self.start)..usize::from(self.end))
            .unwrap_or_default()
    }

    fn len(&self) -> usize {
        usize::from(self.end - self.start)
    }

    fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// Appends a digit; `false` when the buffer is full.
    fn push(&mut self, digit: u8, origin: u8) -> bool {
        let slot = usize::from(self.end);
        match (self.digits.get_mut(slot), self.origins.get_mut(slot)) {
            (Some(d), Some(o)) => {
                *d = digit;
                *o = origin;
                self.end += 1;
                true
            }
            _ => false,
        }
    }

    /// The digits after the first `n`.
    fn skip(&self, n: usize) -> Self {
        let mut rest = *self;
        rest.start =
            u8::try_from(usize::from(self.start) + n).map_or(self.end, |s| s.min(self.end));
        rest
    }

    /// The scanned digit that the `k`-th digit came from.
    fn origin(&self, k: usize) -> Option<u8> {
        self.origins.get(usize::from(self.start) + k).copied()
    }

    /// `literal`, then digits `group_start..group_end`, then the digits from
    /// `rest` on: a national prefix transform rule.
    fn transform(&self, literal: &str, group_start: usize, group_end: usize, rest: usize) -> Self {
        let mut out = Self::new();
        let anchor = self.origin(group_start).unwrap_or(0);
        for b in literal.bytes() {
            out.push(b.wrapping_sub(b'0'), anchor);
        }
        for k in (group_start..group_end).chain(rest..self.len()) {
            let digit = self.as_slice().get(k).copied().unwrap_or(0);
            out.push(digit, self.origin(k).unwrap_or(anchor));
        }
        out
    }
}

/// Reads the input into digits: `+`, `tel:` URIs and separators are
/// handled, anything else is an error at its position. `record` sees each
/// digit's index in the result and its char position in `input`.
fn scan(input: &str, record: &mut impl FnMut(usize, usize)) -> Result<(Digits, bool), PhoneError> {
    let mut digits = Digits::new();
    let mut plus = false;
    let body = input.trim_start();
    let skipped = input.len() - body.len();
    let Some(uri) = strip_prefix_ignore_case(body, "tel:") else {
        scan_part(input, 0, &mut digits, &mut plus, record)?;
        return Ok((digits, plus));
    };
    // A tel: URI: the number, then `;`-separated parameters.
    let uri_position = char_count(input, skipped) + 4;
    let (number, parameters) = match uri.find(';') {
        Some(at) => (
            uri.get(..at).unwrap_or_default(),
            uri.get(at..).unwrap_or_default(),
        ),
        None => (uri, ""),
    };
    let parameters_position = uri_position + number.chars().count();
    let context = tel_parameters(parameters, parameters_position)?;
    if let Some((context, context_position)) = context {
        if !number.trim_start().starts_with('+') {
            // A local number: the global prefix of its context comes first.
            scan_part(context, context_position, &mut digits, &mut plus, record)?;
        }
    }
    scan_part(number, uri_position, &mut digits, &mut plus, record)?;
    Ok((digits, plus))
}

/// Scans `text`, which starts at char `offset` of the input, into `digits`.
fn scan_part(
    text: &str,
    offset: usize,
    digits: &mut Digits,
    plus: &mut bool,
    record: &mut impl FnMut(usize, usize),
) -> Result<(), PhoneError> {
    for (index, (at, c)) in text.char_indices().enumerate() {
        let position = offset + index;
        if let Some(digit) = digit_value(c) {
            if !digits.push(digit, digits.end) {
                return Err(error(PhoneErrorKind::TooLong, Some(position)));
            }
            record(digits.len() - 1, position);
        } else if matches!(c, '+' | '\u{FF0B}') && digits.is_empty() && !*plus {
            *plus = true;
        } else if !is_separator(c) {
            let rest = text.get(at..).unwrap_or_default();
            let kind = if !digits.is_empty() && is_extension(rest) {
                PhoneErrorKind::Extension
            } else if c.is_alphabetic() {
                PhoneErrorKind::Letter
            } else {
                PhoneErrorKind::InvalidCharacter
            };
            return Err(error(kind, Some(position)));
        }
    }
    Ok(())
}

/// Reads the parameters of a `tel:` URI (`;name=value…`, starting at char
/// `offset`): an extension is an error; a `phone-context` that is a global
/// number prefix (`+44`) is returned with its char position; others
/// (`isub`, domain-name contexts, …) are ignored.
fn tel_parameters(parameters: &str, offset: usize) -> Result<Option<(&str, usize)>, PhoneError> {
    let mut context = None;
    let mut position = offset;
    for parameter in parameters.split(';').skip(1) {
        // `position` is the char index of this parameter's `;`.
        let (name, value) = parameter.split_once('=').unwrap_or((parameter, ""));
        if name.eq_ignore_ascii_case("ext") {
            return Err(error(PhoneErrorKind::Extension, Some(position)));
        }
        if name.eq_ignore_ascii_case("phone-context") && value.starts_with('+') {
            context = Some((value, position + 1 + name.chars().count() + 1));
        }
        position += 1 + parameter.chars().count();
    }
    Ok(context)
}

/// Does `rest` (from the first character that is not part of a number on)
/// spell an extension: a marker (`ext`, `ext.`, `extension`, `x`, `#`, `,`,
/// `;ext=`, `anexo`, `доб`, …) and digits, with nothing after them?
fn is_extension(rest: &str) -> bool {
    const MARKERS: [&str; 8] = [
        "extension",
        "extn",
        "ext",
        "xtn",
        "x",
        "anexo",
        "доб",
        "int",
    ];
    let mut rest = rest;
    let mut marked = false;
    loop {
        rest = rest.trim_start_matches(|c: char| is_separator(c) || matches!(c, ':' | '='));
        if let Some(after) = rest.strip_prefix(['#', ',', ';']) {
            rest = after;
            marked = true;
            continue;
        }
        let word_end = rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len());
        let word = rest.get(..word_end).unwrap_or_default();
        if word.is_empty() {
            break;
        }
        if !MARKERS.iter().any(|m| {
            word.chars()
                .map(|c| c.to_lowercase().next().unwrap_or(c))
                .eq(m.chars())
        }) {
            return false;
        }
        rest = rest.get(word_end..).unwrap_or_default();
        marked = true;
    }
    let mut has_digit = false;
    for c in rest.chars() {
        if digit_value(c).is_some() {
            has_digit = true;
        } else if !(is_separator(c) || c == '#') {
            return false;
        }
    }
    marked && has_digit
}

/// `text` without `prefix`, compared in any ASCII case.
fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    let head = text.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| text.get(prefix.len()..))
        .flatten()
}

/// How many chars `input` has before byte `at`.
fn char_count(input: &str, at: usize) -> usize {
    input.get(..at).map_or(0, |head| head.chars().count())
}

/// The value of a decimal digit: ASCII, full-width, or one of the common
/// decimal scripts.
fn digit_value(c: char) -> Option<u8> {
    if c.is_ascii_digit() {
        return Some(c as u8 - b'0');
    }
    if c.is_ascii() {
        return None;
    }
    /// The zero of each script whose digits run `0`–`9` from it.
    const ZEROS: [u32; 23] = [
        0x0660, // Arabic-Indic
        0x06F0, // Extended Arabic-Indic (Persian, Urdu)
        0x07C0, // NKo
        0x0966, // Devanagari
        0x09E6, // Bengali
        0x0A66, // Gurmukhi
        0x0AE6, // Gujarati
        0x0B66, // Oriya
        0x0BE6, // Tamil
        0x0C66, // Telugu
        0x0CE6, // Kannada
        0x0D66, // Malayalam
        0x0DE6, // Sinhala Lith
        0x0E50, // Thai
        0x0ED0, // Lao
        0x0F20, // Tibetan
        0x1040, // Myanmar
        0x1090, // Myanmar Shan
        0x17E0, // Khmer
        0x1810, // Mongolian
        0x1946, // Limbu
        0x19D0, // New Tai Lue
        0xFF10, // Full-width
    ];
    let code = u32::from(c);
    ZEROS
        .iter()
        .find_map(|&zero| code.checked_sub(zero).filter(|&d| d < 10))
        .and_then(|d| u8::try_from(d).ok())
}

/// Characters people put between digits: white space, dashes, dots,
/// slashes, tildes, parentheses and brackets, in their ASCII, full-width
/// and typographic forms (libphonenumber's punctuation).
fn is_separator(c: char) -> bool {
    match c {
        ' ' | '\t' | '\n' | '\r' | '-' | '.' | '/' | '(' | ')' | '[' | ']' | '~' => true,
        c if c.is_ascii() => false,
        '\u{00AD}' // soft hyphen
        | '\u{2010}'..='\u{2015}' // hyphens and dashes
        | '\u{2212}' // minus sign
        | '\u{30FC}' // katakana prolonged sound mark, used as a dash
        | '\u{FF0D}' | '\u{FF0E}' | '\u{FF0F}' // full-width - . /
        | '\u{FF08}' | '\u{FF09}' | '\u{FF3B}' | '\u{FF3D}' // full-width ( ) [ ]
        | '\u{2053}' | '\u{223C}' | '\u{FF5E}' // swung dash, tilde operator, full-width tilde
        | '\u{200B}' | '\u{2060}' | '\u{FEFF}' => true, // zero-width space, word joiner, BOM
        c => c.is_whitespace(),
    }
}
