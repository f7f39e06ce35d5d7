//! Kustomizations in a workspace: each top-level kustomization rendered
//! ([`drydock_base::rendered::Rendered`]), the objects it deploys checked by the Kubernetes
//! rules, and every finding placed where its value was written.
//!
//! A file a kustomization reads (a base's manifest, a patch, a generator's file) is *owned*: the
//! Kubernetes rules see it only through the rendered objects, so a patch is never reported as a
//! broken object, and a base shared by two overlays is reported once per place, with the
//! overlays that render it named in the finding's help.
//!
//! Rendering is [`render_workspace`] here (the CLI, tests) or an engine's work (the playground,
//! which passes the renders it received to [`crate::check_workspace_rules_rendered`]).

use std::collections::HashMap;

use crate::diagnostic::Diagnostic;
use crate::settings::Resolved;
use crate::workspace::{FileKind, SourceFile, Workspace};
use drydock_base::rendered::Rendered;
use drydock_kustomize::files::normalize;

pub use drydock_kustomize as language;
pub use drydock_kustomize::workspace::{
    is_kustomization_file, owned, owns, render_with, render_workspace,
};

/// The diagnostics of the renders, one list per workspace file: what rendering found (missing
/// resources, unknown fields…), and what `check` — the Kubernetes rules, per object and across
/// objects — finds in the rendered objects (the render's name, and its output as a file), placed
/// at the source of each value. Without `renderers` (the API-server engine, whose page has the
/// renderers' findings already), only what `check` finds.
pub(crate) fn diagnostics(
    workspace: &Workspace,
    renders: &[Rendered],
    resolved: &Resolved,
    renderers: bool,
    mut check: impl FnMut(&str, &SourceFile) -> Vec<Diagnostic>,
) -> Vec<Vec<Diagnostic>> {
    let mut placed: Vec<Vec<Diagnostic>> = vec![Vec::new(); workspace.files.len()];
    if renders.is_empty() {
        return placed;
    }
    let index: HashMap<String, usize> = workspace
        .files
        .iter()
        .enumerate()
        .map(|(at, file)| (normalize(&file.name), at))
        .collect();
    let mut seen: Seen = HashMap::new();
    // The renders of Helm charts (their root is a `Chart.yaml`), by name.
    let charts: Vec<String> = renders
        .iter()
        .filter(|render| {
            render
                .root
                .and_then(|root| render.sources.get(root))
                .is_some_and(|path| path == "Chart.yaml" || path.ends_with("/Chart.yaml"))
        })
        .map(|render| render.name.clone())
        .collect();
    let mut order: Vec<(usize, Diagnostic)> = Vec::new();
    for render in renders {
        let file_of = |source: usize| {
            render
                .sources
                .get(source)
                .and_then(|path| index.get(&normalize(path)).copied())
        };
        for finding in render.findings.iter().filter(|_| renderers) {
            // The YAML rules report the syntax of a file named as YAML already.
            let yaml_named = render.sources.get(finding.file).is_some_and(|path| {
                matches!(
                    FileKind::detect(path, ""),
                    FileKind::Yaml | FileKind::Kustomization | FileKind::Kubernetes
                )
            });
            if yaml_named
                && matches!(
                    finding.rule.as_str(),
                    "kustomize/yaml-syntax" | "kustomize/duplicate-key"
                )
            {
                continue;
            }
            let Some(meta) = crate::rules::render_rule(&finding.rule) else {
                continue;
            };
            let effective = resolved.effective(meta);
            // A chart refused for a file the walk does not keep (its `Chart.yaml`, an archive in
            // `charts/`): reported at the start of the first chart file it keeps, not lost.
            let (file, range) = match file_of(finding.file) {
                Some(file) => (Some(file), finding.range),
                None if charts.contains(&render.name) => (
                    (0..render.sources.len()).find_map(file_of),
                    drydock_base::text::TextRange::new(0, 0),
                ),
                None => (None, finding.range),
            };
            let Some(file) = file.filter(|_| effective.enabled) else {
                continue;
            };
            // A finding may be milder than its rule's default (a warning where kustomize goes
            // on); a severity the settings give the rule applies to all of them.
            let severity = if effective.severity == meta.severity {
                finding.severity
            } else {
                effective.severity
            };
            let diagnostic = Diagnostic {
                rule: meta.id,
                severity,
                message: finding.message.clone(),
                range,
                labels: Vec::new(),
                help: None,
                fix: finding.fix.clone(),
            };
            record(&mut seen, &mut order, file, diagnostic, &render.name);
        }
        if render.text.is_empty() {
            continue;
        }
        let virtual_file = SourceFile {
            name: format!("{}/kustomization.rendered.yaml", render.name),
            text: render.text.clone(),
        };
        let found = check(&render.name, &virtual_file);
        let spans = render.index();
        let values = render.values_index();
        for diagnostic in found {
            let Some((source, range)) = spans.origin_at(diagnostic.range) else {
                continue;
            };
            let Some(file) = file_of(source) else {
                continue;
            };
            // A value a values file set (a Helm chart's `values.yaml`): reported there, the
            // template that printed it named in the help.
            if let Some((value_source, value_range)) = values.holding(diagnostic.range)
                && let Some(value_file) = file_of(value_source)
            {
                let used_at = workspace.files.get(file).map(|template| {
                    let line = crate::text::LineIndex::new(&template.text)
                        .position(range.start)
                        .line;
                    format!("The template that prints it is {}:{line}.", template.name)
                });
                let help = match (diagnostic.help.clone(), used_at) {
                    (Some(help), Some(used)) => Some(format!("{help} {used}")),
                    (help, used) => help.or(used),
                };
                let diagnostic = Diagnostic {
                    range: value_range,
                    labels: Vec::new(),
                    help,
                    fix: None,
                    ..diagnostic
                };
                record(&mut seen, &mut order, value_file, diagnostic, &render.name);
                continue;
            }
            // Labels follow their text too: kept when it was written in the same file, named
            // in the help (file and line) when another file wrote it (a patch's limit, say).
            let mut labels = Vec::new();
            let mut elsewhere = Vec::new();
            for label in &diagnostic.labels {
                let Some((label_source, label_range)) = spans.origin_at(label.range) else {
                    continue;
                };
                match file_of(label_source) {
                    Some(label_file) if label_file == file => {
                        labels.push(crate::diagnostic::Label {
                            range: label_range,
                            message: label.message.clone(),
                        })
                    }
                    Some(label_file) => {
                        if let Some(other) = workspace.files.get(label_file) {
                            let line = crate::text::LineIndex::new(&other.text)
                                .position(label_range.start)
                                .line;
                            elsewhere.push(format!(
                                "{} is at {}:{line}.",
                                capitalized(&label.message),
                                other.name
                            ));
                        }
                    }
                    None => {}
                }
            }
            let help = match (diagnostic.help.clone(), elsewhere.is_empty()) {
                (help, true) => help,
                (Some(help), false) => Some(format!("{help} {}", elsewhere.join(" "))),
                (None, false) => Some(elsewhere.join(" ")),
            };
            let diagnostic = Diagnostic {
                range,
                labels,
                help,
                // A fix edits the rendered text, not the file the user wrote.
                fix: None,
                ..diagnostic
            };
            record(&mut seen, &mut order, file, diagnostic, &render.name);
        }
    }
    for (file, mut diagnostic) in order {
        let key = key_of(file, &diagnostic);
        // Which kustomization (or chart) rendered it; a Compose project's findings are its
        // files' own.
        if renders.len() > 1
            && !diagnostic.rule.starts_with("compose/")
            && let Some(dirs) = seen.get(&key)
        {
            let names: Vec<String> = dirs.iter().map(|d| format!("`{d}`")).collect();
            let what = if dirs.iter().all(|d| charts.contains(d)) {
                "chart"
            } else {
                "kustomization"
            };
            let rendered_by = match names.as_slice() {
                [one] => format!("Rendered by the {what} in {one}."),
                _ => format!("Rendered by the {what}s in {}.", names.join(", ")),
            };
            diagnostic.help = Some(match diagnostic.help.take() {
                Some(help) => format!("{help} {rendered_by}"),
                None => rendered_by,
            });
        }
        if let Some(list) = placed.get_mut(file) {
            list.push(diagnostic);
        }
    }
    placed
}

type Key = (usize, &'static str, usize, usize, String);
type Seen = HashMap<Key, Vec<String>>;

fn key_of(file: usize, diagnostic: &Diagnostic) -> Key {
    (
        file,
        diagnostic.rule,
        diagnostic.range.start,
        diagnostic.range.end,
        diagnostic.message.clone(),
    )
}

/// Keeps the first of identical diagnostics, and which renders produced each.
fn record(
    seen: &mut Seen,
    order: &mut Vec<(usize, Diagnostic)>,
    file: usize,
    diagnostic: Diagnostic,
    name: &str,
) {
    match seen.get_mut(&key_of(file, &diagnostic)) {
        Some(names) => {
            if !names.iter().any(|n| n == name) {
                names.push(name.to_owned());
            }
        }
        None => {
            seen.insert(key_of(file, &diagnostic), vec![name.to_owned()]);
            order.push((file, diagnostic));
        }
    }
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
