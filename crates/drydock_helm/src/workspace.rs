//! The Helm charts of a workspace, each rendered as `helm template` renders it (release
//! `release` in namespace `default`) and returned as a [`Rendered`]: the manifests' text, where
//! each piece of it was written (the template's text, or the action that printed it), and why
//! the chart does not render, at the place Helm names. The façade checks the text with the
//! Kubernetes rules and places each finding at its template line.
//!
//! A chart is the folder of a `Chart.yaml`; a chart inside another's `charts/` folder is one of
//! its subcharts, rendered with it.

use drydock_base::Severity;
use drydock_base::rendered::{RenderFinding, Rendered, Span};
use drydock_base::text::TextRange;
use drydock_base::workspace::SourceFile;

use crate::chart::{self, Options, RenderError, Texts};

/// The rule a chart that does not render is reported under.
pub const RENDER_RULE: &str = crate::rules::render::RULE.id;

/// The rule values that do not meet a chart's `values.schema.json` are reported under.
pub const SCHEMA_RULE: &str = crate::rules::values_schema::RULE.id;

/// The folder of each chart of `files` (`""` at the top), subcharts left out.
pub fn charts(files: &[SourceFile]) -> Vec<String> {
    let folders: Vec<String> = files
        .iter()
        .filter_map(|file| {
            if file.name == "Chart.yaml" {
                Some(String::new())
            } else {
                file.name.strip_suffix("/Chart.yaml").map(str::to_owned)
            }
        })
        .collect();
    folders
        .iter()
        .filter(|folder| {
            // Inside another chart's `charts/`: a subchart.
            !folders.iter().any(|other| {
                let prefix = if other.is_empty() {
                    "charts/".to_owned()
                } else {
                    format!("{other}/charts/")
                };
                folder.starts_with(&prefix)
            })
        })
        .cloned()
        .collect()
}

/// Renders every chart of `files`.
pub fn render_workspace(files: &[SourceFile]) -> Vec<Rendered> {
    charts(files)
        .into_iter()
        .map(|folder| render_chart(files, &folder))
        .collect()
}

/// The offset of 1-based `line`, 0-based `column` in `text`.
fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    (start + column).min(text.len())
}

fn render_chart(files: &[SourceFile], folder: &str) -> Rendered {
    let prefix = if folder.is_empty() {
        String::new()
    } else {
        format!("{folder}/")
    };
    // The chart's files, by their path in its folder (one copy of each text, shared by the
    // render and the checks); the render's sources, by the workspace's.
    let mut chart_files = Texts::new();
    let mut sources = Vec::new();
    for file in files {
        if let Some(rest) = file.name.strip_prefix(&prefix) {
            chart_files.insert(rest.to_owned(), std::rc::Rc::from(file.text.as_str()));
            sources.push(file.name.clone());
        }
    }
    // Each source by its path in the chart's folder (the first of a name), looked up for every
    // piece of output: one hash each, not a name made and compared with every source.
    let mut by_path: std::collections::HashMap<&str, usize> =
        std::collections::HashMap::with_capacity(sources.len());
    for (at, source) in sources.iter().enumerate() {
        if let Some(path) = source.strip_prefix(&prefix) {
            by_path.entry(path).or_insert(at);
        }
    }
    let index_of = |path: &str| by_path.get(path).copied();
    let mut render = Rendered {
        name: if folder.is_empty() {
            ".".to_owned()
        } else {
            folder.to_owned()
        },
        root: index_of("Chart.yaml"),
        sources: sources.clone(),
        ..Rendered::default()
    };
    // The values files the render read, parsed once each (by their index in `sources`).
    let mut values_files = ValuesFiles::new();
    let files_text = &|source: usize| {
        let name = sources.get(source)?;
        files
            .iter()
            .find(|file| file.name == *name)
            .map(|file| file.text.as_str())
    };
    // Every template that runs, and every error, where Helm stops at the first. The parse of
    // `values.yaml` made to load the chart is the one `helm lint` reads and the values spans are
    // aligned with (made by the first that needs it when loading did not).
    let values_parse = std::cell::OnceCell::new();
    let (outputs, mut errors) =
        match chart::render_texts_all_with(&chart_files, &Options::default(), &values_parse) {
            Ok((outputs, errors)) => (Some(outputs), errors),
            Err(error) => (None, vec![error]),
        };
    // `helm lint`'s own checks, on the files and on what the templates printed.
    for finding in crate::lint::lint_with(&chart_files, outputs.as_deref(), &values_parse) {
        if let Some(file) = index_of(&finding.path) {
            render.findings.push(RenderFinding {
                rule: finding.rule.to_owned(),
                severity: finding.severity,
                message: finding.message,
                file,
                range: finding.range,
                fix: None,
            });
        }
    }
    if let (Some(document), Some(at)) = (values_parse.into_inner(), index_of("values.yaml"))
        && files_text(at)
            .is_some_and(|text| chart_files.get("values.yaml").map(|t| &**t) == Some(text))
    {
        values_files.insert(at, document.map(ValuesFile::of));
    }
    if let Some(outputs) = outputs {
        let (manifests, yaml_errors) = chart::manifests_all(outputs);
        errors.extend(yaml_errors);
        {
            let mut text = String::new();
            for manifest in manifests {
                // Helm's conventions, at the template text.
                let mut conventions = Vec::new();
                crate::conventions::check(&manifest, &chart_files, &mut conventions);
                for convention in conventions {
                    if let Some(file) = index_of(&convention.path) {
                        render.findings.push(RenderFinding {
                            rule: convention.rule.to_owned(),
                            severity: convention.severity,
                            message: convention.message,
                            file,
                            range: convention.range,
                            fix: convention.fix,
                        });
                    }
                }
                text.push_str("---\n# Source: ");
                text.push_str(&manifest.source);
                text.push('\n');
                let base = text.len();
                text.push_str(&manifest.text);
                text.push('\n');
                let mut printed = Vec::new();
                for trace in &manifest.traces {
                    let Some(file) = index_of(&trace.file) else {
                        continue;
                    };
                    let rendered = TextRange::new(base + trace.range.start, base + trace.range.end);
                    render.spans.push(Span {
                        rendered,
                        file,
                        origin: TextRange::new(trace.origin.start, trace.origin.end),
                    });
                    if let Some((values, at)) = &trace.value
                        && let Some(values) = index_of(values)
                    {
                        printed.push(Span {
                            rendered: TextRange::new(trace.range.start, trace.range.end),
                            file: values,
                            origin: TextRange::new(at.start, at.end),
                        });
                    }
                }
                let parsed = manifest.parsed.as_ref().filter(|_| manifest.parsed_is_all);
                for span in align_values(
                    &manifest.text,
                    parsed,
                    &printed,
                    &mut values_files,
                    files_text,
                ) {
                    render.values.push(Span {
                        rendered: TextRange::new(
                            base + span.rendered.start,
                            base + span.rendered.end,
                        ),
                        ..span
                    });
                }
            }
            render.text = text;
            render.sort_spans();
            render.sort_values();
        }
    }
    for error in errors {
        match error {
            RenderError::Schema { violations, .. } => {
                for violation in violations {
                    let (file, range) = violation_place(&violation, &chart_files, &index_of);
                    if let Some(file) = file {
                        render.findings.push(RenderFinding {
                            rule: SCHEMA_RULE.to_owned(),
                            severity: Severity::Error,
                            message: format!(
                                "the value at {} does not meet {}values.schema.json: {}",
                                schema_pointer(&violation.path),
                                violation.chart,
                                violation.message
                            ),
                            file,
                            range,
                            fix: None,
                        });
                    }
                }
            }
            error => {
                let (file, range) = error_place(&error, &chart_files, &index_of);
                if let Some(file) = file {
                    render.findings.push(RenderFinding {
                        rule: RENDER_RULE.to_owned(),
                        severity: Severity::Error,
                        message: error.helm_message(),
                        file,
                        range,
                        fix: None,
                    });
                }
            }
        }
    }
    render
}

/// Each values file by its index in the render's sources: its parse and, by the start of each
/// key, the entry that key belongs to.
type ValuesFiles = std::collections::HashMap<usize, Option<ValuesFile>>;

struct ValuesFile {
    document: drydock_yaml::Document,
    entries: std::collections::HashMap<usize, drydock_yaml::Entry>,
}

impl ValuesFile {
    fn read(text: &str) -> Option<ValuesFile> {
        Some(ValuesFile::of(
            drydock_yaml::parse(text).documents.into_iter().next()?,
        ))
    }

    /// The values file whose first document is `document`.
    fn of(document: drydock_yaml::Document) -> ValuesFile {
        let mut entries = std::collections::HashMap::new();
        for node in &document.nodes {
            if let drydock_yaml::Value::Mapping(pairs) = &node.value {
                for entry in pairs.iter().filter(|entry| !entry.merged) {
                    entries.insert(document.range(entry.key).start, *entry);
                }
            }
        }
        ValuesFile { document, entries }
    }
}

/// The value spans of one manifest (`printed`: offsets in `text`), with, for each map or list a
/// values file set and an action printed whole (`toYaml`), a span for each of its entries and
/// items that the printed block shows: a finding about `privileged: true` inside a printed
/// `securityContext` is the line of the values file that set `privileged`. A value printed
/// between the quotes the template wrote holds the quotes too.
///
/// `parsed` is the parse of `text` when the caller has it (its only document).
fn align_values<'f>(
    text: &str,
    parsed: Option<&drydock_yaml::Document>,
    printed: &[Span],
    values_files: &mut ValuesFiles,
    files_text: &dyn Fn(usize) -> Option<&'f str>,
) -> Vec<Span> {
    let mut out = Vec::with_capacity(printed.len());
    let mut manifest: Option<ManifestNodes> = None;
    for span in printed {
        let mut rendered = span.rendered;
        let bytes = text.as_bytes();
        if let (Some(&before), Some(&after)) = (
            rendered.start.checked_sub(1).and_then(|at| bytes.get(at)),
            bytes.get(rendered.end),
        ) && before == after
            && (before == b'"' || before == b'\'')
        {
            rendered = TextRange::new(rendered.start - 1, rendered.end + 1);
        }
        out.push(Span { rendered, ..*span });
        let values = values_files
            .entry(span.file)
            .or_insert_with(|| files_text(span.file).and_then(ValuesFile::read));
        let Some(values) = values else { continue };
        let Some(entry) = values.entries.get(&span.origin.start) else {
            continue;
        };
        if values.document.range(entry.key) != span.origin
            || values.document.scalar(entry.value).is_some()
        {
            continue;
        }
        let (documents, nodes) = manifest.get_or_insert_with(|| index_nodes(text, parsed));
        // The largest node at the start of what was printed and inside it.
        let first = nodes.partition_point(|(range, _, _)| range.start < span.rendered.start);
        let Some(&(_, document, node)) = nodes
            .get(first..)
            .unwrap_or_default()
            .iter()
            .take_while(|(range, _, _)| {
                text.get(span.rendered.start..range.start)
                    .is_some_and(|gap| gap.trim().is_empty())
            })
            .find(|(range, _, _)| range.end <= span.rendered.end)
        else {
            continue;
        };
        let Some(document) = documents.get(document) else {
            continue;
        };
        let mut budget = document.nodes.len();
        pair_nodes(
            document,
            node,
            &values.document,
            entry.value,
            span.file,
            &mut budget,
            &mut out,
        );
    }
    out
}

/// A node of a manifest's stream: its document and its id there.
type NodeRef = drydock_yaml::NodeId;

/// A manifest's documents (parsed here, or the caller's) and every node of them: its range, its
/// document, its id there.
type ManifestNodes<'m> = (
    std::borrow::Cow<'m, [drydock_yaml::Document]>,
    Vec<(TextRange, usize, NodeRef)>,
);

/// Every node of `text` (parsed here, unless `parsed` is its only document), with its document,
/// sorted by start and, at one start, the longer first.
fn index_nodes<'m>(text: &str, parsed: Option<&'m drydock_yaml::Document>) -> ManifestNodes<'m> {
    let documents = match parsed {
        Some(document) => std::borrow::Cow::Borrowed(std::slice::from_ref(document)),
        None => std::borrow::Cow::Owned(drydock_yaml::parse(text).documents),
    };
    let mut nodes = Vec::new();
    for (at, document) in documents.iter().enumerate() {
        let mut pending: Vec<NodeRef> = document.root.into_iter().collect();
        let mut budget = document.nodes.len();
        while let Some(node) = pending.pop() {
            if budget == 0 {
                break;
            }
            budget -= 1;
            nodes.push((document.range(node), at, node));
            if let Some(entries) = document.entries(node) {
                pending.extend(entries.iter().filter(|e| !e.merged).map(|e| e.value));
            } else if let Some(items) = document.items(node) {
                pending.extend(items.iter().copied());
            }
        }
    }
    nodes.sort_by(|a, b| (a.0.start, b.0.end).cmp(&(b.0.start, a.0.end)));
    (documents, nodes)
}

/// Spans for the entries and items of the rendered collection `node` that the values file's
/// collection `value` holds too (by key, by index), and for theirs.
fn pair_nodes(
    rendered: &drydock_yaml::Document,
    node: NodeRef,
    values: &drydock_yaml::Document,
    value: NodeRef,
    file: usize,
    budget: &mut usize,
    out: &mut Vec<Span>,
) {
    let mut pending = vec![(node, value)];
    while let Some((node, value)) = pending.pop() {
        if *budget == 0 {
            return;
        }
        *budget -= 1;
        let mut push = |from: TextRange, to: TextRange| {
            out.push(Span {
                rendered: from,
                file,
                origin: to,
            });
        };
        let both_scalars =
            |a: NodeRef, b: NodeRef| rendered.scalar(a).is_some() && values.scalar(b).is_some();
        if let (Some(entries), Some(set)) = (rendered.entries(node), values.entries(value)) {
            for entry in entries.iter().filter(|entry| !entry.merged) {
                let Some(key) = rendered.key_str(entry) else {
                    continue;
                };
                // go-yaml keeps the last of two equal keys.
                let Some(source) = set
                    .iter()
                    .rev()
                    .find(|source| values.key_str(source) == Some(key))
                else {
                    continue;
                };
                let key_range = rendered.range(entry.key);
                let value_range = rendered.range(entry.value);
                let source_key = values.range(source.key);
                let source_value = values.range(source.value);
                push(
                    TextRange::new(key_range.start, value_range.end.max(key_range.end)),
                    TextRange::new(source_key.start, source_value.end.max(source_key.end)),
                );
                push(key_range, source_key);
                if both_scalars(entry.value, source.value) {
                    push(value_range, source_value);
                } else {
                    pending.push((entry.value, source.value));
                }
            }
        } else if let (Some(items), Some(set)) = (rendered.items(node), values.items(value)) {
            for (item, source) in items.iter().zip(set) {
                let range = rendered.range(*item);
                let source_range = values.range(*source);
                push(range, source_range);
                if !both_scalars(*item, *source) {
                    pending.push((*item, *source));
                }
            }
        }
    }
}

/// How a violation's place is written (`'/image/tag'`, `''` for the whole values).
fn schema_pointer(path: &[String]) -> String {
    let pointer: String = path
        .iter()
        .map(|token| format!("/{}", token.replace('~', "~0").replace('/', "~1")))
        .collect();
    format!("'{pointer}'")
}

/// Where a value that does not meet a schema is set: the top chart's values file when it sets
/// it for the subchart, else the chart's own `values.yaml`; the nearest enclosing key that is
/// set when the value itself is not (a missing property: the map it is missing from); the top
/// of the top chart's values (else the schema) when no values file says anything of it.
fn violation_place(
    violation: &chart::SchemaViolation,
    files: &Texts,
    index_of: &dyn Fn(&str) -> Option<usize>,
) -> (Option<usize>, TextRange) {
    let mut from_top = violation.within.clone();
    from_top.extend(violation.path.iter().cloned());
    let own = format!("{}values.yaml", violation.chart);
    let candidates = [
        ("values.yaml", from_top),
        (own.as_str(), violation.path.clone()),
    ];
    // The longest part of the path some values file sets.
    for keep in (0..=violation.path.len()).rev() {
        for (file, path) in &candidates {
            let Some(text) = files.get(*file) else {
                continue;
            };
            let cut = path.len() - (violation.path.len() - keep);
            if *file == "values.yaml" && cut < violation.within.len() {
                continue;
            }
            let path = path.get(..cut).unwrap_or_default();
            if let Some(range) = crate::values::locate(text, path)
                && let Some(index) = index_of(file)
            {
                return (Some(index), range);
            }
        }
    }
    // Nothing sets it: the top of the top chart's values, else the schema.
    let schema = format!("{}values.schema.json", violation.chart);
    let file = index_of("values.yaml").or_else(|| index_of(&schema));
    (file, TextRange::new(0, 0))
}

/// Where a render error belongs: the template and place Helm names, else `Chart.yaml`.
fn error_place(
    error: &RenderError,
    files: &Texts,
    index_of: &dyn Fn(&str) -> Option<usize>,
) -> (Option<usize>, TextRange) {
    // A template's name as Helm prints it (`web/templates/x.yaml`) to its path in the chart.
    let path_of = |name: &str| {
        let rest = name.split_once('/').map(|(_, rest)| rest).unwrap_or(name);
        // Subcharts: `web/charts/db/templates/x.yaml`.
        rest.to_owned()
    };
    let at = |name: &str, line: usize, column: usize| {
        let path = path_of(name);
        let text = files.get(&path).map(|t| &**t).unwrap_or_default();
        let start = offset_of(text, line, column);
        let end = text
            .get(start..)
            .and_then(|rest| rest.find('\n'))
            .map_or(text.len(), |n| start + n);
        (index_of(&path), TextRange::new(start, end.max(start)))
    };
    let fallback = (index_of("Chart.yaml"), TextRange::new(0, 0));
    match error {
        RenderError::Parse(parse) => {
            let (file, _) = at(&parse.name, parse.line, 0);
            let path = path_of(&parse.name);
            let text = files.get(&path).map(|t| &**t).unwrap_or_default();
            // An unclosed block: at its opening action, which is where the `end` is missing.
            let start = parse.opened.unwrap_or(parse.pos).min(text.len());
            match file {
                Some(file) => (Some(file), TextRange::new(start, start)),
                None => fallback,
            }
        }
        RenderError::Exec(exec) => {
            // The outermost template's place (Helm reports it there).
            match &exec.location {
                Some(location) => {
                    let (file, _) = at(&location.file, location.line, location.column);
                    let path = path_of(&location.file);
                    let text = files.get(&path).map(|t| &**t).unwrap_or_default();
                    let start = location.offset.min(text.len());
                    match file {
                        Some(file) => (
                            Some(file),
                            TextRange::new(start, (start + location.context.len()).min(text.len())),
                        ),
                        None => fallback,
                    }
                }
                None => fallback,
            }
        }
        RenderError::Yaml { source, at, .. } => {
            // At the text the YAML parser stopped at, else the template's top.
            if let Some((path, range)) = at
                && let Some(file) = index_of(path)
            {
                return (Some(file), TextRange::new(range.start, range.end));
            }
            match index_of(&path_of(source)) {
                Some(file) => (Some(file), TextRange::new(0, 0)),
                None => fallback,
            }
        }
        RenderError::Chart(_) | RenderError::Schema { .. } => fallback,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, text: &str) -> SourceFile {
        SourceFile {
            name: name.to_owned(),
            text: text.to_owned(),
        }
    }

    #[test]
    fn charts_are_found_and_subcharts_belong_to_them() {
        let files = [
            file(
                "web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            ),
            file(
                "web/charts/db/Chart.yaml",
                "apiVersion: v2\nname: db\nversion: 0.1.0\n",
            ),
            file(
                "other/Chart.yaml",
                "apiVersion: v2\nname: other\nversion: 0.1.0\n",
            ),
        ];
        assert_eq!(charts(&files), ["web", "other"]);
    }

    #[test]
    fn rendered_text_points_back_at_the_template() {
        let template = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-cm\ndata:\n  a: {{ .Values.a }}\n";
        let files = [
            file(
                "web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            ),
            file("web/values.yaml", "a: hello\n"),
            file("web/templates/cm.yaml", template),
        ];
        let renders = render_workspace(&files);
        let render = renders.first().unwrap_or_else(|| panic!("no render"));
        assert!(
            render.findings.iter().all(|f| matches!(
                f.rule.as_str(),
                "helm/chart-icon" | "helm/recommended-labels"
            )),
            "{:?}",
            render.findings
        );
        let at = render.text.find("hello").unwrap_or_default();
        let (file, origin) = render
            .origin_at(TextRange::new(at, at + 5))
            .unwrap_or_else(|| panic!("no origin in {:?}", render.spans));
        assert_eq!(
            render.sources.get(file).map(String::as_str),
            Some("web/templates/cm.yaml")
        );
        // The action that printed it, whole.
        assert_eq!(
            template.get(origin.start..origin.end),
            Some("{{ .Values.a }}")
        );
        assert_eq!(template[..origin.start].matches('\n').count(), 5);
        // And where the values file set it.
        let values = render.values_index();
        let (file, set) = values
            .holding(TextRange::new(at, at + 5))
            .unwrap_or_else(|| panic!("no value in {:?}", render.values));
        assert_eq!(
            render.sources.get(file).map(String::as_str),
            Some("web/values.yaml")
        );
        assert_eq!(set, TextRange::new(3, 8));
    }

    #[test]
    fn a_printed_block_leads_each_of_its_entries_to_its_values_line() {
        let values = "pod:\n  security:\n    runAsUser: 0\n    privileged: true\n  ports: [80, 443]\nname: web\n";
        let template = "kind: Pod\nmetadata:\n  name: \"{{ .Values.name }}\"\nspec: {{- toYaml .Values.pod | nindent 2 }}\n";
        let files = [
            file(
                "web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            ),
            file("web/values.yaml", values),
            file("web/templates/pod.yaml", template),
        ];
        let renders = render_workspace(&files);
        let render = renders.first().unwrap_or_else(|| panic!("no render"));
        let index = render.values_index();
        let set_at = |rendered: &str| {
            let at = render
                .text
                .find(rendered)
                .unwrap_or_else(|| panic!("{rendered} not in {}", render.text));
            let (_, range) = index.holding(TextRange::new(at, at + rendered.len()))?;
            values.get(range.start..range.end)
        };
        // Quotes the template wrote around a value are the value's.
        assert_eq!(set_at("\"web\""), Some("web"));
        assert_eq!(set_at("privileged: true"), Some("privileged: true"));
        assert_eq!(set_at("true"), Some("true"));
        assert_eq!(set_at("runAsUser"), Some("runAsUser"));
        assert_eq!(set_at("443"), Some("443"));
        assert_eq!(
            set_at("security:\n    privileged"),
            Some("security:\n    runAsUser: 0\n    privileged: true")
        );
        // Across entries: the block, at the key that set it.
        assert_eq!(set_at("443\n  security"), Some("pod"));
        // The template's own text is no value.
        assert_eq!(set_at("kind: Pod"), None);
    }

    #[test]
    fn values_against_the_schema_are_reported_at_their_lines() {
        let values = "image:\n  tag: 1.5\nreplicas: two\n";
        let files = [
            file(
                "web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            ),
            file("web/values.yaml", values),
            file(
                "web/values.schema.json",
                r#"{"required": ["port"], "properties": {"replicas": {"type": "integer"},
                   "image": {"properties": {"tag": {"type": "string"}}}}}"#,
            ),
            file("web/templates/cm.yaml", "a: 1\n"),
        ];
        let renders = render_workspace(&files);
        let findings = &renders
            .first()
            .unwrap_or_else(|| panic!("no render"))
            .findings;
        let lines: Vec<(usize, &str)> = findings
            .iter()
            .filter(|f| f.rule == SCHEMA_RULE)
            .map(|f| {
                (
                    values[..f.range.start].matches('\n').count(),
                    f.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            lines,
            [
                (
                    0,
                    "the value at '' does not meet values.schema.json: missing property 'port'"
                ),
                (
                    1,
                    "the value at '/image/tag' does not meet values.schema.json: got number, want string"
                ),
                (
                    2,
                    "the value at '/replicas' does not meet values.schema.json: got string, want integer"
                ),
            ]
        );
    }

    #[test]
    fn a_template_error_is_reported_where_helm_says() {
        let files = [
            file(
                "web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            ),
            file("web/templates/cm.yaml", "a: 1\nb: {{ .Values.x.y }}\n"),
        ];
        let renders = render_workspace(&files);
        let finding = renders
            .first()
            .and_then(|r| r.findings.iter().find(|f| f.rule == RENDER_RULE))
            .unwrap_or_else(|| panic!("no finding"));
        assert!(
            finding.message.contains("nil pointer evaluating"),
            "{}",
            finding.message
        );
        let text = "a: 1\nb: {{ .Values.x.y }}\n";
        assert_eq!(text[..finding.range.start].matches('\n').count(), 1);
    }

    /// The render findings of the one chart of `files`: (file, line, message).
    fn render_errors(files: &[SourceFile]) -> Vec<(String, usize, String)> {
        let renders = render_workspace(files);
        let render = renders.first().unwrap_or_else(|| panic!("no render"));
        render
            .findings
            .iter()
            .filter(|finding| finding.rule == RENDER_RULE)
            .map(|finding| {
                let name = render
                    .sources
                    .get(finding.file)
                    .cloned()
                    .unwrap_or_default();
                let text = files
                    .iter()
                    .find(|file| file.name == name)
                    .map(|file| file.text.as_str())
                    .unwrap_or_default();
                let line = 1 + text[..finding.range.start.min(text.len())]
                    .matches('\n')
                    .count();
                (name, line, finding.message.clone())
            })
            .collect()
    }

    #[test]
    fn every_template_that_does_not_parse_is_reported_not_only_the_first() {
        let chart = file(
            "web/Chart.yaml",
            "apiVersion: v2\nname: web\nversion: 0.1.0\n",
        );
        let files = [
            chart,
            file("web/templates/a.yaml", "a: 1\n{{ if .Values.x }}\nb: 2\n"),
            file("web/templates/b.yaml", "b: {{ nosuch 1 }}\n"),
            file("web/templates/c.yaml", "c: 1\n"),
        ];
        let found = render_errors(&files);
        let places: Vec<(&str, usize)> = found.iter().map(|(f, l, _)| (f.as_str(), *l)).collect();
        assert_eq!(
            places,
            [("web/templates/b.yaml", 1), ("web/templates/a.yaml", 2)],
            "{found:?}"
        );
        assert!(
            found[0].2.contains("function \"nosuch\" not defined"),
            "{found:?}"
        );
    }

    #[test]
    fn every_template_that_fails_is_reported_and_the_others_are_checked() {
        let files = [
            file(
                "web/Chart.yaml",
                "apiVersion: v2\nname: web\nversion: 0.1.0\n",
            ),
            file("web/values.yaml", "a: 1\n"),
            file(
                "web/templates/a.yaml",
                "a: {{ required \"set b\" .Values.b }}\n",
            ),
            file(
                "web/templates/b.yaml",
                "kind: ConfigMap\n\nb: {{ fail \"no\" }}\n",
            ),
            file(
                "web/templates/c.yaml",
                "kind: ConfigMap\nc: {{ .Values.a }}\n",
            ),
            file("web/templates/d.yaml", "d: [\n"),
            file(
                "web/templates/e.yaml",
                "kind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  a: b: c\n",
            ),
        ];
        let found = render_errors(&files);
        let places: Vec<(&str, usize)> = found.iter().map(|(f, l, _)| (f.as_str(), *l)).collect();
        assert_eq!(
            places,
            [
                ("web/templates/b.yaml", 3),
                ("web/templates/a.yaml", 1),
                ("web/templates/d.yaml", 1),
                // Output that is not YAML: at the template line that wrote it.
                ("web/templates/e.yaml", 5)
            ],
            "{found:?}"
        );
        // What rendered is there to check.
        let renders = render_workspace(&files);
        let text = renders.first().map(|r| r.text.as_str()).unwrap_or_default();
        assert!(text.contains("c: 1"), "{text}");
    }
}
