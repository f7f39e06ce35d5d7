//! `check`: the one entry point every front end calls.

use std::borrow::Borrow;

use crate::diagnostic::{Diagnostic, Finding};
use crate::parsed::ParsedFile;
use crate::rules::RuleMeta;
use crate::settings::{Resolved, Settings};
use crate::suppression::Suppressions;
use crate::text::LineIndex;
use crate::workspace::{FileKind, SourceFile, Workspace};
use drydock_dockerfile::rules::DockerfileContext;
use drydock_k8s::rules::KubernetesContext;
use drydock_yaml::rules::YamlContext;

/// Checks every file of the workspace with the default settings. Findings are ordered by file
/// (in workspace order), then by position.
pub fn check(workspace: &Workspace) -> Vec<Finding> {
    check_with(workspace, &Settings::default())
}

/// Checks every file of the workspace with `settings` (rules enabled, disabled, or at another
/// severity).
///
/// This is [`check_file_with`] on every file plus [`check_workspace_rules`], merged and ordered;
/// each file is parsed once ([`ParsedFile`]) for both.
pub fn check_with(workspace: &Workspace, settings: &Settings) -> Vec<Finding> {
    let parsed = crate::parsed::parse_workspace(workspace);
    // Custom resources are validated against the CRDs of the whole workspace.
    let crds = crate::parsed::crds_of(&workspace.files, &parsed);
    // Each rule's setting, once for every file.
    let resolved = settings.resolve();
    let mut diagnostics: Vec<Vec<Diagnostic>> = workspace
        .files
        .iter()
        .zip(&parsed)
        .map(|(file, parsed)| file_diagnostics(file, parsed, settings, &resolved, &crds))
        .collect();
    for (of_file, cross) in diagnostics.iter_mut().zip(workspace_diagnostics(
        workspace, &parsed, settings, &resolved,
    )) {
        of_file.extend(cross);
    }
    workspace
        .files
        .iter()
        .zip(diagnostics)
        .flat_map(|(file, diagnostics)| into_findings(file, diagnostics))
        .collect()
}

/// Runs only the cross-file rules (Kubernetes references between objects, across files: a Service
/// selecting no pods, an Ingress naming a missing Service, a Dockerfile's USER against a
/// manifest's `runAsNonRoot`…) once over the whole workspace, with the relation graph
/// ([`crate::relations`]). Each finding is placed in the file it is about, ordered by file, then
/// position.
///
/// [`check_with`] = [`check_file_with`] on every file + this. Front ends that cache per-file
/// results (the playground re-checks only the file being edited) call [`check_file_with`] per
/// changed file and this function for the workspace, instead of [`check_with`]; the union is the
/// same. Per-file results never include these rules: a file checked on its own cannot see the
/// objects of the others.
pub fn check_workspace_rules(workspace: &Workspace, settings: &Settings) -> Vec<Finding> {
    let parsed = crate::parsed::parse_workspace(workspace);
    check_workspace_rules_parsed(workspace, &parsed, settings)
}

/// [`check_workspace_rules`] over files already parsed (`parsed` aligned with
/// `workspace.files`; [`ParsedFile::for_workspace`] is enough), so that a front end which parsed
/// each file for its per-file rules ([`check_parsed_file`]) does not parse it again.
pub fn check_workspace_rules_parsed<P: Borrow<ParsedFile>>(
    workspace: &Workspace,
    parsed: &[P],
    settings: &Settings,
) -> Vec<Finding> {
    workspace
        .files
        .iter()
        .zip(workspace_diagnostics(
            workspace,
            parsed,
            settings,
            &settings.resolve(),
        ))
        .flat_map(|(file, diagnostics)| into_findings(file, diagnostics))
        .collect()
}

/// The cross-file rules' diagnostics, one list per file of the workspace (none at all when no
/// cross-file rule is enabled or the workspace has no Kubernetes object).
fn workspace_diagnostics<P: Borrow<ParsedFile>>(
    workspace: &Workspace,
    parsed: &[P],
    settings: &Settings,
    resolved: &Resolved,
) -> Vec<Vec<Diagnostic>> {
    use drydock_links::rules::{Placed, RULES, WorkspaceContext};
    let active: Vec<_> = RULES
        .iter()
        .map(|(meta, rule)| (*meta, *rule, resolved.effective(meta)))
        .filter(|(_, _, effective)| effective.enabled)
        .collect();
    if active.is_empty() {
        return Vec::new();
    }
    let parsed = crate::parsed::parsed_workspace(workspace, parsed);
    let objects = parsed.objects();
    if objects.is_empty() {
        return Vec::new();
    }
    let graph = crate::k8s::relations::build(workspace, &objects);
    let dockerfiles = drydock_links::dockerfile_link::link(
        parsed.dockerfile_facts(),
        &settings.images,
        &graph,
        &objects,
    );
    let ctx = WorkspaceContext {
        workspace,
        parsed: &parsed,
        objects: &objects,
        graph: &graph,
        dockerfiles: &dockerfiles,
    };
    // Objects are in file order: one run of them per file.
    let mut ignores: Vec<Option<crate::k8s::ignore::Ignores>> = vec![None; workspace.files.len()];
    for run in objects.chunk_by(|(a, _), (b, _)| a == b) {
        if let Some(&(file, _)) = run.first()
            && let Some(slot) = ignores.get_mut(file)
        {
            *slot = Some(crate::k8s::ignore::Ignores::from_objects(
                run.iter().map(|(_, o)| *o),
            ));
        }
    }
    let mut placed: Vec<Vec<Diagnostic>> = vec![Vec::new(); workspace.files.len()];
    for (meta, rule, effective) in active {
        let mut out: Vec<Placed> = Vec::new();
        rule(&ctx, &mut out);
        for Placed {
            file,
            mut diagnostic,
        } in out
        {
            diagnostic.severity = effective.severity;
            let ignored = ignores
                .get(file)
                .and_then(Option::as_ref)
                .is_some_and(|i| i.suppresses(meta, &diagnostic));
            if !ignored && let Some(diagnostics) = placed.get_mut(file) {
                diagnostics.push(diagnostic);
            }
        }
    }
    placed
}

/// Checks one file on its own, with the default settings.
pub fn check_file(file: &SourceFile) -> Vec<Finding> {
    check_file_with(file, &Settings::default())
}

/// Checks one file on its own (custom resources against the CRDs in that file).
pub fn check_file_with(file: &SourceFile, settings: &Settings) -> Vec<Finding> {
    let parsed = ParsedFile::new(file);
    let crds = crate::parsed::crds_of(std::slice::from_ref(file), std::slice::from_ref(&parsed));
    check_parsed_file(file, &parsed, settings, &crds)
}

/// Checks one file as part of a workspace whose CustomResourceDefinitions are `crds`
/// ([`crate::k8s::Crds::from_workspace`]): what [`check_with`] does per file, for front ends that
/// cache per-file results.
pub fn check_file_in_workspace(
    file: &SourceFile,
    settings: &Settings,
    crds: &crate::k8s::Crds,
) -> Vec<Finding> {
    check_parsed_file(file, &ParsedFile::new(file), settings, crds)
}

/// [`check_file_in_workspace`] of a file already parsed ([`ParsedFile::new`] of `file`), for
/// front ends that keep the parse for the cross-file rules ([`check_workspace_rules_parsed`]) or
/// cache it.
pub fn check_parsed_file(
    file: &SourceFile,
    parsed: &ParsedFile,
    settings: &Settings,
    crds: &crate::k8s::Crds,
) -> Vec<Finding> {
    let resolved = settings.resolve();
    into_findings(
        file,
        file_diagnostics(file, parsed, settings, &resolved, crds),
    )
}

/// The per-file rules' diagnostics of one file.
fn file_diagnostics(
    file: &SourceFile,
    parsed: &ParsedFile,
    settings: &Settings,
    resolved: &Resolved,
    crds: &crate::k8s::Crds,
) -> Vec<Diagnostic> {
    // A parse slimmed by `for_workspace` lacks the trees the per-file rules read.
    let reparsed;
    let parsed = if parsed.is_complete() {
        parsed
    } else {
        reparsed = ParsedFile::new(file);
        &reparsed
    };
    let mut diagnostics = Vec::new();
    match parsed.kind {
        FileKind::Dockerfile => {
            let Some((tree, semantic)) = parsed.dockerfile() else {
                return diagnostics;
            };
            let runs = crate::dockerfile::command::runs(tree, &file.text);
            let ctx = DockerfileContext {
                text: &file.text,
                tree,
                semantic,
                runs: &runs,
                trusted_registries: &settings.trusted_registries,
            };
            let suppressions = Suppressions::from_dockerfile(&file.text, tree);
            for (meta, rule) in drydock_dockerfile::rules::RULES {
                run(
                    meta,
                    resolved,
                    &mut diagnostics,
                    |out| rule(&ctx, out),
                    |meta, d| {
                        if suppressions.suppresses(meta, d) {
                            return false;
                        }
                        suppressions.adjust(meta, d);
                        true
                    },
                );
            }
        }
        FileKind::Kubernetes | FileKind::Yaml => {
            let Some(stream) = parsed.stream() else {
                return diagnostics;
            };
            let ctx = YamlContext {
                text: &file.text,
                stream,
            };
            for (meta, rule) in drydock_yaml::rules::RULES {
                run(
                    meta,
                    resolved,
                    &mut diagnostics,
                    |out| rule(&ctx, out),
                    |_, _| true,
                );
            }
            if parsed.kind == FileKind::Kubernetes {
                let target = settings.kubernetes_version.unwrap_or_default();
                let analysis = crate::k8s::analyze(&file.text, stream, target, crds);
                let ctx = KubernetesContext {
                    text: &file.text,
                    stream,
                    analysis: &analysis,
                };
                let ignores =
                    crate::k8s::ignore::Ignores::from_objects(crate::k8s::object::objects(stream));
                for (meta, rule) in drydock_k8s::rules::RULES {
                    run(
                        meta,
                        resolved,
                        &mut diagnostics,
                        |out| rule(&ctx, out),
                        |meta, d| !ignores.suppresses(meta, d),
                    );
                }
            }
        }
        FileKind::Other => {}
    }
    diagnostics
}

/// Runs one rule if the settings enable it, then gives its diagnostics the configured severity
/// and lets `keep` drop (suppress) or adjust them. [`crate::incremental`] runs rules with it too.
pub(crate) fn run(
    meta: &RuleMeta,
    resolved: &Resolved,
    diagnostics: &mut Vec<Diagnostic>,
    rule: impl FnOnce(&mut Vec<Diagnostic>),
    mut keep: impl FnMut(&RuleMeta, &mut Diagnostic) -> bool,
) {
    let effective = resolved.effective(meta);
    if !effective.enabled {
        return;
    }
    let start = diagnostics.len();
    rule(diagnostics);
    let mut produced = diagnostics.split_off(start);
    for diagnostic in &mut produced {
        diagnostic.severity = effective.severity;
    }
    produced.retain_mut(|diagnostic| keep(meta, diagnostic));
    diagnostics.append(&mut produced);
}

fn into_findings(file: &SourceFile, mut diagnostics: Vec<Diagnostic>) -> Vec<Finding> {
    // Most files have no cross-file finding: no line index to build for them.
    if diagnostics.is_empty() {
        return Vec::new();
    }
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
    });
    let index = LineIndex::new(&file.text);
    diagnostics
        .into_iter()
        .map(|diagnostic| Finding::new(&file.name, &index, diagnostic))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn rules_found(text: &str, settings: &Settings) -> Vec<String> {
        let file = SourceFile {
            name: "Dockerfile".into(),
            text: text.into(),
        };
        check_file_with(&file, settings)
            .into_iter()
            .map(|f| format!("{}:{} {}", f.start.line, f.severity, f.rule))
            .collect()
    }

    #[test]
    fn pragmas_and_settings_silence_or_reshape_findings() {
        let text = "FROM scratch\n# drydock ignore=unknown-instruction\nCOPY. /a\n# hadolint ignore=DL1000 (the parser's complaint)\nRUNN x\nWORKDIRR y\n";
        let defaults = Settings::default();
        assert_eq!(
            rules_found(text, &defaults),
            ["6:error dockerfile/unknown-instruction"]
        );
        let mut settings = Settings::new();
        settings.set_severity("UNKNOWN_INSTRUCTION", Severity::Warning);
        assert_eq!(
            rules_found(text, &settings),
            ["6:warning dockerfile/unknown-instruction"]
        );
        settings.disable("dockerfile/unknown-instruction");
        assert!(rules_found(text, &settings).is_empty());
        let global = format!("# hadolint global ignore=DL1000\n{text}");
        assert!(rules_found(&global, &defaults).is_empty());
    }
}
