//! libphonenumber's `PhoneNumberMetadata.xml`, read into plain structs.
//!
//! Shared by the table generator (`tests/numbering_tables.rs`) and the
//! example-number test (`tests/test_numbering_plan.rs`).

#![allow(dead_code, reason = "each test uses a different part of the model")]

use std::path::PathBuf;

/// Where the metadata lives in the repository.
pub(crate) fn metadata_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data/libphonenumber/PhoneNumberMetadata.xml")
}

/// The number types of libphonenumber, in the order the XML lists them.
pub(crate) const NUMBER_TYPES: [&str; 10] = [
    "fixedLine",
    "mobile",
    "pager",
    "tollFree",
    "premiumRate",
    "sharedCost",
    "personalNumber",
    "voip",
    "uan",
    "voicemail",
];

/// One number type of a territory (`fixedLine`, `mobile`, …).
#[derive(Debug, Clone)]
pub(crate) struct Desc {
    /// `fixedLine`, `mobile`, …, or `noInternationalDialling`.
    pub(crate) kind: String,
    /// The national number pattern, whitespace removed.
    pub(crate) pattern: String,
    /// Lengths of the national number, dialled with its area code.
    pub(crate) national: Vec<u8>,
    /// Lengths only dialled locally, without the area code.
    pub(crate) local_only: Vec<u8>,
    pub(crate) example: Option<String>,
}

/// One `numberFormat` of `availableFormats`.
#[derive(Debug, Clone)]
pub(crate) struct Format {
    pub(crate) pattern: String,
    pub(crate) format: String,
    /// The `leadingDigits` patterns, whitespace removed, most general first.
    pub(crate) leading_digits: Vec<String>,
    pub(crate) national_prefix_formatting_rule: Option<String>,
}

/// One `territory` element: a region, or a non-geographic entity (`001`).
#[derive(Debug, Clone)]
pub(crate) struct Territory {
    pub(crate) id: String,
    /// The English name from the comment before the element (`Andorra`).
    pub(crate) name: Option<String>,
    pub(crate) country_code: u16,
    pub(crate) main_country_for_code: bool,
    pub(crate) international_prefix: Option<String>,
    pub(crate) national_prefix: Option<String>,
    /// As written, or the national prefix where the attribute is absent
    /// (libphonenumber's build does the same).
    pub(crate) national_prefix_for_parsing: Option<String>,
    pub(crate) national_prefix_transform_rule: Option<String>,
    pub(crate) general_pattern: String,
    /// The pattern that the start of a national number of this territory
    /// matches, where the territory shares its country calling code and
    /// its numbers are told apart by their first digits (`268` for Antigua).
    pub(crate) leading_digits: Option<String>,
    /// The number types with their example numbers, in XML order.
    pub(crate) types: Vec<Desc>,
    pub(crate) no_international_dialling: Option<Desc>,
    pub(crate) formats: Vec<Format>,
}

impl Territory {
    /// A region with an ISO 3166-1 alpha-2 code, as opposed to `001`.
    pub(crate) fn is_geographic(&self) -> bool {
        self.id != "001"
    }

    /// Possible national lengths of the territory: the union over its number
    /// types (without `noInternationalDialling`), as libphonenumber computes
    /// the general description's.
    pub(crate) fn national_lengths(&self) -> Vec<u8> {
        let mut all: Vec<u8> = self
            .types
            .iter()
            .flat_map(|d| d.national.iter().copied())
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }

    /// Local-only lengths of the territory, minus those that are also
    /// national lengths of some type.
    pub(crate) fn local_only_lengths(&self) -> Vec<u8> {
        let national = self.national_lengths();
        let mut all: Vec<u8> = self
            .types
            .iter()
            .flat_map(|d| d.local_only.iter().copied())
            .filter(|len| !national.contains(len))
            .collect();
        all.sort_unstable();
        all.dedup();
        all
    }
}

/// Removes the free-spacing whitespace of the XML's patterns.
pub(crate) fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Parses `"8,9"`, `"[8-10]"`, `"[4-6],8"`; `"-1"` means none.
fn parse_lengths(text: &str) -> Vec<u8> {
    let mut out = Vec::new();
    for part in text.split(',') {
        let part = part.trim();
        if part == "-1" || part.is_empty() {
            continue;
        }
        if let Some(range) = part.strip_prefix('[').and_then(|p| p.strip_suffix(']')) {
            let (lo, hi) = range.split_once('-').expect("length range");
            let (lo, hi): (u8, u8) = (lo.parse().expect("length"), hi.parse().expect("length"));
            out.extend(lo..=hi);
        } else {
            out.push(part.parse().expect("length"));
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

fn child<'a, 'i>(node: roxmltree::Node<'a, 'i>, tag: &str) -> Option<roxmltree::Node<'a, 'i>> {
    node.children().find(|c| c.has_tag_name(tag))
}

fn text_of(node: roxmltree::Node<'_, '_>, tag: &str) -> Option<String> {
    child(node, tag).map(|c| squash(c.text().unwrap_or_default()))
}

fn desc(node: roxmltree::Node<'_, '_>) -> Desc {
    let lengths = child(node, "possibleLengths");
    let lengths_of = |attr: &str| {
        lengths
            .and_then(|l| l.attribute(attr))
            .map(parse_lengths)
            .unwrap_or_default()
    };
    Desc {
        kind: node.tag_name().name().to_owned(),
        pattern: text_of(node, "nationalNumberPattern").expect("nationalNumberPattern"),
        national: lengths_of("national"),
        local_only: lengths_of("localOnly"),
        example: text_of(node, "exampleNumber"),
    }
}

/// The name in the comment that precedes a territory: `<!-- Andorra (AD) -->`,
/// or the first comment for a non-geographic entity.
fn name_of(territory: roxmltree::Node<'_, '_>, id: &str) -> Option<String> {
    let comments: Vec<String> = territory
        .prev_siblings()
        .skip(1)
        .take_while(|n| !n.is_element())
        .filter(|n| n.is_comment())
        .filter_map(|n| n.text().map(|t| t.trim().to_owned()))
        .collect();
    if id == "001" {
        return comments
            .last()
            .filter(|c| !c.contains("http") && !c.contains('\n'))
            .cloned();
    }
    let suffix = format!(" ({id})");
    comments
        .iter()
        .find_map(|c| c.strip_suffix(&suffix).map(str::to_owned))
}

/// Reads every territory of the metadata file, in file order.
pub(crate) fn load() -> Vec<Territory> {
    let xml = std::fs::read_to_string(metadata_path()).expect("read PhoneNumberMetadata.xml");
    parse(&xml)
}

/// Reads every territory of `xml`, in document order.
pub(crate) fn parse(xml: &str) -> Vec<Territory> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(xml, options).expect("well-formed metadata");
    let territories = doc
        .descendants()
        .find(|n| n.has_tag_name("territories"))
        .expect("territories element");
    let mut out = Vec::new();
    for t in territories
        .children()
        .filter(|n| n.has_tag_name("territory"))
    {
        let attr = |name: &str| t.attribute(name).map(squash);
        let national_prefix = attr("nationalPrefix");
        let formats = child(t, "availableFormats")
            .map(|formats| {
                formats
                    .children()
                    .filter(|n| n.has_tag_name("numberFormat"))
                    .map(|f| Format {
                        pattern: squash(f.attribute("pattern").expect("format pattern")),
                        format: child(f, "format")
                            .and_then(|n| n.text())
                            .map(|t| t.trim().to_owned())
                            .expect("format"),
                        leading_digits: f
                            .children()
                            .filter(|n| n.has_tag_name("leadingDigits"))
                            .map(|n| squash(n.text().unwrap_or_default()))
                            .collect(),
                        national_prefix_formatting_rule: f
                            .attribute("nationalPrefixFormattingRule")
                            .map(str::to_owned),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let types = t
            .children()
            .filter(|n| n.is_element() && NUMBER_TYPES.contains(&n.tag_name().name()))
            .map(desc)
            .collect();
        let id = attr("id").expect("territory id");
        out.push(Territory {
            name: name_of(t, &id),
            id,
            country_code: attr("countryCode")
                .expect("countryCode")
                .parse()
                .expect("numeric countryCode"),
            main_country_for_code: t.attribute("mainCountryForCode") == Some("true"),
            international_prefix: attr("internationalPrefix"),
            national_prefix_for_parsing: attr("nationalPrefixForParsing")
                .or_else(|| national_prefix.clone()),
            national_prefix,
            national_prefix_transform_rule: attr("nationalPrefixTransformRule"),
            general_pattern: child(t, "generalDesc")
                .and_then(|g| text_of(g, "nationalNumberPattern"))
                .expect("generalDesc pattern"),
            leading_digits: attr("leadingDigits"),
            types,
            no_international_dialling: child(t, "noInternationalDialling").map(desc),
            formats,
        });
    }
    out
}

/// The territory whose metadata libphonenumber uses for numbers of
/// `country_code`: the one marked `mainCountryForCode`, or the only one.
pub(crate) fn main_for_code(territories: &[Territory], country_code: u16) -> &Territory {
    let mut all = territories
        .iter()
        .filter(|t| t.country_code == country_code);
    let first = all.clone().next().expect("territory for country code");
    all.find(|t| t.main_country_for_code).unwrap_or(first)
}
