//! `check`: the one entry point every front end calls.

use crate::diagnostic::{Diagnostic, Finding};
use crate::rules::{self, DockerfileContext, RuleMeta, YamlContext};
use crate::settings::Settings;
use crate::suppression::Suppressions;
use crate::text::LineIndex;
use crate::workspace::{FileKind, SourceFile, Workspace};

/// Checks every file of the workspace with the default settings. Findings are ordered by file
/// (in workspace order), then by position.
pub fn check(workspace: &Workspace) -> Vec<Finding> {
    check_with(workspace, &Settings::default())
}

/// Checks every file of the workspace with `settings` (rules enabled, disabled, or at another
/// severity).
///
/// This is [`check_file_with`] on every file plus [`check_workspace_rules`], merged and ordered.
pub fn check_with(workspace: &Workspace, settings: &Settings) -> Vec<Finding> {
    // Custom resources are validated against the CRDs of the whole workspace.
    let crds = crate::k8s::Crds::from_workspace(workspace);
    let mut per_file: Vec<Vec<Finding>> = workspace
        .files
        .iter()
        .map(|file| check_file_in(file, settings, &crds))
        .collect();
    let cross = check_workspace_rules(workspace, settings);
    if cross.is_empty() {
        return per_file.into_iter().flatten().collect();
    }
    for finding in cross {
        if let Some(findings) = workspace
            .files
            .iter()
            .position(|f| f.name == finding.path)
            .and_then(|i| per_file.get_mut(i))
        {
            findings.push(finding);
        }
    }
    for findings in &mut per_file {
        findings.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
    }
    per_file.into_iter().flatten().collect()
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
    use crate::rules::workspace::{Placed, RULES, WorkspaceContext};
    let active: Vec<_> = RULES
        .iter()
        .map(|(meta, rule)| (*meta, *rule, settings.effective(meta)))
        .filter(|(_, _, effective)| effective.enabled)
        .collect();
    if active.is_empty() {
        return Vec::new();
    }
    let parsed = crate::k8s::relations::ParsedWorkspace::new(workspace);
    let objects = parsed.objects();
    if objects.is_empty() {
        return Vec::new();
    }
    let graph = crate::k8s::relations::build(&parsed, &objects);
    let dockerfiles = crate::k8s::dockerfile_link::link(workspace, settings, &graph, &objects);
    let ctx = WorkspaceContext {
        workspace,
        parsed: &parsed,
        objects: &objects,
        graph: &graph,
        settings,
        dockerfiles: &dockerfiles,
    };
    let ignores: Vec<(usize, crate::k8s::ignore::Ignores)> = parsed
        .streams
        .iter()
        .map(|(file, _)| {
            let of_file = objects.iter().filter(|(f, _)| f == file).map(|(_, o)| *o);
            (*file, crate::k8s::ignore::Ignores::from_objects(of_file))
        })
        .collect();
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
                .iter()
                .any(|(f, i)| *f == file && i.suppresses(meta, &diagnostic));
            if !ignored && let Some(diagnostics) = placed.get_mut(file) {
                diagnostics.push(diagnostic);
            }
        }
    }
    workspace
        .files
        .iter()
        .zip(placed)
        .flat_map(|(file, diagnostics)| into_findings(file, diagnostics))
        .collect()
}

/// Checks one file on its own, with the default settings.
pub fn check_file(file: &SourceFile) -> Vec<Finding> {
    check_file_with(file, &Settings::default())
}

/// Checks one file on its own (custom resources against the CRDs in that file).
pub fn check_file_with(file: &SourceFile, settings: &Settings) -> Vec<Finding> {
    let crds = crate::k8s::Crds::from_text(&file.name, &file.text);
    check_file_in(file, settings, &crds)
}

/// Checks one file as part of a workspace whose CustomResourceDefinitions are `crds`
/// ([`crate::k8s::Crds::from_workspace`]): what [`check_with`] does per file, for front ends that
/// cache per-file results.
pub fn check_file_in_workspace(
    file: &SourceFile,
    settings: &Settings,
    crds: &crate::k8s::Crds,
) -> Vec<Finding> {
    check_file_in(file, settings, crds)
}

fn check_file_in(file: &SourceFile, settings: &Settings, crds: &crate::k8s::Crds) -> Vec<Finding> {
    let kind = FileKind::detect(&file.name, &file.text);
    let mut diagnostics = Vec::new();
    match kind {
        FileKind::Dockerfile => {
            let tree = crate::dockerfile::parse(&file.text);
            let semantic = crate::dockerfile::analyze(&file.text, &tree);
            let runs = crate::dockerfile::command::runs(&tree, &file.text);
            let ctx = DockerfileContext {
                text: &file.text,
                tree: &tree,
                semantic: &semantic,
                runs: &runs,
            };
            let suppressions = Suppressions::from_dockerfile(&file.text, &tree);
            for (meta, rule) in rules::dockerfile::RULES {
                run(
                    meta,
                    settings,
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
            let stream = crate::yaml::parse(&file.text);
            let ctx = YamlContext {
                text: &file.text,
                stream: &stream,
            };
            for (meta, rule) in rules::yaml::RULES {
                run(
                    meta,
                    settings,
                    &mut diagnostics,
                    |out| rule(&ctx, out),
                    |_, _| true,
                );
            }
            if kind == FileKind::Kubernetes {
                let target = settings.kubernetes_version.unwrap_or_default();
                let analysis = crate::k8s::analyze(&file.text, &stream, target, crds);
                let ctx = rules::KubernetesContext {
                    text: &file.text,
                    stream: &stream,
                    analysis: &analysis,
                };
                let ignores =
                    crate::k8s::ignore::Ignores::from_objects(crate::k8s::object::objects(&stream));
                for (meta, rule) in rules::kubernetes::RULES {
                    run(
                        meta,
                        settings,
                        &mut diagnostics,
                        |out| rule(&ctx, out),
                        |meta, d| !ignores.suppresses(meta, d),
                    );
                }
            }
        }
        FileKind::Other => {}
    }
    into_findings(file, diagnostics)
}

/// Runs one rule if the settings enable it, then gives its diagnostics the configured severity
/// and lets `keep` drop (suppress) or adjust them.
fn run(
    meta: &RuleMeta,
    settings: &Settings,
    diagnostics: &mut Vec<Diagnostic>,
    rule: impl FnOnce(&mut Vec<Diagnostic>),
    mut keep: impl FnMut(&RuleMeta, &mut Diagnostic) -> bool,
) {
    let effective = settings.effective(meta);
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
