//! Every example number of libphonenumber's metadata, parsed in the forms
//! people write it, must give its exact E.164 number.
//!
//! For each `exampleNumber` (all regions, the non-geographic entities, all
//! number types):
//!
//! * international form `+CC NSN`, with [`PhoneNumber::parse`] and with
//!   [`PhoneNumber::parse_with_region`] in its own region;
//! * from abroad: `011 CC NSN` in `US` and `00 CC NSN` in `DE`;
//! * national form, as dialled inside the region: the number formatted the
//!   way libphonenumber formats it nationally (the matching `numberFormat`
//!   of the main region of its country calling code, with its
//!   `nationalPrefixFormattingRule`: `$NP` the national prefix, `$FG` the
//!   first group), parsed with `parse_with_region` in the example's region.
//!
//! Non-geographic entities (`001`: +800, +808, +870, …) have no region and
//! so no national form; they are parsed in international form, with no
//! region and with a region of another country calling code.
//!
//! Some example numbers can only be dialled from within their country: they
//! also match the region's `noInternationalDialling` pattern. They are valid
//! numbers of their type for libphonenumber, with an E.164 form, and are
//! parsed in both forms like every other example; a second test lists them,
//! and checks that a national-only number outside every number type would
//! be refused.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "tablegen/automata.rs"]
mod automata;
mod common;
#[path = "tablegen/generate.rs"]
#[allow(dead_code, reason = "only the validity automaton is used here")]
mod generate;
#[path = "tablegen/metadata.rs"]
mod metadata;

use std::cell::RefCell;
use std::collections::HashMap;

use purpose_bound::{AccountNotice, PhoneNumber, Region};
use regex::Regex;

/// The E.164 form, as the SMS transport receives it.
fn e164(phone: &PhoneNumber<AccountNotice>) -> String {
    common::recipient_of(phone)
}

thread_local! {
    static REGEXES: RefCell<HashMap<String, Regex>> = RefCell::new(HashMap::new());
}

/// `pattern` compiled once.
fn regex(pattern: &str) -> Regex {
    REGEXES.with(|cache| {
        cache
            .borrow_mut()
            .entry(pattern.to_owned())
            .or_insert_with(|| Regex::new(pattern).unwrap())
            .clone()
    })
}

fn anchored(pattern: &str) -> Regex {
    regex(&format!("^(?:{pattern})$"))
}

/// libphonenumber's national format of `nsn` with the formats of `main`.
fn national_form(main: &metadata::Territory, nsn: &str) -> String {
    let dollar = regex(r"\$(\d)");
    for format in &main.formats {
        if let Some(leading) = format.leading_digits.last() {
            if !regex(&format!("^(?:{leading})")).is_match(nsn) {
                continue;
            }
        }
        let pattern = anchored(&format.pattern);
        if !pattern.is_match(nsn) {
            continue;
        }
        let mut rule = format.format.clone();
        if let Some(np_rule) = format
            .national_prefix_formatting_rule
            .as_deref()
            .filter(|r| !r.is_empty())
        {
            let np_rule = np_rule
                .replacen("$NP", main.national_prefix.as_deref().unwrap_or(""), 1)
                .replacen("$FG", "$1", 1);
            rule = rule.replacen("$1", &np_rule, 1);
        }
        let rule = dollar.replace_all(&rule, "$${$1}").into_owned();
        return pattern.replace(nsn, rule.as_str()).into_owned();
    }
    nsn.to_owned()
}

#[derive(Default)]
struct Tally {
    numbers: usize,
    forms: usize,
    failures: Vec<String>,
}

impl Tally {
    fn check(
        &mut self,
        what: &str,
        input: &str,
        expected: &str,
        result: Result<PhoneNumber<AccountNotice>, purpose_bound::PhoneError>,
    ) {
        self.forms += 1;
        match result {
            Ok(phone) if e164(&phone) == expected => {}
            Ok(phone) => self.failures.push(format!(
                "{what}: {input:?} gave {}, expected {expected}",
                e164(&phone)
            )),
            Err(e) => self.failures.push(format!(
                "{what}: {input:?} failed ({e}), expected {expected}"
            )),
        }
    }
}

#[test]
fn every_example_number_parses_in_international_and_national_form() {
    let territories = metadata::load();
    let mut tally = Tally::default();
    let mut national_forms = 0;
    let mut non_geographic = 0;
    for t in &territories {
        let main = metadata::main_for_code(&territories, t.country_code);
        for desc in &t.types {
            let Some(nsn) = &desc.example else { continue };
            tally.numbers += 1;
            let expected = format!("+{}{nsn}", t.country_code);
            let what = format!("{} {} {}", t.id, desc.kind, nsn);
            let international = format!("+{} {nsn}", t.country_code);
            tally.check(
                &what,
                &international,
                &expected,
                PhoneNumber::parse(&international),
            );
            // Dialled from abroad, through the international call prefix of
            // North America and of Germany.
            let from_us = format!("011 {} {nsn}", t.country_code);
            tally.check(
                &what,
                &from_us,
                &expected,
                PhoneNumber::parse_with_region(&from_us, Region::US),
            );
            let from_de = format!("00 {} {nsn}", t.country_code);
            tally.check(
                &what,
                &from_de,
                &expected,
                PhoneNumber::parse_with_region(&from_de, Region::DE),
            );
            if !t.is_geographic() {
                non_geographic += 1;
                tally.check(
                    &what,
                    &international,
                    &expected,
                    PhoneNumber::parse_with_region(&international, Region::US),
                );
                continue;
            }
            let region: Region = t.id.parse().unwrap();
            tally.check(
                &what,
                &international,
                &expected,
                PhoneNumber::parse_with_region(&international, region),
            );
            let national = national_form(main, nsn);
            national_forms += 1;
            if std::env::var_os("SHOW_FORMS").is_some() {
                println!("{what}: {national}");
            }
            tally.check(
                &what,
                &national,
                &expected,
                PhoneNumber::parse_with_region(&national, region),
            );
        }
    }
    let xml = std::fs::read_to_string(metadata::metadata_path()).unwrap();
    let in_file = xml.matches("<exampleNumber>").count();
    println!(
        "{} example numbers ({} non-geographic), {} forms parsed ({national_forms} national), {} failures",
        tally.numbers,
        non_geographic,
        tally.forms,
        tally.failures.len()
    );
    println!(
        "excluded: none; the {non_geographic} non-geographic numbers have no region and so no national form; \
         numbers that cannot be dialled from abroad are parsed in both forms (see the next test)"
    );
    for failure in &tally.failures {
        println!("  {failure}");
    }
    assert!(
        tally.failures.is_empty(),
        "{} example forms failed",
        tally.failures.len()
    );
    assert_eq!(
        tally.numbers, in_file,
        "every example number of the file was tried"
    );
    assert!(tally.numbers > 1000, "the metadata has example numbers");
}

#[test]
fn numbers_only_dialled_nationally_are_handled_deliberately() {
    use automata::Dfa;

    let territories = metadata::load();
    let mut regions = 0;
    let mut examples = Vec::new();
    let mut refused = Vec::new();
    for t in territories
        .iter()
        .filter(|t| t.no_international_dialling.is_some())
    {
        regions += 1;
        let desc = t.no_international_dialling.as_ref().unwrap();
        let national_only = Dfa::full_match(&desc.pattern).intersect(&Dfa::lengths(&desc.national));
        let region: Region = t.id.parse().unwrap();
        let main = metadata::main_for_code(&territories, t.country_code);
        // Example numbers of other types that can only be dialled within the
        // country: libphonenumber holds them valid numbers of their type, with
        // an E.164 form, so both forms must read as that form.
        for nsn in t.types.iter().filter_map(|d| d.example.as_ref()) {
            let digits: Vec<u8> = nsn.bytes().map(|b| b - b'0').collect();
            if !national_only.accepts(&digits) {
                continue;
            }
            let expected = format!("+{}{nsn}", t.country_code);
            let international = format!("+{} {nsn}", t.country_code);
            let national = national_form(main, nsn);
            for result in [
                PhoneNumber::<AccountNotice>::parse(&international),
                PhoneNumber::<AccountNotice>::parse_with_region(&national, region),
            ] {
                assert_eq!(e164(&result.unwrap()), expected, "{} {nsn}", t.id);
            }
            examples.push(format!("{}:{nsn}", t.id));
        }
        // Numbers that are only in the national-only pattern, in no number
        // type of any region of the code, are not valid: the shortest is refused.
        let valid = territories
            .iter()
            .filter(|other| other.country_code == t.country_code)
            .map(generate::valid_numbers)
            .reduce(|a, b| a.union(&b))
            .unwrap();
        let outside_types = national_only.product(&valid, |national, valid| national && !valid);
        if let Some(digits) = outside_types.shortest_accepted() {
            let nsn: String = digits.iter().map(|d| char::from(b'0' + d)).collect();
            let international = format!("+{} {nsn}", t.country_code);
            assert!(
                PhoneNumber::<AccountNotice>::parse(&international).is_err(),
                "{}: {nsn}",
                t.id
            );
            assert!(
                PhoneNumber::<AccountNotice>::parse_with_region(&nsn, region).is_err(),
                "{}: {nsn}",
                t.id
            );
            refused.push(t.id.as_str());
        }
    }
    println!(
        "{regions} regions have numbers that cannot be dialled from abroad (noInternationalDialling); \
         {} example numbers are among them and read in both forms as their E.164 number: {}",
        examples.len(),
        examples.join(" ")
    );
    println!(
        "regions whose national-only numbers include some outside every number type (refused): {}",
        if refused.is_empty() {
            "none in this metadata".to_owned()
        } else {
            refused.join(" ")
        }
    );
    assert!(
        !examples.is_empty(),
        "the metadata has national-only example numbers"
    );
}
