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

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

#[path = "tablegen/metadata.rs"]
mod metadata;

use std::cell::RefCell;
use std::collections::HashMap;
use std::convert::Infallible;

use purpose_bound::{AccountNotice, Message, PhoneNumber, Region, Sms, Transport};
use regex::Regex;

/// Captures the E.164 recipient of an account notice.
struct Recipient(Option<String>);

impl Transport<Sms> for Recipient {
    type Error = Infallible;

    fn send(&mut self, to: &str, _message: Message<'_>) -> Result<(), Infallible> {
        self.0 = Some(to.to_owned());
        Ok(())
    }
}

fn e164(phone: &PhoneNumber<AccountNotice>) -> String {
    let mut recipient = Recipient(None);
    phone.send_account_notice(&mut recipient, "notice").unwrap();
    recipient.0.unwrap()
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
        "excluded: none; the {non_geographic} non-geographic numbers have no region and so no national form"
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
