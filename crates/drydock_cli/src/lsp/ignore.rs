//! The edit that silences one finding where the checks read silences: in a Dockerfile the
//! pragma above the instruction (`# drydock ignore=<rule>`, `drydock_core::suppression`), in a
//! Kubernetes manifest the object's `drydock.dev/ignore` annotation (`drydock_core::k8s::ignore`),
//! added to, or created in, its block-style `metadata`. Where neither fits (a flow-style mapping,
//! an object without `metadata`, an item of a `List`) there is no action rather than a guess.

use drydock_core::yaml::{Document, NodeId, ScalarStyle};
use drydock_core::{Finding, TextRange};

/// An insertion or replacement that silences a finding.
pub struct Suppression {
    pub title: String,
    pub range: TextRange,
    pub text: String,
}

/// The pragma line above the instruction that holds the finding, at that line's indentation.
pub fn in_dockerfile(
    text: &str,
    tree: &drydock_core::dockerfile::Dockerfile,
    finding: &Finding,
) -> Option<Suppression> {
    let instruction = tree
        .instructions
        .iter()
        .find(|i| i.range.start <= finding.range.start && finding.range.end <= i.range.end)?;
    let line_start = line_start(text, instruction.range.start)?;
    let indent = text.get(line_start..instruction.range.start)?;
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    Some(Suppression {
        title: format!("Ignore `{}` for this instruction", finding.rule),
        range: TextRange::new(line_start, line_start),
        text: format!("{indent}# drydock ignore={}\n", finding.rule),
    })
}

/// `drydock.dev/ignore` on the object that holds the finding: the rule added to the annotation's
/// list, or the annotation added first in `annotations`, or `annotations` added first in
/// `metadata`.
pub fn in_manifest(
    text: &str,
    stream: &drydock_core::yaml::Stream,
    finding: &Finding,
) -> Option<Suppression> {
    if !finding.rule.starts_with("kubernetes/") {
        return None;
    }
    let document = stream.documents.iter().find(|document| {
        document.range.start <= finding.range.start && finding.range.end <= document.range.end
    })?;
    let root = document.root?;
    if !document.range(root).contains_range(finding.range)
        || document.get_str(root, "kind")? == "List"
    {
        return None;
    }
    let metadata = block_mapping(text, document, document.get(root, "metadata")?.value)?;
    let title = format!(
        "Ignore `{}` for this object (drydock.dev/ignore)",
        finding.rule
    );
    let Some(annotations) = document.get(metadata, "annotations") else {
        let (at, indent) = first_key_line(text, document, metadata)?;
        return Some(Suppression {
            title,
            range: TextRange::new(at, at),
            text: format!(
                "{indent}annotations:\n{indent}  drydock.dev/ignore: \"{}\"\n",
                finding.rule
            ),
        });
    };
    let annotations = block_mapping(text, document, annotations.value)?;
    match document.get(annotations, "drydock.dev/ignore") {
        Some(entry) => {
            let scalar = document.scalar(entry.value)?;
            if matches!(scalar.style, ScalarStyle::Literal | ScalarStyle::Folded) {
                return None;
            }
            let names = scalar.value.trim().trim_end_matches(',');
            let names = if names.is_empty() {
                finding.rule.to_owned()
            } else {
                format!("{names},{}", finding.rule)
            };
            Some(Suppression {
                title,
                range: document.range(entry.value),
                text: format!("\"{}\"", names.replace('\\', "\\\\").replace('"', "\\\"")),
            })
        }
        None => {
            let (at, indent) = first_key_line(text, document, annotations)?;
            Some(Suppression {
                title,
                range: TextRange::new(at, at),
                text: format!("{indent}drydock.dev/ignore: \"{}\"\n", finding.rule),
            })
        }
    }
}

/// `id` when it is a mapping written in block style with at least one entry.
fn block_mapping(text: &str, document: &Document, id: NodeId) -> Option<NodeId> {
    let entries = document.entries(id)?;
    let starts_flow = text
        .get(document.range(id).start..)?
        .starts_with(['{', '[']);
    (!entries.is_empty() && !starts_flow).then_some(id)
}

/// The start of the line of a block mapping's first key, and the indentation before that key
/// (only when nothing but blanks comes before it on its line).
fn first_key_line<'t>(
    text: &'t str,
    document: &Document,
    mapping: NodeId,
) -> Option<(usize, &'t str)> {
    let first = document.entries(mapping)?.first()?;
    if first.merged {
        return None;
    }
    let key = document.range(first.key).start;
    let at = line_start(text, key)?;
    let indent = text.get(at..key)?;
    indent.chars().all(|c| c == ' ').then_some((at, indent))
}

fn line_start(text: &str, offset: usize) -> Option<usize> {
    Some(text.get(..offset)?.rfind('\n').map_or(0, |at| at + 1))
}
