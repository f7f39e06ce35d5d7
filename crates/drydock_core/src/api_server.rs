//! The API server's validation, apart: what [`drydock_k8s::rules::API_SERVER`] finds, for the
//! playground. Its page is built without the `api-server` feature (its first load has no room
//! for those checks), so its API-server engine, a web worker built with it, runs them
//! ([`check`]) over the workspace's plain manifests and over what its kustomizations and charts
//! render, and sends the diagnostics as `wire` text ([`to_wire`]); the page reads them
//! ([`findings`]) and gives them its settings, as it does a renderer's own findings. The CLI and
//! the language server run the same checks within [`crate::check`]: the union is the same.
//!
//! The engine runs every such check, enabled or not, at its rule's own severity; the page's
//! settings decide. What an object's `drydock.io/ignore` annotation suppresses is dropped by the
//! engine, which has the object.

use drydock_base::diagnostic::{Diagnostic, Finding, Label};
use drydock_base::wire::{Reader, Writer};

use crate::settings::Settings;
use crate::workspace::Workspace;

/// The API server's findings of the workspace, each file's, with its own settings applied:
/// `wire` is what the engine answered for this `workspace` ([`to_wire`]); `None` when it is not
/// that (a file index out of range, an unknown rule, a malformed text).
pub fn findings(workspace: &Workspace, settings: &Settings, wire: &str) -> Option<Vec<Finding>> {
    let resolved = settings.resolve();
    let mut per_file: Vec<Vec<Diagnostic>> = vec![Vec::new(); workspace.files.len()];
    let mut r = Reader::new(wire);
    let read = r.list(|r| {
        let file = r.uint()?;
        let meta = crate::rules::by_id(&r.str()?)?;
        let severity = r.severity()?;
        let message = r.str()?;
        let range = r.range()?;
        let labels = r.list(|r| {
            Some(Label {
                range: r.range()?,
                message: r.str()?,
            })
        })?;
        let help = r.option(Reader::str)?;
        let fix = r.option(drydock_base::rendered::read_fix)?;
        let effective = resolved.effective(meta);
        if effective.enabled {
            // A severity the settings give the rule applies to all its findings.
            let severity = if effective.severity == meta.severity {
                severity
            } else {
                effective.severity
            };
            per_file.get_mut(file)?.push(Diagnostic {
                rule: meta.id,
                severity,
                message,
                range,
                labels,
                help,
                fix,
            });
        }
        Some(())
    });
    read?;
    if !r.is_done() {
        return None;
    }
    Some(
        workspace
            .files
            .iter()
            .zip(per_file)
            .flat_map(|(file, diagnostics)| crate::check::into_findings(file, diagnostics))
            .collect(),
    )
}

/// The engine's answer: each file's diagnostics ([`check`]) as `wire` text.
pub fn to_wire(per_file: &[Vec<Diagnostic>]) -> String {
    let mut w = Writer::new();
    let all: Vec<(usize, &Diagnostic)> = per_file
        .iter()
        .enumerate()
        .flat_map(|(file, diagnostics)| diagnostics.iter().map(move |d| (file, d)))
        .collect();
    w.list(&all, |w, (file, d)| {
        w.uint(*file);
        w.str(d.rule);
        w.severity(d.severity);
        w.str(&d.message);
        w.range(d.range);
        w.list(&d.labels, |w, label| {
            w.range(label.range);
            w.str(&label.message);
        });
        w.option(d.help.as_deref(), Writer::str);
        w.option(d.fix.as_ref(), drydock_base::rendered::write_fix);
    });
    w.finish()
}

/// What [`drydock_k8s::rules::API_SERVER`] finds in the workspace, one list per file: in each
/// Kubernetes file no render reads, and in what `renders` (the kustomizations' and charts') deploy,
/// placed at the source as the page places its own findings on them. Every check runs, at its
/// rule's severity; `settings` give only the Kubernetes version.
#[cfg(feature = "api-server")]
pub fn check(
    workspace: &Workspace,
    settings: &Settings,
    renders: &[drydock_base::rendered::Rendered],
) -> Vec<Vec<Diagnostic>> {
    use crate::parsed::ParsedFile;
    use crate::workspace::{FileKind, SourceFile};

    let mut all = Settings::new();
    all.kubernetes_version = settings.kubernetes_version;
    for (meta, _) in drydock_k8s::rules::API_SERVER {
        all.enable(meta.id);
    }
    let resolved = all.resolve();
    let target = all.kubernetes_version.unwrap_or_default();
    let crds = drydock_k8s::Crds::default();
    let run = |file: &SourceFile| -> Vec<Diagnostic> {
        let parsed = ParsedFile::new(file);
        let Some(stream) = parsed
            .stream()
            .filter(|_| parsed.kind == FileKind::Kubernetes)
        else {
            return Vec::new();
        };
        let analysis = drydock_k8s::analyze(&file.text, stream, target, &crds);
        let ctx = drydock_k8s::rules::KubernetesContext {
            text: &file.text,
            stream,
            analysis: &analysis,
        };
        let ignores =
            drydock_k8s::ignore::Ignores::from_objects(drydock_k8s::object::objects(stream));
        let mut diagnostics = Vec::new();
        for (meta, rule) in drydock_k8s::rules::API_SERVER {
            crate::check::run(
                meta,
                &resolved,
                &mut diagnostics,
                |out| rule(&ctx, out),
                |meta, d| !ignores.suppresses(meta, d),
            );
        }
        diagnostics
    };
    let owned = crate::kustomize::owned(renders);
    let mut per_file: Vec<Vec<Diagnostic>> = workspace
        .files
        .iter()
        .map(|file| {
            if crate::kustomize::owns(&owned, &file.name) {
                Vec::new()
            } else {
                run(file)
            }
        })
        .collect();
    // The renderers' own findings are the page's already: only the rendered objects are checked.
    let rendered =
        crate::kustomize::diagnostics(workspace, renders, &resolved, false, |_, file| run(file));
    for (slot, mut found) in per_file.iter_mut().zip(rendered) {
        slot.append(&mut found);
    }
    per_file
}

#[cfg(all(test, feature = "api-server"))]
mod tests {
    use super::*;
    use crate::workspace::SourceFile;

    fn workspace(files: &[(&str, &str)]) -> Workspace {
        Workspace {
            files: files
                .iter()
                .map(|(name, text)| SourceFile {
                    name: (*name).to_owned(),
                    text: (*text).to_owned(),
                })
                .collect(),
        }
    }

    const NO_IMAGE: &str = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n        - name: Web\n";

    /// What the engine finds, sent and read back, is what the whole check finds of these rules.
    #[test]
    fn the_engines_findings_are_the_checks_own() {
        let ws = workspace(&[("deploy.yaml", NO_IMAGE)]);
        let settings = Settings::default();
        let wire = to_wire(&check(&ws, &settings, &[]));
        let read = findings(&ws, &settings, &wire).unwrap_or_default();
        let ids: Vec<&str> = read.iter().map(|f| f.rule).collect();
        assert!(ids.contains(&"kubernetes/invalid-name"), "{ids:?}");
        assert!(
            ids.contains(&"kubernetes/missing-required-field"),
            "{ids:?}"
        );
        let whole = crate::check_with(&ws, &settings);
        for finding in &read {
            assert!(
                whole.iter().any(|w| w.rule == finding.rule
                    && w.range == finding.range
                    && w.message == finding.message),
                "{finding:?} is not among the whole check's findings"
            );
        }
    }

    /// The page's settings decide: a rule turned off is not shown, a severity given applies.
    #[test]
    fn the_pages_settings_apply_to_the_engines_findings() {
        let ws = workspace(&[("deploy.yaml", NO_IMAGE)]);
        let wire = to_wire(&check(&ws, &Settings::default(), &[]));
        let mut settings = Settings::default();
        settings.disable("invalid-name");
        settings.set_severity("missing-required-field", crate::Severity::Info);
        let read = findings(&ws, &settings, &wire).unwrap_or_default();
        assert!(read.iter().all(|f| f.rule != "kubernetes/invalid-name"));
        assert!(
            read.iter()
                .filter(|f| f.rule == "kubernetes/missing-required-field")
                .all(|f| f.severity == crate::Severity::Info)
        );
        assert!(findings(&ws, &settings, "garbage").is_none());
        assert!(findings(&workspace(&[]), &settings, &wire).is_none());
    }
}
