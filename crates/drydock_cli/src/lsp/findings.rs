//! The workspace's findings, as `drydock check` in the folder finds them: each file's own rules,
//! then the cross-file rules over the whole workspace with its renders (kustomizations, Compose
//! projects, Helm charts: `crate::check::render`, which reads what they need around the
//! workspace from the disk), then converted into the protocol's diagnostics.
//!
//! What did not change is not checked again: a file's own findings are kept while its text, its
//! ownership by a kustomization and the workspace's CRDs stay the same, and the cross-file pass
//! keeps each file's parse (`drydock_core::incremental::WorkspaceCheck`). A keystroke re-checks
//! one file — only the YAML documents it changed, once the file is being edited
//! (`drydock_core::incremental::IncrementalCheck`) — then runs the cross-file rules.

use std::collections::HashMap;

use drydock_core::incremental::{IncrementalCheck, WorkspaceCheck};
use drydock_core::k8s::Crds;
use drydock_core::{Finding, ParsedFile, Settings, Severity, SourceFile, Workspace};
use lsp_types::{DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Url};

use super::position::Lines;
use super::rule_docs::RuleDocs;
use crate::check::Kinds;

/// What a file that may define CRDs has in its text.
const CRD: &str = "CustomResourceDefinition";

/// The check, with what it keeps between calls.
pub struct Checker {
    settings: Settings,
    /// Each file's own findings, with the text and ownership they were found for.
    own: HashMap<String, Kept>,
    /// The files that define CRDs, as they were when `crds` was built from them.
    crd_files: Vec<SourceFile>,
    crds: Crds,
    cross: WorkspaceCheck,
}

struct Kept {
    text: String,
    /// What the file is, for the renders.
    kinds: Kinds,
    /// The text names CustomResourceDefinition (it may define CRDs).
    defines_crds: bool,
    owned: bool,
    findings: Vec<Finding>,
    /// Kept once the file is edited (checked again with another text): a keystroke then
    /// re-checks only the YAML documents it changed. A file never edited keeps none, so a large
    /// folder keeps no parses.
    incremental: Option<IncrementalCheck>,
}

impl Checker {
    pub fn new(settings: Settings) -> Checker {
        Checker {
            settings,
            own: HashMap::new(),
            crd_files: Vec::new(),
            crds: Crds::new(),
            cross: WorkspaceCheck::new(),
        }
    }

    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Every finding of the workspace, by file name, each file's in position order. An internal
    /// error in the core (which never panics by design) loses the findings of the pass it hit,
    /// not the server.
    pub fn check(&mut self, workspace: &Workspace) -> HashMap<String, Vec<Finding>> {
        // What is known of each file whose text did not change: its kinds (detecting reads
        // the text) and whether it may define CRDs.
        let known: Vec<Option<(Kinds, bool)>> = workspace
            .files
            .iter()
            .map(|file| {
                self.own
                    .get(&file.name)
                    .filter(|kept| kept.text == file.text)
                    .map(|kept| (kept.kinds, kept.defines_crds))
            })
            .collect();
        let kinds: Vec<Kinds> = workspace
            .files
            .iter()
            .zip(&known)
            .map(|(file, known)| known.map_or_else(|| Kinds::of(file), |(kinds, _)| kinds))
            .collect();
        let renders = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            crate::check::render_with_kinds(workspace, &kinds)
        }))
        .unwrap_or_default();
        let owned = drydock_core::kustomize::owned(&renders);

        // Custom resources are checked against the workspace's CRDs: when a file that defines
        // them changes, every file is checked again. Whether a file may define some is kept
        // with its findings, so only changed files are searched.
        let defines_crds = |file: &SourceFile| match self.own.get(&file.name) {
            Some(kept) if kept.text == file.text => kept.defines_crds,
            _ => file.text.contains(CRD),
        };
        let crd_files: Vec<&SourceFile> =
            workspace.files.iter().filter(|f| defines_crds(f)).collect();
        let same_crd_files = crd_files.len() == self.crd_files.len()
            && crd_files.iter().zip(&self.crd_files).all(|(a, b)| *a == b);
        if !same_crd_files {
            let mut crds = Crds::new();
            for file in &crd_files {
                let parsed = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    ParsedFile::new(file)
                }));
                if let Some(stream) = parsed.as_ref().ok().and_then(ParsedFile::kubernetes) {
                    crds.add_stream(stream);
                }
            }
            self.crds = crds;
            self.crd_files = crd_files.into_iter().cloned().collect();
            self.own.clear();
        }

        let mut own = HashMap::with_capacity(workspace.files.len());
        for ((file, kinds), known) in workspace.files.iter().zip(&kinds).zip(&known) {
            let owns = drydock_core::kustomize::owns(&owned, &file.name);
            let kept = match self.own.remove(&file.name) {
                // `known`: its text is the one kept (compared once, above).
                Some(kept) if known.is_some() && kept.owned == owns => kept,
                previous => {
                    // The core's incremental check gives what the whole-file check gives, for
                    // a file the Kubernetes rules see (not one a kustomization reads).
                    let mut incremental = previous
                        .filter(|_| !owns)
                        .map(|kept| kept.incremental.unwrap_or_default());
                    let findings =
                        std::panic::catch_unwind(std::panic::AssertUnwindSafe(
                            || match incremental.as_mut() {
                                Some(check) => check.check(file, &self.settings, &self.crds),
                                None => drydock_core::check_parsed_file_owned(
                                    file,
                                    &ParsedFile::new(file),
                                    &self.settings,
                                    &self.crds,
                                    owns,
                                ),
                            },
                        ));
                    let findings = findings.unwrap_or_else(|_| {
                        // What it kept may be half-updated.
                        incremental = None;
                        Vec::new()
                    });
                    Kept {
                        text: file.text.clone(),
                        kinds: *kinds,
                        defines_crds: file.text.contains(CRD),
                        owned: owns,
                        findings,
                        incremental,
                    }
                }
            };
            own.insert(file.name.clone(), kept);
        }
        self.own = own;

        let mut by_file: HashMap<String, Vec<Finding>> = self
            .own
            .iter()
            .map(|(name, kept)| (name.clone(), kept.findings.clone()))
            .collect();
        if self.settings.enables_workspace_rules() || !renders.is_empty() {
            let cross = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                self.cross.check(workspace, &self.settings, &renders)
            }));
            let cross = cross.unwrap_or_else(|_| {
                // What it kept may be half-updated.
                self.cross = WorkspaceCheck::new();
                Vec::new()
            });
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
}

/// A finding as the client shows it: the rule id as its code (linked to the rule's page when
/// there is one), the help after the message, the labels as related information in the same
/// document.
pub fn diagnostic(
    finding: &Finding,
    lines: &Lines<'_>,
    uri: &Url,
    docs: &RuleDocs,
) -> lsp_types::Diagnostic {
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
        code_description: docs
            .link(finding.rule)
            .map(|href| lsp_types::CodeDescription { href }),
        source: Some("drydock".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// After every edit, the kept check finds what a check from nothing finds.
    #[test]
    fn a_kept_check_finds_what_a_fresh_one_finds() {
        let crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: widgets.example.com\nspec:\n  group: example.com\n  names:\n    kind: Widget\n    plural: widgets\n  scope: Namespaced\n  versions:\n    - name: v1\n      served: true\n      storage: true\n      schema:\n        openAPIV3Schema:\n          type: object\n          properties:\n            spec:\n              type: object\n              properties:\n                size:\n                  type: integer\n";
        let widget =
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  size: big\n";
        let service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    app: web\n  ports:\n    - port: 80\n";
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: web:latest\n";
        let file = |name: &str, text: &str| SourceFile {
            name: name.to_owned(),
            text: text.to_owned(),
        };
        let mut workspace = Workspace::new();
        workspace.files = vec![
            file("Dockerfile", "FROM ubuntu:latest\nCOPY. /app\n"),
            file("crd.yaml", crd),
            file("widget.yaml", widget),
            file("service.yaml", service),
            file("deployment.yaml", deployment),
        ];
        let edits: [(usize, &str, &str); 6] = [
            (0, "COPY.", "COPY ."),
            (4, "app: web\n  template", "app: api\n  template"),
            (4, "        app: web", "        app: api"),
            (1, "type: integer", "type: string"),
            (2, "size: big", "size: 3"),
            (0, "FROM ubuntu:latest", "FROM ubuntu:24.04\nUSER 1000"),
        ];
        let mut kept = Checker::new(Settings::new());
        let mut previous = kept.check(&workspace);
        for (index, from, to) in edits {
            let text = &mut workspace.files[index].text;
            assert!(text.contains(from), "{from}");
            *text = text.replace(from, to);
            let found = kept.check(&workspace);
            let fresh = Checker::new(Settings::new()).check(&workspace);
            assert_eq!(found, fresh, "after {from} → {to}");
            assert_ne!(
                found, previous,
                "the edit {from} → {to} changes some finding"
            );
            previous = found;
        }
    }
}
