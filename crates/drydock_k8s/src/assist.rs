//! Editor help for manifests: completion of field names and hover documentation, from the schema.
//!
//! Works on the text's lines rather than a parse tree, because the user is typing: the line being
//! completed is usually not valid YAML yet. The path to the cursor is read from indentation
//! (block mappings and `- ` list items), the object's type from the document's `apiVersion` and
//! `kind`. Flow collections and multi-line scalars are not understood; there the help is silent.

use serde::Serialize;

use super::schema::{Definition, Schema, Type, TypeKind};

/// A field the cursor can be completed to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CompletionItem {
    pub label: String,
    /// The field's type, as people read it: `string`, `integer`, `[]Container`, `map[string]string`.
    pub detail: String,
    pub required: bool,
    /// Where its documentation is: the definition's name and the field's.
    pub definition: String,
    /// The field documented: the label itself, or for a value the field it is a value of.
    pub field: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Completions {
    /// The byte offset where the word being completed starts.
    pub from: usize,
    pub items: Vec<CompletionItem>,
}

/// The field under the cursor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Hover {
    /// The key's byte range.
    pub start: usize,
    pub end: usize,
    pub field: String,
    pub detail: String,
    pub definition: String,
    /// `Deployment.spec.template.spec.containers[].image`
    pub path: String,
}

struct Line<'a> {
    start: usize,
    text: &'a str,
}

fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for piece in text.split_inclusive('\n') {
        out.push(Line {
            start,
            text: piece.trim_end_matches(['\n', '\r']),
        });
        start += piece.len();
    }
    if text.is_empty() || text.ends_with('\n') {
        out.push(Line {
            start: text.len(),
            text: "",
        });
    }
    out
}

/// Indentation of a line's content, counting a `- ` list marker as indentation.
fn content_column(line: &str) -> usize {
    let mut column = 0;
    let bytes = line.as_bytes();
    loop {
        match bytes.get(column) {
            Some(b' ') => column += 1,
            Some(b'-') if matches!(bytes.get(column + 1), Some(b' ') | None) => column += 2,
            _ => return column,
        }
    }
}

/// The key a line starts with (`name` in `  - name: web`), if any.
fn key_of(line: &str) -> Option<(usize, &str)> {
    let column = content_column(line);
    let rest = line.get(column..)?;
    let colon = rest.find(':')?;
    let key = rest.get(..colon)?.trim_end();
    let after = rest.get(colon + 1..).unwrap_or("");
    if key.is_empty()
        || key.starts_with('#')
        || !(after.is_empty() || after.starts_with([' ', '\t']))
    {
        return None;
    }
    Some((column, key.trim_matches(['"', '\''])))
}

/// The keys from the document's root down to the mapping that holds line `index` at `column`,
/// and the line where the document starts. A parent is the nearest line above with less
/// indentation (a `- ` marker counts as indentation) that has a key.
fn path_to(lines: &[Line<'_>], index: usize, column: usize) -> (Vec<String>, usize) {
    let mut path = Vec::new();
    let mut want = column;
    let mut document_start = 0;
    let mut i = index;
    while i > 0 {
        i -= 1;
        let Some(line) = lines.get(i) else { break };
        if line.text.starts_with("---") {
            document_start = i + 1;
            break;
        }
        let trimmed = line.text.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let line_column = content_column(line.text);
        if line_column < want {
            if let Some((_, key)) = key_of(line.text) {
                path.push(key.to_owned());
            }
            want = line_column;
        }
    }
    path.reverse();
    (path, document_start)
}

/// `apiVersion` and `kind` of the document starting at line `start`.
fn document_type(lines: &[Line<'_>], start: usize) -> (Option<String>, Option<String>) {
    let (mut api_version, mut kind) = (None, None);
    for line in lines.iter().skip(start) {
        if line.text.starts_with("---") {
            break;
        }
        if let Some(value) = line.text.strip_prefix("apiVersion:") {
            api_version = Some(value.trim().trim_matches(['"', '\'']).to_owned());
        } else if let Some(value) = line.text.strip_prefix("kind:") {
            kind = Some(value.trim().trim_matches(['"', '\'']).to_owned());
        }
    }
    (api_version, kind)
}

/// The definition at the end of `path`, from the document's root type.
fn resolve<'s>(
    schema: &'s Schema,
    root: &'s Definition,
    path: &[String],
) -> Option<&'s Definition> {
    let mut definition = root;
    for key in path {
        let field = definition.field(key)?;
        definition = object_of(schema, &field.ty)?;
    }
    Some(definition)
}

/// The object definition a field's values have (through arrays).
fn object_of<'s>(schema: &'s Schema, ty: &'s Type) -> Option<&'s Definition> {
    match &ty.kind {
        TypeKind::Ref(id) => schema.definition(*id),
        TypeKind::Object(definition) => Some(definition),
        TypeKind::Array { items, .. } => object_of(schema, items),
        _ => None,
    }
}

fn root_definition<'s>(
    schema: &'s Schema,
    api_version: Option<&str>,
    kind: Option<&str>,
) -> Option<&'s Definition> {
    let kind = kind?;
    let found = match api_version {
        Some(api_version) => schema.find(api_version, kind),
        None => None,
    };
    // A wrong apiVersion (the seed's `v1` Deployment) still gets help for the kind.
    let found = found.or_else(|| schema.kind_versions(kind).last())?;
    schema.definition(found.definition)
}

/// How people read a type: `string`, `[]Container`, `map[string]string`.
pub fn describe(schema: &Schema, ty: &Type) -> String {
    match &ty.kind {
        TypeKind::String {
            values: Some(values),
            ..
        } if values.len() <= 6 => values.join(" | "),
        TypeKind::String { .. } => "string".into(),
        TypeKind::Integer { .. } => "integer".into(),
        TypeKind::Number => "number".into(),
        TypeKind::Boolean => "boolean".into(),
        TypeKind::IntOrString => "integer or string".into(),
        TypeKind::Quantity => "quantity".into(),
        TypeKind::Any => "any".into(),
        TypeKind::AnyObject => "object".into(),
        TypeKind::Array { items, .. } => format!("[]{}", describe(schema, items)),
        TypeKind::Map(values) => format!("map[string]{}", describe(schema, values)),
        TypeKind::Ref(id) => schema
            .definition(*id)
            .map_or_else(|| "object".into(), |d| d.short_name().to_owned()),
        TypeKind::Object(definition) => definition.short_name().to_owned(),
    }
}

/// Field names that can be typed at `offset`: the fields of the object the cursor's line belongs
/// to, less those already present beside it.
pub fn complete(schema: &Schema, text: &str, offset: usize) -> Option<Completions> {
    let lines = lines(text);
    let index = lines.iter().rposition(|line| line.start <= offset)?;
    let line = lines.get(index)?;
    let in_line = offset.checked_sub(line.start)?.min(line.text.len());
    let before = line.text.get(..in_line)?;
    let column = content_column(before);
    let word = before.get(column..)?;
    // After `key: `, a value: the field's enumerated values, if it has any.
    if let Some((key, value)) = word.split_once(": ") {
        return complete_value(schema, &lines, index, column, key, value, offset);
    }
    // Only a key position: the cursor after indentation (and maybe `- `), on a word, no colon yet.
    if !word
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.' || c == '/')
    {
        return None;
    }
    let (path, document_start) = path_to(&lines, index, column);
    let (api_version, kind) = document_type(&lines, document_start);
    let root = root_definition(schema, api_version.as_deref(), kind.as_deref());
    let Some(root) = root else {
        // Top of a document with no kind yet: offer the fields every object has.
        return (path.is_empty() && column == 0).then(|| Completions {
            from: line.start + column,
            items: ["apiVersion", "kind", "metadata", "spec", "data"]
                .iter()
                .map(|label| CompletionItem {
                    label: (*label).into(),
                    detail: String::new(),
                    required: false,
                    definition: String::new(),
                    field: (*label).into(),
                })
                .collect(),
        });
    };
    let definition = resolve(schema, root, &path)?;
    let present = siblings(&lines, index, column);
    let items = definition
        .fields
        .iter()
        .filter(|field| {
            !present.iter().any(|key| key == &field.name) && field.name.starts_with(word)
        })
        .map(|field| CompletionItem {
            label: field.name.clone(),
            detail: describe(schema, &field.ty),
            required: field.required,
            definition: definition.name.clone(),
            field: field.name.clone(),
        })
        .collect();
    Some(Completions {
        from: line.start + column,
        items,
    })
}

/// The values a field takes, when the schema lists them (`imagePullPolicy`, a Service's `type`)
/// or it is a boolean, that start with `value` (typed up to `offset`).
fn complete_value(
    schema: &Schema,
    lines: &[Line<'_>],
    index: usize,
    column: usize,
    key: &str,
    value: &str,
    offset: usize,
) -> Option<Completions> {
    let key = key.trim().trim_matches(['"', '\'']);
    let typed = value.trim_start();
    let quote = typed.starts_with(['"', '\'']);
    let prefix = typed.trim_start_matches(['"', '\'']);
    if prefix.contains([' ', '#', '"', '\'']) {
        return None;
    }
    let (path, document_start) = path_to(lines, index, column);
    let (api_version, kind) = document_type(lines, document_start);
    let root = root_definition(schema, api_version.as_deref(), kind.as_deref())?;
    let definition = resolve(schema, root, &path)?;
    let field = definition.field(key)?;
    let values: Vec<String> = match &field.ty.kind {
        TypeKind::String {
            values: Some(values),
            ..
        } => values.clone(),
        TypeKind::Boolean if !quote => vec!["true".to_owned(), "false".to_owned()],
        _ => return None,
    };
    let detail = describe(schema, &field.ty);
    Some(Completions {
        from: offset.checked_sub(prefix.len())?,
        items: values
            .into_iter()
            .filter(|candidate| candidate.starts_with(prefix))
            .map(|label| CompletionItem {
                label,
                detail: detail.clone(),
                required: false,
                // The field's documentation tells what each value means.
                definition: definition.name.clone(),
                field: key.to_owned(),
            })
            .collect(),
    })
}

/// Keys already written at `column` in the same mapping as line `index`.
fn siblings(lines: &[Line<'_>], index: usize, column: usize) -> Vec<String> {
    let mut keys = Vec::new();
    let same_block = |line: &Line<'_>| {
        let trimmed = line.text.trim_start();
        trimmed.is_empty() || trimmed.starts_with('#') || content_column(line.text) > column
    };
    for direction in [-1isize, 1] {
        let mut i = index as isize + direction;
        while let Some(line) = usize::try_from(i).ok().and_then(|i| lines.get(i)) {
            if line.text.starts_with("---") {
                break;
            }
            if content_column(line.text) == column && !line.text.trim().is_empty() {
                if let Some((_, key)) = key_of(line.text) {
                    keys.push(key.to_owned());
                }
                // A new list item starts another mapping.
                let indent = line.text.len() - line.text.trim_start().len();
                if line.text.trim_start().starts_with("- ") && indent + 2 == column {
                    break;
                }
            } else if !same_block(line) {
                break;
            }
            i += direction;
        }
    }
    keys
}

/// The field whose key is under `offset`.
pub fn hover(schema: &Schema, text: &str, offset: usize) -> Option<Hover> {
    let lines = lines(text);
    let index = lines.iter().rposition(|line| line.start <= offset)?;
    let line = lines.get(index)?;
    let (column, key) = key_of(line.text)?;
    let key_start = line.start + column + line.text.get(column..)?.find(key)?;
    if offset < key_start || offset > key_start + key.len() {
        return None;
    }
    let (path, document_start) = path_to(&lines, index, column);
    let (api_version, kind) = document_type(&lines, document_start);
    let root = root_definition(schema, api_version.as_deref(), kind.as_deref())?;
    let definition = resolve(schema, root, &path)?;
    let field = definition.field(key)?;
    let mut shown = vec![kind.unwrap_or_default()];
    let mut current = root;
    for step in &path {
        let array = current
            .field(step)
            .is_some_and(|f| matches!(f.ty.kind, TypeKind::Array { .. }));
        shown.push(if array {
            format!("{step}[]")
        } else {
            step.clone()
        });
        current = current
            .field(step)
            .and_then(|f| object_of(schema, &f.ty))
            .unwrap_or(current);
    }
    shown.push(key.to_owned());
    Some(Hover {
        start: key_start,
        end: key_start + key.len(),
        field: key.to_owned(),
        detail: describe(schema, &field.ty),
        definition: definition.name.clone(),
        path: shown.join("."),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> (String, usize) {
        let offset = text.find('|').expect("a cursor");
        (text.replacen('|', "", 1), offset)
    }

    fn labels(text: &str) -> Vec<String> {
        let (text, offset) = at(text);
        complete(Schema::builtin(), &text, offset)
            .map(|c| c.items.into_iter().map(|i| i.label).collect())
            .unwrap_or_default()
    }

    #[test]
    fn completes_fields_of_the_object_at_the_cursor() {
        let deployment = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  la|\n";
        assert_eq!(labels(deployment), ["labels"]);
        let container = "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          im|\n";
        assert_eq!(labels(container), ["image", "imagePullPolicy"]);
        // Fields already present are not offered again.
        let service = "apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - port: 80\n      |\n";
        let offered = labels(service);
        assert!(
            offered.contains(&"targetPort".to_owned()) && !offered.contains(&"port".to_owned()),
            "{offered:?}"
        );
        // The seed's wrong apiVersion still gets help for the kind.
        assert_eq!(
            labels("apiVersion: v1\nkind: Deployment\nspec:\n  repl|\n"),
            ["replicas"]
        );
        // Values the schema enumerates, and booleans.
        assert_eq!(
            labels("apiVersion: v1\nkind: Service\nspec:\n  type: Lo|\n"),
            ["LoadBalancer"]
        );
        assert_eq!(
            labels(
                "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - imagePullPolicy: \"|\n"
            ),
            ["Always", "IfNotPresent", "Never"]
        );
        assert_eq!(
            labels("apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: |\n"),
            ["true", "false"]
        );
        // Not other values.
        assert!(labels("apiVersion: v1\nkind: Service\nmetadata:\n  name: w|\n").is_empty());
    }

    #[test]
    fn hover_names_the_field_and_its_type() {
        let (text, offset) =
            at("apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - po|rt: 80\n");
        let hover = hover(Schema::builtin(), &text, offset).unwrap();
        assert_eq!(hover.field, "port");
        assert_eq!(hover.detail, "integer");
        assert_eq!(hover.definition, "api.core.v1.ServicePort");
        assert_eq!(hover.path, "Service.spec.ports[].port");
        assert_eq!(&text[hover.start..hover.end], "port");
    }

    #[test]
    fn odd_input_is_silent_not_a_panic() {
        for text in [
            "",
            "-",
            ": :",
            "\n\n  - - -\n",
            "kind: Nope\nspec:\n  x|",
            "---\n---\n|",
            "é:\n  ü|",
        ] {
            let (text, offset) = if text.contains('|') {
                at(text)
            } else {
                (text.to_owned(), text.len())
            };
            for o in 0..=text.len() {
                let _ = complete(Schema::builtin(), &text, o.min(offset.max(o)));
                let _ = hover(Schema::builtin(), &text, o);
            }
        }
    }
}
