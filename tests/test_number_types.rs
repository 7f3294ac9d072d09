//! Number types, and the numbers one-time-code purposes refuse.
//!
//! `PhoneNumber::number_type` is checked against an independent reading of
//! the metadata with regular expressions (libphonenumber's `getNumberType`:
//! the territory chosen among those sharing the country calling code, then
//! the types in libphonenumber's order), for every example number. The
//! one-time-code purposes refuse premium-rate, shared-cost, UAN, voicemail,
//! pager and personal numbers; account notices and consented purposes
//! accept every type.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test code: a failed expectation is a failed test"
)]

mod common;
#[path = "tablegen/metadata.rs"]
mod metadata;

use std::cell::RefCell;
use std::collections::HashMap;

use purpose_bound::{
    AccountNotice, AccountRecovery, Marketing, NumberType, PhoneError, PhoneErrorKind, PhoneNumber,
    Region, TwoFactor,
};
use regex::Regex;

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

/// The whole of `nsn` matches `pattern`.
fn full_match(pattern: &str, nsn: &str) -> bool {
    regex(&format!("^(?:{pattern})$")).is_match(nsn)
}

/// libphonenumber's `isNumberMatchingDesc`.
fn matches(desc: Option<&metadata::Desc>, nsn: &str) -> bool {
    desc.is_some_and(|d| {
        u8::try_from(nsn.len()).is_ok_and(|len| d.national.contains(&len))
            && full_match(&d.pattern, nsn)
    })
}

/// libphonenumber's `getNumberTypeHelper` for one territory.
fn type_in(t: &metadata::Territory, nsn: &str) -> Option<NumberType> {
    let desc = |kind: &str| t.types.iter().find(|d| d.kind == kind);
    if !full_match(&t.general_pattern, nsn) {
        return None;
    }
    for (kind, number_type) in [
        ("premiumRate", NumberType::PremiumRate),
        ("tollFree", NumberType::TollFree),
        ("sharedCost", NumberType::SharedCost),
        ("voip", NumberType::Voip),
        ("personalNumber", NumberType::PersonalNumber),
        ("pager", NumberType::Pager),
        ("uan", NumberType::Uan),
        ("voicemail", NumberType::Voicemail),
    ] {
        if matches(desc(kind), nsn) {
            return Some(number_type);
        }
    }
    let same = matches!(
        (desc("fixedLine"), desc("mobile")),
        (Some(f), Some(m)) if f.pattern == m.pattern
    );
    if matches(desc("fixedLine"), nsn) {
        return Some(if same || matches(desc("mobile"), nsn) {
            NumberType::FixedLineOrMobile
        } else {
            NumberType::FixedLine
        });
    }
    (!same && matches(desc("mobile"), nsn)).then_some(NumberType::Mobile)
}

/// libphonenumber's `getNumberType`: the territories of the code main
/// first, then in file order; the first whose leading digits start the
/// number, or (without leading digits) where the number has a type,
/// decides.
fn libphonenumber_type(
    territories: &[metadata::Territory],
    code: u16,
    nsn: &str,
) -> Option<NumberType> {
    let mut sharing: Vec<&metadata::Territory> = territories
        .iter()
        .filter(|t| t.country_code == code)
        .collect();
    sharing.sort_by_key(|t| !t.main_country_for_code);
    for t in sharing {
        match &t.leading_digits {
            Some(leading) if regex(&format!("^(?:{leading})")).is_match(nsn) => {
                return type_in(t, nsn);
            }
            Some(_) => {}
            None => {
                if let Some(number_type) = type_in(t, nsn) {
                    return Some(number_type);
                }
            }
        }
    }
    None
}

/// The type an example number is listed under.
fn listed_type(kind: &str) -> NumberType {
    match kind {
        "fixedLine" => NumberType::FixedLine,
        "mobile" => NumberType::Mobile,
        "tollFree" => NumberType::TollFree,
        "premiumRate" => NumberType::PremiumRate,
        "sharedCost" => NumberType::SharedCost,
        "voip" => NumberType::Voip,
        "personalNumber" => NumberType::PersonalNumber,
        "pager" => NumberType::Pager,
        "uan" => NumberType::Uan,
        "voicemail" => NumberType::Voicemail,
        other => panic!("number type {other}"),
    }
}

/// The error kind one-time-code purposes refuse a type with, if they do.
fn refused_as(number_type: NumberType) -> Option<PhoneErrorKind> {
    match number_type {
        NumberType::PremiumRate => Some(PhoneErrorKind::PremiumRate),
        NumberType::SharedCost => Some(PhoneErrorKind::SharedCost),
        NumberType::Uan => Some(PhoneErrorKind::Uan),
        NumberType::Voicemail => Some(PhoneErrorKind::Voicemail),
        NumberType::Pager => Some(PhoneErrorKind::Pager),
        NumberType::PersonalNumber => Some(PhoneErrorKind::PersonalNumber),
        _ => None,
    }
}

/// The refusal of `input` for both one-time-code purposes, in
/// international form and in `region`.
fn refusal(input: &str, region: Region) -> PhoneErrorKind {
    let kinds = [
        PhoneNumber::<TwoFactor>::parse(input).unwrap_err(),
        PhoneNumber::<AccountRecovery>::parse(input).unwrap_err(),
        PhoneNumber::<TwoFactor>::parse_with_region(input, region).unwrap_err(),
        PhoneNumber::<AccountRecovery>::parse_with_region(input, region).unwrap_err(),
        input.parse::<PhoneNumber<TwoFactor>>().unwrap_err(),
    ]
    .map(|err| err.kind());
    assert!(kinds.iter().all(|&k| k == kinds[0]), "{input}: {kinds:?}");
    kinds[0]
}

/// `input` is a number of `number_type` for every purpose that accepts it.
fn accepted_as(input: &str, number_type: NumberType) {
    let notice = PhoneNumber::<AccountNotice>::parse(input).unwrap();
    assert_eq!(notice.number_type(), number_type, "{input}");
    let marketing = common::consent::<Marketing>(1).parse_phone(input).unwrap();
    assert_eq!(marketing.number_type(), number_type, "{input}");
}

#[test]
fn premium_rate_numbers_take_no_one_time_code() {
    for (input, national, region) in [
        ("+44 909 876 5432", "0909 876 5432", Region::GB),
        ("+44 901 234 5678", "0901 234 5678", Region::GB),
        ("+1 900 234 5678", "1 900 234 5678", Region::US),
    ] {
        assert_eq!(refusal(input, region), PhoneErrorKind::PremiumRate);
        assert_eq!(
            PhoneNumber::<TwoFactor>::parse_with_region(national, region)
                .unwrap_err()
                .kind(),
            PhoneErrorKind::PremiumRate
        );
        accepted_as(input, NumberType::PremiumRate);
        let notice = PhoneNumber::<AccountNotice>::parse_with_region(national, region).unwrap();
        assert_eq!(notice, PhoneNumber::parse(input).unwrap());
    }
}

#[test]
fn shared_cost_uan_voicemail_pager_and_personal_numbers_take_no_one_time_code() {
    // Example numbers of the metadata, listed under these types.
    for (input, region, number_type, kind) in [
        (
            "+32 78 79 12 34",
            Region::BE,
            NumberType::SharedCost,
            PhoneErrorKind::SharedCost,
        ),
        (
            "+34 901 12 34 56",
            Region::ES,
            NumberType::SharedCost,
            PhoneErrorKind::SharedCost,
        ),
        (
            "+44 55 1234 5678",
            Region::GB,
            NumberType::Uan,
            PhoneErrorKind::Uan,
        ),
        (
            "+32 78 10 23 45",
            Region::BE,
            NumberType::Uan,
            PhoneErrorKind::Uan,
        ),
        (
            "+49 177 991234567",
            Region::DE,
            NumberType::Voicemail,
            PhoneErrorKind::Voicemail,
        ),
        (
            "+44 76 4012 3456",
            Region::GB,
            NumberType::Pager,
            PhoneErrorKind::Pager,
        ),
        (
            "+44 70 1234 5678",
            Region::GB,
            NumberType::PersonalNumber,
            PhoneErrorKind::PersonalNumber,
        ),
    ] {
        assert_eq!(refusal(input, region), kind, "{input}");
        accepted_as(input, number_type);
    }
}

#[test]
fn lines_that_take_a_code_keep_working_and_report_their_type() {
    for (input, number_type) in [
        ("+44 20 7946 0958", NumberType::FixedLine),
        ("+44 7400 123456", NumberType::Mobile),
        ("+49 151 23456789", NumberType::Mobile),
        ("+49 30 123456", NumberType::FixedLine),
        ("+33 6 12 34 56 78", NumberType::Mobile),
        ("+33 1 23 45 67 89", NumberType::FixedLine),
        ("+1 415 555 2671", NumberType::FixedLineOrMobile),
        ("+1 800 234 5678", NumberType::TollFree),
        ("+44 800 123 4567", NumberType::TollFree),
        ("+44 56 1234 5678", NumberType::Voip),
        ("+800 1234 5678", NumberType::TollFree),
    ] {
        let two_factor = PhoneNumber::<TwoFactor>::parse(input).unwrap();
        assert_eq!(two_factor.number_type(), number_type, "{input}");
        let recovery = PhoneNumber::<AccountRecovery>::parse(input).unwrap();
        assert_eq!(recovery.number_type(), number_type, "{input}");
        accepted_as(input, number_type);
    }
    let gb = PhoneNumber::<TwoFactor>::parse_with_region("07400 123456", Region::GB).unwrap();
    assert_eq!(gb.number_type(), NumberType::Mobile);
}

#[test]
fn refusals_never_contain_the_input() {
    for input in [
        "+44 909 876 5432",
        "+1 900 234 5678",
        "+32 78 79 12 34",
        "+44 55 1234 5678",
        "+49 177 991234567",
        "+44 76 4012 3456",
        "+44 70 1234 5678",
    ] {
        let err: PhoneError = PhoneNumber::<TwoFactor>::parse(input).unwrap_err();
        let message = err.to_string();
        assert!(
            !message.chars().any(|c| c.is_ascii_digit()),
            "{input}: {message}"
        );
        assert!(message.contains("one-time codes"), "{message}");
        assert_eq!(err.position(), None);
        assert!(!format!("{err:?}").chars().any(|c| c.is_ascii_digit()));
    }
    assert_eq!(
        PhoneNumber::<TwoFactor>::parse("+44 909 876 5432")
            .unwrap_err()
            .to_string(),
        "invalid phone number: premium-rate number (not accepted for one-time codes)"
    );
}

/// Refused for the one-time-code purpose `P` exactly when its type is.
fn check_purpose<P: purpose_bound::CollectedWithoutConsent>(
    input: &str,
    region: Region,
    number_type: NumberType,
) -> Result<(), String> {
    let results = [
        PhoneNumber::<P>::parse(input),
        PhoneNumber::<P>::parse_with_region(input, region),
    ];
    for result in results {
        match (result, refused_as(number_type)) {
            (Ok(phone), None) if phone.number_type() == number_type => {}
            (Err(err), Some(kind)) if err.kind() == kind => {}
            (Ok(phone), _) => {
                return Err(format!(
                    "{input} as {}: accepted as {:?}, expected {number_type:?}",
                    P::NAME,
                    phone.number_type()
                ));
            }
            (Err(err), _) => {
                return Err(format!(
                    "{input} as {}: {err}, expected {number_type:?}",
                    P::NAME
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn every_example_number_has_libphonenumbers_type() {
    let territories = metadata::load();
    let mut failures = Vec::new();
    let mut numbers = 0;
    let mut as_listed = 0;
    let mut fixed_or_mobile = 0;
    let mut otherwise = Vec::new();
    let mut by_type: HashMap<String, usize> = HashMap::new();
    for t in &territories {
        let region = if t.is_geographic() {
            t.id.parse().unwrap()
        } else {
            Region::US
        };
        for desc in &t.types {
            let Some(nsn) = &desc.example else { continue };
            numbers += 1;
            let input = format!("+{}{nsn}", t.country_code);
            let phone = PhoneNumber::<AccountNotice>::parse(&input).unwrap();
            let actual = phone.number_type();
            *by_type.entry(format!("{actual:?}")).or_default() += 1;
            let listed = listed_type(&desc.kind);
            let expected = libphonenumber_type(&territories, t.country_code, nsn);
            match expected {
                Some(expected) if expected == actual => {}
                // libphonenumber calls the number invalid (it starts with
                // the leading digits of a territory it is not valid in): the
                // crate holds it valid, of its type in the territory it is
                // valid in.
                None if actual == listed => {}
                _ => failures.push(format!(
                    "{} {} {nsn}: {actual:?}, libphonenumber {expected:?}",
                    t.id, desc.kind
                )),
            }
            let both = matches!(listed, NumberType::FixedLine | NumberType::Mobile)
                && actual == NumberType::FixedLineOrMobile;
            if actual == listed {
                as_listed += 1;
            } else if both {
                fixed_or_mobile += 1;
            } else {
                otherwise.push(format!("{} {} {nsn}: {actual:?}", t.id, desc.kind));
            }
            for result in [
                check_purpose::<TwoFactor>(&input, region, actual),
                check_purpose::<AccountRecovery>(&input, region, actual),
            ] {
                if let Err(failure) = result {
                    failures.push(failure);
                }
            }
        }
    }
    let mut by_type: Vec<_> = by_type.into_iter().collect();
    by_type.sort();
    println!(
        "{numbers} example numbers: {as_listed} of the type they are listed under, \
         {fixed_or_mobile} fixed line or mobile (both patterns match), {} of another type \
         as in libphonenumber: {}",
        otherwise.len(),
        otherwise.join("; ")
    );
    println!("by type: {by_type:?}");
    for failure in &failures {
        println!("  {failure}");
    }
    assert!(failures.is_empty(), "{} failures", failures.len());
    assert!(numbers > 1000);
    assert!(
        otherwise.len() * 50 < numbers,
        "nearly every example number is of the type it is listed under"
    );
}

#[test]
fn number_type_is_the_same_for_every_purpose_and_form() {
    let input = "+44 909 876 5432";
    let notice = PhoneNumber::<AccountNotice>::parse(input).unwrap();
    let national =
        PhoneNumber::<AccountNotice>::parse_with_region("0909 876 5432", Region::GB).unwrap();
    let from_abroad =
        PhoneNumber::<AccountNotice>::parse_with_region("011 44 909 876 5432", Region::US).unwrap();
    for phone in [&notice, &national, &from_abroad] {
        assert_eq!(phone.number_type(), NumberType::PremiumRate);
    }
    let marketing = common::consent::<Marketing>(1).parse_phone(input).unwrap();
    assert_eq!(marketing.number_type(), NumberType::PremiumRate);
}

/// The number type is read from the digits: it costs no space. A phone
/// number is its 8 digit bytes, its consent id, if any, and its subject's
/// 16-byte tag, if bound.
#[test]
fn size_is_digits_consent_and_subject() {
    assert_eq!(size_of::<PhoneNumber<TwoFactor>>(), 32);
    assert_eq!(size_of::<PhoneNumber<AccountNotice>>(), 32);
    assert_eq!(size_of::<PhoneNumber<Marketing>>(), 32);
}
