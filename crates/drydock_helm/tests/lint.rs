//! `helm lint`'s own checks (`drydock_helm::lint`) against what `helm lint` v4.1.4 printed:
//! the charts of `tests/lint/` (one or a few checks each, Helm's output beside them in
//! `<case>.out`) and the corpus charts (`../shared/conformance/helm/lint`, when it is there).
//!
//! Every line Helm prints for a check Drydock implements must be a finding of the same
//! severity and words; every finding Drydock makes must be a line Helm printed, except where
//! Helm stops at the first of its kind (one maintainer, one source, one unknown field, the
//! first `crds/` file that fails) and Drydock reports each. Lines for checks made elsewhere
//! (names of rendered objects: `kubernetes/invalid-name`; schema and render errors:
//! `helm/values-schema`, `helm/render`) or not made (`values.yaml: file does not exist`) are
//! left out, by their words.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use drydock_base::Severity;
use drydock_helm::chart::{self, Files, Options};

mod common;

/// The words of every check `drydock_helm::lint` makes, as Helm's messages begin or contain.
const OURS: &[&str] = &[
    "icon is recommended",
    "chart type is not valid",
    "dependencies are not valid",
    "chart metadata is missing these dependencies",
    "failed to strictly parse chart metadata file",
    "should be of type string",
    "is not a valid SemVer",
    "invalid email",
    "invalid url",
    "invalid source URL",
    "invalid icon URL",
    "is not valid. The value must be either",
    "file extension",
    "document starts with an illegal indent",
    "directory does not exist",
    "apiVersion is not in 'apiextensions.k8s.io'",
    "object kind is not 'CustomResourceDefinition'",
];

/// Checks Helm stops at the first failure of, each with what Helm printed when it stopped:
/// Drydock may report more of them then.
const FIRST_ONLY: &[(&str, &str)] = &[
    ("invalid email", "invalid email"),
    ("invalid url", "invalid url"),
    ("invalid source URL", "invalid source URL"),
    (
        "failed to strictly parse chart metadata file",
        "failed to strictly parse chart metadata file",
    ),
    // The first file of `crds/` that is not YAML ends Helm's check of them all.
    (
        "apiVersion is not in 'apiextensions.k8s.io'",
        "unable to parse YAML",
    ),
    (
        "object kind is not 'CustomResourceDefinition'",
        "unable to parse YAML",
    ),
    ("unable to parse YAML", "unable to parse YAML"),
];

/// Corpus charts whose lint Drydock cannot match here, and why.
const EXCEPTIONS: &[(&str, &str)] = &[];

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

fn chart_files(dir: &Path) -> Files {
    common::chart_files(dir, &|_| false)
}

/// A finding as Helm prints it: severity and message (a list of names sorted: Helm prints
/// them in map order).
fn line(severity: &str, message: &str) -> String {
    let message = match message.split_once("these dependencies: ") {
        Some((head, names)) => {
            let mut names: Vec<&str> = names.split(',').collect();
            names.sort_unstable();
            format!("{head}these dependencies: {}", names.join(","))
        }
        None => message.to_owned(),
    };
    format!("[{severity}] {message}")
}

/// Helm's lines for the checks Drydock makes.
fn helm_lines(output: &str) -> BTreeSet<String> {
    let mut lines: Vec<String> = Vec::new();
    for text in output.lines() {
        if let Some(more) = text.strip_prefix('\t') {
            // A message's next line: Helm wraps its cause.
            if let Some(last) = lines.last_mut() {
                last.push_str(": ");
                last.push_str(more);
            }
            continue;
        }
        lines.push(text.to_owned());
    }
    lines
        .iter()
        .filter_map(|text| {
            let (severity, rest) = text.strip_prefix('[')?.split_once("] ")?;
            let (path, message) = rest.split_once(": ")?;
            let message = if message == "directory does not exist" {
                format!("{path}: {message}")
            } else {
                message.to_owned()
            };
            // A file of `crds/` that is not YAML is ours; a template's is the render's.
            let ours = OURS.iter().any(|ours| message.contains(ours))
                || (path.starts_with("crds/") && message.starts_with("unable to parse YAML"));
            ours.then(|| line(severity, &message))
        })
        .collect()
}

fn drydock_lines(files: &Files) -> BTreeSet<String> {
    let rendered = chart::render_outputs(files, &Options::default()).ok();
    drydock_helm::lint::lint(files, rendered.as_deref())
        .iter()
        // Drydock's own checks, which `helm lint` does not make.
        .filter(|finding| !matches!(finding.rule, "helm/undeclared-value" | "helm/unused-value"))
        .map(|finding| {
            let severity = match finding.severity {
                Severity::Error => "ERROR",
                Severity::Warning => "WARNING",
                _ => "INFO",
            };
            // Drydock adds what a misspelt field most likely meant.
            let message = finding
                .message
                .split(" (did you mean")
                .next()
                .unwrap_or_default();
            line(severity, message)
        })
        .collect()
}

/// Where Drydock and Helm differ on one chart (empty when they agree).
fn differences(files: &Files, output: &str) -> Vec<String> {
    let helm = helm_lines(output);
    let ours = drydock_lines(files);
    let mut out = Vec::new();
    for missing in helm.difference(&ours) {
        out.push(format!("missing: {missing}"));
    }
    for extra in ours.difference(&helm) {
        let first_only = FIRST_ONLY.iter().any(|(kind, witness)| {
            extra.contains(kind) && helm.iter().any(|line| line.contains(witness))
        });
        if !first_only {
            out.push(format!("extra: {extra}"));
        }
    }
    out
}

#[test]
fn lint_cases_match_helm_lint() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    let mut wrong = Vec::new();
    for case in &cases {
        let output = std::fs::read_to_string(case.with_extension("out")).unwrap_or_default();
        let found = differences(&chart_files(case), &output);
        if !found.is_empty() {
            wrong.push(format!("{}:\n  {}", case.display(), found.join("\n  ")));
        }
    }
    println!(
        "helm lint cases: {} of {} as Helm",
        cases.len() - wrong.len(),
        cases.len()
    );
    assert!(cases.len() >= 8, "{} cases", cases.len());
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn corpus_charts_lint_as_helm_lints_them() {
    let lint = shared().join("conformance/helm/lint");
    let Ok(index) = std::fs::read_to_string(lint.join("_index.tsv")) else {
        println!("no ../shared/conformance/helm/lint: skipped");
        return;
    };
    let (mut equal, mut total, mut wrong) = (0, 0, Vec::new());
    for row in index.lines().skip(1) {
        let mut fields = row.split('\t');
        let (Some(output), Some(chart)) = (fields.next(), fields.next()) else {
            continue;
        };
        total += 1;
        let dir = shared().join("corpus/helm").join(chart);
        let output = std::fs::read_to_string(lint.join(output)).unwrap_or_default();
        let found = differences(&chart_files(&dir), &output);
        if found.is_empty() {
            equal += 1;
        } else if !EXCEPTIONS.iter().any(|(name, _)| *name == chart) {
            wrong.push(format!("{chart}:\n  {}", found.join("\n  ")));
        }
    }
    println!("corpus charts: helm lint's checks as Helm on {equal} of {total}");
    assert!(total >= 50, "{total} charts");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
