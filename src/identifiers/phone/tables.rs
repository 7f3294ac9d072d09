//! The world's numbering plans as static tables, generated from
//! libphonenumber's metadata (version 9.0.35, `data/libphonenumber/`).
//!
//! `generated.rs` is written by `tests/numbering_tables.rs` and checked by it:
//! the test fails when the file no longer matches the metadata, and
//! `UPDATE_TABLES=1 cargo test --test numbering_tables` rewrites it. The
//! library contains no XML and no regular expression: every pattern of the
//! metadata that parsing needs was compiled by the generator into a
//! deterministic automaton over the ten digits, and all automata share one
//! table of states ([`TRANSITIONS`]), minimized together so that equal
//! suffixes (“then any six digits”) are stored once. Walking an automaton
//! costs one table lookup per digit; nothing is initialised at run time.

#[rustfmt::skip]
mod generated;

use generated::{
    COUNTRY_CODES, COUNTRY_INDEX, END_TRANSITIONS, FIRST_LABELLED, FIRST_SPAN_LABEL, LABELS,
    NUMBER_TYPES, REGION_COUNT, SPANS, TERRITORIES, TRANSITIONS,
};

use super::NumberType;

/// A state of the shared automaton table, written as the offset of its row
/// of ten transitions (state number × 10), so that a step is one addition
/// and one load. A `u32`: since the automata carry the number types, the
/// offsets no longer fit in a `u16`, and storing state numbers instead
/// (a multiply-add per digit) measured slower than the larger table.
/// [`DEAD`] has no way out.
pub(crate) type State = u32;

/// The state from which no digit string matches.
pub(crate) const DEAD: State = 0;

/// The numbering plan of one territory: a region, or one of the
/// non-geographic entities (country calling codes 800, 808, 870, …).
#[derive(Debug)]
pub(crate) struct Territory {
    /// ISO 3166-1 alpha-2 code, or `001` for a non-geographic entity (never a `Region`).
    pub(crate) id: &'static str,
    pub(crate) country_code: u16,
    /// Prefix automaton of the international call prefix (`00`, `011`, …), or [`DEAD`].
    pub(crate) international_prefix: State,
    /// Prefix automaton of the national prefix for parsing (trunk prefix,
    /// carrier codes, …), or [`DEAD`].
    pub(crate) national_prefix: State,
    /// The digits the transform rule puts before the captured group
    /// (`"9"` of Argentina's `9$1`), when the territory has a transform rule.
    pub(crate) transform: Option<&'static str>,
    /// Language automaton of the general national number pattern (no length check).
    pub(crate) general: State,
    /// Bit `n` set: a national number of `n` digits is possible.
    pub(crate) lengths: u32,
    /// Bit `n` set: `n` digits is a local number, dialled without its area code.
    pub(crate) local_lengths: u32,
}

/// One country calling code.
#[derive(Debug)]
pub(crate) struct CountryCode {
    pub(crate) code: u16,
    /// The territory whose national prefix rules apply to international
    /// input (libphonenumber's main country for the code).
    pub(crate) main: &'static Territory,
    /// Language automaton of every valid national number of the code: the
    /// union over its territories and number types of pattern ∩ possible
    /// lengths. Its accepting states carry the number's type
    /// ([`number_type`]), so the walk that validates a number also
    /// classifies it.
    pub(crate) valid: State,
}

/// The country calling code `code` (1–999), if it is assigned.
pub(crate) fn country_code(code: u32) -> Option<&'static CountryCode> {
    let index = COUNTRY_INDEX.get(usize::try_from(code).ok()?)?;
    COUNTRY_CODES.get(usize::from(*index))
}

/// The regions, sorted by code: the territories with an ISO 3166-1 alpha-2 code.
pub(crate) fn regions() -> &'static [Territory] {
    TERRITORIES.get(..REGION_COUNT).unwrap_or_default()
}

/// The state after `digit` (0–9) from `state`.
#[inline]
pub(crate) fn step(state: State, digit: u8) -> State {
    TRANSITIONS
        .get(state as usize + usize::from(digit))
        .copied()
        .unwrap_or(DEAD)
}

/// The state after the end of the input from `state` (only `$` in a
/// national prefix pattern has such a transition).
pub(crate) fn step_end(state: State) -> State {
    END_TRANSITIONS
        .binary_search_by_key(&state, |&(from, _)| from)
        .ok()
        .and_then(|i| END_TRANSITIONS.get(i))
        .map_or(DEAD, |&(_, to)| to)
}

/// What a state reports when a match ends there.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Label {
    /// No match ends here.
    None,
    /// A match (or, for a language automaton, an accepted number) ends here.
    Match,
    /// A national prefix match ends here, and its captured group spans
    /// from `start` to `end` digits before the end of the match.
    Group { start: u8, end: u8 },
}

/// Does a match end in `state`? (For a language automaton: is the number
/// read so far accepted?) The generator numbers these states last.
#[inline]
pub(crate) fn is_match(state: State) -> bool {
    state >= FIRST_LABELLED
}

/// The label of `state`.
#[inline]
pub(crate) fn label(state: State) -> Label {
    if !is_match(state) {
        return Label::None;
    }
    match state_label(state) {
        0 => Label::None,
        n if n < FIRST_SPAN_LABEL => Label::Match,
        n => SPANS
            .get(usize::from(n - FIRST_SPAN_LABEL))
            .map_or(Label::None, |&(start, end)| Label::Group { start, end }),
    }
}

/// The type of the number that ends in `state` of a country calling
/// code's automaton ([`CountryCode::valid`]), libphonenumber's
/// `getNumberType`; `None` where no valid number ends.
#[inline]
pub(crate) fn number_type(state: State) -> Option<NumberType> {
    if !is_match(state) {
        return None;
    }
    let n = state_label(state);
    usize::from(n)
        .checked_sub(2)
        .and_then(|i| NUMBER_TYPES.get(i))
        .copied()
}

/// The raw label of a state from [`FIRST_LABELLED`] on, 0 before.
fn state_label(state: State) -> u8 {
    state
        .checked_sub(FIRST_LABELLED)
        .and_then(|offset| LABELS.get(offset as usize / 10))
        .copied()
        .unwrap_or(0)
}

/// Does the language automaton starting at `start` accept all of `digits`?
#[inline]
pub(crate) fn accepts(start: State, digits: &[u8]) -> bool {
    let mut state = start;
    for &d in digits {
        state = step(state, d);
        if state == DEAD {
            return false;
        }
    }
    is_match(state)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every state in which the automaton of a country calling code accepts
    /// a number carries that number's type: the walk that validates a
    /// number classifies it, and no valid number is left without a type.
    #[test]
    fn every_accepting_state_of_a_code_carries_a_number_type() {
        for code in &COUNTRY_CODES {
            let mut seen = alloc::collections::BTreeSet::from([code.valid]);
            let mut queue = alloc::vec![code.valid];
            let mut accepting = 0;
            while let Some(state) = queue.pop() {
                if is_match(state) {
                    accepting += 1;
                    assert!(
                        number_type(state).is_some(),
                        "+{}: state {state} accepts without a type",
                        code.code
                    );
                }
                for digit in 0..10 {
                    let next = step(state, digit);
                    if next != DEAD && seen.insert(next) {
                        queue.push(next);
                    }
                }
            }
            assert!(accepting > 0, "+{}: no valid number", code.code);
        }
    }
}
