//! The projects of a folder as the CLI and the playground check them
//! (`workspace::render_workspace`: the files Compose finds by name, the `.env`), against Docker
//! Compose on `../shared/conformance/compose`:
//! - no project Compose accepts gets an error from a rule of the reference's own checks (corpus
//!   projects of `config/` with `expected.json`, run with the default lookup); errors of the rules
//!   beyond the reference (what fails at `up` although `config` accepts it) only where the
//!   project does fail at `up`, each listed below with why;
//! - no valid hand-written project (`errors/valid-*`) gets any error;
//! - the one-defect projects of `errors/`: of those Compose refuses, and of those it accepts but
//!   that fail at `up`, how many get an error finding, printed (the others wait for the loader
//!   and the schema).

mod common;

use std::path::Path;

use common::{case, case_dirs, case_name};
use drydock_base::Severity;
use drydock_base::workspace::SourceFile;
use drydock_compose::workspace::render_workspace;

/// The files of `dir` and its subfolders, named as in a workspace of that folder.
fn folder(dir: &Path) -> Vec<SourceFile> {
    let mut files = Vec::new();
    let mut pending = vec![(dir.to_path_buf(), String::new())];
    while let Some((at, prefix)) = pending.pop() {
        for entry in std::fs::read_dir(&at).into_iter().flatten().flatten() {
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            let path = entry.path();
            if path.is_dir() {
                pending.push((path, format!("{name}/")));
            } else if let Ok(text) = std::fs::read_to_string(&path) {
                files.push(SourceFile { name, text });
            }
        }
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// Rules beyond the reference: an error of theirs is a defect `docker compose config` accepts.
use drydock_compose::rules::BEYOND_THE_REFERENCE;

/// Corpus projects `config` accepts that fail at `up`, and why.
const FAIL_AT_UP: &[(&str, &str)] = &[
    (
        "kubernetes+kompose__script__test__fixtures__env",
        "services namenode and another-namenode both publish host ports 50070 and 8020 (a kompose conversion fixture, never run)",
    ),
    (
        "kubernetes+kompose__script__test__fixtures__env-multiple",
        "the same two services, the same ports",
    ),
];

fn beyond(error: &str) -> bool {
    BEYOND_THE_REFERENCE
        .iter()
        .any(|rule| error.starts_with(&format!("{rule}: ")))
}

/// The findings of the projects the folder's named files make, of `severity` or worse.
fn findings(dir: &Path, severity: Severity) -> Vec<String> {
    render_workspace(&folder(dir))
        .iter()
        // The project of the folder itself; its subfolders' are cases of their own.
        .filter(|render| render.name == ".")
        .flat_map(|render| {
            render
                .findings
                .iter()
                .filter(|f| f.severity >= severity)
                .map(|f| format!("{}: {}", f.rule, f.message))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn errors(dir: &Path) -> Vec<String> {
    findings(dir, Severity::Error)
}

fn uses_default_lookup(args: &[String]) -> bool {
    !args.iter().any(|a| a == "-f")
}

#[test]
fn accepted_projects_get_no_error_and_refused_ones_are_counted() {
    let mut wrong = Vec::new();
    let (mut accepted, mut clean) = (0, 0);
    for dir in case_dirs("config", "expected.json") {
        let (project, args) = case(&dir, "args");
        if !uses_default_lookup(&args) {
            continue;
        }
        accepted += 1;
        let found = errors(&project);
        let name = case_name(&dir);
        let fails_at_up = FAIL_AT_UP.iter().any(|(case, _)| *case == name);
        if found.is_empty() {
            clean += 1;
        } else if !(fails_at_up && found.iter().all(|e| beyond(e))) {
            wrong.push(format!("{name}: accepted by Compose, yet {found:?}"));
        }
    }
    let (mut valid, mut refused, mut caught) = (0, 0, 0);
    let mut missed = Vec::new();
    let (mut up_defects, mut up_caught, mut up_noticed) = (0, 0, 0);
    for dir in case_dirs("errors", "case.json") {
        let name = case_name(&dir);
        let (project, args) = case(&dir, "args");
        if !uses_default_lookup(&args) {
            continue;
        }
        let found = errors(&project);
        let refused_by_compose = dir.join("expected-error.txt").is_file();
        if name.starts_with("valid-") {
            valid += 1;
            if !found.is_empty() {
                wrong.push(format!("{name}: a valid project, yet {found:?}"));
            }
            continue;
        }
        if !refused_by_compose {
            // A defect `config` accepts: it fails at `up`, or later.
            up_defects += 1;
            if found.iter().any(|e| !beyond(e)) {
                wrong.push(format!("{name}: accepted by Compose, yet {found:?}"));
            }
            up_caught += usize::from(!found.is_empty());
            up_noticed += usize::from(!findings(&project, Severity::Info).is_empty());
            continue;
        }
        refused += 1;
        caught += usize::from(!found.is_empty());
        if found.is_empty() {
            let said = std::fs::read_to_string(dir.join("expected-error.txt")).unwrap_or_default();
            missed.push(format!(
                "{name}: {}",
                said.lines().next().unwrap_or_default()
            ));
        }
    }
    println!(
        "projects as a workspace: {clean} of {accepted} accepted corpus projects without an error (the other {} fail at `up`: {FAIL_AT_UP:?}); {valid} of {valid} valid hand-written projects without one; {caught} of {refused} one-defect projects Compose refuses with an error; {up_caught} of {up_defects} one-defect projects it accepts (they fail at `up` or later, or it warns) with one, {up_noticed} with a finding of any severity",
        accepted - clean
    );
    println!("refused by Compose, no error from Drydock yet:");
    for case in &missed {
        println!("  {case}");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(
        accepted >= 365 && caught >= 206 && up_caught >= 4,
        "{accepted} {caught} {up_caught}"
    );
}
