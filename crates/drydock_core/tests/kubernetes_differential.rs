//! Differential test against kubernetes-validate 1.37.0 `--strict` over `../shared/corpus/k8s`.
//!
//! `kubernetes_differential.tsv` holds kubernetes-validate's verdict for every document (written by
//! `cargo xtask k8s-differential`, which installs it from PyPI), so this test needs no Python.
//! Every document must agree — same verdict, and for an invalid one a Drydock error on the value
//! kubernetes-validate names — or fall into one of the explained classes below; anything else
//! fails the test. The counts are printed.

use std::collections::BTreeMap;
use std::path::Path;

use drydock_core::yaml::{Document, Value};
use drydock_core::{Finding, Severity, Workspace, check};

/// Why Drydock and kubernetes-validate may disagree on a document.
const EXPLAINED: &[(&str, &str)] = &[
    (
        "api-not-served",
        "kubernetes-validate finds no schema for an apiVersion that does not serve the kind in 1.37 \
         (wrong, removed, or unknown kind); Drydock names the apiVersion to use and, when it can, \
         validates against it",
    ),
    (
        "custom-resource",
        "kubernetes-validate has no schema for custom resources; Drydock validates them against the \
         CustomResourceDefinitions in the corpus",
    ),
    (
        "api-server",
        "Drydock also reports what the API server's own validation requires beyond the OpenAPI \
         schema (a container's image, a Service's ports; its messages end with the API server's \
         `Required value` or `Duplicate value`): kubernetes-validate checks the schema only. \
         On the corpus these are Kustomize patches checked without their kustomization, which \
         `tests/corpus_api_server.rs` lists",
    ),
    (
        "stricter",
        "Drydock checks what kubernetes-validate's schemas cannot express: enum values (from the \
         OpenAPI v3 `enum`s), formats (quantities, int32, base64, date-time), duplicate list-map \
         keys and duplicate mapping keys",
    ),
];

/// The rules that do what kubernetes-validate does: YAML, and one object against its schema.
/// (Rules across objects — a Service's selector against the Deployments — are not compared.)
const SCHEMA_RULES: &[&str] = &[
    "yaml/syntax-error",
    "yaml/duplicate-key",
    "kubernetes/unknown-kind",
    "kubernetes/wrong-api-version",
    "kubernetes/unavailable-api",
    "kubernetes/deprecated-api",
    "kubernetes/unknown-custom-resource",
    "kubernetes/unknown-field",
    "kubernetes/invalid-type",
    "kubernetes/invalid-enum-value",
    "kubernetes/missing-required-field",
    "kubernetes/invalid-format",
    "kubernetes/duplicate-list-entry",
];

#[test]
fn agrees_with_kubernetes_validate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = root.join("../../../shared/corpus/k8s");
    let table = std::fs::read_to_string(root.join("tests/kubernetes_differential.tsv")).unwrap();
    let mut expected: BTreeMap<String, Vec<(usize, String, String)>> = BTreeMap::new();
    for line in table.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (file, index, verdict, path) = (cols[0], cols[1], cols[2], cols[3]);
        let Ok(index) = index.parse::<usize>() else {
            continue;
        };
        expected.entry(file.to_owned()).or_default().push((
            index,
            verdict.to_owned(),
            path.to_owned(),
        ));
    }

    let mut workspace = Workspace::new();
    for file in expected.keys() {
        let text = std::fs::read_to_string(corpus.join(file))
            .unwrap_or_else(|e| panic!("{file}: {e} (the corpus is read from ../shared)"));
        workspace.insert(file.clone(), text);
    }
    let findings = check(&workspace);

    let mut classes: BTreeMap<&str, usize> = BTreeMap::new();
    let mut failures = Vec::new();
    let mut documents = 0;
    for (file, rows) in &expected {
        let text = &workspace.get(file).unwrap().text;
        let stream = drydock_core::yaml::parse(text);
        // kubernetes-validate drops empty documents (`if item`), so does this.
        let docs: Vec<&Document> = stream.documents.iter().filter(|d| !is_falsy(d)).collect();
        let file_findings: Vec<&Finding> = findings
            .iter()
            .filter(|f| f.path == *file && SCHEMA_RULES.contains(&f.rule))
            .collect();
        for (index, verdict, path) in rows {
            if verdict == "not-an-object" {
                continue;
            }
            documents += 1;
            let Some(doc) = docs.get(*index) else {
                failures.push(format!("{file}#{index}: Drydock has no such document"));
                continue;
            };
            let errors: Vec<&&Finding> = file_findings
                .iter()
                .filter(|f| doc.range.contains_range(f.range) && f.severity == Severity::Error)
                .collect();
            let no_schema = file_findings.iter().any(|f| {
                doc.range.contains_range(f.range) && f.rule == "kubernetes/unknown-custom-resource"
            });
            let rules: Vec<&str> = errors.iter().map(|f| f.rule).collect();
            let class = match verdict.as_str() {
                "valid" if errors.is_empty() => "agree: valid",
                "no-schema" if no_schema && errors.is_empty() => "agree: no schema",
                "invalid" if errors.iter().any(|f| names(doc, text, path, f)) => {
                    "agree: invalid, same field"
                }
                "no-schema"
                    if rules.iter().any(|r| {
                        matches!(
                            *r,
                            "kubernetes/wrong-api-version"
                                | "kubernetes/unavailable-api"
                                | "kubernetes/unknown-kind"
                        )
                    }) =>
                {
                    "api-not-served"
                }
                "no-schema" if !no_schema && is_custom(doc, text) => "custom-resource",
                "valid" | "no-schema"
                    if !errors.is_empty() && errors.iter().all(|f| is_api_server(f)) =>
                {
                    "api-server"
                }
                "valid" | "no-schema"
                    if !rules.is_empty()
                        && rules.iter().all(|r| {
                            matches!(
                                *r,
                                "kubernetes/invalid-enum-value"
                                    | "kubernetes/invalid-format"
                                    | "kubernetes/duplicate-list-entry"
                                    | "yaml/duplicate-key"
                            )
                        }) =>
                {
                    "stricter"
                }
                _ => {
                    let found: Vec<String> = errors
                        .iter()
                        .map(|f| {
                            format!(
                                "{}:{} {} {}",
                                f.start.line, f.start.column, f.rule, f.message
                            )
                        })
                        .collect();
                    failures.push(format!(
                        "{file}#{index}: kubernetes-validate says {verdict} {path:?}; Drydock: {found:?}"
                    ));
                    "unexplained"
                }
            };
            if std::env::var_os("DIFF_VERBOSE").is_some() && !class.starts_with("agree") {
                for f in &errors {
                    println!(
                        "    {class}: {file}:{}:{} {} {}",
                        f.start.line, f.start.column, f.rule, f.message
                    );
                }
            }
            *classes.entry(class).or_default() += 1;
        }
    }
    println!("{documents} documents compared with kubernetes-validate --strict:");
    for (class, count) in &classes {
        let why = EXPLAINED
            .iter()
            .find(|(c, _)| c == class)
            .map_or(String::new(), |(_, why)| format!(" — {why}"));
        println!("  {count:5} {class}{why}");
    }
    assert!(documents > 1000, "only {documents} documents");
    assert!(
        failures.is_empty(),
        "{} unexplained:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A finding of a schema rule that comes from the API server's own validation, not the schema:
/// its message ends with the API server's error.
fn is_api_server(f: &Finding) -> bool {
    matches!(
        f.rule,
        "kubernetes/missing-required-field" | "kubernetes/duplicate-list-entry"
    ) && (f.message.contains(": Required value") || f.message.contains(": Duplicate value"))
}

/// PyYAML's falsy values: null, empty mapping or list, empty string, 0, false.
fn is_falsy(doc: &Document) -> bool {
    let Some(node) = doc.root.and_then(|r| doc.node(r)) else {
        return true;
    };
    match &node.value {
        Value::Mapping(entries) => entries.is_empty(),
        Value::Sequence(items) => items.is_empty(),
        Value::Scalar(s) => {
            matches!(s.value.as_str(), "" | "0" | "false" | "~" | "null")
                && s.style == drydock_core::yaml::ScalarStyle::Plain
        }
    }
}

fn is_custom(doc: &Document, _text: &str) -> bool {
    let root = doc.root.unwrap();
    let api = doc.get_str(root, "apiVersion").unwrap_or("");
    api.split_once('/')
        .is_some_and(|(group, _)| group.contains('.') && !group.ends_with(".k8s.io"))
        || api.contains("monitoring.coreos.com")
}

/// Whether finding `f` is about the value at kubernetes-validate's `path` (or inside it).
fn names(doc: &Document, _text: &str, path: &str, f: &Finding) -> bool {
    let mut node = doc.root.unwrap();
    let mut key = None;
    for segment in path.split('.').filter(|s| !s.is_empty()) {
        let next = match segment.parse::<usize>() {
            Ok(i) => doc
                .items(node)
                .and_then(|items| items.get(i).copied())
                .map(|item| (item, None)),
            Err(_) => doc.get(node, segment).map(|e| (e.value, Some(e.key))),
        };
        match next {
            Some((next, next_key)) => (node, key) = (next, next_key),
            None => break,
        }
    }
    // The value itself, something inside it, or the key that holds it (missing fields).
    doc.range(node).contains_range(f.range) || key.is_some_and(|k| doc.range(k) == f.range)
}
