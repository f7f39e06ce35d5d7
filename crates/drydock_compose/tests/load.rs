//! The loader against the reference's resolved models (`conformance/compose/config`): every
//! corpus project the reference loads must load, and its resolved model (`drydock render
//! --format json`) must equal `docker compose config --format json`'s, as JSON values and byte
//! for byte; the counts are printed, with the first differences. (The loader alone does not
//! refuse what the schema and the consistency checks refuse: those are checked by
//! `tests/workspace.rs`.)

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Value, case, case_dirs, case_name, project_files, shared};
use drydock_compose::load::{self, LoadError, Options, Resolved};

/// The case's project loaded as the reference loaded it, with `shared/` seen as `/shared`.
fn load_case(dir: &Path, args: &[String]) -> Result<Resolved, LoadError> {
    let root = shared().canonicalize().unwrap();
    let root_text = root.to_string_lossy().into_owned();
    let virtual_path = |path: &Path| -> String {
        let real = path.to_string_lossy().into_owned();
        let real = std::fs::canonicalize(path)
            .map(|p| p.to_string_lossy().into_owned())
            .unwrap_or(real);
        real.replacen(&root_text, "/shared", 1)
    };
    let read = |path: &str| -> Option<String> {
        let real = path.replacen("/shared", &root_text, 1);
        let real = Path::new(&real);
        if real.is_file() {
            std::fs::read_to_string(real).ok()
        } else {
            None
        }
    };
    let mut environment = BTreeMap::new();
    if let Ok(text) = std::fs::read_to_string(dir.join(".env"))
        && let Ok(entries) = drydock_compose::dotenv::parse(&text, &|_| None)
    {
        for entry in entries {
            environment.insert(entry.key, entry.value);
        }
    }
    let files: Vec<String> = project_files(dir, args)
        .iter()
        .map(|f| virtual_path(f))
        .collect();
    let working_dir = virtual_path(dir);
    load::resolved(&Options {
        files,
        working_dir,
        environment,
        read: &read,
    })
}

/// Where two JSON values first differ, as a path.
fn first_difference(got: &Value, want: &Value, path: &str) -> Option<String> {
    match (got, want) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in b {
                match got.get(key) {
                    None => return Some(format!("{path}.{key}: missing")),
                    Some(mine) => {
                        if let Some(d) = first_difference(mine, value, &format!("{path}.{key}")) {
                            return Some(d);
                        }
                    }
                }
            }
            a.iter()
                .find(|(key, _)| want.get(key).is_none())
                .map(|(key, _)| format!("{path}.{key}: not in the reference"))
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]"))),
        _ if got == want => None,
        _ => Some(format!("{path}: {got:?} instead of {want:?}")),
    }
}

#[test]
fn corpus_projects_resolve_to_the_reference_model() {
    let (mut equal, mut bytes, mut total) = (0, 0, 0);
    let mut failures = Vec::new();
    // The corpus projects, then the hand-written ones the reference prints a model for (the
    // valid ones, and the defects only `up` refuses).
    let dirs = case_dirs("config", "expected.json")
        .into_iter()
        .chain(case_dirs("errors", "expected.json"));
    for dir in dirs {
        let name = case_name(&dir);
        let (project, args) = case(&dir, "args");
        total += 1;
        let want_text = std::fs::read_to_string(dir.join("expected.json")).unwrap();
        let want = common::read_json(&dir.join("expected.json"));
        match load_case(&project, &args) {
            Ok(resolved) => {
                let text = resolved.to_json_text();
                let got = drydock_base::json::parse(&text).unwrap();
                if text == want_text {
                    bytes += 1;
                }
                match first_difference(&got, &want, "") {
                    None => equal += 1,
                    Some(difference) => failures.push(format!("{name}: {difference}")),
                }
            }
            Err(error) => failures.push(format!("{name}: refused: {}", error.message)),
        }
    }
    println!(
        "resolved model: {equal} of {total} projects (corpus and hand-written) equal to the reference's as JSON, {bytes} byte for byte"
    );
    for failure in failures.iter().take(60) {
        println!("  {failure}");
    }
    assert!(equal >= 654 && bytes >= 654, "{equal} {bytes}");
}
