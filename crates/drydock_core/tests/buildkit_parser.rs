//! Conformance with BuildKit's Dockerfile parser: its own test files, the inputs it rejects,
//! and `Node.Dump()` output for a corpus of real Dockerfiles (`../shared/conformance`).
//!
//! When `../shared` is absent the tests say so and pass; when it is present every case runs and
//! any disagreement fails the test.

use std::fs;
use std::path::{Path, PathBuf};

use drydock_core::dockerfile::{dump, parse};

fn shared() -> Option<PathBuf> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    if path.is_dir() {
        Some(path)
    } else {
        eprintln!(
            "{} is absent: BuildKit conformance not checked",
            path.display()
        );
        None
    }
}

/// What BuildKit does with a file.
enum Expected {
    Dump(String),
    Rejected,
}

/// Reads a Dockerfile the way the CLI does (invalid UTF-8 replaced).
fn read(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Runs every case and fails with the first disagreements, after printing how many ran.
fn check(name: &str, cases: Vec<(String, PathBuf, Expected)>) {
    assert!(!cases.is_empty(), "{name}: no cases found");
    let mut failures = Vec::new();
    for (case, path, expected) in &cases {
        let text = read(path);
        let actual = dump(&parse(&text));
        match (expected, actual) {
            (Expected::Dump(want), Ok(got)) if got.trim_end() == want.trim_end() => {}
            (Expected::Rejected, Err(_)) => {}
            (Expected::Dump(want), Ok(got)) => failures.push(format!(
                "{case}: dump differs\n{}",
                first_difference(want, &got)
            )),
            (Expected::Dump(_), Err(error)) => failures.push(format!(
                "{case}: rejected ({}), BuildKit accepts it",
                error.message
            )),
            (Expected::Rejected, Ok(got)) => failures.push(format!(
                "{case}: accepted, BuildKit rejects it; dump:\n{got}"
            )),
        }
    }
    println!(
        "{name}: {} cases, {} agree",
        cases.len(),
        cases.len() - failures.len()
    );
    assert!(
        failures.is_empty(),
        "{name}: {} of {} cases disagree with BuildKit; the first ones:\n\n{}",
        failures.len(),
        cases.len(),
        failures
            .iter()
            .take(8)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n\n")
    );
}

fn first_difference(want: &str, got: &str) -> String {
    let mut want_lines = want.lines();
    let mut got_lines = got.lines();
    for line in 1.. {
        match (want_lines.next(), got_lines.next()) {
            (None, None) => break,
            (w, g) if w == g => {}
            (w, g) => {
                return format!(
                    "  line {line}\n  buildkit: {}\n  drydock:  {}",
                    w.unwrap_or("<end>"),
                    g.unwrap_or("<end>")
                );
            }
        }
    }
    "  (only trailing whitespace differs)".into()
}

fn dirs(path: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<PathBuf> = fs::read_dir(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    entries
}

fn case_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[test]
fn buildkit_testfiles() {
    let Some(shared) = shared() else { return };
    let cases = dirs(&shared.join("conformance/buildkit-parser/testfiles"))
        .into_iter()
        .map(|dir| {
            let result = read(&dir.join("result"));
            (
                case_name(&dir),
                dir.join("Dockerfile"),
                Expected::Dump(result),
            )
        })
        .collect();
    check("testfiles", cases);
}

#[test]
fn buildkit_negative_cases() {
    let Some(shared) = shared() else { return };
    let cases = dirs(&shared.join("conformance/buildkit-parser/negative"))
        .into_iter()
        .map(|dir| (case_name(&dir), dir.join("Dockerfile"), Expected::Rejected))
        .collect();
    check("negative", cases);
}

#[test]
fn corpus_dumps() {
    let Some(shared) = shared() else { return };
    let dumps = shared.join("conformance/buildkit-parser/corpus-dumps");
    let corpus = shared.join("corpus/dockerfiles");
    let rejected: Vec<String> = read(&dumps.join("_errors.txt"))
        .lines()
        .filter_map(|line| line.trim().strip_prefix("ERR corpus/").map(str::to_owned))
        .collect();
    let mut cases = Vec::new();
    for path in dirs(&dumps) {
        let name = case_name(&path);
        // The files BuildKit rejects are listed in `_errors.txt`; their `.dump` holds the
        // dumper's panic message instead of a dump.
        if let Some(file) = name.strip_suffix(".dump")
            && !rejected.iter().any(|r| r == file)
        {
            cases.push((
                file.to_owned(),
                corpus.join(file),
                Expected::Dump(read(&path)),
            ));
        }
    }
    assert_eq!(rejected.len(), 2, "_errors.txt should list 2 files");
    for file in rejected {
        cases.push((file.clone(), corpus.join(&file), Expected::Rejected));
    }
    check("corpus", cases);
}
