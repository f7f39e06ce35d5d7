//! The Kubernetes schema installed at run time (`Schema::install`, the playground's way) instead
//! of embedded (the `embedded-schema` feature, on by default). Run both ways:
//!
//! - `cargo test -p drydock_core --test schema_install`: the examples' schema findings with the
//!   embedded schema are [`EXPECTED`];
//! - `cargo test -p drydock_core --no-default-features --features docs --test schema_install`:
//!   before the install, no finding that needs the schema (no "unknown kind", no false one at
//!   all: every finding is among those after the install); after it, exactly [`EXPECTED`] again.

use std::path::Path;

use drydock_core::{Workspace, check};

/// The rules that judge kinds, apiVersions and fields against the schema.
const SCHEMA_RULES: &[&str] = &[
    "kubernetes/deprecated-api",
    "kubernetes/duplicate-list-entry",
    "kubernetes/invalid-enum-value",
    "kubernetes/invalid-format",
    "kubernetes/invalid-type",
    "kubernetes/missing-required-field",
    "kubernetes/unavailable-api",
    "kubernetes/unknown-custom-resource",
    "kubernetes/unknown-field",
    "kubernetes/unknown-kind",
    "kubernetes/wrong-api-version",
];

/// The findings of [`SCHEMA_RULES`] on the examples, whichever way the schema came.
const EXPECTED: &[&str] = &[
    "custom-resource/backup.yaml:8:15 kubernetes/invalid-type `retainDays` must be an integer, not the string \"7\"",
    "seed/mysql-deployment.yaml:1:13 kubernetes/wrong-api-version Deployment is served by apps/v1, not v1",
    "seed/mysql-service.yaml:10:7 kubernetes/unknown-field unknown field `path` in ServicePort",
    "seed/nginx-deployment.yaml:1:13 kubernetes/wrong-api-version Deployment is served by apps/v1, not v1",
    "seed/nginx-service.yaml:10:7 kubernetes/unknown-field unknown field `path` in ServicePort",
];

fn schema_findings(found: &[String]) -> Vec<&str> {
    found
        .iter()
        .filter(|f| SCHEMA_RULES.iter().any(|rule| f.contains(rule)))
        .map(String::as_str)
        .collect()
}

/// The files of one example, sub-folders included (a Kustomize example keeps
/// its bases and overlays in folders), by path relative to the example, sorted.
fn files_under(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let name = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((name, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// Every example of the playground (the seed first), one finding a line.
fn findings() -> Vec<String> {
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&examples)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let mut workspace = Workspace::new();
        for (name, text) in files_under(&dir) {
            workspace.insert(name, text);
        }
        let example = dir.file_name().unwrap().to_string_lossy().into_owned();
        for f in check(&workspace) {
            out.push(format!(
                "{example}/{}:{}:{} {} {}",
                f.path, f.start.line, f.start.column, f.rule, f.message
            ));
        }
    }
    out
}

#[test]
#[cfg(feature = "embedded-schema")]
fn the_examples_schema_findings_with_the_embedded_schema() {
    assert!(drydock_core::k8s::Schema::is_loaded());
    assert_eq!(schema_findings(&findings()), EXPECTED);
}

#[test]
#[cfg(not(feature = "embedded-schema"))]
fn before_the_install_nothing_is_judged_after_it_everything_is() {
    use drydock_core::k8s::Schema;
    assert!(!Schema::is_loaded());
    assert!(Schema::builtin().is_empty());
    let before = findings();

    assert!(!Schema::install("<!doctype html><p>offline</p>"));
    assert!(!Schema::is_loaded());
    let text = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../drydock_k8s/schema/kubernetes.schema"),
    )
    .unwrap();
    assert!(Schema::install(&text));
    assert!(Schema::is_loaded());
    assert!(!Schema::install(&text), "a second install is refused");
    let after = findings();

    assert_eq!(
        schema_findings(&before),
        Vec::<&str>::new(),
        "schema findings before the schema is loaded"
    );
    for finding in &before {
        assert!(
            after.contains(finding),
            "a finding before the install that the full check does not make: {finding}"
        );
    }
    // The same schema findings as with the embedded schema.
    assert_eq!(schema_findings(&after), EXPECTED);
}
