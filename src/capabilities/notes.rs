//! The compiler's notes that quote the capability matrix, held to the
//! purposes table.
//!
//! Every capability trait's `#[diagnostic::on_unimplemented]` pastes the
//! matrix as a note: which purposes have which capability, and the method
//! of each. The notes stay string literals, because a macro in the
//! attribute would show its expansion in the messages users read; this test
//! reads them from the source and checks each against the purposes table
//! (`purposes/markers.rs`) and the capability list
//! (`purposes/capability.rs`), so that a row changed without its notes
//! fails.

use alloc::string::String;
use alloc::vec::Vec;
use std::path::Path;
use std::{format, fs};

use crate::purposes::capability::Capability;
use crate::purposes::markers::purpose_table;
use crate::purposes::sealed::SealedPurpose;

/// The first line of the note that pastes the matrix.
const HEADER: &str =
    "an identifier serves only the purpose it was collected for (GDPR Art. 5(1)(b)):";

/// The single purposes of the table, in its order, with their grants.
macro_rules! single_purposes {
    (
        purposes {$(
            $(#[$doc:meta])*
            $name:ident = $tag:literal, $collection:ident, [$($grant:ident),*];
        )*}
        sets {$($set:tt)*}
    ) => {
        [$((stringify!($name), <crate::purposes::markers::$name as SealedPurpose>::GRANTS)),*]
    };
}

const PURPOSES: &[(&str, &[Capability])] = &purpose_table!(single_purposes);

/// One `#[diagnostic::on_unimplemented]`: the trait it is on, where, and its
/// notes, unescaped.
#[derive(Debug)]
struct Attribute {
    on: String,
    at: String,
    message: String,
    label: String,
    notes: Vec<String>,
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ is readable") {
        let path = entry.expect("src/ is readable").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

/// The value of a string literal whose text (between the quotes) is `raw`.
fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('0') => out.push('\0'),
            Some('\n') => while chars.next_if(|c| c.is_whitespace()).is_some() {},
            Some(other) => out.push(other),
            None => panic!("a string literal ends in a lone backslash: {raw:?}"),
        }
    }
    out
}

/// The `key = "value"` pairs of an attribute's arguments, from just after
/// its `(` to the `)` that closes it, and the text after it.
fn arguments(text: &str) -> (Vec<(String, String)>, &str) {
    let mut pairs = Vec::new();
    let mut rest = text;
    loop {
        rest = rest.trim_start().trim_start_matches(',').trim_start();
        if let Some(after) = rest.strip_prefix(')') {
            return (pairs, after);
        }
        let (key, value) = rest.split_once('=').expect("`key = \"value\"`");
        let value = value
            .trim_start()
            .strip_prefix('"')
            .expect("a string value");
        let mut end = 0;
        let mut escaped = false;
        for (at, c) in value.char_indices() {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => {
                    end = at;
                    break;
                }
                _ => {}
            }
        }
        pairs.push((key.trim().into(), unescape(&value[..end])));
        rest = &value[end + 1..];
    }
}

/// Every `#[diagnostic::on_unimplemented]` on a trait in `src/`.
fn attributes() -> Vec<Attribute> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut paths = Vec::new();
    rust_files(&src, &mut paths);
    let mut found = Vec::new();
    for path in paths {
        let text = fs::read_to_string(&path).expect("a source file is readable");
        let opening = "#[diagnostic::on_unimplemented(";
        let mut rest = text.as_str();
        while let Some(at) = rest.find(opening) {
            let line_start = rest[..at].rfind('\n').map_or(0, |newline| newline + 1);
            if !rest[line_start..at].trim().is_empty() {
                // Not an attribute: the name in a string or a comment.
                rest = &rest[at + opening.len()..];
                continue;
            }
            let (pairs, after) = arguments(&rest[at + opening.len()..]);
            rest = after;
            let Some(item) = after.find("trait ") else {
                continue;
            };
            let on: String = after[item + "trait ".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            let value = |key: &str| {
                pairs
                    .iter()
                    .filter(|(k, _)| k == key)
                    .map(|(_, v)| v.clone())
                    .collect::<Vec<_>>()
            };
            found.push(Attribute {
                on,
                at: format!("{}", path.display()),
                message: value("message").concat(),
                label: value("label").concat(),
                notes: value("note"),
            });
        }
    }
    found
}

/// The matrix note's cells, one row a capability: the purposes granted it,
/// its uses, its method.
fn expected_rows() -> Vec<[String; 3]> {
    Capability::ALL
        .iter()
        .map(|capability| {
            let purposes: Vec<String> = PURPOSES
                .iter()
                .filter(|(_, grants)| capability.is_in(grants))
                .map(|(name, _)| format!("`{name}`"))
                .collect();
            assert!(
                !purposes.is_empty(),
                "`{capability:?}` is granted to no purpose of the table"
            );
            [
                purposes.join(", "),
                capability.uses().into(),
                format!("`{}`", capability.method()),
            ]
        })
        .collect()
}

/// The rows of a matrix note, split into cells at runs of spaces, with the
/// column each cell starts at.
fn rows(note: &str) -> Vec<Vec<(usize, String)>> {
    note.lines()
        .skip(1)
        .map(|line| {
            let mut cells = Vec::new();
            let mut at = 0;
            for cell in line.split("  ") {
                if !cell.trim().is_empty() {
                    let start = at + (cell.len() - cell.trim_start().len());
                    cells.push((start, cell.trim().into()));
                }
                at += cell.len() + 2;
            }
            cells
        })
        .collect()
}

/// Checks one matrix note against the table; the reason it differs.
fn check_matrix_note(note: &str) -> Result<(), String> {
    let expected = expected_rows();
    let Some(header) = note.lines().next() else {
        return Err("the note is empty".into());
    };
    if header != HEADER {
        return Err(format!("its first line is {header:?}, not {HEADER:?}"));
    }
    let found = rows(note);
    if found.len() != expected.len() {
        return Err(format!(
            "it has {} rows, the capability list {}",
            found.len(),
            expected.len()
        ));
    }
    let columns: Vec<usize> = found[0].iter().map(|(start, _)| *start).collect();
    for (row, want) in found.iter().zip(&expected) {
        let cells: Vec<&str> = row.iter().map(|(_, cell)| cell.as_str()).collect();
        if cells != want.iter().map(String::as_str).collect::<Vec<_>>() {
            return Err(format!("a row reads {cells:?}; the table says {want:?}"));
        }
        let starts: Vec<usize> = row.iter().map(|(start, _)| *start).collect();
        if starts != columns {
            return Err(format!("the row {cells:?} is out of line with the first"));
        }
    }
    Ok(())
}

#[test]
fn every_capability_trait_pastes_the_matrix_as_the_table_says() {
    let attributes = attributes();
    for capability in Capability::ALL {
        let name = capability.trait_name();
        let on: Vec<&Attribute> = attributes.iter().filter(|a| a.on == name).collect();
        assert_eq!(on.len(), 1, "`{name}` has one `on_unimplemented`");
        let matrix: Vec<&String> = on[0]
            .notes
            .iter()
            .filter(|note| note.starts_with(HEADER))
            .collect();
        assert_eq!(matrix.len(), 1, "`{name}` pastes the matrix once");
    }
    let mut checked = 0;
    let mut stale = Vec::new();
    for attribute in &attributes {
        for note in attribute.notes.iter().filter(|note| note.contains(HEADER)) {
            if let Err(why) = check_matrix_note(note) {
                stale.push(format!("{}: `{}`: {why}", attribute.at, attribute.on));
            }
            checked += 1;
        }
    }
    assert!(
        stale.is_empty(),
        "matrix notes that differ from the purposes table:\n{}",
        stale.join("\n")
    );
    assert_eq!(
        checked,
        Capability::ALL.len(),
        "a matrix note outside the capability traits"
    );
}

/// Whether `text` names `word` whole, not as part of a longer name.
fn names(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[test]
fn every_capability_message_names_the_purposes_granted_it() {
    let attributes = attributes();
    for capability in Capability::ALL {
        let name = capability.trait_name();
        let attribute = attributes
            .iter()
            .find(|a| a.on == name)
            .unwrap_or_else(|| panic!("`{name}` has an `on_unimplemented`"));
        let advice: String = [&attribute.message, &attribute.label]
            .into_iter()
            .chain(
                attribute
                    .notes
                    .iter()
                    .filter(|note| !note.starts_with(HEADER)),
            )
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join("\n");
        for (purpose, grants) in PURPOSES {
            if capability.is_in(grants) {
                assert!(
                    names(&advice, purpose),
                    "{}: the message of `{name}` does not name `{purpose}`, which the purposes \
                     table grants it",
                    attribute.at
                );
            }
        }
    }
}

#[test]
fn notes_that_list_the_purposes_name_every_row() {
    let attributes = attributes();
    let mut checked = 0;
    for attribute in &attributes {
        for note in attribute
            .notes
            .iter()
            .filter(|note| note.starts_with("the purposes are "))
        {
            for (purpose, _) in PURPOSES {
                assert!(
                    names(note, &format!("`{purpose}`")),
                    "{}: the note of `{}` that lists the purposes leaves out `{purpose}`",
                    attribute.at,
                    attribute.on
                );
            }
            checked += 1;
        }
    }
    assert!(
        checked >= 2,
        "the notes that list the purposes were not found"
    );
}

#[test]
fn a_note_that_differs_from_the_table_is_caught() {
    let rows = expected_rows();
    let width = |column: usize| rows.iter().map(|row| row[column].len()).max().unwrap_or(0) + 2;
    let (first, second) = (width(0), width(1));
    let good = format!(
        "{HEADER}\n{}",
        rows.iter()
            .map(|[purposes, uses, method]| format!("{purposes:<first$}{uses:<second$}{method}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert_eq!(check_matrix_note(&good), Ok(()));
    let moved = good.replacen("`AccountNotice` ", "`Marketing`     ", 1);
    assert!(check_matrix_note(&moved).is_err(), "a purpose moved");
    let dropped = good
        .rsplit_once('\n')
        .map(|(kept, _)| kept)
        .unwrap_or_default();
    assert!(check_matrix_note(dropped).is_err(), "a row dropped");
    let misaligned = good.replacen("one-time codes  ", "one-time codes   ", 1);
    assert!(check_matrix_note(&misaligned).is_err(), "a row out of line");
}

#[test]
fn string_literals_read_as_the_compiler_reads_them() {
    assert_eq!(
        unescape(
            r#"a:\n\
            b \"c\" \\"#
        ),
        "a:\nb \"c\" \\"
    );
}
