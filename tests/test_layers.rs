//! The source is layered, and the layers' imports point down.
//!
//! Each file of `src/` belongs to the layer of its top folder (`src/consent.rs`
//! and `src/consent/` to `consent`), bottom to top: primitives, purposes,
//! identifiers, consent, boundary, keys, capabilities, adapters. A file names
//! another through its crate path (`crate::identifiers::phone::…`), or
//! `super::`/`self::`, never through a root re-export, so that every import
//! says which layer it reaches. This test reads the source as text: it
//! allows at most `MAX_UPWARD` imports that run up, each marked with an
//! `// Upward: why` comment on or just above it, and no circle of imports
//! between files of different layers (a circle inside one layer is fine).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "a test fails loudly on source it cannot measure"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, bottom to top.
const LAYERS: [&str; 8] = [
    "primitives",
    "purposes",
    "identifiers",
    "consent",
    "boundary",
    "keys",
    "capabilities",
    "adapters",
];

/// Files outside the layers: the crate's map and its compile-time checks.
const OUTSIDE: [&str; 2] = ["lib.rs", "assertions.rs"];

/// How many imports may run upward.
const MAX_UPWARD: usize = 3;

/// A module of the crate, as its path below `crate`.
type Module = Vec<String>;

struct File {
    path: PathBuf,
    module: Module,
    /// The lines of code, comments removed, with their line numbers and
    /// whether an `// Upward:` comment marks them.
    lines: Vec<(usize, String, bool)>,
}

fn layer(module: &Module) -> usize {
    LAYERS
        .iter()
        .position(|layer| *layer == module[0])
        .unwrap_or_else(|| panic!("`{}` is in no layer", module.join("::")))
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            out.push(path);
        }
    }
}

fn read_files(src: &Path) -> Vec<File> {
    let mut paths = Vec::new();
    walk(src, &mut paths);
    paths.sort();
    let mut files = Vec::new();
    for path in paths {
        let relative = path.strip_prefix(src).unwrap();
        let name = relative.to_str().unwrap().replace('\\', "/");
        assert!(
            !name.ends_with("mod.rs"),
            "{name}: a folder's module is the file beside it, not mod.rs"
        );
        if OUTSIDE.contains(&name.as_str()) {
            continue;
        }
        let module: Module = name
            .trim_end_matches(".rs")
            .split('/')
            .map(String::from)
            .collect();
        let text = fs::read_to_string(&path).unwrap();
        let mut lines = Vec::new();
        let mut marked = false;
        for (number, line) in text.lines().enumerate() {
            let trimmed = line.trim_start();
            if trimmed.starts_with("//") {
                // A comment block marks the code line right after it.
                marked |= trimmed.starts_with("// Upward:");
                continue;
            }
            let (code, comment) = match line.find("//") {
                Some(at) => (&line[..at], &line[at..]),
                None => (line, ""),
            };
            lines.push((
                number + 1,
                code.to_owned(),
                marked || comment.starts_with("// Upward:"),
            ));
            marked = false;
        }
        files.push(File {
            path,
            module,
            lines,
        });
    }
    files
}

/// The paths a line of code names: `crate::…`, `super::…` and `self::…`,
/// resolved to module paths of `from`'s crate.
fn paths(from: &Module, code: &str) -> Vec<Module> {
    let mut found = Vec::new();
    for start in ["crate::", "super::", "self::"] {
        let mut rest = code;
        while let Some(at) = rest.find(start) {
            let before = rest[..at].chars().next_back();
            let tail = &rest[at..];
            rest = &rest[at + start.len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                continue;
            }
            if start == "crate::" && tail[start.len()..].starts_with('{') {
                // One layer per `use`: a grouped import is not measured.
                found.push(vec!["{".to_owned()]);
                continue;
            }
            let mut module: Module = match start {
                "crate::" => Vec::new(),
                "super::" => from[..from.len() - 1].to_vec(),
                _ => from.clone(),
            };
            let mut segments = Vec::new();
            let mut path = &tail[start.len()..];
            loop {
                let len = path
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(path.len());
                if len == 0 || &path[..len] == "super" {
                    break;
                }
                segments.push(path[..len].to_owned());
                match path[len..].strip_prefix("::") {
                    Some(more) => path = more,
                    None => break,
                }
            }
            module.extend(segments);
            if module.is_empty() {
                module.push("{".to_owned());
            }
            found.push(module);
        }
    }
    found
}

/// The file module that `path` names: its longest prefix that is a file.
fn resolve(modules: &BTreeSet<Module>, path: &Module) -> Option<Module> {
    (1..=path.len())
        .rev()
        .map(|len| path[..len].to_vec())
        .find(|prefix| modules.contains(prefix))
}

struct Graph {
    /// Each import between two files: from, to, where.
    edges: Vec<(Module, Module, String, bool)>,
}

fn graph() -> Graph {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = read_files(&src);
    let modules: BTreeSet<Module> = files.iter().map(|file| file.module.clone()).collect();
    let mut edges = Vec::new();
    for file in &files {
        for (number, code, marked) in &file.lines {
            for path in paths(&file.module, code) {
                let to = resolve(&modules, &path).unwrap_or_else(|| {
                    panic!(
                        "{}:{number}: `{}` names no layer; name items by their layer's \
                         path (`crate::identifiers::phone::PhoneNumber`), not a root re-export",
                        file.path.display(),
                        path.join("::"),
                    )
                });
                if to != file.module {
                    let at = format!("{}:{number}", file.path.display());
                    edges.push((file.module.clone(), to, at, *marked));
                }
            }
        }
    }
    Graph { edges }
}

#[test]
fn every_file_is_in_a_layer_with_its_folder_file() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    for layer in LAYERS {
        let file = src.join(format!("{layer}.rs"));
        let text = fs::read_to_string(&file).unwrap();
        assert!(
            text.starts_with("//! "),
            "{}: a layer's file starts with what the layer is for",
            file.display()
        );
        assert!(
            text.contains("May import"),
            "{}: a layer's file says what it may import",
            file.display()
        );
    }
    for file in read_files(&src) {
        layer(&file.module);
    }
}

#[test]
fn imports_run_upward_rarely_and_say_why() {
    let graph = graph();
    let upward: Vec<_> = graph
        .edges
        .iter()
        .filter(|(from, to, _, _)| layer(to) > layer(from))
        .collect();
    for (from, to, at, marked) in &upward {
        assert!(
            marked,
            "{at}: `{}` imports `{}` of a higher layer without an `// Upward: why` comment",
            from.join("::"),
            to.join("::"),
        );
    }
    assert!(
        upward.len() <= MAX_UPWARD,
        "{} upward imports, at most {MAX_UPWARD}: {:#?}",
        upward.len(),
        upward.iter().map(|edge| &edge.2).collect::<Vec<_>>(),
    );
}

#[test]
fn no_import_circle_crosses_layers() {
    let graph = graph();
    let mut next: BTreeMap<&Module, BTreeSet<&Module>> = BTreeMap::new();
    for (from, to, _, _) in &graph.edges {
        next.entry(from).or_default().insert(to);
    }
    // For each import between layers, a way back from its target to its
    // source closes a circle.
    for (from, to, at, _) in &graph.edges {
        if layer(from) == layer(to) {
            continue;
        }
        let mut seen = BTreeSet::new();
        let mut todo = vec![to];
        while let Some(module) = todo.pop() {
            assert!(
                module != from,
                "{at}: `{}` imports `{}`, which imports it back: a circle across layers",
                from.join("::"),
                to.join("::"),
            );
            if seen.insert(module) {
                todo.extend(next.get(module).into_iter().flatten());
            }
        }
    }
}

#[test]
fn the_measure_sees_imports() {
    let from: Module = vec!["identifiers".into(), "phone".into()];
    assert_eq!(
        paths(&from, "use crate::purposes::markers::{Purpose, Within};"),
        vec![vec!["purposes".to_owned(), "markers".to_owned()]],
    );
    assert_eq!(
        paths(&from, "use super::region::Region;"),
        vec![vec![
            "identifiers".to_owned(),
            "region".to_owned(),
            "Region".to_owned()
        ]],
    );
    assert_eq!(
        paths(&from, "let x = crate::consent::Consent::new(r)?;"),
        vec![vec![
            "consent".to_owned(),
            "Consent".to_owned(),
            "new".to_owned()
        ]],
    );
    assert!(graph().edges.len() > 50, "too few imports found");
}
