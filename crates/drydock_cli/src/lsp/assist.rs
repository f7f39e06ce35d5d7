//! Completion and hover: the language crates' help (`drydock_core::dockerfile::assist`,
//! `drydock_core::k8s::assist`, `drydock_core::compose::language::assist`,
//! `drydock_core::kustomize::language::assist`, `drydock_core::helm::assist`) in the protocol's
//! terms, and the documentation of the rules whose findings are under the cursor.
//!
//! Kubernetes field descriptions come with the binary: `kubernetes.descriptions` (1.4 MB, beside
//! the schema in `drydock_k8s/schema/`) is embedded here and parsed the first time a
//! description is asked for, so help works offline and needs nothing but the build.

use std::path::Path;
use std::sync::OnceLock;

use drydock_core::compose::language::assist as compose;
use drydock_core::dockerfile::assist as dockerfile;
use drydock_core::helm::assist as helm;
use drydock_core::k8s::{Descriptions, Schema, assist as k8s};
use drydock_core::kustomize::language::assist as kustomize;
use drydock_core::{FileKind, Finding, TextRange};
use lsp_types::{
    CompletionItem, CompletionItemKind, CompletionResponse, CompletionTextEdit, Documentation,
    Hover, HoverContents, InsertTextFormat, MarkupContent, MarkupKind, TextEdit,
};

use super::position::Lines;

const DESCRIPTIONS: &str = include_str!("../../../drydock_k8s/schema/kubernetes.descriptions");

fn descriptions() -> &'static Descriptions {
    static PARSED: OnceLock<Descriptions> = OnceLock::new();
    PARSED.get_or_init(|| Descriptions::parse(DESCRIPTIONS))
}

/// What kind of help a file gets.
pub fn is_manifest(name: &str, text: &str) -> bool {
    language(name, text) == Some(Language::Kubernetes)
}

fn language(name: &str, text: &str) -> Option<Language> {
    let base = name.rsplit('/').next().unwrap_or(name);
    let configuration = crate::config::DRYDOCK_NAMES
        .iter()
        .chain(&crate::config::HADOLINT_NAMES)
        .any(|known| *known == base);
    if configuration {
        return None;
    }
    match FileKind::detect(name, text) {
        FileKind::Dockerfile => Some(Language::Dockerfile),
        FileKind::HelmTemplate => Some(Language::HelmTemplate),
        FileKind::Compose => Some(Language::Compose),
        FileKind::Kustomization => Some(Language::Kustomize),
        FileKind::Yaml if drydock_core::workspace::looks_like_compose(text) => {
            Some(Language::Compose)
        }
        // A manifest being written may not have its `kind` yet.
        FileKind::Kubernetes | FileKind::Yaml => Some(Language::Kubernetes),
        _ => None,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Language {
    Dockerfile,
    Kubernetes,
    HelmTemplate,
    Compose,
    Kustomize,
}

/// The `values.yaml` a chart's template `name` reads: its chart's, the folder above the nearest
/// `templates/` (a subchart's templates read the subchart's).
pub fn values_file_of(name: &str) -> Option<String> {
    let at = if name.starts_with("templates/") {
        0
    } else {
        name.rfind("/templates/")? + 1
    };
    Some(format!("{}values.yaml", name.get(..at)?))
}

fn markdown(value: String) -> Documentation {
    Documentation::MarkupContent(MarkupContent {
        kind: MarkupKind::Markdown,
        value,
    })
}

/// Completions at `offset` of a document; `values` is the text of the chart's `values.yaml`
/// when the document is a Helm template; `folder` the document's folder on the disk, whose
/// files a kustomization's paths complete to.
pub fn completion(
    name: &str,
    text: &str,
    lines: &Lines<'_>,
    offset: usize,
    values: Option<&str>,
    folder: Option<&Path>,
) -> CompletionResponse {
    let items = match language(name, text) {
        Some(Language::HelmTemplate) => values
            .and_then(|values| helm::complete_values(text, offset, values))
            .map(|completions| helm_items(&completions, lines, offset))
            .unwrap_or_default(),
        Some(Language::Dockerfile) => {
            let tree = drydock_core::dockerfile::parse(text);
            let semantic = drydock_core::dockerfile::analyze(text, &tree);
            dockerfile::complete(text, &tree, &semantic, offset)
                .map(|completions| dockerfile_items(&completions, lines))
                .unwrap_or_default()
        }
        Some(Language::Kubernetes) => k8s::complete(Schema::builtin(), text, offset)
            .map(|completions| kubernetes_items(&completions, lines, offset))
            .unwrap_or_default(),
        Some(Language::Compose) => compose::complete(text, offset)
            .map(|completions| compose_items(&completions, lines, offset))
            .unwrap_or_default(),
        Some(Language::Kustomize) => {
            let list = |relative: &str| list_folder(folder, relative);
            kustomize::complete(text, offset, &list)
                .map(|completions| kustomize_items(&completions, lines, offset))
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    CompletionResponse::Array(items)
}

fn helm_items(
    completions: &helm::Completions,
    lines: &Lines<'_>,
    offset: usize,
) -> Vec<CompletionItem> {
    let range = lines.range(TextRange::new(completions.from.min(offset), offset));
    completions
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| CompletionItem {
            label: item.label.clone(),
            kind: Some(CompletionItemKind::FIELD),
            detail: Some(item.detail.clone()),
            // In the order `values.yaml` declares them.
            sort_text: Some(format!("{index:04}")),
            insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range,
                new_text: item.label.clone(),
            })),
            ..CompletionItem::default()
        })
        .collect()
}

fn dockerfile_items(
    completions: &dockerfile::Completions,
    lines: &Lines<'_>,
) -> Vec<CompletionItem> {
    let range = lines.range(completions.range);
    completions
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let kind = match item.kind {
                dockerfile::CompletionKind::Instruction => CompletionItemKind::KEYWORD,
                dockerfile::CompletionKind::Flag => CompletionItemKind::PROPERTY,
                dockerfile::CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
                dockerfile::CompletionKind::Stage => CompletionItemKind::REFERENCE,
            };
            // In the order the language crate gives them.
            ordered(
                index,
                range,
                kind,
                &item.label,
                &item.detail,
                &item.documentation,
            )
            .filtered_by(&item.label)
            .inserting(&item.insert)
        })
        .collect()
}

fn compose_items(
    completions: &compose::Completions,
    lines: &Lines<'_>,
    offset: usize,
) -> Vec<CompletionItem> {
    let range = lines.range(TextRange::new(completions.from.min(offset), offset));
    completions
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let kind = match item.kind {
                compose::Kind::Key => CompletionItemKind::FIELD,
                compose::Kind::Value => CompletionItemKind::ENUM_MEMBER,
                compose::Kind::Reference => CompletionItemKind::REFERENCE,
            };
            // Keys by name (the schema's order), values and names as the file or Compose lists
            // them.
            ordered(
                index,
                range,
                kind,
                &item.label,
                &item.detail,
                &item.documentation,
            )
        })
        .collect()
}

/// The entries of `relative` (to `folder`) on the disk; nothing without a folder.
fn list_folder(folder: Option<&Path>, relative: &str) -> Vec<kustomize::Listed> {
    let Some(folder) = folder else {
        return Vec::new();
    };
    let Ok(entries) = std::fs::read_dir(folder.join(relative)) else {
        return Vec::new();
    };
    entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            Some(kustomize::Listed {
                name: entry.file_name().into_string().ok()?,
                folder: entry.path().is_dir(),
            })
        })
        .take(1_000)
        .collect()
}

fn kustomize_items(
    completions: &kustomize::Completions,
    lines: &Lines<'_>,
    offset: usize,
) -> Vec<CompletionItem> {
    let range = lines.range(TextRange::new(completions.from.min(offset), offset));
    completions
        .items
        .iter()
        .enumerate()
        .map(|(index, item)| {
            let kind = match item.kind {
                kustomize::Kind::Field => CompletionItemKind::FIELD,
                kustomize::Kind::Value => CompletionItemKind::ENUM_MEMBER,
                kustomize::Kind::File => CompletionItemKind::FILE,
                kustomize::Kind::Folder => CompletionItemKind::FOLDER,
            };
            // In kustomize's order of the fields, folders before files.
            ordered(
                index,
                range,
                kind,
                &item.label,
                &item.detail,
                &item.documentation,
            )
            .filtered_by(&item.insert)
            .inserting(&item.insert)
        })
        .collect()
}

/// A completion in the order a language crate gives it (`index`), replacing `range` with its
/// label, with its detail and documentation when it has them.
fn ordered(
    index: usize,
    range: lsp_types::Range,
    kind: CompletionItemKind,
    label: &str,
    detail: &str,
    documentation: &str,
) -> CompletionItem {
    CompletionItem {
        label: label.to_owned(),
        kind: Some(kind),
        detail: (!detail.is_empty()).then(|| detail.to_owned()),
        documentation: (!documentation.is_empty()).then(|| markdown(documentation.to_owned())),
        sort_text: Some(format!("{index:04}")),
        insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
        text_edit: Some(CompletionTextEdit::Edit(TextEdit {
            range,
            new_text: label.to_owned(),
        })),
        ..CompletionItem::default()
    }
}

/// What [`ordered`] leaves as the label: the text the client filters by, the text it inserts.
trait Completion {
    fn filtered_by(self, text: &str) -> Self;
    fn inserting(self, text: &str) -> Self;
}

impl Completion for CompletionItem {
    fn filtered_by(self, text: &str) -> Self {
        CompletionItem {
            filter_text: Some(text.to_owned()),
            ..self
        }
    }

    fn inserting(mut self, text: &str) -> Self {
        if let Some(CompletionTextEdit::Edit(edit)) = &mut self.text_edit {
            edit.new_text = text.to_owned();
        }
        self
    }
}

fn kubernetes_items(
    completions: &k8s::Completions,
    lines: &Lines<'_>,
    offset: usize,
) -> Vec<CompletionItem> {
    let range = lines.range(TextRange::new(completions.from.min(offset), offset));
    completions
        .items
        .iter()
        .map(|item| {
            let detail = if item.required {
                format!("{} (required)", item.detail)
            } else {
                item.detail.clone()
            };
            CompletionItem {
                label: item.label.clone(),
                kind: Some(if item.field == item.label {
                    CompletionItemKind::FIELD
                } else {
                    CompletionItemKind::ENUM_MEMBER
                }),
                detail: (!detail.is_empty()).then_some(detail),
                documentation: descriptions()
                    .get(&item.definition, &item.field)
                    .map(|text| markdown(text.to_owned())),
                // Required fields first, then by name.
                sort_text: Some(format!(
                    "{}{}",
                    if item.required { 0 } else { 1 },
                    item.label
                )),
                insert_text_format: Some(InsertTextFormat::PLAIN_TEXT),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range,
                    new_text: item.label.clone(),
                })),
                ..CompletionItem::default()
            }
        })
        .collect()
}

/// Documentation of what is at `offset`: the Dockerfile that builds the image there (`image`,
/// from the navigation), the language's (an instruction, a flag, a stage, a Kubernetes field),
/// then that of the rules whose findings cover it.
pub fn hover(
    name: &str,
    text: &str,
    lines: &Lines<'_>,
    offset: usize,
    findings: &[Finding],
    image: Option<(TextRange, String)>,
    values: Option<&str>,
) -> Option<Hover> {
    let mut sections = Vec::new();
    let mut range: Option<TextRange> = None;
    if let Some((image_range, markdown)) = image {
        sections.push(markdown);
        range = Some(image_range);
    }
    match language(name, text) {
        Some(Language::Dockerfile) => {
            let tree = drydock_core::dockerfile::parse(text);
            let semantic = drydock_core::dockerfile::analyze(text, &tree);
            if let Some(found) = dockerfile::hover(text, &tree, &semantic, offset) {
                sections.push(found.markdown);
                range = Some(found.range);
            }
        }
        Some(Language::Kubernetes) if range.is_none() => {
            if let Some(found) = k8s::hover(Schema::builtin(), text, offset) {
                let mut section = format!("**{}** — `{}`", found.path, found.detail);
                if let Some(description) = descriptions().get(&found.definition, &found.field) {
                    section.push_str("\n\n");
                    section.push_str(description);
                }
                sections.push(section);
                range = Some(TextRange::new(found.start, found.end));
            }
        }
        Some(Language::HelmTemplate) => {
            if let Some(found) = values.and_then(|values| {
                helm::hover_value(text, offset, values).map(|found| (found, values))
            }) {
                let (found, values) = found;
                let section = match (&found.detail, found.at) {
                    (Some(detail), Some(at)) => {
                        let line = values
                            .get(..at.start)
                            .map_or(0, |before| before.matches('\n').count())
                            + 1;
                        format!(
                            "**`{}`** — {detail}\n\nSet in the chart's `values.yaml`, line {line}.",
                            found.path
                        )
                    }
                    _ => format!(
                        "**`{}`** — not declared in the chart's `values.yaml`: it renders as empty unless `--set` or another values file gives it.",
                        found.path
                    ),
                };
                sections.push(section);
                range = Some(found.range);
            }
        }
        Some(Language::Compose) => {
            if let Some(found) = compose::hover(text, offset) {
                sections.push(found.markdown);
                range = Some(found.range);
            }
        }
        Some(Language::Kustomize) => {
            if let Some(found) = kustomize::hover(text, offset) {
                sections.push(found.markdown);
                range = Some(found.range);
            }
        }
        Some(Language::Kubernetes) | None => {}
    }
    let mut rules: Vec<&str> = Vec::new();
    for finding in findings {
        let on = finding.range.start <= offset && offset <= finding.range.end;
        if on && !rules.contains(&finding.rule) {
            rules.push(finding.rule);
            if let Some(rule) = drydock_core::rules::all().find(|rule| rule.id == finding.rule) {
                sections.push(crate::rules::markdown(rule));
            }
            range.get_or_insert(finding.range);
        }
    }
    if sections.is_empty() {
        return None;
    }
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: sections.join("\n\n---\n\n"),
        }),
        range: range.map(|range| lines.range(range)),
    })
}
