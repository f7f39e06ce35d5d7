//! References between a project's parts, against Docker Compose: each one-defect project whose
//! reference error is about a reference (`../shared/conformance/compose/errors`: undefined
//! networks, volumes, secrets, configs, models and services, additional contexts, dependency
//! cycles) gets that error word for word from `references::check`; no valid project
//! (`errors/valid-*`) and no corpus project Compose accepts (`config/*` with `expected.json`)
//! gets any.

mod common;

use std::path::Path;

use common::{Project, case, case_dirs, case_name};
use drydock_compose::references;

fn problems(dir: &Path, args: &[String]) -> Vec<String> {
    let project = Project::read(dir, args);
    references::check(&project.streams(), &|name| project.lookup(name))
        .into_iter()
        .map(|problem| problem.message)
        .collect()
}

/// Cases that need the loader: a reference made in an included file, and one an override's
/// `!reset` removes.
const WAITING_FOR_THE_LOADER: &[&str] = &[
    "include-included-undefined-ref",
    "merge-reset-in-base-network-ref",
];

fn is_reference_error(message: &str) -> bool {
    message.contains(" refers to undefined ")
        || message.contains(" depends on undefined service ")
        || message.contains(" as additional contexts ")
        || message.starts_with("dependency cycle detected: ")
}

#[test]
fn reference_errors_are_the_references_and_valid_projects_have_none() {
    let (mut ours, mut matched, mut wrong) = (0, 0, Vec::new());
    for dir in case_dirs("errors", "case.json") {
        let name = case_name(&dir);
        let (project, args) = case(&dir, "args");
        let found = problems(&project, &args);
        if name.starts_with("valid-") {
            if !found.is_empty() {
                wrong.push(format!("{name}: a valid project, yet {found:?}"));
            }
            continue;
        }
        let Ok(expected) = std::fs::read_to_string(dir.join("expected-error.txt")) else {
            if !found.is_empty() {
                wrong.push(format!("{name}: accepted by Compose, yet {found:?}"));
            }
            continue;
        };
        let expected = expected.trim_end();
        if !is_reference_error(expected) || WAITING_FOR_THE_LOADER.contains(&name.as_str()) {
            continue;
        }
        ours += 1;
        if found.iter().any(|message| message == expected) {
            matched += 1;
        } else {
            wrong.push(format!("{name}: expected {expected:?}, found {found:?}"));
        }
    }
    let (mut accepted, mut clean) = (0, 0);
    for dir in case_dirs("config", "expected.json") {
        let (project, args) = case(&dir, "args");
        let found = problems(&project, &args);
        accepted += 1;
        if found.is_empty() {
            clean += 1;
        } else {
            wrong.push(format!(
                "{}: accepted by Compose, yet {found:?}",
                dir.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
    }
    println!(
        "references: {matched} of {ours} reference errors as Docker Compose words them; \
         {clean} of {accepted} accepted corpus projects without any"
    );
    for line in &wrong {
        println!("  {line}");
    }
    assert!(ours >= 18, "only {ours} cases are about references");
    assert!(wrong.is_empty(), "{} cases are wrong (above)", wrong.len());
}
