//! `drydock convert` checked by Drydock's own Kubernetes rules: every project of the Compose
//! conformance corpus that `docker compose config` resolves is converted from its resolved model
//! (the corpus's `expected.json`), and the manifests must hold no error a Kubernetes rule finds.

use std::collections::BTreeMap;
use std::path::Path;

use drydock_base::json::{Value, parse};
use drydock_core::compose::language::convert::convert;
use drydock_core::{Severity, Workspace, check};

/// The model as the loader holds it: `config --format json` writes every `$` as `$$`.
fn unescape(value: Value) -> Value {
    match value {
        Value::String(s) => Value::String(s.replace("$$", "$")),
        Value::Array(items) => Value::Array(items.into_iter().map(unescape).collect()),
        Value::Object(entries) => {
            Value::Object(entries.into_iter().map(|(k, v)| (k, unescape(v))).collect())
        }
        other => other,
    }
}

#[test]
fn converted_corpus_has_no_kubernetes_error() {
    let root =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/compose/config");
    let Ok(entries) = std::fs::read_dir(&root) else {
        eprintln!("no corpus at {}: skipped", root.display());
        return;
    };
    let mut cases: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    cases.sort();
    let (mut projects, mut objects, mut notes) = (0usize, 0usize, 0usize);
    let mut warnings: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut errors = Vec::new();
    for case in &cases {
        let text = std::fs::read_to_string(case.join("expected.json")).unwrap();
        let model = unescape(parse(&text).unwrap());
        let conversion = convert(&model);
        projects += 1;
        objects += conversion.objects;
        notes += conversion.notes.len();
        // `DRYDOCK_CONVERT_DUMP=dir` keeps the manifests, to read them.
        if let Some(dir) = std::env::var_os("DRYDOCK_CONVERT_DUMP") {
            let name = case
                .file_name()
                .unwrap()
                .to_string_lossy()
                .replace(' ', "_");
            std::fs::write(
                Path::new(&dir).join(format!("{name}.yaml")),
                &conversion.yaml,
            )
            .unwrap();
        }
        let mut workspace = Workspace::new();
        workspace.insert("converted.yaml", conversion.yaml.clone());
        for finding in check(&workspace) {
            match finding.severity {
                Severity::Error => {
                    let line = conversion
                        .yaml
                        .lines()
                        .nth(finding.start.line.saturating_sub(1) as usize)
                        .unwrap_or_default()
                        .to_owned();
                    errors.push(format!(
                        "{}:{}: {} {} [{}]",
                        case.file_name().unwrap().to_string_lossy(),
                        finding.start.line,
                        finding.rule,
                        finding.message,
                        line.trim()
                    ));
                }
                _ => {
                    if std::env::var_os("DRYDOCK_CONVERT_DUMP").is_some() {
                        eprintln!("{}: {} {}", case.display(), finding.rule, finding.message);
                    }
                    *warnings.entry(finding.rule).or_default() += 1
                }
            }
        }
    }
    eprintln!("projects converted: {projects}, objects written: {objects}, notes: {notes}");
    for (rule, count) in &warnings {
        eprintln!("  {count:5} {rule}");
    }
    assert!(projects > 400, "only {projects} projects");
    assert!(
        errors.is_empty(),
        "{} errors:\n{}",
        errors.len(),
        errors.join("\n")
    );
}
