//! Writes `src/phone/tables/generated.rs` from the metadata.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::automata::{self, DEAD, Dfa, END, PrefixMatch};
use super::metadata::{self, Territory};

/// The generated source and what went into it.
pub(crate) struct Generated {
    pub(crate) source: String,
    pub(crate) report: String,
}

/// The longest E.164 number: country calling code and national number.
const E164_MAX: usize = 15;

fn mask(lengths: &[u8]) -> u32 {
    lengths.iter().fold(0, |m, &len| m | (1 << len))
}

/// Splits a transform rule `lit$k` into its literal digits and `k`.
fn split_transform(rule: &str) -> (String, usize) {
    let (lit, group) = rule
        .split_once('$')
        .expect("transform rule refers to a group");
    assert!(
        lit.bytes().all(|b| b.is_ascii_digit()),
        "transform rule {rule:?}: literal part"
    );
    (
        lit.to_owned(),
        group
            .parse()
            .expect("transform rule: one group reference at the end"),
    )
}

/// The national number of `territory` that a language automaton must accept:
/// any of its number types (pattern ∩ possible lengths), within the general pattern.
pub(crate) fn valid_numbers(territory: &Territory) -> Dfa {
    let general = Dfa::full_match(&territory.general_pattern);
    let types = territory
        .types
        .iter()
        .map(|d| Dfa::full_match(&d.pattern).intersect(&Dfa::lengths(&d.national)))
        .reduce(|a, b| a.union(&b))
        .expect("a territory has number types");
    types.intersect(&general)
}

/// Builds the tables.
pub(crate) fn generate() -> Generated {
    let mut territories = metadata::load();
    // Regions sorted by code first (a `Region` is an index below REGION_COUNT),
    // then the non-geographic entities by country calling code.
    territories.sort_by(|a, b| {
        (
            !a.is_geographic(),
            a.country_code * u16::from(!a.is_geographic()),
            &a.id,
        )
            .cmp(&(
                !b.is_geographic(),
                b.country_code * u16::from(!b.is_geographic()),
                &b.id,
            ))
    });
    let region_count = territories.iter().filter(|t| t.is_geographic()).count();
    let mut report = String::new();

    // Every automaton, in the order they are pooled.
    let mut dfas: Vec<Dfa> = Vec::new();
    let mut add = |dfa: Dfa| -> usize {
        dfas.push(dfa);
        dfas.len() - 1
    };
    struct Plan {
        idd: Option<usize>,
        npp: Option<usize>,
        transform: Option<String>,
        general: usize,
    }
    let mut plans = Vec::new();
    let mut valid_by_code: BTreeMap<u16, Dfa> = BTreeMap::new();
    for t in &territories {
        let general = add(Dfa::full_match(&t.general_pattern));
        let idd = t
            .international_prefix
            .as_deref()
            .map(|p| add(automata::prefix(p, None)));
        let mut transform = None;
        let npp = t.national_prefix_for_parsing.as_deref().map(|p| {
            let groups = automata::Nfa::new(p).groups;
            let tracked = t.national_prefix_transform_rule.as_deref().map(|rule| {
                let (lit, group) = split_transform(rule);
                // libphonenumber transforms only when the last group matched,
                // and every rule of the metadata uses that group.
                assert_eq!(
                    group, groups,
                    "{}: transform rule uses the last group",
                    t.id
                );
                transform = Some(lit);
                group
            });
            add(automata::prefix(p, tracked))
        });
        plans.push(Plan {
            idd,
            npp,
            transform,
            general,
        });
        let valid = valid_numbers(t);
        let merged = match valid_by_code.remove(&t.country_code) {
            Some(other) => other.union(&valid),
            None => valid,
        };
        valid_by_code.insert(t.country_code, merged);
    }
    let mut capped = Vec::new();
    let codes: Vec<(u16, usize, usize)> = valid_by_code
        .into_iter()
        .map(|(code, valid)| {
            let cc_len = code.to_string().len();
            let limit: Vec<u8> = (0..=(E164_MAX - cc_len) as u8).collect();
            let within = valid.intersect(&Dfa::lengths(&limit));
            if within != valid {
                capped.push(code);
            }
            let main = metadata::main_for_code(&territories, code);
            let main = territories
                .iter()
                .position(|t| std::ptr::eq(t, main))
                .expect("main territory");
            (code, main, add(within))
        })
        .collect();
    let separate: usize = dfas.iter().map(Dfa::len).sum();
    let refs: Vec<&Dfa> = dfas.iter().collect();
    let (pool, starts) = Dfa::pool(&refs);
    let (pool, starts) = pool.labelled_last(&starts);
    let first_labelled = pool
        .label
        .iter()
        .position(|&l| l != 0)
        .expect("accepting states");
    // A state is written as the offset of its row: state × 10.
    assert!(
        pool.len() * 10 <= usize::from(u16::MAX),
        "row offsets fit in u16"
    );
    let start = |i: usize| starts[i] * 10;

    // Labels: 0 none, 1 match, 2.. a captured group span.
    let mut spans: Vec<(u8, u8)> = Vec::new();
    let labels: Vec<u8> = pool.label[first_labelled..]
        .iter()
        .map(|&l| match PrefixMatch::from_label(l) {
            None => 0,
            Some(PrefixMatch { group: None }) => 1,
            Some(PrefixMatch { group: Some(span) }) => {
                let i = spans.iter().position(|&s| s == span).unwrap_or_else(|| {
                    spans.push(span);
                    spans.len() - 1
                });
                u8::try_from(i + 2).expect("few spans")
            }
        })
        .collect();
    let end_transitions: Vec<(usize, u32)> = pool
        .trans
        .iter()
        .enumerate()
        .filter(|(_, row)| row[END] != DEAD)
        .map(|(s, row)| (s * 10, row[END] * 10))
        .collect();

    let mut country_index = vec![u8::MAX; 1000];
    for (i, &(code, ..)) in codes.iter().enumerate() {
        country_index[usize::from(code)] = u8::try_from(i).expect("fewer than 255 country codes");
    }

    let territory_size = 16 + 2 + 2 + 2 + 16 + 2 + 4 + 4;
    let bytes = pool.len() * 20
        + labels.len()
        + spans.len() * 2
        + end_transitions.len() * 4
        + territories.len() * territory_size
        + codes.len() * 16
        + country_index.len();
    writeln!(
        report,
        "{} territories ({region_count} regions), {} country calling codes; {} automata with {separate} states pooled into {} states; about {} KiB of tables",
        territories.len(),
        codes.len(),
        dfas.len(),
        pool.len(),
        bytes / 1024
    )
    .unwrap();
    if !capped.is_empty() {
        writeln!(
            report,
            "national lengths capped at 15 digits in all for +{capped:?}"
        )
        .unwrap();
    }

    let mut out = String::new();
    let w = &mut out;
    writeln!(w, "// @generated by tests/numbering_tables.rs from data/libphonenumber/PhoneNumberMetadata.xml").unwrap();
    writeln!(w, "// (libphonenumber 9.0.35). Do not edit: run `UPDATE_TABLES=1 cargo test --test numbering_tables`.").unwrap();
    writeln!(w, "//").unwrap();
    writeln!(
        w,
        "// {} territories, {} country calling codes, {} automaton states, about {} KiB.",
        territories.len(),
        codes.len(),
        pool.len(),
        bytes / 1024
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(w, "use super::{{CountryCode, State, Territory}};").unwrap();
    writeln!(w, "use crate::region::Region;").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// How many of [`TERRITORIES`] are regions (the rest are non-geographic entities)."
    )
    .unwrap();
    writeln!(w, "pub(super) const REGION_COUNT: usize = {region_count};").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// Every territory: regions sorted by code, then non-geographic entities."
    )
    .unwrap();
    writeln!(
        w,
        "pub(super) static TERRITORIES: [Territory; {}] = [",
        territories.len()
    )
    .unwrap();
    for (t, plan) in territories.iter().zip(&plans) {
        let transform = match &plan.transform {
            Some(lit) => format!("Some({lit:?})"),
            None => "None".to_owned(),
        };
        writeln!(
            w,
            "    Territory {{ id: \"{}\", country_code: {}, international_prefix: {}, national_prefix: {}, transform: {transform}, general: {}, lengths: {:#x}, local_lengths: {:#x} }},",
            t.id,
            t.country_code,
            plan.idd.map_or(0, start),
            plan.npp.map_or(0, start),
            start(plan.general),
            mask(&t.national_lengths()),
            mask(&t.local_only_lengths()),
        )
        .unwrap();
    }
    writeln!(w, "];").unwrap();
    writeln!(w).unwrap();
    writeln!(w, "/// Every assigned country calling code, ascending.").unwrap();
    writeln!(
        w,
        "pub(super) static COUNTRY_CODES: [CountryCode; {}] = [",
        codes.len()
    )
    .unwrap();
    for &(code, main, valid) in &codes {
        writeln!(
            w,
            "    CountryCode {{ code: {code}, main: &TERRITORIES[{main}], valid: {} }},",
            start(valid)
        )
        .unwrap();
    }
    writeln!(w, "];").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// Index into [`COUNTRY_CODES`] by code, `u8::MAX` where unassigned."
    )
    .unwrap();
    writeln!(w, "pub(super) static COUNTRY_INDEX: [u8; 1000] = [").unwrap();
    for chunk in country_index.chunks(20) {
        let line: Vec<String> = chunk.iter().map(u8::to_string).collect();
        writeln!(w, "    {},", line.join(", ")).unwrap();
    }
    writeln!(w, "];").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// The next state by state and digit: ten entries per state, states"
    )
    .unwrap();
    writeln!(
        w,
        "/// written as the offset of their row (state × 10); state 0 is dead."
    )
    .unwrap();
    writeln!(
        w,
        "pub(super) static TRANSITIONS: [State; {}] = [",
        pool.len() * 10
    )
    .unwrap();
    for row in &pool.trans {
        let line: Vec<String> = row[..10].iter().map(|t| (t * 10).to_string()).collect();
        writeln!(w, "    {},", line.join(", ")).unwrap();
    }
    writeln!(w, "];").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// The first state (as a row offset) that reports a match: all states from it on do."
    )
    .unwrap();
    writeln!(
        w,
        "pub(super) const FIRST_LABELLED: State = {};",
        first_labelled * 10
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// By state from [`FIRST_LABELLED`] on: 1 match, `n` ≥ 2 match with the group span `SPANS[n - 2]`."
    )
    .unwrap();
    writeln!(w, "pub(super) static LABELS: [u8; {}] = [", labels.len()).unwrap();
    for chunk in labels.chunks(40) {
        let line: Vec<String> = chunk.iter().map(u8::to_string).collect();
        writeln!(w, "    {},", line.join(", ")).unwrap();
    }
    writeln!(w, "];").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// Captured group spans: (start, end) in digits before the end of the match."
    )
    .unwrap();
    writeln!(
        w,
        "pub(super) static SPANS: [(u8, u8); {}] = {spans:?};",
        spans.len()
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// Transitions on the end of the input (`$`), sorted by state."
    )
    .unwrap();
    writeln!(
        w,
        "pub(super) static END_TRANSITIONS: [(State, State); {}] = {end_transitions:?};",
        end_transitions.len()
    )
    .unwrap();
    writeln!(w).unwrap();
    writeln!(w, "impl Region {{").unwrap();
    for (i, t) in territories.iter().enumerate().take(region_count) {
        match &t.name {
            Some(name) => writeln!(
                w,
                "    /// {name}, country calling code +{}.",
                t.country_code
            )
            .unwrap(),
            None => writeln!(
                w,
                "    /// The region `{}`, country calling code +{}.",
                t.id, t.country_code
            )
            .unwrap(),
        }
        writeln!(
            w,
            "    pub const {}: Self = Self::new(&TERRITORIES[{i}]);",
            t.id
        )
        .unwrap();
    }
    writeln!(w, "}}").unwrap();
    Generated {
        source: out,
        report,
    }
}
