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
    let renders = renders_of(workspace);
    let owned = crate::kustomize::owned(&renders);
    let mut diagnostics: Vec<Vec<Diagnostic>> = workspace
        .files
        .iter()
        .zip(&parsed)
        .map(|(file, parsed)| {
            let owned = crate::kustomize::owns(&owned, &file.name);
            file_diagnostics_of(file, parsed, settings, &resolved, &crds, owned)
        })
        .collect();
    for (of_file, cross) in diagnostics.iter_mut().zip(all_workspace_diagnostics(
        workspace,
        &parsed,
        settings,
        &resolved,
        &renders,
        Some(&crds),
        &mut Whole,
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

/// [`check_workspace_rules`] with the kustomizations rendered elsewhere (the playground's
/// Kustomize engine): see [`check_workspace_rules_rendered`].
pub fn check_workspace_rules_with_renders(
    workspace: &Workspace,
    settings: &Settings,
    renders: &[drydock_base::rendered::Rendered],
) -> Vec<Finding> {
    let parsed = crate::parsed::parse_workspace(workspace);
    check_workspace_rules_rendered(workspace, &parsed, settings, renders)
}

/// [`check_workspace_rules`] over files already parsed (`parsed` aligned with
/// `workspace.files`; [`ParsedFile::for_workspace`] is enough), so that a front end which parsed
/// each file for its per-file rules ([`check_parsed_file`]) does not parse it again.
pub fn check_workspace_rules_parsed<P: Borrow<ParsedFile>>(
    workspace: &Workspace,
    parsed: &[P],
    settings: &Settings,
) -> Vec<Finding> {
    let renders = renders_of(workspace);
    check_workspace_rules_rendered(workspace, parsed, settings, &renders)
}

/// Every render of the workspace, made here: its kustomizations' and its Compose projects'.
pub fn renders_of(workspace: &Workspace) -> Vec<drydock_base::rendered::Rendered> {
    let mut renders = crate::kustomize::render_workspace(workspace);
    renders.extend(crate::compose::render_workspace(&workspace.files));
    renders.extend(drydock_links::compose_build::renders(&workspace.files));
    renders.extend(drydock_helm::workspace::render_workspace(&workspace.files));
    renders
}

/// [`check_workspace_rules_parsed`] with the workspace's kustomizations already rendered
/// ([`crate::kustomize::render_workspace`], or an engine's answer): their findings, and the
/// Kubernetes rules over the objects they deploy, placed at the source. The files the renders
/// read are left out of the cross-file rules' own pass (their objects count as rendered).
pub fn check_workspace_rules_rendered<P: Borrow<ParsedFile>>(
    workspace: &Workspace,
    parsed: &[P],
    settings: &Settings,
    renders: &[drydock_base::rendered::Rendered],
) -> Vec<Finding> {
    workspace_rules_with(workspace, parsed, settings, renders, &mut Whole)
}

/// [`check_workspace_rules_rendered`] with each render's output checked by `checks` (the check
/// kept for it by [`crate::incremental::WorkspaceCheck`], or [`Whole`]).
pub(crate) fn workspace_rules_with<P: Borrow<ParsedFile>>(
    workspace: &Workspace,
    parsed: &[P],
    settings: &Settings,
    renders: &[drydock_base::rendered::Rendered],
    checks: &mut dyn CheckRender,
) -> Vec<Finding> {
    workspace
        .files
        .iter()
        .zip(all_workspace_diagnostics(
            workspace,
            parsed,
            settings,
            &settings.resolve(),
            renders,
            None,
            checks,
        ))
        .flat_map(|(file, diagnostics)| into_findings(file, diagnostics))
        .collect()
}

/// Everything the workspace pass reports, one list per file: the cross-file rules over the files
/// no kustomization reads, and for each kustomization, what rendering it found and what the
/// Kubernetes rules (per object and across objects) find in its output, at the source.
///
/// With `kept`, each render's output is checked by the [`crate::incremental::IncrementalCheck`]
/// kept there under the render's name (one for every render), or not at all when it is what that
/// render last found for the same output, plain files, settings and definitions (per document, reusing what the last call found for documents that did not
/// change); without, it is parsed and checked whole. Both give the same diagnostics.
///
/// `crds` are the workspace's definitions ([`crate::parsed::crds_of`] over `parsed`) when the
/// caller has them; else they are found here.
pub(crate) fn all_workspace_diagnostics<P: Borrow<ParsedFile>>(
    workspace: &Workspace,
    parsed: &[P],
    settings: &Settings,
    resolved: &Resolved,
    renders: &[drydock_base::rendered::Rendered],
    crds: Option<&crate::k8s::Crds>,
    checks: &mut dyn CheckRender,
) -> Vec<Vec<Diagnostic>> {
    if renders.is_empty() {
        return workspace_diagnostics(workspace, parsed, settings, resolved);
    }
    let owned = crate::kustomize::owned(renders);
    let plain: Vec<usize> = (0..workspace.files.len())
        .filter(|&at| {
            workspace
                .files
                .get(at)
                .is_some_and(|f| !crate::kustomize::owns(&owned, &f.name))
        })
        .collect();
    let plain_workspace = Workspace {
        files: plain
            .iter()
            .filter_map(|&at| workspace.files.get(at).cloned())
            .collect(),
    };
    let plain_parsed: Vec<&ParsedFile> = plain
        .iter()
        .filter_map(|&at| parsed.get(at).map(Borrow::borrow))
        .collect();
    let mut out: Vec<Vec<Diagnostic>> = vec![Vec::new(); workspace.files.len()];
    for (&at, diagnostics) in plain.iter().zip(workspace_diagnostics(
        &plain_workspace,
        &plain_parsed,
        settings,
        resolved,
    )) {
        if let Some(slot) = out.get_mut(at) {
            slot.extend(diagnostics);
        }
    }
    let found;
    let crds = match crds {
        Some(crds) => crds,
        None => {
            let all_parsed: Vec<&ParsedFile> = parsed.iter().map(Borrow::borrow).collect();
            found = crate::parsed::crds_of(&workspace.files, &all_parsed);
            &found
        }
    };
    // The kustomization's objects with the plain files: the cross-file rules, for the objects
    // it renders (what they find in plain files is reported once, above).
    let across = |virtual_file: &SourceFile, virtual_parsed: &ParsedFile| {
        let mut files = plain_workspace.files.clone();
        files.push(virtual_file.clone());
        let augmented = Workspace { files };
        let mut with: Vec<&ParsedFile> = plain_parsed.clone();
        with.push(virtual_parsed);
        workspace_diagnostics(&augmented, &with, settings, resolved)
            .pop()
            .unwrap_or_default()
    };
    let mut rendered =
        crate::kustomize::diagnostics(workspace, renders, resolved, true, |name, virtual_file| {
            let across = |parsed: &ParsedFile| across(virtual_file, parsed);
            let context = RenderContext {
                settings,
                resolved,
                crds,
                plain: &plain_workspace.files,
            };
            checks.check_render(name, virtual_file, &context, &across)
        });
    for (slot, diagnostics) in out.iter_mut().zip(rendered.iter_mut()) {
        slot.append(diagnostics);
    }
    out
}

/// What a render's output is checked with besides its text.
pub(crate) struct RenderContext<'c> {
    pub(crate) settings: &'c Settings,
    pub(crate) resolved: &'c Resolved,
    pub(crate) crds: &'c crate::k8s::Crds,
    /// The files no kustomization reads, which the cross-file rules see beside the render.
    pub(crate) plain: &'c [SourceFile],
}

/// How the workspace pass checks the output of a render.
pub(crate) trait CheckRender {
    /// The diagnostics of render `name`'s output, as `file`: the per-file rules' (ordered by
    /// position, none unless it is Kubernetes), then what `across` finds from its parse.
    fn check_render(
        &mut self,
        name: &str,
        file: &SourceFile,
        context: &RenderContext<'_>,
        across: &dyn Fn(&ParsedFile) -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic>;
}

/// Each output parsed and checked whole.
pub(crate) struct Whole;

impl CheckRender for Whole {
    fn check_render(
        &mut self,
        _name: &str,
        file: &SourceFile,
        context: &RenderContext<'_>,
        across: &dyn Fn(&ParsedFile) -> Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let parsed = ParsedFile::new(file);
        if parsed.kind != FileKind::Kubernetes {
            return Vec::new();
        }
        let mut found = file_diagnostics(
            file,
            &parsed,
            context.settings,
            context.resolved,
            context.crds,
        );
        // In the order the incremental check gives them.
        found.sort_by(|a, b| {
            (a.range.start, a.range.end, a.rule).cmp(&(b.range.start, b.range.end, b.rule))
        });
        found.extend(across(&parsed));
        found
    }
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
pub(crate) fn file_diagnostics(
    file: &SourceFile,
    parsed: &ParsedFile,
    settings: &Settings,
    resolved: &Resolved,
    crds: &crate::k8s::Crds,
) -> Vec<Diagnostic> {
    file_diagnostics_of(file, parsed, settings, resolved, crds, false)
}

/// [`check_parsed_file`] of a file a kustomization reads ([`crate::kustomize::owned`]) when
/// `owned`: only the YAML rules, as the Kubernetes rules see its objects through the render.
pub fn check_parsed_file_owned(
    file: &SourceFile,
    parsed: &ParsedFile,
    settings: &Settings,
    crds: &crate::k8s::Crds,
    owned: bool,
) -> Vec<Finding> {
    let resolved = settings.resolve();
    into_findings(
        file,
        file_diagnostics_of(file, parsed, settings, &resolved, crds, owned),
    )
}

/// [`file_diagnostics`]; for a file a kustomization reads (`owned`), only the YAML rules: the
/// Kubernetes rules see its objects as the kustomization renders them.
fn file_diagnostics_of(
    file: &SourceFile,
    parsed: &ParsedFile,
    settings: &Settings,
    resolved: &Resolved,
    crds: &crate::k8s::Crds,
    owned: bool,
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
        FileKind::Kubernetes | FileKind::Yaml | FileKind::Kustomization | FileKind::Compose => {
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
            if parsed.kind == FileKind::Kubernetes && !owned {
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
        FileKind::Env | FileKind::HelmTemplate | FileKind::Other => {}
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

pub(crate) fn into_findings(file: &SourceFile, mut diagnostics: Vec<Diagnostic>) -> Vec<Finding> {
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
