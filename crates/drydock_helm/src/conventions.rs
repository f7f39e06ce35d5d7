//! Helm's conventions for what a chart deploys, checked on the rendered objects and reported
//! at the template text that wrote them: a namespace written into a template
//! (`helm/hard-coded-namespace`), objects without the labels Helm recommends
//! (`helm/recommended-labels`).

use drydock_base::Severity;
use drydock_base::diagnostic::Fix;
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId};

use crate::chart::{Manifest, Origin, Texts};

/// A finding on a template: its rule, severity, words, the template's path in the chart, the
/// place, and a fix when one is mechanical.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Convention {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    pub range: TextRange,
    pub fix: Option<Fix>,
}

/// The labels Helm's best practices recommend on every object a chart makes.
pub const RECOMMENDED_LABELS: &[&str] = &[
    "app.kubernetes.io/name",
    "app.kubernetes.io/instance",
    "app.kubernetes.io/managed-by",
    "helm.sh/chart",
];

/// The conventions `manifest` (a document of the chart of `files`) does not follow.
pub fn check(manifest: &Manifest, files: &Texts, out: &mut Vec<Convention>) {
    let Some(document) = &manifest.parsed else {
        return;
    };
    let Some(root) = document
        .root
        .filter(|&root| document.entries(root).is_some())
    else {
        return;
    };
    let kind = document.get_str(root, "kind").unwrap_or("object");
    let Some(metadata) = document.get(root, "metadata") else {
        return;
    };
    let name = document.get_str(metadata.value, "name").unwrap_or_default();
    if let Some(namespace) = document.get(metadata.value, "namespace")
        && let Some(scalar) = document.scalar(namespace.value)
        && !scalar.value.is_empty()
        // What lives in the cluster's own namespaces is bound there on purpose (a RoleBinding
        // to `extension-apiserver-authentication-reader` must be in `kube-system`).
        && !matches!(scalar.value.as_str(), "kube-system" | "kube-public")
        && let Some((path, range)) = written(manifest, files, document.range(namespace.value))
    {
        out.push(Convention {
            rule: crate::rules::hard_coded_namespace::RULE.id,
            severity: Severity::Warning,
            message: format!(
                "the {kind} `{name}` is put in namespace `{}`, written into the template: `helm install --namespace` cannot place the release elsewhere",
                scalar.value
            ),
            path,
            range,
            fix: Some(Fix::replace(
                "Use the release's namespace",
                range,
                "{{ .Release.Namespace }}",
            )),
        });
    }
    let labels = document.get(metadata.value, "labels");
    let missing: Vec<&str> = RECOMMENDED_LABELS
        .iter()
        .copied()
        .filter(|label| {
            labels
                .and_then(|labels| document.get(labels.value, label))
                .is_none()
        })
        .collect();
    if !missing.is_empty() {
        let at = labels.unwrap_or(metadata);
        if let Some((path, range)) = placed(manifest, document, at.key) {
            out.push(Convention {
                rule: crate::rules::recommended_labels::RULE.id,
                severity: Severity::Info,
                message: format!(
                    "the {kind} `{name}` lacks the labels Helm recommends on every object of a chart: {}",
                    missing.join(", ")
                ),
                path,
                range,
                fix: None,
            });
        }
    }
}

/// Where the template wrote the text at `range` of the manifest when it wrote it as it stands
/// (template text, not an action): its path and the range there.
fn written(manifest: &Manifest, files: &Texts, range: TextRange) -> Option<(String, TextRange)> {
    let trace = covering(manifest, range.start)?;
    let template = files.get(&*trace.file)?;
    // An action prints what it computes: not written into the template.
    if template
        .get(trace.origin.start..)
        .is_some_and(|text| text.starts_with("{{"))
    {
        return None;
    }
    if range.end > trace.range.end {
        return None;
    }
    let start = trace.origin.start + (range.start - trace.range.start);
    let end = start + (range.end - range.start);
    (end <= trace.origin.end).then(|| (trace.file.to_string(), TextRange::new(start, end)))
}

/// Where the node `id` of the manifest was written: its text's place in the template, or the
/// action that printed it.
fn placed(manifest: &Manifest, document: &Document, id: NodeId) -> Option<(String, TextRange)> {
    let range = document.range(id);
    let trace = covering(manifest, range.start)?;
    let start = trace.origin.start + (range.start - trace.range.start);
    let end = (start + range.len()).min(trace.origin.end);
    if start < trace.origin.end {
        Some((
            trace.file.to_string(),
            TextRange::new(start, end.max(start)),
        ))
    } else {
        Some((
            trace.file.to_string(),
            TextRange::new(trace.origin.start, trace.origin.end),
        ))
    }
}

/// The trace that wrote the manifest's text at `offset`.
fn covering(manifest: &Manifest, offset: usize) -> Option<&Origin> {
    manifest
        .traces
        .iter()
        .find(|trace| trace.range.start <= offset && offset < trace.range.end)
}
