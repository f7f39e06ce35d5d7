//! The Compose Specification's JSON schema, as Docker Compose embeds it, applied to each file as
//! compose-go applies it (to every file on its own, before merging): an unknown property (with
//! did-you-mean and a fix), a mapping, list or scalar where the schema wants another kind, a value
//! outside an enumeration. Every violation is reported, each at its key or value; the reference
//! stops at the first.
//!
//! The schema is compiled into [`tables`] by `cargo xtask compose-schema` (a node per schema
//! object: `$ref` followed, `allOf` merged, `oneOf`/`anyOf` kept as alternatives). Scalars are not
//! checked against scalar types: compose-go converts strings to numbers and booleans where the
//! model wants them, after interpolation, so `"8080"` and `${PORT}` are both fine for a number.

use drydock_base::suggest::did_you_mean;
use drydock_base::{Fix, TextRange};
use drydock_yaml::{Document, NodeId, ScalarKind, Value};

mod tables;

const OBJECT: u8 = 1;
const ARRAY: u8 = 2;
const SCALAR: u8 = 4 | 8 | 16 | 32 | 64;

/// What a schema says of the properties its `properties` and `patternProperties` do not name
/// (the Compose schema gives no schema for them: `cargo xtask compose-schema` refuses one).
#[derive(Debug, Clone, Copy)]
enum Additional {
    Any,
    Forbidden,
}

/// The patterns of the schema's `patternProperties`, each matched by hand.
#[derive(Debug, Clone, Copy)]
enum Pattern {
    /// `^x-`: an extension.
    XPrefix,
    /// `^[a-zA-Z0-9._-]+$`.
    Name,
    /// `^.+$`, `.+`.
    NonEmpty,
    /// `^[a-z]+$`.
    Lowercase,
}

impl Pattern {
    fn matches(self, key: &str) -> bool {
        match self {
            Pattern::XPrefix => key.starts_with("x-"),
            Pattern::Name => {
                !key.is_empty()
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
            }
            Pattern::NonEmpty => !key.is_empty() && !key.contains('\n'),
            Pattern::Lowercase => !key.is_empty() && key.bytes().all(|b| b.is_ascii_lowercase()),
        }
    }
}

/// One schema object.
#[derive(Debug)]
struct Node {
    /// The JSON types it allows (`OBJECT`, `ARRAY`, then the scalar types); 0 allows every type.
    types: u8,
    properties: &'static [(&'static str, u16)],
    patterns: &'static [(Pattern, u16)],
    additional: Additional,
    items: Option<u16>,
    /// `oneOf` / `anyOf`: the value must fit one of these.
    alternatives: &'static [u16],
    /// The strings an `enum` allows (empty: no enumeration).
    enumeration: &'static [&'static str],
}

/// What the schema refuses in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub range: TextRange,
    pub message: String,
    pub fix: Option<Fix>,
}

/// Nesting deeper than this is not followed (the schema is finite; a YAML tree may not be).
const MAX_DEPTH: usize = 64;

/// Every violation of the schema in `document` (one document of a Compose file). compose-go
/// validates each file merged over the ones before it; a value of another shape in an override
/// may be merged into the right one (`environment: A=1` over a mapping becomes a mapping), so
/// `shapes` is false for an override: only what no merge removes (an unknown property, a value
/// outside an enumeration) is reported there.
pub fn validate(document: &Document, shapes: bool) -> Vec<Violation> {
    let mut out = Sink {
        shapes,
        violations: Vec::new(),
    };
    if let Some(root) = document.root {
        walk(document, 0, root, "", 0, &mut out);
    }
    out.violations
}

/// Where violations go, and whether shapes are reported.
struct Sink {
    shapes: bool,
    violations: Vec<Violation>,
}

fn node(id: u16) -> Option<&'static Node> {
    tables::NODES.get(usize::from(id))
}

/// The kind of a YAML value, as a type bit.
fn kind_of(document: &Document, value: NodeId) -> u8 {
    match document.node(value).map(|n| &n.value) {
        Some(Value::Mapping(_)) => OBJECT,
        Some(Value::Sequence(_)) => ARRAY,
        _ => SCALAR,
    }
}

fn accepts(schema: &Node, kind: u8) -> bool {
    schema.types == 0 || schema.types & kind != 0
}

/// What a set of types is called in a message.
fn describe(types: u8) -> String {
    let mut names = Vec::new();
    if types & OBJECT != 0 {
        names.push("a mapping");
    }
    if types & ARRAY != 0 {
        names.push("a list");
    }
    if types & SCALAR != 0 {
        names.push("a single value");
    }
    names.join(" or ")
}

fn kind_name(kind: u8) -> &'static str {
    match kind {
        OBJECT => "a mapping",
        ARRAY => "a list",
        _ => "a single value",
    }
}

/// Joins a path and a key as compose-go writes model paths.
fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

fn walk(
    document: &Document,
    schema_id: u16,
    value: NodeId,
    path: &str,
    depth: usize,
    out: &mut Sink,
) {
    let Some(schema) = node(schema_id) else {
        return;
    };
    if depth > MAX_DEPTH {
        return;
    }
    let kind = kind_of(document, value);
    // A null (`key:` with nothing after it) is left to the loader: compose-go reads it as an
    // empty value in most places.
    if document
        .scalar(value)
        .is_some_and(|s| s.kind == ScalarKind::Null)
    {
        return;
    }
    if !accepts(schema, kind) {
        report_kind(document, value, path, schema.types, kind, out);
        return;
    }
    if !schema.alternatives.is_empty() {
        let fitting = schema
            .alternatives
            .iter()
            .copied()
            .find(|&alternative| node(alternative).is_some_and(|n| accepts(n, kind)));
        match fitting {
            Some(alternative) => walk(document, alternative, value, path, depth + 1, out),
            None => {
                let types = schema
                    .alternatives
                    .iter()
                    .filter_map(|&a| node(a))
                    .fold(0, |types, n| {
                        types | if n.types == 0 { 0xff } else { n.types }
                    });
                report_kind(document, value, path, types, kind, out);
            }
        }
        // The node's own keywords apply beside the alternatives' (rarely both are present).
    }
    match document.node(value).map(|n| &n.value) {
        Some(Value::Mapping(entries)) => {
            for entry in entries {
                let Some(key) = document.key_str(entry) else {
                    continue;
                };
                let key_path = child(path, key);
                if let Some(&(_, sub)) = schema.properties.iter().find(|(name, _)| *name == key) {
                    walk(document, sub, entry.value, &key_path, depth + 1, out);
                    continue;
                }
                if let Some(&(_, sub)) = schema.patterns.iter().find(|(p, _)| p.matches(key)) {
                    walk(document, sub, entry.value, &key_path, depth + 1, out);
                    continue;
                }
                match schema.additional {
                    Additional::Any => {}
                    Additional::Forbidden => {
                        if entry.merged || key.starts_with("x-") {
                            continue;
                        }
                        let suggestion =
                            did_you_mean(key, schema.properties.iter().map(|(name, _)| *name));
                        let range = document.range(entry.key);
                        let place = if path.is_empty() {
                            "at the top level of a Compose file".to_owned()
                        } else {
                            format!("in `{path}`")
                        };
                        out.violations.push(Violation {
                            range,
                            message: format!(
                                "`{key}` is not a property the Compose Specification allows {place}{}: Docker Compose refuses the file (`{} additional properties '{key}' not allowed`)",
                                suggestion
                                    .map(|s| format!(" (did you mean `{s}`?)"))
                                    .unwrap_or_default(),
                                if path.is_empty() { "(root)" } else { path }
                            ),
                            fix: suggestion
                                .map(|s| Fix::replace(format!("Rename to `{s}`"), range, s)),
                        });
                    }
                }
            }
        }
        Some(Value::Sequence(items)) => {
            if let Some(item_schema) = schema.items {
                for (at, &item) in items.iter().enumerate() {
                    walk(
                        document,
                        item_schema,
                        item,
                        &format!("{path}.{at}"),
                        depth + 1,
                        out,
                    );
                }
            }
        }
        Some(Value::Scalar(scalar))
            if !schema.enumeration.is_empty()
                && scalar.kind == ScalarKind::String
                && !scalar.value.contains('$')
                && !schema.enumeration.contains(&scalar.value.as_str()) =>
        {
            let range = document.range(value);
            let suggestion = did_you_mean(&scalar.value, schema.enumeration.iter().copied());
            out.violations.push(Violation {
                range,
                message: format!(
                    "`{}` is not a value `{path}` takes{}: it must be one of {}",
                    scalar.value,
                    suggestion
                        .map(|s| format!(" (did you mean `{s}`?)"))
                        .unwrap_or_default(),
                    schema
                        .enumeration
                        .iter()
                        .map(|e| format!("`{e}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                fix: suggestion.map(|s| Fix::replace(format!("Replace with `{s}`"), range, s)),
            });
        }
        Some(Value::Scalar(_)) => {}
        None => {}
    }
}

fn report_kind(
    document: &Document,
    value: NodeId,
    path: &str,
    wanted: u8,
    kind: u8,
    out: &mut Sink,
) {
    // Scalars are converted by the loader; only a collection where the schema wants another
    // shape is certain to be refused.
    if !out.shapes || (kind == SCALAR && wanted & SCALAR != 0) {
        return;
    }
    out.violations.push(Violation {
        range: document.range(value),
        message: format!(
            "`{}` must be {}, not {}: Docker Compose refuses the file",
            if path.is_empty() { "(root)" } else { path },
            describe(wanted),
            kind_name(kind)
        ),
        fix: None,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn violations(text: &str) -> Vec<(String, String)> {
        let stream = drydock_yaml::parse(text);
        stream
            .documents
            .iter()
            .flat_map(|document| validate(document, true))
            .map(|v| {
                (
                    text.get(v.range.start..v.range.end)
                        .unwrap_or("")
                        .to_owned(),
                    v.message,
                )
            })
            .collect()
    }

    #[test]
    fn unknown_properties_are_found_with_did_you_mean() {
        let found = violations(
            "services:\n  web:\n    image: nginx:1.27\n    contianer_name: web\n    x-note: fine\n    healthcheck:\n      test: [\"CMD\", \"true\"]\n      intervall: 5s\n    deploy:\n      resources:\n        limits:\n          cpus: \"0.5\"\nnetwork:\n  front: {}\nx-common: {}\n",
        );
        let keys: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["contianer_name", "intervall", "network"]);
        assert!(
            found[0].1.contains("did you mean `container_name`?"),
            "{}",
            found[0].1
        );
        assert!(
            found[1].1.contains("did you mean `interval`?"),
            "{}",
            found[1].1
        );
        assert!(
            found[2].1.contains("did you mean `networks`?"),
            "{}",
            found[2].1
        );
    }

    #[test]
    fn kinds_and_enumerations() {
        let found = violations(
            "services:\n  web:\n    image: nginx:1.27\n    pull_policy: allways\n    ports:\n      web: 80\n    environment: A=1\n    depends_on:\n      db:\n        condition: service_healty\n",
        );
        let values: Vec<&str> = found.iter().map(|(k, _)| k.as_str()).collect();
        // `pull_policy` has no enumeration in the schema (the loader checks it).
        assert_eq!(values, ["web: 80", "A=1", "service_healty"], "{found:?}");
        assert!(found[0].1.contains("must be a list"), "{}", found[0].1);
        assert!(
            found[1].1.contains("must be a mapping or a list"),
            "{}",
            found[1].1
        );
    }

    #[test]
    fn valid_files_pass() {
        let found = violations(
            "name: shop\nservices:\n  web:\n    build:\n      context: .\n      args:\n        A: \"1\"\n    ports:\n      - \"8080:80\"\n      - target: 443\n        published: \"${HTTPS_PORT}\"\n    environment:\n      - A=1\n    volumes:\n      - type: bind\n        source: .\n        target: /app\n    restart: ${RESTART:-always}\n    networks:\n      front:\n        aliases: [www]\nnetworks:\n  front:\nvolumes:\n  data:\n    driver: local\n",
        );
        assert_eq!(found, Vec::<(String, String)>::new());
    }
}
