//! The loader against the reference's resolved models (`conformance/compose/config`): every
//! corpus project the reference loads must load, with the same services; the projects it refuses
//! must be refused. The model itself is compared once bound (`tests/model.rs` has the binder's
//! own fixed point).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::{Value, case, case_dirs, case_name, project_files, shared};
use drydock_compose::load::{self, LoadError, Loaded, Options};

/// The case's project loaded as the reference loaded it, with `shared/` seen as `/shared`.
fn load_case(dir: &Path, args: &[String]) -> Result<Loaded, LoadError> {
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
    if let Ok(text) = std::fs::read_to_string(dir.join(".env")) {
        if let Ok(entries) = drydock_compose::dotenv::parse(&text, &|_| None) {
            for entry in entries {
                environment.insert(entry.key, entry.value);
            }
        }
    }
    let files: Vec<String> = project_files(dir, args)
        .iter()
        .map(|f| virtual_path(f))
        .collect();
    let working_dir = virtual_path(dir);
    load::load(&Options {
        files,
        working_dir,
        environment,
        read: &read,
    })
}

fn service_names(value: &Value) -> Vec<String> {
    value
        .get("services")
        .and_then(Value::as_object)
        .unwrap_or_default()
        .iter()
        .map(|(name, _)| name.clone())
        .collect()
}

#[test]
fn corpus_projects_load_as_the_reference_loads_them() {
    let mut loaded = 0;
    let mut refused = 0;
    let mut failures = Vec::new();
    let cases = case_dirs("config", "case.json");
    for dir in &cases {
        let name = case_name(dir);
        let (project, args) = case(dir, "args");
        let expected = dir.join("expected.json");
        let result = load_case(&project, &args);
        match (expected.is_file(), result) {
            (true, Ok(model)) => {
                let want = common::read_json(&expected);
                let mut got: Vec<String> = model
                    .model
                    .get("services")
                    .and_then(|s| s.entries())
                    .unwrap_or_default()
                    .iter()
                    .map(|e| e.key.clone())
                    .collect();
                got.sort();
                let mut want = service_names(&want);
                want.sort();
                if got == want {
                    loaded += 1;
                } else {
                    failures.push(format!("{name}: services {got:?}, reference {want:?}"));
                }
            }
            (true, Err(error)) => failures.push(format!("{name}: refused: {}", error.message)),
            (false, Err(_)) => refused += 1,
            (false, Ok(_)) => {
                let message =
                    std::fs::read_to_string(dir.join("expected-error.txt")).unwrap_or_default();
                failures.push(format!("{name}: accepted, reference: {}", message.trim()));
            }
        }
    }
    println!(
        "loader: {loaded} projects loaded with the reference's services, {refused} refused as the reference refuses them, of {}",
        cases.len()
    );
    for failure in failures.iter().take(40) {
        println!("  {failure}");
    }
}
