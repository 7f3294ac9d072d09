//! Reading phone numbers from text, with the world's numbering plans.
//!
//! The rules are libphonenumber's (metadata version 9.0.35), applied to
//! tables generated from its metadata (see [`tables`](super::tables)); the
//! parser is one pass over the input into a fixed buffer of at most 32
//! digits, then a few walks of precomputed automata. The common form,
//! `+` and a number valid as written in ASCII digits and separators, is
//! read in a single pass that walks the automaton as it scans. It does not
//! allocate and has nothing to initialise.
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
//! 3. After `+` or an international call prefix, a national number that is
//!    valid as written is taken as written, so every E.164 string reads
//!    back as itself. Otherwise, and for national input, the national
//!    prefix rule of the plan applies (`nationalPrefixForParsing` and
//!    `nationalPrefixTransformRule`: the region's own for national input,
//!    the main region's of the country calling code otherwise). It removes
//!    trunk prefixes (`0`, `8`, `06`, …) and carrier codes, and rewrites
//!    local forms: Argentina's `0 11 15 …` becomes `9 11 …`, a 7-digit local
//!    number in the Cayman Islands gets its area code `345`, Jersey's 6-digit
//!    local numbers get `1534`. As in libphonenumber, the rule applies only
//!    when it leaves a number of a possible length for the region, and not
//!    when it turns a number that matched the region's general pattern into
//!    one that does not. When the length check keeps the prefix but the
//!    number with it is not valid, the number without it is validated
//!    instead (its error is the more useful one: `020 7946` in `GB` is too
//!    short, rather than not starting like a UK number).
//!
//! # What is validated
//!
//! The national number must be a number of one of the types of the plan
//! (fixed line, mobile, toll free, premium rate, shared cost, personal,
//! VoIP, pager, UAN, voicemail) of one of the regions sharing the country
//! calling code: it matches that type's `nationalNumberPattern`, has one of
//! that type's national `possibleLengths` (local-only lengths are not
//! enough), and matches the region's general pattern. This is
//! libphonenumber's `isValidNumber` for the country calling code. A number
//! that only matches the plan's `noInternationalDialling` pattern (it can
//! only be dialled from within its country) is not valid; in this metadata
//! every such number is also of a type (toll free, shared cost, …), and is
//! valid as in libphonenumber. The whole E.164 number has at most 15 digits, which the
//! plans of +49, +62, +81, +82, +234 and +598 would otherwise exceed.
//!
//! The patterns are checked without a regular expression engine: each was
//! compiled at generation time into a minimal deterministic automaton over
//! the ten digits, and the automata share one table of 6,655 states
//! (about 277 KiB of static data in all, with the region tables).
//!
//! The automaton of a country calling code also classifies: each of its
//! accepting states carries the type ([`NumberType`]) of the numbers that
//! end there, so the walk that validates a number yields its type too, at
//! no extra cost. Phone numbers for one-time codes refuse some types
//! ([`refuse_for_codes`]).
//!
//! Failures name the rule and the position: the first digit that no number
//! of the plan continues with ([`NotInNumberingPlan`]), the first digit
//! past a complete number ([`TooLong`]), a number that stops early
//! ([`TooShort`]).
//!
//! [`NotInNumberingPlan`]: PhoneErrorKind::NotInNumberingPlan
//! [`TooLong`]: PhoneErrorKind::TooLong
//! [`TooShort`]: PhoneErrorKind::TooShort

use super::NumberType;
use super::error::{PhoneError, PhoneErrorKind};
use super::tables::{self, CountryCode, DEAD, Label, State, Territory};
use crate::identifiers::region::Region;

/// The most digits an input may hold: the longest international call
/// prefix (8) with the longest E.164 number (15) fits with room to spare.
const MAX_DIGITS: usize = 32;

/// A valid number: the integer of its E.164 digits, and its type, both
/// from the one walk that validated it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Parsed {
    pub(crate) digits: u64,
    pub(crate) number_type: NumberType,
}

/// Parses `+CC…` input into the integer of its E.164 digits.
pub(crate) fn international(input: &str) -> Result<Parsed, PhoneError> {
    parse(input, None)
}

/// Parses international input, or national input in `region`'s numbering plan.
pub(crate) fn with_region(input: &str, region: Region) -> Result<Parsed, PhoneError> {
    parse(input, Some(region.territory()))
}

/// The country calling code of a parsed number's E.164 digits: the 1 to 3
/// leading digits that form an assigned code. Codes are prefix-free, so the
/// first one found is the one.
pub(crate) fn country_code(digits: u64) -> u64 {
    let len = super::digit_count(digits);
    let lead = |cc_len: usize| digits / 10u64.pow(len.saturating_sub(cc_len) as u32);
    (1..=3)
        .map(lead)
        .find(|&code| tables::country_code(code as u32).is_some())
        .unwrap_or_else(|| lead(1))
}

/// libphonenumber's `getNumberType` of a parsed number's E.164 digits,
/// for a number held without its type: walks the automaton of its country
/// calling code once more.
pub(crate) fn number_type(digits: u64) -> NumberType {
    let code = country_code(digits);
    let national_len = super::digit_count(digits) - super::digit_count(code);
    let mut state = u32::try_from(code)
        .ok()
        .and_then(tables::country_code)
        .map_or(DEAD, |code| code.valid);
    for k in (0..national_len).rev() {
        let digit = digits / 10u64.pow(k as u32) % 10;
        state = tables::step(state, digit as u8);
    }
    // Every parsed number is valid, so of a type; the fallback is never taken.
    tables::number_type(state).unwrap_or(NumberType::FixedLine)
}

/// Refuses the number types that one-time codes must not be sent to: the
/// ones that cannot receive a code, or whose holder earns from the traffic
/// sent to them (SMS-pumping fraud). See [`PhoneNumber::parse`](super::PhoneNumber::parse).
pub(crate) fn refuse_for_codes(number_type: NumberType) -> Result<(), PhoneError> {
    let refused = match number_type {
        NumberType::PremiumRate => PhoneErrorKind::PremiumRate,
        NumberType::SharedCost => PhoneErrorKind::SharedCost,
        NumberType::Uan => PhoneErrorKind::Uan,
        NumberType::Voicemail => PhoneErrorKind::Voicemail,
        NumberType::Pager => PhoneErrorKind::Pager,
        NumberType::PersonalNumber => PhoneErrorKind::PersonalNumber,
        NumberType::FixedLine
        | NumberType::Mobile
        | NumberType::FixedLineOrMobile
        | NumberType::TollFree
        | NumberType::Voip => return Ok(()),
    };
    Err(error(refused, None))
}

fn error(kind: PhoneErrorKind, position: Option<usize>) -> PhoneError {
    PhoneError::new(kind, position)
}

fn parse(input: &str, home: Option<&'static Territory>) -> Result<Parsed, PhoneError> {
    match plain_international(input) {
        Some(parsed) => Ok(parsed),
        None => read_input(input, home),
    }
}

/// The common form in one pass: `+`, then ASCII digits and the scanner's
/// ASCII separators, a number valid as written. The country calling code
/// is read as [`split_country_code`] reads it, and each digit after it
/// steps the code's automaton as it is scanned ([`validate`]'s walk), so
/// the walk's table loads overlap the scan instead of following it.
///
/// `None` for anything else: other characters, a `tel:` URI, a number not
/// valid as written (a national prefix after the code, an error), which
/// [`read_input`] reads with its rules and error positions. Where this
/// returns a number, `read_input` returns the same one (a test checks it
/// over generated input).
#[inline]
fn plain_international(input: &str) -> Option<Parsed> {
    let (&first, rest) = input.as_bytes().split_first()?;
    if first != b'+' {
        return None;
    }
    let mut lead = 0u32;
    let mut lead_len = 0;
    let mut code: Option<&'static CountryCode> = None;
    let mut state = DEAD;
    let mut value = 0u64;
    for &byte in rest {
        let digit = byte.wrapping_sub(b'0');
        if digit < 10 {
            if code.is_some() {
                // `validate`'s walk.
                state = tables::step(state, digit);
                if state == DEAD {
                    return None;
                }
                value = value * 10 + u64::from(digit);
            } else {
                // `split_country_code`'s reading: no country calling code
                // starts with 0, and none is longer than 3 digits.
                if (lead_len == 0 && digit == 0) || lead_len == 3 {
                    return None;
                }
                lead = lead * 10 + u32::from(digit);
                lead_len += 1;
                if let Some(found) = tables::country_code(lead) {
                    code = Some(found);
                    state = found.valid;
                    value = u64::from(found.code);
                }
            }
        } else if !is_ascii_separator(byte) {
            return None;
        }
    }
    code?;
    Some(Parsed {
        digits: value,
        number_type: tables::number_type(state)?,
    })
}

/// Any input: scanned into digits, then read by the rules of the module's
/// documentation.
fn read_input(input: &str, home: Option<&'static Territory>) -> Result<Parsed, PhoneError> {
    let mut scanned = Scanned::new();
    scan(input, &mut scanned, &mut |_, _| {})?;
    let number = Number {
        digits: scanned.as_slice(),
        origin: Origin::Scanned(0),
    };
    if number.digits.is_empty() {
        return Err(error(PhoneErrorKind::Empty, None));
    }
    read(number, scanned.plus, home).map_err(|failure| {
        let position = failure.digit.and_then(|digit| locate(input, digit));
        error(failure.kind, position)
    })
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
#[cold]
fn locate(input: &str, digit: u8) -> Option<usize> {
    let mut found = None;
    let _ = scan(input, &mut Scanned::new(), &mut |index, position| {
        if index == usize::from(digit) {
            found = Some(position);
        }
    });
    found
}

fn read(
    number: Number<'_>,
    plus: bool,
    home: Option<&'static Territory>,
) -> Result<Parsed, Failure> {
    if plus {
        let (code, national) = split_country_code(number)?;
        return read_international(code, national);
    }
    let Some(home) = home else {
        return Err(fail(PhoneErrorKind::MissingCountryCode, number.origin(0)));
    };
    // The region's international call prefix: 00 44 …, 011 1 …
    if let Some(end) = international_prefix(home, number) {
        let (code, national) = split_country_code(number.skip(end))?;
        return read_international(code, national);
    }
    let Some(code) = tables::country_code(u32::from(home.country_code)) else {
        return Err(fail(PhoneErrorKind::UnknownCountryCode, None));
    };
    let mut buffer = [0; MAX_DIGITS];
    match without_plus(number, home, &mut buffer) {
        Some(national) => read_national(code, code.main, national),
        None => read_national(code, home, number),
    }
}

/// The national number after an international prefix or `+`. A number
/// valid as written is kept as written (so every E.164 string reads back
/// as itself); otherwise the national prefix rules of the main region of
/// the code apply, as to `+44 (0)20 …`.
fn read_international(code: &'static CountryCode, national: Number<'_>) -> Result<Parsed, Failure> {
    validate(code, national).or_else(|_| read_national(code, code.main, national))
}

/// Applies the national prefix rules of `rules` and validates the result
/// against the plan of `code`.
fn read_national(
    code: &'static CountryCode,
    rules: &Territory,
    national: Number<'_>,
) -> Result<Parsed, Failure> {
    match national_in_one_walk(code, rules, national) {
        Some(parsed) => Ok(parsed),
        None => national_by_rules(code, rules, national),
    }
}

/// [`read_national`] rule by rule.
fn national_by_rules(
    code: &'static CountryCode,
    rules: &Territory,
    national: Number<'_>,
) -> Result<Parsed, Failure> {
    let mut buffer = [0; MAX_DIGITS];
    let Some(stripped) = national_prefix(rules, national, &mut buffer) else {
        return validate(code, national);
    };
    match length(rules, stripped.digits.len()) {
        Length::Possible | Length::TooLong => validate(code, stripped),
        // As libphonenumber, keep the prefix when removing it leaves too few
        // digits for the region. When the number with the prefix is not
        // valid either, the prefix was most likely meant as one: say what is
        // wrong with the number without it.
        Length::TooShort | Length::LocalOnly | Length::Invalid => {
            validate(code, national).or_else(|_| validate(code, stripped))
        }
    }
}

/// [`read_national`]'s common case in one walk: the national prefix, if
/// one matches, is taken off without a transform rule, leaving a number of
/// a possible length that is valid. The walks [`national_prefix`] and
/// [`validate`] make one after another (the general pattern over the whole
/// number and over the rest, then the plan of the code over the rest) step
/// together over the digits, so that their table loads overlap instead of
/// following one another.
///
/// `None` for every other case (no national prefix rule, a transform, a
/// prefix kept, a length that is not possible, an error), which
/// `read_national` then decides rule by rule. Where this returns a number,
/// those rules return the same one (a test checks it over generated input).
#[inline]
fn national_in_one_walk(
    code: &CountryCode,
    rules: &Territory,
    national: Number<'_>,
) -> Option<Parsed> {
    if rules.national_prefix == DEAD {
        return None;
    }
    let (end, label) = prefix_match(rules.national_prefix, national.digits)?;
    if rules.transform.is_some() && matches!(label, Label::Group { .. }) {
        return None;
    }
    let (prefix, rest) = national.digits.split_at_checked(end)?;
    if !matches!(
        length(rules, rest.len()),
        Length::Possible | Length::TooLong
    ) {
        return None;
    }
    // `DEAD` has no way out, so walking on past it ends there, as the
    // walks that stop at it do; the value is read only when `valid` never
    // got there.
    let mut whole = rules.general;
    for &d in prefix {
        whole = tables::step(whole, d);
    }
    let mut rest_general = rules.general;
    let mut valid = code.valid;
    let mut value = u64::from(code.code);
    for &d in rest {
        whole = tables::step(whole, d);
        rest_general = tables::step(rest_general, d);
        valid = tables::step(valid, d);
        value = value.wrapping_mul(10).wrapping_add(u64::from(d));
    }
    // `national_prefix` keeps the prefix when the whole matched the general
    // pattern and the rest does not.
    if tables::is_match(whole) && !tables::is_match(rest_general) {
        return None;
    }
    Some(Parsed {
        digits: value,
        number_type: tables::number_type(valid)?,
    })
}

/// The end of the region's international call prefix at the start of
/// `number`, when a country calling code (never starting with 0) may follow.
/// (The table generator refuses a prefix that matches the empty string.)
fn international_prefix(home: &Territory, number: Number<'_>) -> Option<usize> {
    if home.international_prefix == DEAD {
        return None;
    }
    let (end, _) = prefix_match(home.international_prefix, number.digits)?;
    match number.digits.get(end) {
        Some(0) => None,
        _ => Some(end),
    }
}

/// The country calling code at the start of `number` and the rest.
fn split_country_code(number: Number<'_>) -> Result<(&'static CountryCode, Number<'_>), Failure> {
    let mut code = 0u32;
    for (i, &d) in number.digits.iter().enumerate().take(3) {
        if i == 0 && d == 0 {
            break;
        }
        code = code * 10 + u32::from(d);
        if let Some(found) = tables::country_code(code) {
            return Ok((found, number.skip(i + 1)));
        }
    }
    if number.digits.len() < 3 && number.digits.first() != Some(&0) {
        return Err(fail(PhoneErrorKind::TooShort, None));
    }
    Err(fail(PhoneErrorKind::UnknownCountryCode, number.origin(0)))
}

/// libphonenumber's reading of a country calling code written without `+`:
/// the rest of the digits, when they start with `home`'s code and the rest
/// reads better as a national number than the whole.
fn without_plus<'a>(
    number: Number<'a>,
    home: &'static Territory,
    buffer: &'a mut [u8; MAX_DIGITS],
) -> Option<Number<'a>> {
    let code = home.country_code;
    let code_len = match code {
        0..=9 => 1,
        10..=99 => 2,
        _ => 3,
    };
    let lead = number
        .digits
        .get(..code_len)?
        .iter()
        .fold(0u16, |n, &d| n * 10 + u16::from(d));
    if lead != code {
        return None;
    }
    let rest = number.skip(code_len);
    let potential = national_prefix(home, rest, buffer).unwrap_or(rest);
    let whole_viable = tables::accepts(home.general, number.digits);
    let rest_viable = tables::accepts(home.general, potential.digits);
    ((!whole_viable && rest_viable) || length(home, number.digits.len()) == Length::TooLong)
        .then_some(potential)
}

/// libphonenumber's `maybeStripNationalPrefixAndCarrierCode`: the national
/// number without its national prefix, or rewritten by the transform rule
/// (into `buffer`).
fn national_prefix<'a>(
    territory: &Territory,
    national: Number<'a>,
    buffer: &'a mut [u8; MAX_DIGITS],
) -> Option<Number<'a>> {
    if territory.national_prefix == DEAD {
        return None;
    }
    let (end, label) = prefix_match(territory.national_prefix, national.digits)?;
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
            national.transform(literal, start..group_end, end, buffer)
        }
        _ => national.skip(end),
    };
    let viable = tables::accepts(territory.general, national.digits);
    if viable && !tables::accepts(territory.general, result.digits) {
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

/// Checks `national` against the plan of `code` and builds the E.164
/// integer; the state the walk ends in gives the number's type.
fn validate(code: &CountryCode, national: Number<'_>) -> Result<Parsed, Failure> {
    let mut state = code.valid;
    let mut value = u64::from(code.code);
    for (k, &d) in national.digits.iter().enumerate() {
        let next = tables::step(state, d);
        if next == DEAD {
            let kind = if tables::is_match(state) {
                PhoneErrorKind::TooLong
            } else {
                PhoneErrorKind::NotInNumberingPlan
            };
            return Err(fail(kind, national.origin(k)));
        }
        state = next;
        value = value * 10 + u64::from(d);
    }
    match tables::number_type(state) {
        Some(number_type) => Ok(Parsed {
            digits: value,
            number_type,
        }),
        None => Err(fail(PhoneErrorKind::TooShort, None)),
    }
}

/// The digits of the input.
struct Scanned {
    digits: [u8; MAX_DIGITS],
    len: usize,
    /// The digits follow a `+`.
    plus: bool,
}

impl Scanned {
    const fn new() -> Self {
        Self {
            digits: [0; MAX_DIGITS],
            len: 0,
            plus: false,
        }
    }

    fn as_slice(&self) -> &[u8] {
        self.digits.get(..self.len).unwrap_or_default()
    }
}

/// Digits on their way to a national number: part of the scanned digits, or
/// the output of a transform rule, with where each digit came from.
#[derive(Clone, Copy)]
struct Number<'a> {
    digits: &'a [u8],
    origin: Origin,
}

/// Where the digits of a [`Number`] came from, for error positions.
#[derive(Clone, Copy)]
enum Origin {
    /// Digit `k` is scanned digit `k + .0`.
    Scanned(u8),
    /// A transform rule wrote `literal` digits, then `group_len` digits
    /// from scanned digit `group` on, then the rest from scanned digit
    /// `rest` on; the first `skipped` of these have been taken off.
    Transformed {
        skipped: u8,
        literal: u8,
        group: u8,
        group_len: u8,
        rest: u8,
    },
}

impl<'a> Number<'a> {
    /// The digits after the first `n`.
    fn skip(self, n: usize) -> Self {
        let n = n.min(self.digits.len());
        let n8 = u8::try_from(n).unwrap_or(0);
        Self {
            digits: self.digits.get(n..).unwrap_or_default(),
            origin: match self.origin {
                Origin::Scanned(offset) => Origin::Scanned(offset.saturating_add(n8)),
                Origin::Transformed {
                    skipped,
                    literal,
                    group,
                    group_len,
                    rest,
                } => Origin::Transformed {
                    skipped: skipped.saturating_add(n8),
                    literal,
                    group,
                    group_len,
                    rest,
                },
            },
        }
    }

    /// The scanned digit that digit `k` came from.
    fn origin(self, k: usize) -> Option<u8> {
        let k = u8::try_from(k).ok()?;
        match self.origin {
            Origin::Scanned(offset) => offset.checked_add(k),
            Origin::Transformed {
                skipped,
                literal,
                group,
                group_len,
                rest,
            } => {
                // A literal digit is blamed on the group it stands before.
                let i = skipped.checked_add(k)?.saturating_sub(literal);
                Some(if i < group_len {
                    group.saturating_add(i)
                } else {
                    rest.saturating_add(i - group_len)
                })
            }
        }
    }

    /// `literal`, then the digits in `group`, then the digits from `rest`
    /// on, written into `buffer`: a national prefix transform rule.
    fn transform(
        self,
        literal: &str,
        group: core::ops::Range<usize>,
        rest: usize,
        buffer: &'a mut [u8; MAX_DIGITS],
    ) -> Self {
        let literal_digits = literal.bytes().map(|b| b.wrapping_sub(b'0'));
        let group_digits = self.digits.get(group.clone()).unwrap_or_default();
        let rest_digits = self.digits.get(rest..).unwrap_or_default();
        let all = literal_digits
            .chain(group_digits.iter().copied())
            .chain(rest_digits.iter().copied());
        let mut len = 0;
        for (slot, digit) in buffer.iter_mut().zip(all) {
            *slot = digit;
            len += 1;
        }
        let group_origin = self.origin(group.start).unwrap_or(0);
        Self {
            digits: buffer.get(..len).unwrap_or_default(),
            origin: Origin::Transformed {
                skipped: 0,
                literal: u8::try_from(literal.len()).unwrap_or(0),
                group: group_origin,
                group_len: u8::try_from(group.len()).unwrap_or(0),
                rest: self.origin(rest).unwrap_or(group_origin),
            },
        }
    }
}

/// Reads the input into digits: `+`, `tel:` URIs and separators are
/// handled, anything else is an error at its position. `record` sees each
/// digit's index in the result and its char position in `input`.
fn scan(
    input: &str,
    digits: &mut Scanned,
    record: &mut impl FnMut(usize, usize),
) -> Result<(), PhoneError> {
    if matches!(input.as_bytes().first(), Some(b'+' | b'0'..=b'9')) {
        return scan_part(input, 0, digits, record);
    }
    let body = input.trim_start();
    let skipped = input.len() - body.len();
    let Some(uri) = strip_prefix_ignore_case(body, "tel:") else {
        return scan_part(input, 0, digits, record);
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
            scan_part(context, context_position, digits, record)?;
        }
    }
    scan_part(number, uri_position, digits, record)
}

/// Scans `text`, which starts at char `offset` of the input, into `digits`.
fn scan_part(
    text: &str,
    offset: usize,
    scanned: &mut Scanned,
    record: &mut impl FnMut(usize, usize),
) -> Result<(), PhoneError> {
    // Locals, so that the loop keeps them in registers.
    let mut len = scanned.len;
    let mut plus = scanned.plus;
    let bytes = text.as_bytes();
    let mut at = 0;
    let mut position = offset;
    while let Some(&byte) = bytes.get(at) {
        // ASCII, one byte per character, is the fast path.
        let mut width = 1;
        let ascii_digit = byte.wrapping_sub(b'0');
        let digit = if ascii_digit < 10 {
            Some(ascii_digit)
        } else if byte.is_ascii() {
            match byte {
                b'+' if len == 0 && !plus => plus = true,
                _ if is_ascii_separator(byte) => {}
                _ => return Err(unexpected(text, at, position, len > 0)),
            }
            None
        } else {
            let c = text
                .get(at..)
                .and_then(|rest| rest.chars().next())
                .unwrap_or('\u{FFFD}');
            width = c.len_utf8();
            let digit = digit_value(c);
            if digit.is_none() {
                if c == '\u{FF0B}' && len == 0 && !plus {
                    plus = true;
                } else if !is_separator(c) {
                    return Err(unexpected(text, at, position, len > 0));
                }
            }
            digit
        };
        if let Some(digit) = digit {
            let Some(slot) = scanned.digits.get_mut(len) else {
                return Err(error(PhoneErrorKind::TooLong, Some(position)));
            };
            *slot = digit;
            record(len, position);
            len += 1;
        }
        at += width;
        position += 1;
    }
    scanned.len = len;
    scanned.plus = plus;
    Ok(())
}

/// The error for the character at byte `at` of `text` (char `position` of
/// the input), which has no place in a phone number.
#[cold]
fn unexpected(text: &str, at: usize, position: usize, after_digits: bool) -> PhoneError {
    let rest = text.get(at..).unwrap_or_default();
    let kind = if after_digits && is_extension(rest) {
        PhoneErrorKind::Extension
    } else if rest.chars().next().is_some_and(char::is_alphabetic) {
        PhoneErrorKind::Letter
    } else {
        PhoneErrorKind::InvalidCharacter
    };
    error(kind, Some(position))
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

/// The ASCII characters that may stand between digits: space, tab, line
/// ends, `-`, `.`, `/`, parentheses, brackets and `~`.
const fn is_ascii_separator(byte: u8) -> bool {
    matches!(
        byte,
        b' ' | b'\t' | b'\n' | b'\r' | b'-' | b'.' | b'/' | b'(' | b')' | b'[' | b']' | b'~'
    )
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
#[inline]
pub(crate) fn digit_value(c: char) -> Option<u8> {
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
#[inline]
fn is_separator(c: char) -> bool {
    match c {
        c if c.is_ascii() => u8::try_from(c).is_ok_and(is_ascii_separator),
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

#[cfg(test)]
mod tests {
    use alloc::string::String;

    use proptest::prelude::*;

    use super::{
        Length, Number, Origin, Parsed, digit_value, is_separator, length, national_by_rules,
        national_in_one_walk, plain_international, read_input, tables, tables::Territory,
    };
    use crate::identifiers::region::Region;

    /// The one-pass path reads the common form, and returns what the
    /// general path returns.
    #[test]
    fn the_one_pass_path_reads_the_common_form() {
        for input in [
            "+442079460958",
            "+44 20 7946 0958",
            "+1 (415) 555-2671",
            "+33.1.23.45.67.89",
            "+81 3-1234-5678",
            "+49 30 123456",
            "+800 1234 5678",
        ] {
            let parsed = plain_international(input);
            assert!(parsed.is_some(), "{input}");
            assert_eq!(
                parsed.ok_or(()),
                read_input(input, None).map_err(|_| ()),
                "{input}"
            );
        }
        // Left to the general path: a national prefix after the code, a
        // `tel:` URI, other digits and characters, errors.
        for input in [
            "+44 (0)20 7946 0958",
            "tel:+442079460958",
            "+４４２０７９４６０９５８",
            "+44 20 7946 095",
            "+44 20 7946 09588",
            "+0 123",
            "+0442079460958",
            "+44 20 7946 0958;",
            "+999 123",
            "+",
            "+44",
            "++442079460958",
            "+44 20 7946 0958 ext 1",
            "442079460958",
        ] {
            assert_eq!(plain_international(input), None, "{input}");
        }
    }

    /// Valid numbers of plans with and without trunk prefixes, local
    /// forms and long codes.
    const VALID: [&str; 16] = [
        "+13452221234",
        "+14155552671",
        "+18002345678",
        "+33123456789",
        "+36201234567",
        "+3758011234567",
        "+3780549886377",
        "+390669812345",
        "+441534456789",
        "+442079460958",
        "+4915123456789",
        "+5491123456789",
        "+79123456789",
        "+80012345678",
        "+819012345678",
        "+9721800123456",
    ];

    /// The separators the single pass reads, mostly none.
    const SEPARATORS: [&str; 14] = [
        "", "", "", "", " ", " ", "-", ".", "/", "(", ")", "[", "]", "~",
    ];

    /// A valid number with a separator after `+` and after each digit.
    fn spelled() -> impl Strategy<Value = String> {
        (
            prop::sample::select(&VALID[..]),
            prop::collection::vec(prop::sample::select(&SEPARATORS[..]), 16),
        )
            .prop_map(|(number, separators)| {
                let mut out = String::from("+");
                for (c, separator) in number.chars().skip(1).zip(&separators) {
                    out.push_str(separator);
                    out.push(c);
                }
                out.push_str(separators.last().copied().unwrap_or_default());
                out
            })
    }

    /// A spelled valid number with one edit at character `at`: a digit
    /// changed, dropped or added, `(0)` inserted, or a character that no
    /// number holds. Valid or not, read by one path or the other.
    fn edited() -> impl Strategy<Value = String> {
        let foreign = prop::sample::select(&["x", "#", ";", "*", "+", "\u{a0}", "０", "a"][..]);
        (spelled(), 1usize..24, 0u8..10, 0u8..5, foreign).prop_map(
            |(number, at, digit, edit, foreign)| {
                let at = number
                    .char_indices()
                    .map(|(i, _)| i)
                    .nth(at)
                    .unwrap_or(number.len());
                let (head, tail) = number.split_at(at);
                let digit = char::from(b'0' + digit);
                let mut out = String::from(head);
                match edit {
                    0 => {
                        out.push(digit);
                        out.extend(tail.chars().skip(1));
                    }
                    1 => out.extend(tail.chars().skip(1)),
                    2 => {
                        out.push(digit);
                        out.push_str(tail);
                    }
                    3 => {
                        out.push_str("(0)");
                        out.push_str(tail);
                    }
                    _ => {
                        out.push_str(foreign);
                        out.push_str(tail);
                    }
                }
                out
            },
        )
    }

    proptest! {
        /// The single pass reads every valid number spelled with the
        /// separators it knows, as the general path does.
        #[test]
        fn the_one_pass_path_reads_spelled_numbers(input in spelled()) {
            let parsed = plain_international(&input);
            prop_assert!(parsed.is_some(), "{}", input);
            prop_assert_eq!(parsed.ok_or(()), read_input(&input, None).map_err(|_| ()));
        }

        /// Wherever the single pass returns a number, the general path
        /// returns the same one, with and without a region: over edited
        /// numbers, `+` with digits and other characters, and any text.
        #[test]
        fn the_one_pass_path_agrees_with_the_general_path(
            input in prop_oneof![
                4 => edited(),
                1 => "\\+[0-9][0-9 ()\\-./\\[\\]~a-z,;#*+]{0,18}",
                1 => ".{0,24}",
            ]
        ) {
            if let Some(parsed) = plain_international(&input) {
                prop_assert_eq!(Ok(parsed), read_input(&input, None).map_err(|_| ()));
                prop_assert_eq!(Ok(parsed), read_input(&input, Some(Region::GB.territory())).map_err(|_| ()));
            }
        }
    }

    /// [`national_in_one_walk`] of `digits` with `rules`, under the code
    /// of `rules`' territory, beside what the rules give.
    fn both_national_paths(
        rules: &'static Territory,
        digits: &[u8],
    ) -> (Option<Parsed>, Result<Parsed, PhoneErrorKindOf>) {
        let code = tables::country_code(u32::from(rules.country_code)).unwrap();
        let number = || Number {
            digits,
            origin: Origin::Scanned(0),
        };
        (
            national_in_one_walk(code, rules, number()),
            national_by_rules(code, rules, number()).map_err(|failure| failure.kind),
        )
    }

    type PhoneErrorKindOf = crate::identifiers::phone::error::PhoneErrorKind;

    fn digits_of(text: &str) -> alloc::vec::Vec<u8> {
        text.bytes().map(|b| b - b'0').collect()
    }

    /// National numbers as dialled in their region with a trunk prefix (GB,
    /// FR, DE, JP, RU's 8, HU's 06, the US's 1): the one walk reads them, as
    /// the rules do. Numbers with no prefix to take off or no prefix rule
    /// (the US without its 1, Italy, whose 0 belongs to the number), which
    /// the rules walk once, transform rules (AR, KY, JE) and errors are
    /// left to the rules.
    #[test]
    fn the_one_walk_reads_national_numbers_as_the_rules_do() {
        for (region, national) in [
            (Region::GB, "02079460958"),
            (Region::FR, "0123456789"),
            (Region::DE, "015123456789"),
            (Region::RU, "89123456789"),
            (Region::HU, "06201234567"),
            (Region::US, "14155552671"),
            (Region::JP, "0312345678"),
        ] {
            let (walk, rules) = both_national_paths(region.territory(), &digits_of(national));
            assert!(walk.is_some(), "{region} {national}");
            assert_eq!(walk.ok_or(()), rules.map_err(|_| ()), "{region} {national}");
        }
        // No prefix to take off (the rules walk once), transform rules,
        // errors.
        for (region, national) in [
            (Region::US, "4155552671"),
            (Region::IT, "0669812345"),
            (Region::AR, "01115123456789"),
            // Argentina's transform, where taking off the prefix alone
            // would leave a valid number of a possible length.
            (Region::AR, "011151123456789"),
            (Region::KY, "2221234"),
            (Region::JE, "456789"),
            (Region::GB, "0207946095"),
            (Region::GB, "020794609588"),
            (Region::GB, ""),
        ] {
            let (walk, _) = both_national_paths(region.territory(), &digits_of(national));
            assert_eq!(walk, None, "{region} {national}");
        }
    }

    /// National numbers valid in their region, as dialled.
    const NATIONAL: [(Region, &str); 14] = [
        (Region::GB, "02079460958"),
        (Region::GB, "07400123456"),
        (Region::FR, "0612345678"),
        (Region::DE, "015123456789"),
        (Region::DE, "030123456"),
        (Region::RU, "89123456789"),
        (Region::HU, "06201234567"),
        (Region::US, "4155552671"),
        (Region::IT, "0669812345"),
        (Region::IT, "3123456789"),
        (Region::JP, "09012345678"),
        (Region::BR, "011912345678"),
        (Region::AR, "01115123456789"),
        (Region::AU, "0412345678"),
    ];

    proptest! {
        /// Wherever the one walk returns a number, the rules return the same
        /// one: over valid national numbers with one digit changed, dropped
        /// or added, and over any digits in any region.
        #[test]
        fn the_one_walk_agrees_with_the_rules(
            (rules, digits) in prop_oneof![
                (prop::sample::select(&NATIONAL[..]), 0usize..16, 0u8..10, 0u8..4).prop_map(
                    |((region, national), at, digit, edit)| {
                        let mut digits = digits_of(national);
                        let at = at.min(digits.len());
                        match edit {
                            0 if at < digits.len() => digits[at] = digit,
                            1 if at < digits.len() => { digits.remove(at); }
                            2 => digits.insert(at, digit),
                            _ => {}
                        }
                        (region.territory(), digits)
                    }
                ),
                (
                    0..tables::regions().len(),
                    prop::collection::vec(0u8..10, 0..20),
                ).prop_map(|(i, digits)| (&tables::regions()[i], digits)),
            ]
        ) {
            let (walk, rules) = both_national_paths(rules, &digits);
            if let Some(parsed) = walk {
                prop_assert_eq!(Ok(parsed), rules);
            }
        }
    }

    /// Digits of every script, and the characters just past a script's nine.
    #[test]
    fn digit_values() {
        for (c, value) in [
            ('0', Some(0)),
            ('7', Some(7)),
            ('9', Some(9)),
            (':', None),
            ('\u{0667}', Some(7)),
            ('\u{066A}', None),
            ('\u{FF19}', Some(9)),
            ('\u{FF1A}', None),
            ('a', None),
        ] {
            assert_eq!(digit_value(c), value, "{c:?}");
        }
    }

    /// ASCII white space other than space, tab and line ends separates no
    /// digits, as in the scanner's own ASCII path.
    #[test]
    fn ascii_separators_are_the_scanners() {
        for c in [' ', '\t', '\n', '\r', '-', '(', '~'] {
            assert!(is_separator(c), "{c:?}");
        }
        for c in ['\u{b}', '\u{c}', '+', '*', 'a', '0'] {
            assert!(!is_separator(c), "{c:?}");
        }
        assert!(is_separator('\u{a0}') && is_separator('\u{2212}'));
    }

    /// libphonenumber's `testNumberLength` over every length, for plans with
    /// local-only lengths below, between and above their shortest possible
    /// length, and a gap between possible lengths.
    #[test]
    fn number_lengths_as_libphonenumber_tests_them() {
        use Length::*;
        // Great Britain: 7, 9 or 10 digits; 4 to 6 and 8 local only.
        let gb = [
            TooShort, TooShort, TooShort, TooShort, LocalOnly, LocalOnly, LocalOnly, Possible,
            LocalOnly, Possible, Possible,
        ];
        // Russia: 10 or 14 digits; 7 local only.
        let ru = [
            TooShort, TooShort, TooShort, TooShort, TooShort, TooShort, TooShort, LocalOnly,
            TooShort, TooShort, Possible, Invalid, Invalid, Invalid, Possible,
        ];
        for (region, expected) in [(Region::GB, &gb[..]), (Region::RU, &ru[..])] {
            for len in 0..64 {
                let want = expected.get(len).copied().unwrap_or(TooLong);
                assert_eq!(length(region.territory(), len), want, "{region} {len}");
            }
        }
    }
}
