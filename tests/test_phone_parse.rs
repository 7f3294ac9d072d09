//! Phone number parsing: the forms people type, national input in the
//! numbering plans that need special rules, errors with their positions,
//! and properties over generated input.

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

use std::collections::hash_map::DefaultHasher;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

use proptest::prelude::*;
use purpose_bound::{AccountNotice, PhoneError, PhoneErrorKind, PhoneNumber, Region};

type Phone = PhoneNumber<AccountNotice>;

/// The E.164 form, as the SMS transport receives it.
fn e164(phone: &Phone) -> String {
    common::recipient_of(phone)
}

fn intl(input: &str) -> Result<String, PhoneError> {
    Phone::parse(input).map(|p| e164(&p))
}

fn national(input: &str, region: Region) -> Result<String, PhoneError> {
    Phone::parse_with_region(input, region).map(|p| e164(&p))
}

fn kind_at(result: Result<String, PhoneError>) -> (PhoneErrorKind, Option<usize>) {
    let err = result.unwrap_err();
    (err.kind(), err.position())
}

#[test]
fn international_formatting_is_ignored() {
    for input in [
        "+44 20 7946 0958",
        "+442079460958",
        "+44 (0)20 7946 0958",
        "+44(0)2079460958",
        "+44-20-7946-0958",
        "+44.20.7946.0958",
        "+44/20/7946/0958",
        "(+44) 20 7946 0958",
        "+44 [20] 7946 0958",
        "  +44 20 7946 0958\n",
        "+44\u{a0}20\u{a0}7946\u{a0}0958",
        "+44\u{2011}20\u{2013}7946\u{2212}0958",
        "tel:+44-20-7946-0958",
        "TEL:+44-20-7946-0958",
        "tel:020-7946-0958;phone-context=+44",
        "tel:+44-20-7946-0958;isub=1234",
        "\u{ff0b}\u{ff14}\u{ff14} \u{ff12}\u{ff10} \u{ff17}\u{ff19}\u{ff14}\u{ff16} \u{ff10}\u{ff19}\u{ff15}\u{ff18}",
        "+\u{0664}\u{0664} \u{0662}\u{0660} \u{0667}\u{0669}\u{0664}\u{0666} \u{0660}\u{0669}\u{0665}\u{0668}",
    ] {
        assert_eq!(intl(input).as_deref(), Ok("+442079460958"), "{input:?}");
    }
}

#[test]
fn a_region_never_changes_international_input() {
    // The `phonenumber` crate reads these wrongly when given a default region.
    for region in [
        Region::DE,
        Region::FR,
        Region::US,
        Region::GB,
        Region::IT,
        Region::AR,
    ] {
        assert_eq!(
            national("+49 151 23456789", region).as_deref(),
            Ok("+4915123456789")
        );
        assert_eq!(
            national("+33 1 23 45 67 89", region).as_deref(),
            Ok("+33123456789")
        );
        assert_eq!(
            national("+44 20 7946 0958", region).as_deref(),
            Ok("+442079460958")
        );
        assert_eq!(
            national("+1 415 555 2671", region).as_deref(),
            Ok("+14155552671")
        );
    }
}

#[test]
fn national_input_with_trunk_prefix() {
    let cases = [
        ("020 7946 0958", Region::GB, "+442079460958"),
        ("(020) 7946 0958", Region::GB, "+442079460958"),
        ("030 123456", Region::DE, "+4930123456"),
        ("01 23 45 67 89", Region::FR, "+33123456789"),
        ("(415) 555-2671", Region::US, "+14155552671"),
        ("1 415 555 2671", Region::US, "+14155552671"),
        ("1-800-234-5678", Region::CA, "+18002345678"),
        ("8 (912) 345-67-89", Region::RU, "+79123456789"),
        ("8 (771) 000 9998", Region::KZ, "+77710009998"),
        ("06 20 123 4567", Region::HU, "+36201234567"),
        ("8 029 491-19-11", Region::BY, "+375294911911"),
        ("090-1234-5678", Region::JP, "+819012345678"),
        ("010-2000-0000", Region::KR, "+821020000000"),
        // Belarus's trunk prefix is 8 or 80, and its toll-free numbers begin
        // 801: without a trunk prefix, the 80 is kept, because what would be
        // left is no Belarusian number.
        ("8 801 123 45 67", Region::BY, "+3758011234567"),
        ("801 123 45 67", Region::BY, "+3758011234567"),
    ];
    for (input, region, expected) in cases {
        assert_eq!(
            national(input, region).as_deref(),
            Ok(expected),
            "{input:?} in {region}"
        );
    }
}

/// An error in a number that a transform rule rewrote points at the
/// character of the input it came from: Argentina's `0 11 15 2345 6789` is
/// read as `9 11 2345 6789`.
#[test]
fn errors_in_a_rewritten_number_point_at_the_input() {
    for (input, error) in [
        // In the digits after the 15: the first, and one too many.
        (
            "0 11 15 0345 6789",
            (PhoneErrorKind::NotInNumberingPlan, Some(8)),
        ),
        (
            "0 2202 15 23456",
            (PhoneErrorKind::NotInNumberingPlan, Some(10)),
        ),
        ("0 11 15 2345 67890", (PhoneErrorKind::TooLong, Some(17))),
        ("11 15 2345 67890", (PhoneErrorKind::TooLong, Some(15))),
        // In the area code.
        (
            "0 3461 15 00000",
            (PhoneErrorKind::NotInNumberingPlan, Some(5)),
        ),
    ] {
        assert_eq!(kind_at(national(input, Region::AR)), error, "{input:?}");
    }
}

#[test]
fn a_leading_zero_that_belongs_to_the_number_is_kept() {
    // Italy (and the Vatican) have no trunk prefix: the 0 is part of the number.
    assert_eq!(
        national("02 1234 5678", Region::IT).as_deref(),
        Ok("+390212345678")
    );
    assert_eq!(intl("+39 02 1234 5678").as_deref(), Ok("+390212345678"));
    assert_eq!(intl("+39 (0)2 1234 5678").as_deref(), Ok("+390212345678"));
    assert_eq!(
        national("06 6981 2345", Region::VA).as_deref(),
        Ok("+390669812345")
    );
    // San Marino: fixed lines dialled with 0549 inside the country.
    assert_eq!(
        national("0549 886377", Region::SM).as_deref(),
        Ok("+3780549886377")
    );
    assert_eq!(
        national("886377", Region::SM).as_deref(),
        Ok("+3780549886377")
    );
}

#[test]
fn national_prefix_transform_rules() {
    // Argentina: mobile numbers dialled as 0 + area code + 15 + number.
    assert_eq!(
        national("011 15-2345-6789", Region::AR).as_deref(),
        Ok("+5491123456789")
    );
    assert_eq!(
        national("11 15 2345 6789", Region::AR).as_deref(),
        Ok("+5491123456789")
    );
    assert_eq!(intl("+54 9 11 2345 6789").as_deref(), Ok("+5491123456789"));
    assert_eq!(
        national("011 2345-6789", Region::AR).as_deref(),
        Ok("+541123456789")
    );
    // Brazil: a carrier code between the trunk prefix and the area code.
    assert_eq!(
        national("0 15 11 2345 6789", Region::BR).as_deref(),
        Ok("+551123456789")
    );
    assert_eq!(
        national("(11) 2345-6789", Region::BR).as_deref(),
        Ok("+551123456789")
    );
    // Local numbers without their area code.
    assert_eq!(
        national("222 1234", Region::KY).as_deref(),
        Ok("+13452221234")
    );
    assert_eq!(
        national("456789", Region::JE).as_deref(),
        Ok("+441534456789")
    );
    assert_eq!(
        national("01534 456789", Region::JE).as_deref(),
        Ok("+441534456789")
    );
}

#[test]
fn international_call_prefixes() {
    let cases = [
        ("00 44 20 7946 0958", Region::DE),
        ("0044 20 7946 0958", Region::GB),
        ("011 44 20 7946 0958", Region::US),
        ("0011 44 20 7946 0958", Region::AU),
        ("810 44 20 7946 0958", Region::RU),
        ("8~10 44 20 7946 0958", Region::RU),
        ("00 15 44 20 7946 0958", Region::BR),
        ("001 44 20 7946 0958", Region::KR),
        ("010 44 20 7946 0958", Region::JP),
    ];
    for (input, region) in cases {
        assert_eq!(
            national(input, region).as_deref(),
            Ok("+442079460958"),
            "{input:?} in {region}"
        );
    }
    // From a region of the same country calling code.
    assert_eq!(
        national("011 1 415 555 2671", Region::CA).as_deref(),
        Ok("+14155552671")
    );
    // No country calling code starts with 0, so digits that begin like an
    // international call prefix and go on with 0 are a national number:
    // Israel's prefixes include 018, and its toll-free numbers, dialled
    // with the trunk prefix, begin 01800.
    assert_eq!(
        national("01800 123 456", Region::IL).as_deref(),
        Ok("+9721800123456")
    );
}

#[test]
fn country_code_without_plus() {
    assert_eq!(
        national("44 20 7946 0958", Region::GB).as_deref(),
        Ok("+442079460958")
    );
    assert_eq!(
        national("49 30 123456", Region::DE).as_deref(),
        Ok("+4930123456")
    );
    // Digits that start with the code but read no better without it stay
    // as they are.
    assert_eq!(
        kind_at(national("44 40 7946", Region::GB)),
        (PhoneErrorKind::NotInNumberingPlan, Some(0))
    );
    // A one-digit and a three-digit code.
    assert_eq!(
        national("7 495 123 45 67", Region::RU).as_deref(),
        Ok("+74951234567")
    );
    assert_eq!(
        national("353 1 234 5678", Region::IE).as_deref(),
        Ok("+35312345678")
    );
}

#[test]
fn regions_sharing_a_country_code_validate_against_all_of_it() {
    // A Jersey number dialled nationally from Great Britain, and the reverse.
    assert_eq!(
        national("01534 456789", Region::GB).as_deref(),
        Ok("+441534456789")
    );
    assert_eq!(
        national("020 7946 0958", Region::JE).as_deref(),
        Ok("+442079460958")
    );
    // A Canadian number from the United States.
    assert_eq!(
        national("1 506 234 5678", Region::US).as_deref(),
        Ok("+15062345678")
    );
}

#[test]
fn non_geographic_numbers() {
    assert_eq!(intl("+800 1234 5678").as_deref(), Ok("+80012345678"));
    assert_eq!(
        national("00 800 1234 5678", Region::FR).as_deref(),
        Ok("+80012345678")
    );
    assert_eq!(
        intl("+882 1 234 5678").map(|_| ()).is_ok(),
        intl("+882 1 234 5678").is_ok()
    );
}

#[test]
fn letters_are_rejected_where_they_are() {
    assert_eq!(
        kind_at(intl("+44 20 7946 O958")),
        (PhoneErrorKind::Letter, Some(12))
    );
    assert_eq!(
        kind_at(intl("+1-800-FLOWERS")),
        (PhoneErrorKind::Letter, Some(7))
    );
    assert_eq!(
        kind_at(intl("phone: +44 20 7946 0958")),
        (PhoneErrorKind::Letter, Some(0))
    );
    assert_eq!(
        kind_at(intl("+44 20 7946 0958 x")),
        (PhoneErrorKind::Letter, Some(17))
    );
}

#[test]
fn extensions_are_rejected() {
    for (input, position) in [
        ("+1 415 555 2671 ext. 123", 16),
        ("+1 415 555 2671 ext 123", 16),
        ("+1 415 555 2671 extension 12", 16),
        ("+1 415 555 2671 x123", 16),
        ("+1 415 555 2671 X 123", 16),
        ("+1 415 555 2671 #123", 16),
        ("+1 415 555 2671,,123", 15),
        ("+1 415 555 2671;ext=123", 15),
        ("tel:+1-415-555-2671;ext=123", 19),
        ("+7 912 345 67 89 доб. 123", 17),
        // Separators and a closing # among the extension's digits.
        ("+1 415 555 2671 ext. 12-34", 16),
        ("+1 415 555 2671 x123#", 16),
    ] {
        assert_eq!(
            kind_at(intl(input)),
            (PhoneErrorKind::Extension, Some(position)),
            "{input:?}"
        );
    }
    // Anything else after the digits makes it no extension.
    assert_eq!(
        kind_at(intl("+1 415 555 2671 x12*")),
        (PhoneErrorKind::Letter, Some(16))
    );
}

/// The parameters of a tel: URI: a global number prefix as phone-context is
/// read before a local number, a domain-name context and other parameters
/// are ignored, and positions in the context count from the start of the
/// input.
#[test]
fn tel_uri_parameters() {
    for input in [
        "tel:020-7946-0958;phone-context=+44",
        "tel:020-7946-0958;isub=12;phone-context=+44",
        "tel:+44-20-7946-0958;phone-context=+1",
    ] {
        assert_eq!(intl(input).as_deref(), Ok("+442079460958"), "{input:?}");
    }
    assert_eq!(
        national("tel:020-7946-0958;phone-context=example.com", Region::GB).as_deref(),
        Ok("+442079460958")
    );
    assert_eq!(
        kind_at(intl("tel:7946-0958;isub=12;phone-context=+44-2O")),
        (PhoneErrorKind::Letter, Some(41))
    );
    assert_eq!(
        kind_at(intl("tel:7946-0958;phone-context=+44-2O")),
        (PhoneErrorKind::Letter, Some(33))
    );
    // In a tel: URI, positions count from the start of the input.
    assert_eq!(
        kind_at(intl("tel:+44-20-7946-O958")),
        (PhoneErrorKind::Letter, Some(16))
    );
    assert_eq!(
        kind_at(intl(" \u{a0}tel:+44-20-7946-O958")),
        (PhoneErrorKind::Letter, Some(18))
    );
}

#[test]
fn structural_errors() {
    assert_eq!(kind_at(intl("")), (PhoneErrorKind::Empty, None));
    assert_eq!(kind_at(intl("  +  ")), (PhoneErrorKind::Empty, None));
    assert_eq!(kind_at(intl("tel:")), (PhoneErrorKind::Empty, None));
    assert_eq!(
        kind_at(intl("020 7946 0958")),
        (PhoneErrorKind::MissingCountryCode, Some(0))
    );
    assert_eq!(
        kind_at(intl("+44+20 7946 0958")),
        (PhoneErrorKind::InvalidCharacter, Some(3))
    );
    assert_eq!(
        kind_at(intl("+44 20 7946 0958 @")),
        (PhoneErrorKind::InvalidCharacter, Some(17))
    );
    assert_eq!(
        kind_at(intl("+0 20 7946 0958")),
        (PhoneErrorKind::UnknownCountryCode, Some(1))
    );
    assert_eq!(
        kind_at(intl("+ 999 20 7946 0958")),
        (PhoneErrorKind::UnknownCountryCode, Some(2))
    );
    assert_eq!(kind_at(intl("+2")), (PhoneErrorKind::TooShort, None));
    // Two digits may yet start a code; three that are none are unknown.
    assert_eq!(kind_at(intl("+99")), (PhoneErrorKind::TooShort, None));
    assert_eq!(
        kind_at(intl("+999")),
        (PhoneErrorKind::UnknownCountryCode, Some(1))
    );
    let many = format!("+{}", "1".repeat(40));
    assert_eq!(kind_at(intl(&many)), (PhoneErrorKind::TooLong, Some(33)));
}

/// What the scanner takes for a digit, a separator or a plus, and where it
/// says the first character it cannot take is.
#[test]
fn the_scanners_edges() {
    // `:` follows `9` in ASCII, and is no digit; nor is a `+` after digits.
    assert_eq!(
        kind_at(intl("+44 20:7946 0958")),
        (PhoneErrorKind::InvalidCharacter, Some(6))
    );
    assert_eq!(
        kind_at(national("020+7946 0958", Region::GB)),
        (PhoneErrorKind::InvalidCharacter, Some(3))
    );
    // A non-ASCII separator is only a separator, and a full-width plus
    // after digits is misplaced.
    for input in ["020\u{a0}7946\u{2009}0958", "\u{2009}020 7946 0958"] {
        assert_eq!(
            national(input, Region::GB).as_deref(),
            Ok("+442079460958"),
            "{input:?}"
        );
    }
    assert_eq!(
        kind_at(national("020\u{ff0b}7946 0958", Region::GB)),
        (PhoneErrorKind::InvalidCharacter, Some(3))
    );
    // An extension marker before any digit is a letter.
    for marker in ["ext. 123", "доб 123"] {
        assert_eq!(
            kind_at(intl(marker)),
            (PhoneErrorKind::Letter, Some(0)),
            "{marker}"
        );
    }
}

#[test]
fn numbering_plan_errors_point_at_the_digit() {
    assert_eq!(
        kind_at(intl("+44 20 7946")),
        (PhoneErrorKind::TooShort, None)
    );
    assert_eq!(
        kind_at(national("020 7946", Region::GB)),
        (PhoneErrorKind::TooShort, None)
    );
    assert_eq!(
        kind_at(intl("+44 (0)20 7946")),
        (PhoneErrorKind::TooShort, None)
    );
    // The twelfth digit after +44 is one too many.
    assert_eq!(
        kind_at(intl("+44 20 7946 09581")),
        (PhoneErrorKind::TooLong, Some(16))
    );
    // No UK number starts with 4 after the country code.
    assert_eq!(
        kind_at(intl("+44 40 7946 0958")),
        (PhoneErrorKind::NotInNumberingPlan, Some(4))
    );
    // North American area codes never start with 0 or 1.
    assert_eq!(
        kind_at(intl("+1 015 555 2671")),
        (PhoneErrorKind::NotInNumberingPlan, Some(3))
    );
}

#[test]
fn errors_never_show_the_input() {
    for input in [
        "+44 20 7946 O958",
        "+44 20 7946 09581",
        "+44 40 7946 0958",
        "+1 415 555 2671 x123",
        "415 555 2671",
    ] {
        let err = Phone::parse(input).unwrap_err();
        for shown in [err.to_string(), format!("{err:?}")] {
            assert!(
                !shown.contains("7946") && !shown.contains("555") && !shown.contains('O'),
                "{shown}"
            );
        }
    }
}

/// Each message names the rule and, where one did, the character that broke
/// it, with a word on what to do where there is one.
#[test]
fn each_message_names_its_rule_and_what_to_do() {
    for (input, message) in [
        ("", "invalid phone number: no digits"),
        (
            "+44+20 7946 0958",
            "invalid phone number: unexpected character at character 3",
        ),
        (
            "+44 20 7946 O958",
            "invalid phone number: letter at character 12 (numbers are written with digits)",
        ),
        (
            "+1 415 555 2671 x123",
            "invalid phone number: extension at character 16 (an extension cannot receive messages)",
        ),
        (
            "020 7946 0958",
            "invalid phone number: no country calling code at character 0 \
             (start with + and the country calling code, or give a region)",
        ),
        (
            "+0 20 7946 0958",
            "invalid phone number: unknown country calling code at character 1",
        ),
        (
            "+44 20 7946",
            "invalid phone number: too few digits for its numbering plan",
        ),
        (
            "+44 20 7946 09581",
            "invalid phone number: too many digits for its numbering plan at character 16",
        ),
        (
            "+44 40 7946 0958",
            "invalid phone number: no number of its numbering plan continues this way at character 4",
        ),
    ] {
        assert_eq!(Phone::parse(input).unwrap_err().to_string(), message);
    }
}

#[test]
fn masked_shows_the_country_code() {
    assert_eq!(
        Phone::parse("+1 415 555 2671")
            .unwrap()
            .masked()
            .to_string(),
        "+1 •••• ••71"
    );
    assert_eq!(
        Phone::parse("+44 20 7946 0958")
            .unwrap()
            .masked()
            .to_string(),
        "+44 •••• ••58"
    );
    assert_eq!(
        Phone::parse("+880 1812-345678")
            .unwrap()
            .masked()
            .to_string(),
        "+880 •••• ••78"
    );
    assert_eq!(
        Phone::parse("+800 1234 5678").unwrap().masked().to_string(),
        "+800 •••• ••78"
    );
}

/// Every example number of the metadata in E.164 form.
static EXAMPLES: LazyLock<Vec<String>> = LazyLock::new(|| {
    metadata::load()
        .iter()
        .flat_map(|t| {
            t.types
                .iter()
                .filter_map(|d| {
                    d.example
                        .as_ref()
                        .map(|nsn| format!("+{}{nsn}", t.country_code))
                })
                .collect::<Vec<_>>()
        })
        .collect()
});

fn example() -> impl Strategy<Value = String> {
    (0..EXAMPLES.len()).prop_map(|i| EXAMPLES[i].clone())
}

fn region() -> impl Strategy<Value = Region> {
    let codes: Vec<Region> = metadata::load()
        .iter()
        .filter(|t| t.is_geographic())
        .map(|t| t.id.parse().unwrap())
        .collect();
    proptest::sample::select(codes)
}

/// `e164` written with separators between its digits, full-width digits,
/// and a `tel:` prefix, as chosen by `style`.
fn formatted(e164: &str, separators: &[u8], full_width: bool, tel: bool) -> String {
    const SEPARATORS: [&str; 9] = ["", " ", "-", ".", "/", "(", ")", "\u{a0}", " - "];
    let mut out = String::new();
    if tel {
        out.push_str("tel:");
    }
    out.push('+');
    for (i, digit) in e164.trim_start_matches('+').chars().enumerate() {
        if i > 0 && !tel {
            out.push_str(
                SEPARATORS[usize::from(separators[i % separators.len()]) % SEPARATORS.len()],
            );
        } else if i > 0 && separators[i % separators.len()] % 3 == 0 {
            out.push('-');
        }
        if full_width {
            out.push(char::from_u32(u32::from(digit) - u32::from('0') + 0xFF10).unwrap());
        } else {
            out.push(digit);
        }
    }
    out
}

fn hash_of(phone: &Phone) -> u64 {
    let mut hasher = DefaultHasher::new();
    phone.hash(&mut hasher);
    hasher.finish()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn canonical_form_round_trips(digits in "[1-9][0-9]{6,14}", region in region()) {
        let input = format!("+{digits}");
        if let Ok(phone) = Phone::parse(&input) {
            let canonical = e164(&phone);
            let again = Phone::parse(&canonical).unwrap();
            prop_assert_eq!(&e164(&again), &canonical);
            prop_assert!(again == phone);
            prop_assert_eq!(hash_of(&again), hash_of(&phone));
            let in_region = Phone::parse_with_region(&canonical, region).unwrap();
            prop_assert!(in_region == phone);
        }
    }

    #[test]
    fn examples_round_trip_in_every_region(e164_form in example(), region in region()) {
        let phone = Phone::parse(&e164_form).unwrap();
        prop_assert_eq!(&e164(&phone), &e164_form);
        let with_region = Phone::parse_with_region(&e164_form, region).unwrap();
        prop_assert!(with_region == phone);
    }

    #[test]
    fn formatting_variants_parse_to_the_same_number(
        e164_form in example(),
        separators in proptest::collection::vec(any::<u8>(), 1..8),
        full_width in any::<bool>(),
        tel in any::<bool>(),
        region in region(),
    ) {
        let plain = Phone::parse(&e164_form).unwrap();
        let input = formatted(&e164_form, &separators, full_width, tel);
        let variant = Phone::parse(&input).unwrap();
        prop_assert!(variant == plain, "{:?}", input);
        prop_assert_eq!(hash_of(&variant), hash_of(&plain));
        let in_region = Phone::parse_with_region(&input, region).unwrap();
        prop_assert!(in_region == plain, "{:?} in {}", input, region);
    }

    #[test]
    fn no_panic_on_any_string(input in any::<String>(), region in region()) {
        let _ = Phone::parse(&input);
        let _ = Phone::parse_with_region(&input, region);
    }

    #[test]
    fn no_panic_on_phone_like_strings(
        input in "(tel:)?[+]?[0-9 ()\\-.;=a-z#,+\u{ff10}-\u{ff19}]{0,80}",
        region in region(),
    ) {
        for result in [Phone::parse(&input), Phone::parse_with_region(&input, region)] {
            if let Err(err) = result {
                if let Some(position) = err.position() {
                    prop_assert!(position < input.chars().count());
                }
            }
        }
    }

    #[test]
    fn no_panic_on_long_input(digits in "[0-9]{0,400}", spaces in 0usize..5000, region in region()) {
        let input = format!("+{}{digits}", " ".repeat(spaces));
        let _ = Phone::parse(&input);
        let _ = Phone::parse_with_region(&digits, region);
    }
}

/// Regions: their calling codes, equality and hashing by code, and the
/// message for an unknown code, which does not repeat it.
#[test]
fn regions_compare_hash_and_name_their_calling_code() {
    use std::hash::BuildHasher;
    assert_eq!(Region::GB.country_code(), 44);
    assert_eq!(Region::JE.country_code(), 44);
    assert_eq!(Region::US.country_code(), 1);
    assert_eq!(Region::DE.country_code(), 49);

    let parsed: Region = "GB".parse().unwrap();
    assert_eq!(parsed, Region::GB);
    assert_ne!(Region::GB, Region::JE);
    let hasher = std::collections::hash_map::RandomState::new();
    assert_eq!(hasher.hash_one(parsed), hasher.hash_one(Region::GB));
    assert_ne!(hasher.hash_one(Region::GB), hasher.hash_one(Region::JE));

    let err = "UK".parse::<Region>().unwrap_err();
    assert_eq!(
        err.to_string(),
        "unknown region: expected an ISO 3166-1 alpha-2 code of a region with a telephone \
         numbering plan, such as \"GB\""
    );
}
