//! Email address parsing: every rule with the kind and position it reports,
//! the RFC 5321 limits at their boundaries, and properties over generated
//! input (canonical forms are fixed points, no panic, `Eq` and `Hash` agree).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails loudly on an unexpected error"
)]

mod common;

use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;

use proptest::prelude::*;
use purpose_bound::{AccountNotice, EmailAddress, EmailError, EmailErrorKind};

type Email = EmailAddress<AccountNotice>;

fn parse(input: &str) -> Result<Email, EmailError> {
    Email::parse(input)
}

/// The canonical form, as the mail transport receives it.
fn canonical(email: &Email) -> String {
    common::recipient_of(email)
}

fn canonical_of(input: &str) -> String {
    match parse(input) {
        Ok(email) => canonical(&email),
        Err(err) => panic!("{input:?} was rejected: {err}"),
    }
}

fn error_of(input: &str) -> EmailError {
    match parse(input) {
        Ok(email) => panic!("{input:?} was accepted as {:?}", canonical(&email)),
        Err(err) => err,
    }
}

// ---------------------------------------------------------------------------
// Valid input.

#[test]
fn valid_addresses_and_their_canonical_form() {
    let cases = [
        ("ada@example.com", "ada@example.com"),
        ("  Ada@Example.COM ", "Ada@example.com"),
        ("ADA@EXAMPLE.COM", "ADA@example.com"),
        (
            "\t\r\n ada@example.com\u{a0}\u{3000}\u{2028}",
            "ada@example.com",
        ),
        ("a@b.co", "a@b.co"),
        ("1@2.io", "1@2.io"),
        (
            "Ada.Lovelace@Sub.Example.Co.UK",
            "Ada.Lovelace@sub.example.co.uk",
        ),
        (
            "grace.hopper+navy@mail.example.org",
            "grace.hopper+navy@mail.example.org",
        ),
        ("o'reilly@example.net", "o'reilly@example.net"),
        ("k.sparck-jones@cl.cam.ac.uk", "k.sparck-jones@cl.cam.ac.uk"),
        (
            "!#$%&'*+-/=?^_`{|}~@example.com",
            "!#$%&'*+-/=?^_`{|}~@example.com",
        ),
        ("ada@a-b--c.example", "ada@a-b--c.example"),
        ("ada@123.example", "ada@123.example"),
        ("ada@example.c0m", "ada@example.c0m"),
        ("ada@example.1a", "ada@example.1a"),
        ("ada@XN--BCHER-KVA.example", "ada@xn--bcher-kva.example"),
        ("ada@example.xn--p1ai", "ada@example.xn--p1ai"),
        ("a.b.c@d.e.f", "a.b.c@d.e.f"),
    ];
    for (input, expected) in cases {
        assert_eq!(canonical_of(input), expected, "{input:?}");
        // The canonical form is a fixed point.
        assert_eq!(canonical_of(expected), expected, "{expected:?}");
    }
}

#[test]
fn from_str_is_parse() {
    let parsed: Email = " Ada@Example.com".parse().unwrap();
    assert_eq!(canonical(&parsed), "Ada@example.com");
    let err = "ada".parse::<Email>().unwrap_err();
    assert_eq!(err.kind(), EmailErrorKind::MissingAt);
}

// ---------------------------------------------------------------------------
// Invalid input: one or more cases per rule, with the kind and the position
// (in characters of the input as given).

#[test]
fn each_rule_reports_its_kind_and_position() {
    use EmailErrorKind::*;

    let cases: &[(&str, EmailErrorKind, Option<usize>)] = &[
        // Empty.
        ("", Empty, None),
        ("   \t\n", Empty, None),
        ("\u{3000}\u{a0}", Empty, None),
        // No @, whatever else is wrong.
        ("ada.example.com", MissingAt, None),
        ("ada lovelace", MissingAt, None),
        ("ada\u{ff20}example.com", MissingAt, None),
        ("\"ada\"", MissingAt, None),
        // More than one @: the second is reported.
        ("a@b@c", MultipleAt, Some(3)),
        ("ada@example@com", MultipleAt, Some(11)),
        ("ada@example.com@", MultipleAt, Some(15)),
        // Empty parts: the @ is reported.
        ("@example.com", EmptyLocalPart, Some(0)),
        ("  @example.com", EmptyLocalPart, Some(2)),
        ("@", EmptyLocalPart, Some(0)),
        ("ada@", EmptyDomain, Some(3)),
        (" ada@ ", EmptyDomain, Some(4)),
        // Characters not allowed where they stand.
        ("ada;x@example.com", InvalidCharacter, Some(3)),
        ("a\\b@example.com", InvalidCharacter, Some(1)),
        ("ada)@example.com", InvalidCharacter, Some(3)),
        ("ada\0@example.com", InvalidCharacter, Some(3)),
        ("ada,x@example.com", InvalidCharacter, Some(3)),
        ("ada[x@example.com", InvalidCharacter, Some(3)),
        ("<ada@example.com>", InvalidCharacter, Some(0)),
        ("ada@example.com>", InvalidCharacter, Some(15)),
        ("ada@exam_ple.com", InvalidCharacter, Some(8)),
        ("ada@exa+mple.com", InvalidCharacter, Some(7)),
        ("ada@exa\"mple.com", InvalidCharacter, Some(7)),
        ("ada@exa[mple.com", InvalidCharacter, Some(7)),
        ("ada@example.com\u{7f}", InvalidCharacter, Some(15)),
        // White space inside.
        ("ada @example.com", WhiteSpace, Some(3)),
        ("ada@exa mple.com", WhiteSpace, Some(7)),
        ("ada\tx@example.com", WhiteSpace, Some(3)),
        ("ada\u{a0}x@example.com", WhiteSpace, Some(3)),
        ("ada@example.\u{2003}com", WhiteSpace, Some(12)),
        ("Ada Lovelace <ada@example.com>", WhiteSpace, Some(3)),
        // Dots, in the local part and in the domain.
        (".ada@example.com", LeadingDot, Some(0)),
        ("ada.@example.com", TrailingDot, Some(3)),
        ("ada..x@example.com", ConsecutiveDots, Some(4)),
        ("ada@.example.com", LeadingDot, Some(4)),
        ("ada@example.com.", TrailingDot, Some(15)),
        ("ada@example..com", ConsecutiveDots, Some(12)),
        // Hyphens in labels.
        ("ada@-example.com", LabelStartsWithHyphen, Some(4)),
        ("ada@example.-com", LabelStartsWithHyphen, Some(12)),
        ("ada@example-.com", LabelEndsWithHyphen, Some(11)),
        ("ada@example.com-", LabelEndsWithHyphen, Some(15)),
        // The domain needs a dot and a top-level label that is not all digits.
        ("ada@localhost", DomainWithoutDot, Some(4)),
        ("  ada@localhost ", DomainWithoutDot, Some(6)),
        ("ada@192.168.0.1", NumericTopLevelDomain, Some(14)),
        ("ada@example.123", NumericTopLevelDomain, Some(12)),
        // Quoted local parts, comments and domain literals.
        ("\"ada\"@example.com", QuotedLocalPart, Some(0)),
        ("\"ada lovelace\"@example.com", QuotedLocalPart, Some(0)),
        ("\"a@b\"@example.com", QuotedLocalPart, Some(0)),
        ("ada.\"x\"@example.com", QuotedLocalPart, Some(4)),
        ("ada(work)@example.com", Comment, Some(3)),
        ("(work)ada@example.com", Comment, Some(0)),
        ("ada@example.com(work)", Comment, Some(15)),
        ("ada@(work)example.com", Comment, Some(4)),
        ("ada@[192.0.2.1]", DomainLiteral, Some(4)),
        ("ada@[IPv6:2001:db8::1]", DomainLiteral, Some(4)),
        // Internationalized addresses, and invisible characters that are
        // not white space.
        ("adä@example.com", Internationalized, Some(2)),
        ("ada@exämple.com", Internationalized, Some(6)),
        ("用户@例子.广告", Internationalized, Some(0)),
        ("ада@пример.рф", Internationalized, Some(0)),
        ("ada@bücher.example", Internationalized, Some(5)),
        ("\u{feff}ada@example.com", Internationalized, Some(0)),
        ("ada@exa\u{200b}mple.com", Internationalized, Some(7)),
        // Positions count characters of the untrimmed input.
        ("\u{3000}\u{a0}ada@exa mple.com", WhiteSpace, Some(9)),
        ("\u{3000}äda@example.com", Internationalized, Some(1)),
        ("ü@x.com\u{3000}", Internationalized, Some(0)),
        ("  ada..x@example.com", ConsecutiveDots, Some(6)),
    ];
    for &(input, kind, position) in cases {
        let err = error_of(input);
        assert_eq!(
            (err.kind(), err.position()),
            (kind, position),
            "{input:?}: {err}"
        );
    }
}

#[test]
fn the_leftmost_broken_rule_is_reported() {
    // A bad character before a bad dot, and the other way round.
    assert_eq!(
        error_of("a;b..c@x.com").kind(),
        EmailErrorKind::InvalidCharacter
    );
    assert_eq!(
        error_of("a..b;c@x.com").kind(),
        EmailErrorKind::ConsecutiveDots
    );
    // A local-part error before a domain error.
    assert_eq!(error_of("a b@x_y.com").position(), Some(1));
    // A whole-part rule is checked where the part ends.
    assert_eq!(
        error_of("ada.@exa mple.com").kind(),
        EmailErrorKind::TrailingDot
    );
    assert_eq!(
        error_of("ada@exa_mple").kind(),
        EmailErrorKind::InvalidCharacter
    );
}

// ---------------------------------------------------------------------------
// RFC 5321 limits at their boundaries.

#[test]
fn local_part_of_64_octets_is_the_limit() {
    let at_limit = format!("{}@example.com", "a".repeat(64));
    assert_eq!(canonical_of(&at_limit), at_limit);

    let over = format!("{}@example.com", "a".repeat(65));
    let err = error_of(&over);
    assert_eq!(
        (err.kind(), err.position()),
        (EmailErrorKind::LocalPartTooLong, Some(64))
    );

    let over_with_dot = format!("{}.@example.com", "a".repeat(64));
    assert_eq!(
        error_of(&over_with_dot).kind(),
        EmailErrorKind::LocalPartTooLong
    );

    let err = error_of(&format!("\u{3000} {over}"));
    assert_eq!(
        (err.kind(), err.position()),
        (EmailErrorKind::LocalPartTooLong, Some(66))
    );

    // A character that is not allowed is reported as such, even past the limit.
    let err = error_of(&format!("{}\"@example.com", "a".repeat(64)));
    assert_eq!(
        (err.kind(), err.position()),
        (EmailErrorKind::QuotedLocalPart, Some(64))
    );

    // Without an @ it is a missing @, not a long local part.
    assert_eq!(error_of(&"a".repeat(300)).kind(), EmailErrorKind::MissingAt);
}

#[test]
fn label_of_63_octets_is_the_limit() {
    for label in ["b".repeat(63), format!("x{}y", "-".repeat(61))] {
        let first = format!("ada@{label}.example.com");
        assert_eq!(canonical_of(&first), first);
        let last = format!("ada@example.{label}");
        assert_eq!(canonical_of(&last), last);
    }

    let label = "b".repeat(64);
    let err = error_of(&format!("ada@{label}.example.com"));
    assert_eq!(
        (err.kind(), err.position()),
        (EmailErrorKind::LabelTooLong, Some(4 + 63))
    );
    let err = error_of(&format!("ada@example.{label}"));
    assert_eq!(
        (err.kind(), err.position()),
        (EmailErrorKind::LabelTooLong, Some(12 + 63))
    );
    let err = error_of(&format!("ada@a.{label}.com"));
    assert_eq!(
        (err.kind(), err.position()),
        (EmailErrorKind::LabelTooLong, Some(6 + 63))
    );
}

/// An address of exactly `len` octets, with a 64-octet local part and
/// labels of at most 63.
fn address_of_length(len: usize) -> String {
    let local = "l".repeat(64);
    let mut domain = String::new();
    let mut left = len - 64 - 1;
    while left > 0 {
        if !domain.is_empty() {
            domain.push('.');
            left -= 1;
        }
        let label = left.min(63);
        // Keep the last label at least two octets, so no label is empty.
        let label = if left - label == 1 { label - 2 } else { label };
        domain.push_str(&"d".repeat(label));
        left -= label;
    }
    let address = format!("{local}@{domain}");
    assert_eq!(address.len(), len);
    address
}

#[test]
fn address_of_254_octets_is_the_limit() {
    for len in [200, 253, 254] {
        let address = address_of_length(len);
        assert_eq!(canonical_of(&address), address);
        assert_eq!(canonical_of(&address.to_uppercase()).len(), len);
    }
    for len in [255, 256, 400] {
        let err = error_of(&address_of_length(len));
        assert_eq!(
            (err.kind(), err.position()),
            (EmailErrorKind::AddressTooLong, Some(254)),
            "{len}"
        );
    }
    let err = error_of(&format!("\n\u{a0}{}", address_of_length(255)));
    assert_eq!(
        (err.kind(), err.position()),
        (EmailErrorKind::AddressTooLong, Some(256))
    );
    // Surrounding white space does not count.
    let padded = format!("   {}\t", address_of_length(254));
    assert_eq!(canonical_of(&padded).len(), 254);
}

/// The last octets of the longest address are checked like any other: a
/// 254-octet address that breaks a rule in its last character is refused
/// for that rule, and so is a character that is not allowed at the 255th
/// octet, even past the limit.
#[test]
fn the_last_octets_of_the_longest_address_are_checked() {
    use EmailErrorKind::*;

    let longest = address_of_length(254);
    let with_last = |c: &str| format!("{}{c}", &longest[..253]);
    for (last, kind) in [
        ("_", InvalidCharacter),
        (".", TrailingDot),
        ("-", LabelEndsWithHyphen),
        ("@", MultipleAt),
    ] {
        let err = error_of(&with_last(last));
        assert_eq!((err.kind(), err.position()), (kind, Some(253)), "{last}");
    }
    let err = error_of(&format!("{longest}_"));
    assert_eq!((err.kind(), err.position()), (InvalidCharacter, Some(254)));
}

// ---------------------------------------------------------------------------
// Equality and hashing.

fn hash(email: &Email, state: &RandomState) -> u64 {
    state.hash_one(email)
}

/// The `email_address` crate's bug #52: its `PartialEq` compares domains
/// without case while its `Hash` hashes them with case, so two equal values
/// land in different `HashSet` buckets. Here the domain is lowercased when
/// parsed, and both compare the canonical form.
#[test]
fn domain_case_gives_equal_values_with_equal_hashes() {
    let state = RandomState::new();
    let a = parse("ada@Example.com").unwrap();
    let b = parse("ada@example.COM").unwrap();
    assert_eq!(a, b);
    assert_eq!(hash(&a, &state), hash(&b, &state));

    let set: std::collections::HashSet<Email> = [a, b].into_iter().collect();
    assert_eq!(set.len(), 1);

    // Local parts are case-sensitive (RFC 5321 §2.4).
    let c = parse("Ada@example.com").unwrap();
    assert_ne!(parse("ada@example.com").unwrap(), c);
}

// ---------------------------------------------------------------------------
// Error messages: a function of the kind and the position only.

/// The message for each kind, written out so that a change is reviewed.
fn message(kind: EmailErrorKind) -> &'static str {
    use EmailErrorKind::*;
    match kind {
        Empty => "empty",
        MissingAt => "no @",
        MultipleAt => "more than one @",
        EmptyLocalPart => "nothing before the @",
        EmptyDomain => "nothing after the @",
        InvalidCharacter => "character not allowed here",
        WhiteSpace => "white space inside the address",
        LeadingDot => "starts with a dot",
        TrailingDot => "ends with a dot",
        ConsecutiveDots => "two dots in a row",
        LocalPartTooLong => "local part longer than 64 octets",
        AddressTooLong => "address longer than 254 octets",
        LabelTooLong => "domain label longer than 63 octets",
        LabelStartsWithHyphen => "domain label starts with a hyphen",
        LabelEndsWithHyphen => "domain label ends with a hyphen",
        DomainWithoutDot => "domain without a dot",
        NumericTopLevelDomain => "top-level domain is all digits",
        QuotedLocalPart => "quoted local parts are not supported",
        Comment => "comments are not supported",
        DomainLiteral => "domain literals are not supported",
        Internationalized => "non-ASCII (internationalized) addresses are not supported",
        _ => panic!("a kind without a message in this test: {kind:?}"),
    }
}

fn expected_display(err: &EmailError) -> String {
    match err.position() {
        Some(p) => format!(
            "invalid email address: {} at character {p}",
            message(err.kind())
        ),
        None => format!("invalid email address: {}", message(err.kind())),
    }
}

#[test]
fn messages_name_the_rule_and_never_the_input() {
    let err = error_of("  ada@exämple.com");
    assert_eq!(
        err.to_string(),
        "invalid email address: non-ASCII (internationalized) addresses are not supported at character 8"
    );
    assert_eq!(
        format!("{err:?}"),
        "EmailError { kind: Internationalized, position: Some(8) }"
    );
    let err = error_of("Ada Lovelace");
    assert_eq!(err.to_string(), "invalid email address: no @");
    // No message and no kind's name holds a `Z`.
    for input in [
        "ZZ\"Z\"@Z.ZZ",
        "Z;@Z.ZZ",
        "Z@Z_Z.ZZ",
        "Z@[1.2.3.4]",
        "Z@Z",
        "Ж@Z.ZZ",
        "Z@Z.ZZ Z",
    ] {
        let err = error_of(input);
        assert_eq!(err.to_string(), expected_display(&err), "{input:?}");
        assert!(!err.to_string().contains('Z') && !format!("{err:?}").contains('Z'));
    }
}

// ---------------------------------------------------------------------------
// Properties.

/// Checks what an error says against the input it was made from: the
/// position names a character of the input that fits the kind, and the
/// message is the kind's.
fn check_error(input: &str, err: &EmailError) {
    use EmailErrorKind::*;

    assert_eq!(err.to_string(), expected_display(err));
    let chars: Vec<char> = input.chars().collect();
    let lead = chars.iter().take_while(|c| c.is_whitespace()).count();
    let Some(p) = err.position() else {
        assert!(matches!(err.kind(), Empty | MissingAt), "{err:?}");
        if err.kind() == Empty {
            assert!(input.trim().is_empty());
        } else {
            assert!(!input.contains('@'));
        }
        return;
    };
    let c = *chars
        .get(p)
        .unwrap_or_else(|| panic!("{err:?} is past the end"));
    let fits = match err.kind() {
        MultipleAt | EmptyLocalPart | EmptyDomain => c == '@',
        LeadingDot | TrailingDot | ConsecutiveDots => c == '.',
        LabelStartsWithHyphen | LabelEndsWithHyphen => c == '-',
        QuotedLocalPart => c == '"',
        Comment => c == '(',
        DomainLiteral => c == '[',
        WhiteSpace => c.is_whitespace(),
        Internationalized => !c.is_ascii() && !c.is_whitespace(),
        InvalidCharacter => c.is_ascii() && !c.is_ascii_whitespace() && c != '.',
        LocalPartTooLong => p - lead == 64,
        AddressTooLong => p - lead == 254,
        LabelTooLong => c.is_ascii_alphanumeric() || c == '-',
        DomainWithoutDot | NumericTopLevelDomain => c.is_ascii_alphanumeric(),
        _ => false,
    };
    assert!(fits, "{err:?} points at {c:?}");
}

/// Parses anything and checks whatever comes out.
fn check_any(input: &str) {
    match parse(input) {
        Ok(email) => {
            let canon = canonical(&email);
            assert!(canon.is_ascii() && canon.len() <= 254);
            assert_eq!(canon, canon.trim());
            let (_, domain) = canon.split_once('@').unwrap();
            assert_eq!(domain, domain.to_ascii_lowercase());
            assert_eq!(canonical_of(&canon), canon);
        }
        Err(err) => check_error(input, &err),
    }
}

prop_compose! {
    fn dot_atom()(atoms in prop::collection::vec("[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,12}", 1..5)) -> String {
        atoms.join(".")
    }
}

prop_compose! {
    fn domain()(
        labels in prop::collection::vec("[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?", 1..4),
        tld in prop_oneof!["[a-zA-Z][a-zA-Z0-9]{0,9}", "[0-9]{1,3}[a-zA-Z][a-zA-Z0-9-]{0,4}[a-zA-Z]", "xn--[a-z0-9]{2,10}"],
    ) -> String {
        let mut domain = labels.join(".");
        domain.push('.');
        domain.push_str(&tld);
        domain
    }
}

prop_compose! {
    /// A valid address, as its local part and domain.
    fn address()((local, domain) in (dot_atom(), domain())
        .prop_filter("within the limits", |(l, d)| l.len() <= 64 && l.len() + 1 + d.len() <= 254)
    ) -> (String, String) {
        (local, domain)
    }
}

/// White space that is trimmed.
const SPACE: &str = "[ \t\r\n\u{b}\u{c}\u{85}\u{a0}\u{2000}\u{2028}\u{3000}]{0,3}";

/// Flips the ASCII case of the letters selected by `mask`.
fn flip_case(s: &str, mask: &[bool]) -> String {
    s.chars()
        .zip(mask.iter().cycle())
        .map(|(c, &flip)| match (flip, c.is_ascii_uppercase()) {
            (false, _) => c,
            (true, true) => c.to_ascii_lowercase(),
            (true, false) => c.to_ascii_uppercase(),
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Valid addresses parse, to the trimmed input with its domain
    /// lowercased, and that canonical form parses to itself.
    #[test]
    fn valid_addresses_parse_to_a_fixed_point(
        (local, domain) in address(),
        before in SPACE,
        after in SPACE,
    ) {
        let canon = canonical_of(&format!("{before}{local}@{domain}{after}"));
        prop_assert_eq!(&canon, &format!("{local}@{}", domain.to_ascii_lowercase()));
        prop_assert_eq!(canonical_of(&canon), canon);
    }

    /// Changing the case of the domain gives an equal value with an equal
    /// hash; changing the case of a letter of the local part does not.
    #[test]
    fn case_variants_compare_as_rfc_5321_says(
        (local, domain) in address(),
        domain_mask in prop::collection::vec(any::<bool>(), 1..16),
        local_flip in any::<prop::sample::Index>(),
    ) {
        let state = RandomState::new();
        let a = parse(&format!("{local}@{domain}")).unwrap();
        let b = parse(&format!("{local}@{}", flip_case(&domain, &domain_mask))).unwrap();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(hash(&a, &state), hash(&b, &state));

        let letters: Vec<usize> = local
            .char_indices()
            .filter(|(_, c)| c.is_ascii_alphabetic())
            .map(|(i, _)| i)
            .collect();
        if !letters.is_empty() {
            let i = letters[local_flip.index(letters.len())];
            let mask: Vec<bool> = (0..local.len()).map(|j| j == i).collect();
            let c = parse(&format!("{}@{domain}", flip_case(&local, &mask))).unwrap();
            prop_assert_ne!(&a, &c);
        }
    }

    /// Over a tiny alphabet many pairs collide: equality is exactly "same
    /// local part, same domain without case", and equal values hash equally.
    #[test]
    fn equal_values_hash_equally(
        a in "[aAbB.]{1,3}@[aAbB.-]{1,3}\\.[aAbB]{1,2}",
        b in "[aAbB.]{1,3}@[aAbB.-]{1,3}\\.[aAbB]{1,2}",
    ) {
        if let (Ok(x), Ok(y)) = (parse(&a), parse(&b)) {
            let state = RandomState::new();
            let (la, da) = a.split_once('@').unwrap();
            let (lb, db) = b.split_once('@').unwrap();
            prop_assert_eq!(x == y, la == lb && da.eq_ignore_ascii_case(db));
            if x == y {
                prop_assert_eq!(hash(&x, &state), hash(&y, &state));
            }
        }
    }

    /// Any string: no panic, and whatever comes out is consistent.
    #[test]
    fn any_string_is_handled(input in any::<String>()) {
        check_any(&input);
    }

    /// Long strings of any characters.
    #[test]
    fn long_strings_are_handled(chars in prop::collection::vec(any::<char>(), 200..1200)) {
        check_any(&chars.into_iter().collect::<String>());
    }

    /// Strings made of what addresses are made of reach every rule.
    #[test]
    fn address_like_strings_are_handled(
        input in "[ \u{a0}]{0,2}[a-zA-Z0-9.@_+\"()\\[\\] ä-]{0,80}[ \u{3000}]{0,2}",
    ) {
        check_any(&input);
    }

    /// Valid addresses with one character changed or inserted.
    #[test]
    fn mutated_addresses_are_handled(
        (local, domain) in address(),
        at in any::<prop::sample::Index>(),
        c in prop_oneof![any::<char>(), "[.@\\-\" (\\[]".prop_map(|s| s.chars().next().unwrap())],
        replace in any::<bool>(),
    ) {
        let mut chars: Vec<char> = format!("{local}@{domain}").chars().collect();
        let i = at.index(chars.len());
        if replace {
            chars[i] = c;
        } else {
            chars.insert(i, c);
        }
        check_any(&chars.into_iter().collect::<String>());
    }

    /// Long valid-looking addresses around the length limits.
    #[test]
    fn addresses_near_the_limits_are_handled(
        local_len in 60usize..70,
        labels in prop::collection::vec(58usize..68, 1..5),
    ) {
        let domain: Vec<String> = labels.iter().map(|&n| "d".repeat(n)).collect();
        let input = format!("{}@{}.com", "l".repeat(local_len), domain.join("."));
        check_any(&input);
        let ok = local_len <= 64 && labels.iter().all(|&n| n <= 63) && input.len() <= 254;
        prop_assert_eq!(parse(&input).is_ok(), ok);
    }
}
