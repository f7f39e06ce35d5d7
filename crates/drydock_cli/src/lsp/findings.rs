//! The workspace's findings, as `drydock check` in the folder finds them: each file's own rules,
//! then the cross-file rules over the whole workspace with its renders (kustomizations, Compose
//! projects, Helm charts: `crate::check::render`, which reads what they need around the
//! workspace from the disk), then converted into the protocol's diagnostics.

use std::collections::HashMap;

use drydock_core::k8s::Crds;
use drydock_core::{Finding, ParsedFile, Settings, Severity, Workspace};
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url};

use super::position::Lines;

/// Every finding of the workspace, by file name, each file's in position order. An internal
/// error in the core (which never panics by design) loses the findings of the pass it hit, not
/// the server.
pub fn check(workspace: &Workspace, settings: &Settings) -> HashMap<String, Vec<Finding>> {
    let mut by_file: HashMap<String, Vec<Finding>> = HashMap::new();
    let renders = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::check::render(workspace)
    }))
    .unwrap_or_default();
    let owned = drydock_core::kustomize::owned(&renders);
    let parsed: Vec<Option<ParsedFile>> = workspace
        .files
        .iter()
        .map(|file| {
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ParsedFile::new(file))).ok()
        })
        .collect();
    let mut crds = Crds::new();
    for stream in parsed.iter().flatten().filter_map(ParsedFile::kubernetes) {
        crds.add_stream(stream);
    }
    for (file, parsed) in workspace.files.iter().zip(&parsed) {
        let Some(parsed) = parsed else { continue };
        let owns = drydock_core::kustomize::owns(&owned, &file.name);
        let findings = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            drydock_core::check_parsed_file_owned(file, parsed, settings, &crds, owns)
        }))
        .unwrap_or_default();
        by_file
            .entry(file.name.clone())
            .or_default()
            .extend(findings);
    }
    if settings.enables_workspace_rules() || !renders.is_empty() {
        let cross = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let parsed: Vec<ParsedFile> = workspace
                .files
                .iter()
                .zip(parsed)
                .map(|(file, parsed)| {
                    parsed
                        .unwrap_or_else(|| ParsedFile::new(file))
                        .for_workspace(file)
                })
                .collect();
            drydock_core::check_workspace_rules_rendered(workspace, &parsed, settings, &renders)
        }))
        .unwrap_or_default();
        for finding in cross {
            by_file
                .entry(finding.path.clone())
                .or_default()
                .push(finding);
        }
    }
    for findings in by_file.values_mut() {
        findings.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
    }
    by_file
}

/// A finding as the client shows it: the rule id as its code, the help after the message, the
/// labels as related information in the same document.
pub fn diagnostic(finding: &Finding, lines: &Lines<'_>, uri: &Url) -> lsp_types::Diagnostic {
    let message = match &finding.help {
        Some(help) => format!("{}\n\n{help}", finding.message),
        None => finding.message.clone(),
    };
    let related: Vec<DiagnosticRelatedInformation> = finding
        .labels
        .iter()
        .map(|label| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: lines.range(label.range),
            },
            message: label.message.clone(),
        })
        .collect();
    lsp_types::Diagnostic {
        range: lines.range(finding.range),
        severity: Some(match finding.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
            Severity::Info => DiagnosticSeverity::INFORMATION,
        }),
        code: Some(NumberOrString::String(finding.rule.to_owned())),
        code_description: None,
        source: Some("drydock".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}
