//! The Kubernetes schema installed at run time (`Schema::install`, the playground's way) instead
//! of embedded (the `embedded-schema` feature, on by default). Run both ways:
//!
//! - `cargo test -p drydock_core --test schema_install`: the seed's findings with the embedded
//!   schema, kept in a snapshot;
//! - `cargo test -p drydock_core --no-default-features --features docs --test schema_install`:
//!   before the install, no finding that needs the schema (no "unknown kind", no false one at
//!   all: every finding is among those after the install); after it, exactly the snapshot above.

use std::path::Path;

use drydock_core::{Workspace, check};

/// The rules that judge kinds, apiVersions and fields against the schema.
#[cfg_attr(feature = "embedded-schema", allow(dead_code))]
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
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            workspace.insert(name, std::fs::read_to_string(&file).unwrap());
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
fn the_examples_findings_with_the_embedded_schema() {
    assert!(drydock_core::k8s::Schema::is_loaded());
    let found = findings();
    assert!(
        found
            .iter()
            .any(|f| f.contains("kubernetes/wrong-api-version"))
    );
    insta::assert_snapshot!("examples", found.join("\n"));
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
        Path::new(env!("CARGO_MANIFEST_DIR")).join("schema/kubernetes.schema"),
    )
    .unwrap();
    assert!(Schema::install(&text));
    assert!(Schema::is_loaded());
    assert!(!Schema::install(&text), "a second install is refused");
    let after = findings();

    for finding in &before {
        assert!(
            !SCHEMA_RULES.iter().any(|rule| finding.contains(rule)),
            "a schema finding before the schema is loaded: {finding}"
        );
        assert!(
            after.contains(finding),
            "a finding before the install that the full check does not make: {finding}"
        );
    }
    assert!(
        after
            .iter()
            .any(|f| f.contains("seed/mysql-deployment.yaml:1:13 kubernetes/wrong-api-version")),
        "{after:#?}"
    );
    // The same findings as with the embedded schema.
    insta::assert_snapshot!("examples", after.join("\n"));
}
