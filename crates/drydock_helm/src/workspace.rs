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

use crate::chart::{self, Files, Options, RenderError};

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
    // The chart's files, by their path in its folder; the render's sources, by the workspace's.
    let mut chart_files = Files::new();
    let mut sources = Vec::new();
    for file in files {
        if let Some(rest) = file.name.strip_prefix(&prefix) {
            chart_files.insert(rest.to_owned(), file.text.clone());
            sources.push(file.name.clone());
        }
    }
    let index_of = |path: &str| {
        let name = format!("{prefix}{path}");
        sources.iter().position(|source| *source == name)
    };
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
    match chart::render(&chart_files, &Options::default()) {
        Ok(manifests) => {
            let mut text = String::new();
            for manifest in manifests {
                text.push_str("---\n# Source: ");
                text.push_str(&manifest.source);
                text.push('\n');
                let base = text.len();
                text.push_str(&manifest.text);
                text.push('\n');
                for trace in &manifest.traces {
                    let Some(file) = index_of(&trace.file) else {
                        continue;
                    };
                    render.spans.push(Span {
                        rendered: TextRange::new(base + trace.range.start, base + trace.range.end),
                        file,
                        origin: TextRange::new(trace.origin.start, trace.origin.end),
                    });
                }
            }
            render.text = text;
            render.sort_spans();
        }
        Err(RenderError::Schema { violations, .. }) => {
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
        Err(error) => {
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
    render
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
    files: &Files,
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
    files: &Files,
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
        let text = files.get(&path).map(String::as_str).unwrap_or_default();
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
            let text = files.get(&path).map(String::as_str).unwrap_or_default();
            let start = parse.pos.min(text.len());
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
                    let text = files.get(&path).map(String::as_str).unwrap_or_default();
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
        RenderError::Yaml { source, .. } => match index_of(&path_of(source)) {
            Some(file) => (Some(file), TextRange::new(0, 0)),
            None => fallback,
        },
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
        assert!(render.findings.is_empty(), "{:?}", render.findings);
        let at = render.text.find("hello").unwrap_or_default();
        let (file, origin) = render
            .origin_at(TextRange::new(at, at + 5))
            .unwrap_or_else(|| panic!("no origin in {:?}", render.spans));
        assert_eq!(
            render.sources.get(file).map(String::as_str),
            Some("web/templates/cm.yaml")
        );
        // The action that printed it, at its expression.
        assert!(template[origin.start..].starts_with(".Values.a"));
        assert_eq!(template[..origin.start].matches('\n').count(), 5);
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
            .map(|f| {
                assert_eq!(f.rule, SCHEMA_RULE);
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
            .and_then(|r| r.findings.first())
            .unwrap_or_else(|| panic!("no finding"));
        assert_eq!(finding.rule, RENDER_RULE);
        assert!(
            finding.message.contains("nil pointer evaluating"),
            "{}",
            finding.message
        );
        let text = "a: 1\nb: {{ .Values.x.y }}\n";
        assert_eq!(text[..finding.range.start].matches('\n').count(), 1);
    }
}
