//! The projects of a folder as the CLI and the playground check them
//! (`workspace::render_workspace`: the files Compose finds by name, the `.env`), against Docker
//! Compose on `../shared/conformance/compose`:
//! - no project Compose accepts gets an error finding (corpus projects of `config/` with
//!   `expected.json`, run with the default lookup; the valid hand-written projects `errors/valid-*`);
//! - the one-defect projects of `errors/` that Compose refuses: how many get an error finding,
//!   printed (the others wait for the loader and the schema); none may get one without an error
//!   in the reference.

mod common;

use std::path::Path;

use common::{case, case_dirs};
use drydock_base::Severity;
use drydock_base::workspace::SourceFile;
use drydock_compose::workspace::render_workspace;

/// The files of `dir` (its top level, where Compose looks), named as in a workspace of that
/// folder.
fn folder(dir: &Path) -> Vec<SourceFile> {
    let mut files: Vec<SourceFile> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .filter(|entry| entry.path().is_file())
                .filter_map(|entry| {
                    let name = entry.file_name().to_string_lossy().into_owned();
                    let text = std::fs::read_to_string(entry.path()).ok()?;
                    Some(SourceFile { name, text })
                })
                .collect()
        })
        .unwrap_or_default();
    files.sort_by(|a, b| a.name.cmp(&b.name));
    files
}

/// The error findings of the projects the folder's named files make.
fn errors(dir: &Path) -> Vec<String> {
    render_workspace(&folder(dir))
        .iter()
        .flat_map(|render| {
            render
                .findings
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .map(|f| format!("{}: {}", f.rule, f.message))
                .collect::<Vec<_>>()
        })
        .collect()
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
        if found.is_empty() {
            clean += 1;
        } else {
            wrong.push(format!(
                "{}: accepted by Compose, yet {found:?}",
                dir.display()
            ));
        }
    }
    let (mut valid, mut refused, mut caught) = (0, 0, 0);
    for dir in case_dirs("errors", "case.json") {
        let name = dir
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let (project, args) = case(&dir, "args");
        if !uses_default_lookup(&args) {
            continue;
        }
        let found = errors(&project);
        let refused_by_compose = dir.join("expected-error.txt").is_file();
        if name.starts_with("valid-") || !refused_by_compose {
            valid += 1;
            if !found.is_empty() {
                wrong.push(format!("{name}: accepted by Compose, yet {found:?}"));
            }
            continue;
        }
        refused += 1;
        caught += usize::from(!found.is_empty());
    }
    println!(
        "projects as a workspace: {clean} of {accepted} accepted corpus projects and {valid} accepted hand-written ones without an error; {caught} of {refused} refused one-defect projects with one"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(accepted >= 365 && caught >= 35, "{accepted} {caught}");
}
