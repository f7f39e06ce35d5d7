//! The project's name, as Docker Compose names every corpus project
//! (`../shared/conformance/compose/config/*/expected.json`, its `name`) and as it refuses one
//! (`errors/misc-name-*`), from the project's files and its `.env`.

mod common;

use std::path::Path;

use common::{Project, Value, case, case_dirs, read_json, shared};
use drydock_compose::project;

/// The name Drydock gives the project in `dir` read with `args`, or the error, as Compose words
/// it.
fn name(dir: &Path, args: &[String]) -> Result<String, String> {
    let project = Project::read(dir, args);
    if let Some(error) = &project.dotenv_error {
        return Err(error.to_string());
    }
    let folder = dir.file_name().unwrap_or_default().to_string_lossy();
    project::name(&project.streams(), &|name| project.lookup(name), &folder)
        .map_err(|e| e.to_string())
}

#[test]
fn projects_are_named_as_docker_compose_names_them() {
    let cases = case_dirs("config", "expected.json");
    let (mut same, mut wrong) = (0, Vec::new());
    for dir in &cases {
        let model = read_json(&dir.join("expected.json"));
        let Some(expected) = model.get("name").and_then(Value::as_str) else {
            panic!("{}: no name", dir.display());
        };
        let (project, args) = case(dir, "args");
        match name(&project, &args) {
            Ok(found) if found == expected => same += 1,
            found => wrong.push(format!(
                "{}: expected {expected:?}, found {found:?}",
                dir.file_name().unwrap_or_default().to_string_lossy()
            )),
        }
    }
    println!(
        "project names: {same} of {} as Docker Compose names them",
        cases.len()
    );
    for line in &wrong {
        println!("  {line}");
    }
    assert!(cases.len() > 500, "only {} cases", cases.len());
    assert!(
        wrong.is_empty(),
        "{} projects are named otherwise (above)",
        wrong.len()
    );
}

#[test]
fn an_invalid_name_from_the_environment_is_refused_in_composes_words() {
    let dir = shared().join("conformance/compose/errors/misc-name-from-dotenv-invalid");
    let (project, args) = case(&dir, "args");
    let expected = std::fs::read_to_string(dir.join("expected-error.txt")).unwrap();
    assert_eq!(name(&project, &args), Err(expected.trim_end().to_owned()));
    // An empty `name` names nothing: the folder does.
    let dir = shared().join("conformance/compose/errors/misc-name-empty");
    let (project, args) = case(&dir, "args");
    assert_eq!(name(&project, &args).as_deref(), Ok("misc-name-empty"));
}
