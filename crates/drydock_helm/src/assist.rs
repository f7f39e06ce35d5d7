//! Editor help in a chart's templates: `.Values.` completed with the keys the chart's
//! `values.yaml` declares at that path, and a value under the cursor described by what
//! `values.yaml` sets it to, and where.
//!
//! Works on the template's text around the cursor, not on a parse: the template being typed
//! rarely parses. A reference is a run of `[A-Za-z0-9_.$]` that holds `.Values.` (`$.Values.x`
//! and `.Values.x` alike); a key that is not a plain identifier (`index .Values "a-b"`) is not
//! followed.

use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarKind, Value};

/// A key of `values.yaml` the cursor can be completed to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueKey {
    pub label: String,
    /// What the key holds: `map`, `list`, or a scalar's type and text (`string "nginx"`).
    pub detail: String,
    /// The key in `values.yaml`.
    pub at: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Completions {
    /// The byte offset where the key being typed starts.
    pub from: usize,
    pub items: Vec<ValueKey>,
}

/// The value under the cursor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueHover {
    /// The reference in the template, from `.Values` to the end of the key under the cursor.
    pub range: TextRange,
    /// `.Values.image.tag`
    pub path: String,
    /// What `values.yaml` holds there, as [`ValueKey::detail`] says it; `None` when it declares
    /// nothing there.
    pub detail: Option<String>,
    /// The key's place in `values.yaml`.
    pub at: Option<TextRange>,
}

const MARKER: &str = ".Values";

fn is_reference_char(c: u8) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, b'_' | b'.' | b'$')
}

/// The keys after `.Values` in the reference that ends at `offset` (the last one possibly
/// partial), with where that last one starts.
fn reference_before(text: &str, offset: usize) -> Option<(Vec<&str>, usize)> {
    let bytes = text.as_bytes();
    let offset = offset.min(bytes.len());
    let mut start = offset;
    while start > 0 && bytes.get(start - 1).copied().is_some_and(is_reference_char) {
        start -= 1;
    }
    let token = text.get(start..offset)?;
    let at = token.rfind(MARKER)?;
    let rest = token.get(at + MARKER.len()..)?;
    let rest = rest.strip_prefix('.')?;
    let mut keys: Vec<&str> = rest.split('.').collect();
    let partial = keys.pop().unwrap_or_default();
    if keys.iter().any(|key| key.is_empty() || key.contains('$')) || partial.contains('$') {
        return None;
    }
    Some((keys, offset - partial.len()))
}

/// The first document of `values.yaml`, parsed.
fn values_document(values: &str) -> Option<Document> {
    drydock_yaml::parse(values).documents.into_iter().next()
}

/// The node at `keys` below the document's root.
fn node_at(document: &Document, keys: &[&str]) -> Option<NodeId> {
    let mut node = document.root?;
    for key in keys {
        node = document.get(node, key)?.value;
    }
    Some(node)
}

fn describe(document: &Document, node: NodeId) -> String {
    match document.node(node).map(|n| &n.value) {
        Some(Value::Mapping(entries)) => format!("map ({} keys)", entries.len()),
        Some(Value::Sequence(items)) => format!("list ({} items)", items.len()),
        Some(Value::Scalar(scalar)) => {
            let kind = match scalar.kind {
                ScalarKind::Null => return "null".to_owned(),
                ScalarKind::Bool(_) => "boolean",
                ScalarKind::Int(_) => "integer",
                ScalarKind::Float(_) => "number",
                ScalarKind::String => "string",
            };
            let mut shown: String = scalar.value.chars().take(60).collect();
            if shown.len() < scalar.value.len() {
                shown.push('…');
            }
            if scalar.kind == ScalarKind::String {
                format!("{kind} \"{shown}\"")
            } else {
                format!("{kind} {shown}")
            }
        }
        None => String::new(),
    }
}

/// The keys `values` declares where the reference before `offset` in `template` points
/// (`.Values.image.` offers `repository`, `tag`…); `None` when the cursor is not in a
/// `.Values` reference or `values.yaml` has no map there.
pub fn complete_values(template: &str, offset: usize, values: &str) -> Option<Completions> {
    let (keys, from) = reference_before(template, offset)?;
    let document = values_document(values)?;
    let map = node_at(&document, &keys)?;
    let entries = document.entries(map)?;
    let items = entries
        .iter()
        .filter_map(|entry| {
            let label = document.key_str(entry)?.to_owned();
            Some(ValueKey {
                label,
                detail: describe(&document, entry.value),
                at: document.range(entry.key),
            })
        })
        .collect();
    Some(Completions { from, items })
}

/// The value whose key is under `offset` in a `.Values` reference of `template`.
pub fn hover_value(template: &str, offset: usize, values: &str) -> Option<ValueHover> {
    let bytes = template.as_bytes();
    let mut end = offset.min(bytes.len());
    while bytes
        .get(end)
        .copied()
        .is_some_and(|c| is_reference_char(c) && c != b'.')
    {
        end += 1;
    }
    let (mut keys, _) = reference_before(template, end)?;
    let last = {
        let mut start = end;
        while start > 0
            && bytes
                .get(start - 1)
                .copied()
                .is_some_and(|c| is_reference_char(c) && c != b'.')
        {
            start -= 1;
        }
        template.get(start..end)?
    };
    if !last.is_empty() {
        keys.push(last);
    }
    let mut start = end;
    while start > 0 && bytes.get(start - 1).copied().is_some_and(is_reference_char) {
        start -= 1;
    }
    let token = template.get(start..end)?;
    let marker = start + token.rfind(MARKER)?;
    let path = format!(
        "{MARKER}{}",
        keys.iter().map(|key| format!(".{key}")).collect::<String>()
    );
    let document = values_document(values);
    let found = document.as_ref().and_then(|document| {
        let (last, parents) = keys.split_last()?;
        let parent = node_at(document, parents)?;
        let entry = document.get(parent, last)?;
        Some((describe(document, entry.value), document.range(entry.key)))
    });
    Some(ValueHover {
        range: TextRange::new(marker, end),
        path,
        detail: found.as_ref().map(|(detail, _)| detail.clone()),
        at: found.map(|(_, at)| at),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALUES: &str =
        "replicaCount: 2\nimage:\n  repository: nginx\n  tag: \"1.27\"\nports: [80, 443]\n";

    #[test]
    fn completes_the_keys_at_the_path() {
        let template = "image: {{ .Values.image.re }}";
        let offset = template.find(" }}").unwrap_or_default();
        let done = complete_values(template, offset, VALUES).expect("completions");
        assert_eq!(done.from, template.find("re }}").unwrap_or_default());
        let labels: Vec<&str> = done.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["repository", "tag"]);
        assert_eq!(done.items[0].detail, "string \"nginx\"");

        let template = "{{ $.Values. }}";
        let offset = template.find(" }}").unwrap_or_default();
        let done = complete_values(template, offset, VALUES).expect("completions");
        let labels: Vec<&str> = done.items.iter().map(|i| i.label.as_str()).collect();
        assert_eq!(labels, ["replicaCount", "image", "ports"]);
        assert_eq!(done.items[0].detail, "integer 2");
        assert_eq!(done.items[2].detail, "list (2 items)");
    }

    #[test]
    fn says_nothing_outside_a_values_reference_or_below_a_scalar() {
        assert_eq!(complete_values("{{ .Chart.Na", 12, VALUES), None);
        assert_eq!(
            complete_values("{{ .Values.replicaCount.", 24, VALUES),
            None
        );
        assert_eq!(complete_values("{{ .Values.image.", 17, "not: [yaml"), None);
        assert_eq!(complete_values("", 0, VALUES), None);
        // Every offset of odd text answers without panicking.
        let odd = "{{ .Values..é$.Values.$x. }}";
        for offset in 0..=odd.len() + 2 {
            let _ = complete_values(odd, offset, VALUES);
            let _ = hover_value(odd, offset, VALUES);
        }
    }

    #[test]
    fn hover_names_the_value_and_where_it_is_set() {
        let template = "image: {{ .Values.image.tag | quote }}";
        let offset = template.find("tag").unwrap_or_default() + 1;
        let hover = hover_value(template, offset, VALUES).expect("hover");
        assert_eq!(hover.path, ".Values.image.tag");
        assert_eq!(hover.detail.as_deref(), Some("string \"1.27\""));
        assert_eq!(
            hover.range,
            TextRange::new(
                template.find(".Values").unwrap_or_default(),
                template.find(" |").unwrap_or_default()
            )
        );
        let at = hover.at.expect("set in values.yaml");
        assert_eq!(VALUES.get(at.start..at.end), Some("tag"));

        // On `image`, the map; on an undeclared key, nothing declared.
        let offset = template.find("image.tag").unwrap_or_default() + 2;
        let hover = hover_value(template, offset, VALUES).expect("hover");
        assert_eq!(hover.path, ".Values.image");
        assert_eq!(hover.detail.as_deref(), Some("map (2 keys)"));
        let template = "{{ .Values.imagee.tag }}";
        let hover = hover_value(template, 13, VALUES).expect("hover");
        assert_eq!(hover.path, ".Values.imagee");
        assert_eq!(hover.detail, None);
    }
}
