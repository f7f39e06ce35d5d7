//! Docker Compose's own one-defect projects (`../shared/conformance/compose/errors`): every one
//! whose reference error is about interpolation or a `.env` file must get that error, word for
//! word, from `dotenv::parse` and `interpolate::errors_in`; and no valid project (`valid-*`)
//! may get any. The reference's other errors (schema, consistency, casting values to their
//! field's type) wait for the loader, the schema and the checks, and are counted apart.

mod common;

use std::path::Path;

use common::{Project, case, case_dirs, case_name, shared};
use drydock_compose::interpolate;

/// What the reference would say first about the project in `dir` read with `args`, among the
/// `.env` and interpolation errors: all of them, each as Docker Compose prints it.
fn errors(dir: &Path, args: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    let project = Project::read(dir, args);
    if let Some(error) = &project.dotenv_error {
        // The conformance data names `../shared` as `/shared`.
        let shared = shared().canonicalize().unwrap_or_else(|_| shared());
        let path = dir.join(".env");
        let path = path.canonicalize().unwrap_or(path);
        let shown = match path.strip_prefix(&shared) {
            Ok(rest) => format!("/shared/{}", rest.display()),
            Err(_) => path.display().to_string(),
        };
        out.push(format!("failed to read {shown}: {error}"));
    }
    for stream in project.streams() {
        for error in interpolate::errors_in(stream, &|name| project.lookup(name)) {
            out.push(error.to_string());
        }
    }
    out
}

fn is_ours(message: &str) -> bool {
    (message.starts_with("invalid interpolation format for")
        || message.starts_with("error while interpolating")
        || message.starts_with("failed to read"))
        && !message.contains("failed to cast to expected type")
        && !message.contains("is a directory")
}

#[test]
fn interpolation_and_dotenv_errors_are_the_references() {
    let cases = case_dirs("errors", "case.json");
    let (mut ours, mut matched, mut valid, mut clean) = (0, 0, 0, 0);
    let mut wrong = Vec::new();
    for dir in &cases {
        let name = case_name(dir);
        let (project, args) = case(dir, "args");
        let found = errors(&project, &args);
        if name.starts_with("valid-") {
            valid += 1;
            if found.is_empty() {
                clean += 1;
            } else {
                wrong.push(format!("{name}: a valid project, yet {found:?}"));
            }
            continue;
        }
        let Ok(expected) = std::fs::read_to_string(dir.join("expected-error.txt")) else {
            continue;
        };
        let expected = expected.trim_end().to_owned();
        if !is_ours(&expected) {
            continue;
        }
        ours += 1;
        if found.iter().any(|message| message == &expected) {
            matched += 1;
        } else {
            wrong.push(format!("{name}: expected {expected:?}, found {found:?}"));
        }
    }
    println!(
        "interpolation and .env errors: {matched} of {ours} as Docker Compose words them; \
         {clean} of {valid} valid projects without any"
    );
    for line in &wrong {
        println!("  {line}");
    }
    assert!(
        ours >= 15,
        "only {ours} cases are about interpolation or .env files"
    );
    assert!(valid >= 100, "only {valid} valid cases");
    // Four need the loader: a required variable in a file `extends` pulls in, and three errors
    // in `env_file` files, which the loader reads.
    assert!(wrong.len() <= 4, "{} cases are wrong (above)", wrong.len());
}
