//! The variables of every corpus project, as `docker compose config --variables --format json`
//! lists them (`../shared/conformance/compose/config/*/variables.json`), against
//! `interpolate::variables_in` over the project's files.
//!
//! Compose lists the variables of the loaded model: override files merged in (a value replaced
//! by an override loses its variables), `include`d and `extends`ed files pulled in. Loading a
//! project is not built yet, so this reads each file named (or found by the default lookup) and
//! lists what they hold together; the cases where that differs (two) are printed, and more fail
//! the test. A variable named twice with different defaults is listed
//! by Compose from whichever mention its map saw last (Go's map order is random): any mention
//! is accepted.

mod common;

use common::{Value, case, case_dirs, project_files, read_json};
use drydock_compose::interpolate::{Variable, variables_in};

#[test]
fn variables_are_found_as_docker_compose_finds_them() {
    let cases = case_dirs("config", "variables.json");
    let (mut same, mut with_variables, mut differ) = (0, 0, Vec::new());
    for case_dir in &cases {
        let (dir, args) = case(case_dir, "variables_args");
        let Value::Object(expected) = read_json(&case_dir.join("variables.json")) else {
            // `null`: no variable.
            continue;
        };
        with_variables += usize::from(!expected.is_empty());
        let mut found: Vec<Variable> = Vec::new();
        for file in project_files(&dir, &args) {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            found.extend(
                variables_in(&drydock_yaml::parse(&text))
                    .into_iter()
                    .map(|(v, _)| v),
            );
        }
        let names: std::collections::BTreeSet<&str> =
            found.iter().map(|v| v.name.as_str()).collect();
        let agrees = names.len() == expected.len()
            && expected.iter().all(|(name, described)| {
                let field = |key: &str| described.get(key).cloned();
                found.iter().any(|v| {
                    &v.name == name
                        && field("DefaultValue") == Some(Value::String(v.default_value.clone()))
                        && field("PresenceValue") == Some(Value::String(v.presence_value.clone()))
                        && field("Required") == Some(Value::Bool(v.required))
                })
            });
        if agrees {
            same += 1;
        } else {
            differ.push(format!(
                "{}: expected {:?}, found {:?}",
                case_dir.file_name().unwrap_or_default().to_string_lossy(),
                expected.iter().map(|(k, _)| k).collect::<Vec<_>>(),
                names
            ));
        }
    }
    println!(
        "variables: {same} of {} cases as Docker Compose lists them ({with_variables} with variables)",
        cases.len()
    );
    for line in &differ {
        println!("  differs: {line}");
    }
    assert!(
        cases.len() > 500,
        "the conformance data has {} cases",
        cases.len()
    );
    // Every case agrees but those whose model needs loading (include, extends).
    assert!(
        differ.len() <= 2,
        "{} cases differ (see the list above)",
        differ.len()
    );
}
