//! Writes `src/identifiers/phone/tables/generated.rs` from the metadata.

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

/// libphonenumber's number types, in the order of their labels in the
/// tables (label `2 + i` for `NUMBER_TYPES[i]`), as named by the crate's
/// `NumberType`.
pub(crate) const NUMBER_TYPES: [&str; 11] = [
    "FixedLine",
    "Mobile",
    "FixedLineOrMobile",
    "TollFree",
    "PremiumRate",
    "SharedCost",
    "Voip",
    "PersonalNumber",
    "Pager",
    "Uan",
    "Voicemail",
];

/// The first automaton label that stands for a number type: label
/// `TYPE_LABEL + i` is `NUMBER_TYPES[i]`. Above every prefix-match label.
pub(crate) const TYPE_LABEL: u32 = 1 << 20;

/// Transient label: the number starts with a territory's leading digits
/// but is of no type there, so libphonenumber gives it no type.
const NO_TYPE: u32 = TYPE_LABEL - 1;

/// The automaton label of the number type `name`.
pub(crate) fn type_label(name: &str) -> u32 {
    let i = NUMBER_TYPES
        .iter()
        .position(|&n| n == name)
        .expect("a number type");
    TYPE_LABEL + i as u32
}

/// The metadata element of each number type other than fixed line and
/// mobile, in the order libphonenumber's `getNumberType` tries them.
const CHECKED_BEFORE_FIXED_LINE: [(&str, &str); 8] = [
    ("premiumRate", "PremiumRate"),
    ("tollFree", "TollFree"),
    ("sharedCost", "SharedCost"),
    ("voip", "Voip"),
    ("personalNumber", "PersonalNumber"),
    ("pager", "Pager"),
    ("uan", "Uan"),
    ("voicemail", "Voicemail"),
];

/// The automaton that accepts nothing.
fn nothing() -> Dfa {
    Dfa::lengths(&[])
}

/// The first label that is not 0.
fn first(a: u32, b: u32) -> u32 {
    if a != 0 { a } else { b }
}

/// libphonenumber's `getNumberTypeHelper` for `territory`: every valid
/// national number, labelled with its type. Premium rate, toll free,
/// shared cost, VoIP, personal number, pager, UAN and voicemail are tried
/// in that order, then fixed line and mobile: a number matching both, or
/// fixed line where the two patterns are the same, is fixed line or mobile.
///
/// Where the two patterns are the same but a number has a mobile length
/// and no fixed-line length, libphonenumber gives it no type; `lenient`
/// calls it mobile instead (the number is valid, as the union of all
/// types), `strict` leaves it unlabelled.
pub(crate) fn number_types(territory: &Territory, lenient: bool) -> Dfa {
    let desc = |kind: &str| territory.types.iter().find(|d| d.kind == kind);
    let numbers =
        |d: &metadata::Desc| Dfa::full_match(&d.pattern).intersect(&Dfa::lengths(&d.national));
    let same = matches!(
        (desc("fixedLine"), desc("mobile")),
        (Some(f), Some(m)) if f.pattern == m.pattern
    );
    let fixed = desc("fixedLine").map_or_else(nothing, numbers);
    let mobile = desc("mobile").map_or_else(nothing, numbers);
    let (fixed_or_mobile, fixed_line, mobile_label) = (
        type_label("FixedLineOrMobile"),
        type_label("FixedLine"),
        type_label("Mobile"),
    );
    let fixed_and_mobile = fixed.combine(&mobile, |f, m| match (f != 0, m != 0) {
        (true, true) => fixed_or_mobile,
        (true, false) if same => fixed_or_mobile,
        (true, false) => fixed_line,
        (false, true) if same && !lenient => 0,
        (false, true) => mobile_label,
        (false, false) => 0,
    });
    let typed = CHECKED_BEFORE_FIXED_LINE
        .iter()
        .filter_map(|&(kind, name)| desc(kind).map(|d| numbers(d).relabel(type_label(name))))
        .chain([fixed_and_mobile])
        .reduce(|a, b| a.combine(&b, first))
        .expect("fixed line and mobile");
    let general = Dfa::full_match(&territory.general_pattern);
    typed.combine(&general, |t, g| if g != 0 { t } else { 0 })
}

/// libphonenumber's `getNumberType` for the country calling code `code`:
/// every valid national number of the code, labelled with its type.
///
/// `territories` are in file order. As libphonenumber, the territories of
/// the code are tried main territory first, then in file order; the first
/// whose leading digits start the number, or (for a territory without
/// leading digits) where the number has a type, decides the type. Where
/// that gives no type (the number starts with a territory's leading
/// digits but is valid only in another territory of the code, which
/// libphonenumber would call invalid), the first territory where the
/// number has a type decides.
pub(crate) fn number_types_of_code(territories: &[Territory], code: u16) -> Dfa {
    let mut sharing: Vec<&Territory> = territories
        .iter()
        .filter(|t| t.country_code == code)
        .collect();
    sharing.sort_by_key(|t| !t.main_country_for_code);
    let mut chosen = nothing();
    for t in sharing.iter().rev() {
        let typed = number_types(t, false);
        let claimed = match &t.leading_digits {
            Some(leading) => {
                let starts = Dfa::full_match(&format!("(?:{leading})\\d*"));
                typed.combine(&starts, |ty, starts| match (starts != 0, ty) {
                    (false, _) => 0,
                    (true, 0) => NO_TYPE,
                    (true, ty) => ty,
                })
            }
            None => typed,
        };
        chosen = claimed.combine(&chosen, first);
    }
    let fallback = sharing
        .iter()
        .map(|t| number_types(t, true))
        .reduce(|a, b| a.combine(&b, first))
        .expect("a territory for the code");
    chosen.combine(&fallback, |c, f| match c {
        _ if f == 0 => 0,
        0 | NO_TYPE => f,
        c => c,
    })
}

/// Builds the tables.
pub(crate) fn generate() -> Generated {
    let mut territories = metadata::load();
    let file_order = territories.clone();
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
        let idd = t.international_prefix.as_deref().map(|p| {
            let dfa = automata::prefix(p, None);
            // The parser reads what follows a matched international call
            // prefix as a country calling code: a prefix that matched
            // the empty string would read every national number so.
            assert!(
                automata::run_prefix(&dfa, &[]).is_none(),
                "{}: the international call prefix matches the empty string",
                t.id
            );
            add(dfa)
        });
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
            let limit = Dfa::lengths(&limit);
            let within = valid.intersect(&limit);
            if within != valid {
                capped.push(code);
            }
            let typed = number_types_of_code(&file_order, code)
                .combine(&limit, |ty, within| if within != 0 { ty } else { 0 });
            let differ = typed.combine(&within, |ty, valid| u32::from((ty != 0) != (valid != 0)));
            assert!(
                differ.shortest_accepted().is_none(),
                "+{code}: the typed numbers are the valid numbers"
            );
            // One automaton validates and classifies: its accepting states
            // carry the number type, so the parser has the type of a
            // number at the end of the walk that validates it.
            let main = metadata::main_for_code(&territories, code);
            let main = territories
                .iter()
                .position(|t| std::ptr::eq(t, main))
                .expect("main territory");
            (code, main, add(typed))
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
    // A state is written as the offset of its row: state × 10 (a `u32`).
    let start = |i: usize| starts[i] * 10;

    // Labels: 0 none, 1 match, 2.. a number type, then captured group spans.
    let first_span_label = 2 + NUMBER_TYPES.len();
    let mut spans: Vec<(u8, u8)> = Vec::new();
    let labels: Vec<u8> = pool.label[first_labelled..]
        .iter()
        .map(|&l| match PrefixMatch::from_label(l) {
            _ if l >= TYPE_LABEL => u8::try_from(2 + l - TYPE_LABEL).expect("few types"),
            None => 0,
            Some(PrefixMatch { group: None }) => 1,
            Some(PrefixMatch { group: Some(span) }) => {
                let i = spans.iter().position(|&s| s == span).unwrap_or_else(|| {
                    spans.push(span);
                    spans.len() - 1
                });
                u8::try_from(i + first_span_label).expect("few spans")
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

    let territory_size = 16 + 2 + 4 + 4 + 16 + 4 + 4 + 4;
    let bytes = pool.len() * 40
        + labels.len()
        + NUMBER_TYPES.len()
        + spans.len() * 2
        + end_transitions.len() * 8
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
    writeln!(w, "use crate::identifiers::phone::NumberType;").unwrap();
    writeln!(w, "use crate::identifiers::region::Region;").unwrap();
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
        "/// By state from [`FIRST_LABELLED`] on: 1 match, `n` in 2..[`FIRST_SPAN_LABEL`] a valid number of"
    )
    .unwrap();
    writeln!(
        w,
        "/// the type `NUMBER_TYPES[n - 2]`, `n` ≥ [`FIRST_SPAN_LABEL`] match with the group span"
    )
    .unwrap();
    writeln!(w, "/// `SPANS[n - FIRST_SPAN_LABEL]`.").unwrap();
    writeln!(w, "pub(super) static LABELS: [u8; {}] = [", labels.len()).unwrap();
    for chunk in labels.chunks(40) {
        let line: Vec<String> = chunk.iter().map(u8::to_string).collect();
        writeln!(w, "    {},", line.join(", ")).unwrap();
    }
    writeln!(w, "];").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// The number type of each label from 2 on (libphonenumber's `getNumberType`)."
    )
    .unwrap();
    writeln!(
        w,
        "pub(super) static NUMBER_TYPES: [NumberType; {}] = [",
        NUMBER_TYPES.len()
    )
    .unwrap();
    for name in NUMBER_TYPES {
        writeln!(w, "    NumberType::{name},").unwrap();
    }
    writeln!(w, "];").unwrap();
    writeln!(w).unwrap();
    writeln!(
        w,
        "/// The label of the first captured group span, after the number types."
    )
    .unwrap();
    writeln!(
        w,
        "pub(super) const FIRST_SPAN_LABEL: u8 = {first_span_label};"
    )
    .unwrap();
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
