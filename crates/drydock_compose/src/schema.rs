//! The Compose Specification's JSON schema, as Docker Compose embeds it, applied to each file as
//! compose-go applies it (to every file on its own, before merging): an unknown property (with
//! did-you-mean and a fix), a mapping, list or scalar where the schema wants another kind, a value
//! outside an enumeration, a string that does not match the schema's `pattern`, an integer
//! outside its `minimum`/`maximum`, a missing `required` property, an empty (null) value where
//! the schema wants a mapping, list or string. Every violation is reported, each at its key or
//! value; the reference stops at the first.
//!
//! The schema is compiled into [`tables`] by `cargo xtask compose-schema` (a node per schema
//! object: `$ref` followed, `allOf` merged, `oneOf`/`anyOf` kept as alternatives). Scalars are not
//! checked against scalar types: compose-go converts strings to numbers and booleans where the
//! model wants them, after interpolation, so `"8080"` and `${PORT}` are both fine for a number.
//! For the same reason a value with a `$` in it is never checked against an enumeration or a
//! pattern (the reference checks what interpolation makes of it), and only integers written as
//! such are checked against a range.
//!
//! Where a violation sits in a `oneOf`/`anyOf`, the reference's words are those of its most
//! specific error: the deepest, and of those the first branch's. So `cpu_percent: 150` (a string,
//! or an integer from 0 to 100) is reported by Compose as `cpu_percent must be a string`; each
//! message quotes the reference's words as it would print them.
//!
//! Required properties are demanded only where the whole object is in view: in the project file
//! (an override's objects are completed by the files before it) and outside any service or job
//! with `extends` (compose-go applies `extends` before it validates, so the base may bring the
//! missing property). Merge keys (`<<: *base`) are expanded by the parser and count as present.

use drydock_base::suggest::did_you_mean;
use drydock_base::{Fix, TextRange};
use drydock_yaml::{Document, NodeId, ScalarKind, Value};

mod descriptions;
mod place;
mod tables;

pub use place::{Place, Property};

const OBJECT: u8 = 1;
const ARRAY: u8 = 2;
const SCALAR: u8 = 4 | 8 | 16 | 32 | 64;
const NULL: u8 = 64;

/// The JSON type names of the type bits (the order of `compose_schema.py`'s `TYPES`), as
/// compose-go words them (`object` is a `mapping`).
const TYPE_NAMES: [&str; 7] = [
    "mapping", "array", "string", "number", "integer", "boolean", "null",
];

/// What a schema says of the properties its `properties` and `patternProperties` do not name
/// (the Compose schema gives no schema for them: `cargo xtask compose-schema` refuses one).
#[derive(Debug, Clone, Copy)]
enum Additional {
    Any,
    Forbidden,
}

/// The patterns of the schema's `patternProperties` and `pattern`s, each matched by hand
/// (drydock_compose has no regular expression engine; `cargo xtask compose-schema` refuses a
/// pattern not named here).
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
    /// `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (not anchored: somewhere in the value).
    ContainerName,
    /// `^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$`.
    PullPolicy,
}

/// The fixed words of [`Pattern::PullPolicy`].
const PULL_POLICIES: [&str; 8] = [
    "always",
    "never",
    "build",
    "if_not_present",
    "missing",
    "refresh",
    "daily",
    "weekly",
];

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
            Pattern::ContainerName => key.as_bytes().windows(2).any(|pair| {
                matches!(pair, [first, second] if first.is_ascii_alphanumeric()
                    && (second.is_ascii_alphanumeric() || matches!(second, b'_' | b'.' | b'-')))
            }),
            Pattern::PullPolicy => {
                PULL_POLICIES.contains(&key)
                    || key.strip_prefix("every_").is_some_and(is_duration_units)
            }
        }
    }

    /// The pattern as the schema writes it.
    fn source(self) -> &'static str {
        match self {
            Pattern::XPrefix => "^x-",
            Pattern::Name => "^[a-zA-Z0-9._-]+$",
            Pattern::NonEmpty => "^.+$",
            Pattern::Lowercase => "^[a-z]+$",
            Pattern::ContainerName => "[a-zA-Z0-9][a-zA-Z0-9_.-]+",
            Pattern::PullPolicy => {
                "^(always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+)$"
            }
        }
    }

    /// What the pattern asks for, in words.
    fn explain(self) -> &'static str {
        match self {
            Pattern::XPrefix => "a name starting with `x-`",
            Pattern::Name => "letters, digits, `.`, `_` and `-`",
            Pattern::NonEmpty => "a value on one line",
            Pattern::Lowercase => "lower-case letters",
            Pattern::ContainerName => {
                "a letter or digit followed by at least one more letter, digit, `_`, `.` or `-`"
            }
            Pattern::PullPolicy => {
                "`always`, `never`, `build`, `if_not_present`, `missing`, `refresh`, `daily`, `weekly`, or `every_` and a duration such as `every_12h` or `every_1d12h`"
            }
        }
    }
}

/// `([0-9]+[wdhms])+`, the whole text.
fn is_duration_units(text: &str) -> bool {
    let mut digits = 0;
    let mut groups = 0;
    for b in text.bytes() {
        if b.is_ascii_digit() {
            digits += 1;
        } else if digits > 0 && matches!(b, b'w' | b'd' | b'h' | b'm' | b's') {
            digits = 0;
            groups += 1;
        } else {
            return false;
        }
    }
    digits == 0 && groups > 0
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
    /// The properties a mapping must have.
    required: &'static [&'static str],
    /// The pattern a string must match.
    pattern: Option<Pattern>,
    /// The bounds of an integer.
    minimum: Option<i64>,
    maximum: Option<i64>,
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
/// may be merged into the right one (`environment: A=1` over a mapping becomes a mapping), and an
/// object in an override may be completed by the files before it, so `shapes` is false for an
/// override: only what no merge removes (an unknown property, a value outside an enumeration,
/// a pattern or a range) is reported there.
pub fn validate(document: &Document, shapes: bool) -> Vec<Violation> {
    let mut out = Sink {
        shapes,
        violations: Vec::new(),
    };
    if let Some(root) = document.root {
        let at = At {
            path: "",
            key: None,
            depth: 0,
            complete: true,
            words: None,
        };
        walk(document, 0, root, at, &mut out);
    }
    out.violations
}

/// Where violations go, and whether shapes (and required properties, and empty values) are
/// reported.
struct Sink {
    shapes: bool,
    violations: Vec<Violation>,
}

/// Where a value sits.
#[derive(Clone, Copy)]
struct At<'a> {
    /// The model path, as compose-go writes it (`services.web.ports.0`).
    path: &'a str,
    /// The key whose value it is (`None` for a list item and the root).
    key: Option<NodeId>,
    depth: usize,
    /// False under a service or job with `extends`: its properties may come from the base.
    complete: bool,
    /// The reference's words for an error at this very place, when a `oneOf`/`anyOf` branch
    /// before the one followed fails here (its error is as specific, and comes first).
    words: Option<&'a str>,
}

impl At<'_> {
    /// The path as messages show it.
    fn shown(&self) -> &str {
        if self.path.is_empty() {
            "(root)"
        } else {
            self.path
        }
    }

    /// The reference's words for an error here: those of an earlier branch, or `own`.
    fn words(&self, own: impl FnOnce() -> String) -> String {
        self.words.map_or_else(own, str::to_owned)
    }

    /// Where an error about the value as a whole goes: its key, or the value itself.
    fn range(&self, document: &Document, value: NodeId) -> TextRange {
        let range = document.range(value);
        match self.key {
            Some(key) if range.is_empty() || document.entries(value).is_some() => {
                document.range(key)
            }
            _ => range,
        }
    }
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

/// The exact JSON types a value has (for a scalar: `integer` is also a `number`), as type bits.
fn exact_kind(document: &Document, value: NodeId) -> u8 {
    match document.node(value).map(|n| &n.value) {
        Some(Value::Mapping(_)) => OBJECT,
        Some(Value::Sequence(_)) => ARRAY,
        Some(Value::Scalar(scalar)) => match scalar.kind {
            ScalarKind::Null => NULL,
            ScalarKind::Bool(_) => 32,
            ScalarKind::Int(_) => 16 | 8,
            ScalarKind::Float(_) => 8,
            ScalarKind::String => 4,
        },
        None => 0,
    }
}

fn accepts(schema: &Node, kind: u8) -> bool {
    schema.types == 0 || schema.types & kind != 0
}

/// Whether a null passes the schema: it allows every type or `null`, or an alternative does.
fn allows_null(schema: &Node, depth: usize) -> bool {
    if schema.types != 0 && schema.types & NULL == 0 {
        return false;
    }
    if schema.types & NULL != 0 || schema.alternatives.is_empty() || depth > MAX_DEPTH {
        return true;
    }
    schema
        .alternatives
        .iter()
        .filter_map(|&a| node(a))
        .any(|a| allows_null(a, depth + 1))
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

/// A set of types as compose-go words them: `mapping`, `integer or string`, `boolean, null,
/// number or string` (sorted).
fn reference_types(types: u8) -> String {
    let mut names: Vec<&str> = TYPE_NAMES
        .iter()
        .enumerate()
        .filter(|&(bit, _)| types & (1 << bit) != 0)
        .map(|(_, name)| *name)
        .collect();
    names.sort_unstable();
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => (*last).to_owned(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
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

/// The required properties of `schema` that the mapping `value` lacks (none for another kind).
fn missing(document: &Document, schema: &Node, value: NodeId) -> Vec<&'static str> {
    if document.entries(value).is_none() {
        return Vec::new();
    }
    schema
        .required
        .iter()
        .copied()
        .filter(|name| document.get(value, name).is_none())
        .collect()
}

/// The reference's words for missing properties.
fn missing_words(path: &str, names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    if let [one] = quoted.as_slice() {
        format!("{path} missing property {one}")
    } else {
        format!("{path} missing properties {}", quoted.join(", "))
    }
}

/// The reference's words for the error of a `oneOf`/`anyOf` branch not followed (it does not
/// accept the value's exact type, or lacks a property it requires), if the branch fails here.
fn branch_words(
    document: &Document,
    branch: &Node,
    value: NodeId,
    kind: u8,
    path: &str,
) -> Option<String> {
    if !accepts(branch, kind) {
        return Some(format!(
            "{path} must be a {}",
            reference_types(branch.types)
        ));
    }
    let absent = missing(document, branch, value);
    (!absent.is_empty()).then(|| missing_words(path, &absent))
}

fn walk(document: &Document, schema_id: u16, value: NodeId, at: At, out: &mut Sink) {
    let Some(schema) = node(schema_id) else {
        return;
    };
    if at.depth > MAX_DEPTH {
        return;
    }
    let kind = kind_of(document, value);
    let path = at.path;
    if document
        .scalar(value)
        .is_some_and(|s| s.kind == ScalarKind::Null)
    {
        report_null(document, schema, value, at, out);
        return;
    }
    if !accepts(schema, kind) {
        report_kind(document, value, path, schema.types, kind, out);
        return;
    }
    if !schema.alternatives.is_empty() {
        let branches: Vec<&Node> = schema
            .alternatives
            .iter()
            .filter_map(|&a| node(a))
            .collect();
        // The first branch the value fits, by its exact type (an integer picks the `integer`
        // branch, with its bounds) or its kind, and its required properties; else the first of
        // its kind (whose errors are then reported).
        let exact = exact_kind(document, value);
        let fitting = branches
            .iter()
            .position(|b| accepts(b, exact) && missing(document, b, value).is_empty())
            .or_else(|| {
                branches
                    .iter()
                    .position(|b| accepts(b, kind) && missing(document, b, value).is_empty())
            })
            .or_else(|| branches.iter().position(|b| accepts(b, kind)));
        match fitting {
            Some(index) => {
                let earlier = match at.words {
                    Some(words) => Some(words.to_owned()),
                    None => branches
                        .get(..index)
                        .unwrap_or_default()
                        .iter()
                        .find_map(|b| branch_words(document, b, value, exact, path)),
                };
                if let Some(&alternative) = schema.alternatives.get(index) {
                    let inner = At {
                        depth: at.depth + 1,
                        words: earlier.as_deref(),
                        ..at
                    };
                    walk(document, alternative, value, inner, out);
                }
            }
            None => {
                let types = branches.iter().fold(0, |types, n| {
                    types | if n.types == 0 { 0xff } else { n.types }
                });
                report_kind(document, value, path, types, kind, out);
            }
        }
        // The node's own keywords apply beside the alternatives' (rarely both are present).
    }
    match document.node(value).map(|n| &n.value) {
        Some(Value::Mapping(entries)) => {
            let absent = missing(document, schema, value);
            if out.shapes && at.complete && !absent.is_empty() {
                let names: Vec<String> = absent.iter().map(|n| format!("`{n}`")).collect();
                out.violations.push(Violation {
                    range: at.range(document, value),
                    message: format!(
                        "`{}` has no {}, which the Compose Specification requires there: Docker Compose refuses the file (`{}`)",
                        at.shown(),
                        names.join(" and "),
                        at.words(|| missing_words(path, &absent))
                    ),
                    fix: None,
                });
            }
            // A service or job that extends another may take any property from it.
            let complete = at.complete
                && !(schema.properties.iter().any(|(name, _)| *name == "extends")
                    && document.get(value, "extends").is_some());
            for entry in entries {
                let Some(key) = document.key_str(entry) else {
                    continue;
                };
                let key_path = child(path, key);
                let inner = At {
                    path: &key_path,
                    key: Some(entry.key),
                    depth: at.depth + 1,
                    complete,
                    words: None,
                };
                if let Some(&(_, sub)) = schema.properties.iter().find(|(name, _)| *name == key) {
                    walk(document, sub, entry.value, inner, out);
                    continue;
                }
                if let Some(&(_, sub)) = schema.patterns.iter().find(|(p, _)| p.matches(key)) {
                    walk(document, sub, entry.value, inner, out);
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
                for (index, &item) in items.iter().enumerate() {
                    let item_path = format!("{path}.{index}");
                    let inner = At {
                        path: &item_path,
                        key: None,
                        depth: at.depth + 1,
                        complete: at.complete,
                        words: None,
                    };
                    walk(document, item_schema, item, inner, out);
                }
            }
        }
        Some(Value::Scalar(scalar)) => check_scalar(document, schema, value, scalar, at, out),
        None => {}
    }
}

/// A scalar against the node's enumeration, pattern and bounds.
fn check_scalar(
    document: &Document,
    schema: &Node,
    value: NodeId,
    scalar: &drydock_yaml::Scalar,
    at: At,
    out: &mut Sink,
) {
    let path = at.path;
    // A `$` is interpolated (or escaped) before the reference validates.
    let literal = scalar.kind == ScalarKind::String && !scalar.value.contains('$');
    if literal
        && !schema.enumeration.is_empty()
        && !schema.enumeration.contains(&scalar.value.as_str())
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
    if literal
        && let Some(pattern) = schema.pattern
        && !pattern.matches(&scalar.value)
    {
        let range = document.range(value);
        let suggestion = match pattern {
            Pattern::PullPolicy => did_you_mean(&scalar.value, PULL_POLICIES.iter().copied()),
            _ => None,
        };
        out.violations.push(Violation {
            range,
            message: format!(
                "`{}` is not a valid `{}`{}: the Compose Specification wants {} (`{}`), so Docker Compose refuses the file (`{}`)",
                scalar.value,
                at.shown(),
                suggestion
                    .map(|s| format!(" (did you mean `{s}`?)"))
                    .unwrap_or_default(),
                pattern.explain(),
                pattern.source(),
                at.words(|| format!(
                    "{path} '{}' does not match pattern '{}'",
                    scalar.value,
                    pattern.source()
                ))
            ),
            fix: suggestion.map(|s| Fix::replace(format!("Replace with `{s}`"), range, s)),
        });
    }
    if let ScalarKind::Int(number) = scalar.kind {
        let below = schema.minimum.filter(|&minimum| number < minimum);
        let above = schema.maximum.filter(|&maximum| number > maximum);
        if below.is_some() || above.is_some() {
            let allowed = match (schema.minimum, schema.maximum) {
                (Some(minimum), Some(maximum)) => format!("from {minimum} to {maximum}"),
                (Some(minimum), None) => format!("{minimum} or more"),
                (None, Some(maximum)) => format!("{maximum} or less"),
                (None, None) => String::new(),
            };
            let own = || match (below, above) {
                (Some(minimum), _) => {
                    format!("{path} must be greater than or equal to {minimum}")
                }
                (_, Some(maximum)) => format!("{path} must be less than or equal to {maximum}"),
                _ => String::new(),
            };
            out.violations.push(Violation {
                range: document.range(value),
                message: format!(
                    "`{number}` is out of range for `{}`: the Compose Specification allows {allowed}, so Docker Compose refuses the file (`{}`)",
                    at.shown(),
                    at.words(own)
                ),
                fix: None,
            });
        }
    }
}

/// A null (`key:` with nothing after it) where the schema allows no null. compose-go keeps nulls
/// as they are for the schema; only a value of an override may be completed by a merge.
fn report_null(document: &Document, schema: &Node, value: NodeId, at: At, out: &mut Sink) {
    if !out.shapes || allows_null(schema, 0) {
        return;
    }
    // The types the schema (or its first branch) wants, as the reference names them.
    let first = schema.alternatives.first().and_then(|&a| node(a));
    let wanted = match first {
        Some(branch) if schema.types == 0 => branch.types,
        _ => schema.types,
    };
    let all = schema
        .alternatives
        .iter()
        .filter_map(|&a| node(a))
        .fold(schema.types, |types, n| types | n.types);
    out.violations.push(Violation {
        range: at.range(document, value),
        message: format!(
            "`{}` is empty, but it must be {}: Docker Compose refuses the file (`{}`)",
            at.shown(),
            describe(all),
            at.words(|| format!("{} must be a {}", at.path, reference_types(wanted)))
        ),
        fix: None,
    });
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
        assert_eq!(
            values,
            ["allways", "web: 80", "A=1", "service_healty"],
            "{found:?}"
        );
        assert!(
            found[0].1.contains("did you mean `always`?"),
            "{}",
            found[0].1
        );
        assert!(found[1].1.contains("must be a list"), "{}", found[1].1);
        assert!(
            found[2].1.contains("must be a mapping or a list"),
            "{}",
            found[2].1
        );
    }

    /// The text each violation points at, and the reference's words it quotes (the last
    /// backquoted part in parentheses).
    fn quoted(text: &str, shapes: bool) -> Vec<(String, String)> {
        let stream = drydock_yaml::parse(text);
        stream
            .documents
            .iter()
            .flat_map(|document| validate(document, shapes))
            .map(|v| {
                let words = v
                    .message
                    .rsplit_once("(`")
                    .and_then(|(_, rest)| rest.strip_suffix("`)"))
                    .unwrap_or("")
                    .to_owned();
                (
                    text.get(v.range.start..v.range.end)
                        .unwrap_or("")
                        .to_owned(),
                    words,
                )
            })
            .collect()
    }

    /// Each case: a file, then the violations (where, the reference's words); none for a file
    /// the reference accepts.
    fn check(cases: &[(&str, &[(&str, &str)])], shapes: bool) {
        for (text, expected) in cases {
            let found = quoted(text, shapes);
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(at, words)| ((*at).to_owned(), (*words).to_owned()))
                .collect();
            assert_eq!(found, expected, "{text}");
        }
    }

    #[test]
    fn required_properties() {
        check(
            &[
                (
                    "services:\n  web:\n    image: a\n    depends_on:\n      db:\n        required: false\n  db:\n    image: b\n",
                    &[(
                        "db",
                        "services.web.depends_on.db missing property 'condition'",
                    )],
                ),
                (
                    "services:\n  web:\n    image: a\n    post_start:\n      - user: root\n",
                    &[(
                        "user: root",
                        "services.web.post_start.0 missing property 'command'",
                    )],
                ),
                (
                    "services:\n  web:\n    image: a\n    develop:\n      watch:\n        - target: /app\n",
                    &[(
                        "target: /app",
                        "services.web.develop.watch.0 missing properties 'path', 'action'",
                    )],
                ),
                (
                    "services:\n  web:\n    image: a\n    deploy:\n      resources:\n        reservations:\n          devices:\n            - driver: nvidia\n",
                    &[(
                        "driver: nvidia",
                        "services.web.deploy.resources.reservations.devices.0 missing property 'capabilities'",
                    )],
                ),
                (
                    "services:\n  db:\n    provider:\n      options:\n        a: b\n",
                    &[("provider", "services.db.provider missing property 'type'")],
                ),
                (
                    "jobs:\n  backup:\n    image: a\n",
                    &[("backup", "jobs.backup missing property 'triggers'")],
                ),
                // `anyOf`: one of `manual` and `schedule`.
                (
                    "jobs:\n  backup:\n    image: a\n    triggers:\n      schedule:\n        - \"0 * * * *\"\n",
                    &[],
                ),
                (
                    "jobs:\n  backup:\n    image: a\n    triggers: {}\n",
                    &[("triggers", "jobs.backup.triggers missing property 'manual'")],
                ),
                (
                    "models:\n  llm:\n    context_size: 4096\n",
                    &[("llm", "models.llm missing property 'model'")],
                ),
                // In a `oneOf`, the first branch's error is as specific, and comes first.
                (
                    "services:\n  web:\n    image: a\n    ulimits:\n      nofile:\n        soft: 1024\n",
                    &[(
                        "nofile",
                        "services.web.ulimits.nofile must be a integer or string",
                    )],
                ),
                (
                    "services:\n  web:\n    image: a\n    volumes:\n      - source: data\n        target: /data\n",
                    &[(
                        "source: data\n        target: /data",
                        "services.web.volumes.0 must be a string",
                    )],
                ),
                // Complete: a merge key brings the property; `extends` may.
                (
                    "x-dep: &dep\n  condition: service_started\nservices:\n  web:\n    image: a\n    depends_on:\n      db:\n        <<: *dep\n  db:\n    image: b\n",
                    &[],
                ),
                (
                    "services:\n  web:\n    extends:\n      file: base.yaml\n      service: web\n    depends_on:\n      db:\n        required: false\n    ulimits:\n      nofile:\n        soft: 1024\n",
                    &[],
                ),
            ],
            true,
        );
        // An override's objects are completed by the files before it.
        check(
            &[(
                "services:\n  web:\n    depends_on:\n      db:\n        required: false\n",
                &[],
            )],
            false,
        );
    }

    #[test]
    fn patterns() {
        let name = "services.web.container_name";
        let policy = "services.web.pull_policy";
        let pattern = Pattern::PullPolicy.source();
        check(
            &[
                (
                    "services:\n  web:\n    image: a\n    container_name: a\n",
                    &[(
                        "a",
                        "services.web.container_name 'a' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'",
                    )],
                ),
                (
                    "services:\n  web:\n    image: a\n    pull_policy: sometimes\n",
                    &[(
                        "sometimes",
                        &format!("{policy} 'sometimes' does not match pattern '{pattern}'"),
                    )],
                ),
                // Interpolated before the reference validates.
                (
                    "services:\n  web:\n    image: a\n    container_name: ${NAME}\n    pull_policy: ${POLICY:-never}\n",
                    &[],
                ),
                (
                    "services:\n  web:\n    image: a\n    container_name: web-1\n    pull_policy: every_1d12h\n",
                    &[],
                ),
            ],
            true,
        );
        // Not anchored: somewhere in the value.
        for good in ["ab", "-web", "a.", "a-", "my web", "x_1"] {
            assert!(Pattern::ContainerName.matches(good), "{name}: {good}");
        }
        for bad in ["", "a", "-", "é", "_a", "a b"] {
            assert!(!Pattern::ContainerName.matches(bad), "{name}: {bad}");
        }
        for good in [
            "always",
            "if_not_present",
            "weekly",
            "every_12h",
            "every_1w2d3h4m5s",
        ] {
            assert!(Pattern::PullPolicy.matches(good), "{policy}: {good}");
        }
        for bad in [
            "",
            "Always",
            "every_",
            "every_12",
            "every_h",
            "every_12x",
            "always ",
            "every_12hh",
        ] {
            assert!(!Pattern::PullPolicy.matches(bad), "{policy}: {bad}");
        }
    }

    #[test]
    fn ranges() {
        check(
            &[
                (
                    "services:\n  web:\n    image: a\n    cpu_percent: 150\n",
                    &[("150", "services.web.cpu_percent must be a string")],
                ),
                (
                    "services:\n  web:\n    image: a\n    oom_score_adj: -2000\n",
                    &[("-2000", "services.web.oom_score_adj must be a string")],
                ),
                (
                    "services:\n  web:\n    image: a\n    volumes:\n      - type: tmpfs\n        target: /tmp\n        tmpfs:\n          size: -1\n",
                    &[(
                        "-1",
                        "services.web.volumes.0.tmpfs.size must be greater than or equal to 0",
                    )],
                ),
                (
                    "services:\n  web:\n    image: a\n    cpu_percent: 100\n    oom_score_adj: -1000\n    cpu_count: \"${CPUS}\"\n",
                    &[],
                ),
            ],
            true,
        );
    }

    #[test]
    fn empty_values() {
        check(
            &[
                (
                    "services:\n  web:\n",
                    &[("web", "services.web must be a mapping")],
                ),
                (
                    "services:\n  web:\n    image: a\n    cpu_percent:\n",
                    &[("cpu_percent", "services.web.cpu_percent must be a string")],
                ),
                // The schema allows these empty.
                (
                    "services:\n  web:\n    image: a\n    command:\n    environment:\n      A:\n    networks:\n      front:\nnetworks:\n  front:\nvolumes:\n  data:\n",
                    &[],
                ),
            ],
            true,
        );
        check(&[("services:\n  web:\n", &[])], false);
    }

    #[test]
    fn valid_files_pass() {
        let found = violations(
            "name: shop\nservices:\n  web:\n    build:\n      context: .\n      args:\n        A: \"1\"\n    ports:\n      - \"8080:80\"\n      - target: 443\n        published: \"${HTTPS_PORT}\"\n    environment:\n      - A=1\n    volumes:\n      - type: bind\n        source: .\n        target: /app\n    restart: ${RESTART:-always}\n    networks:\n      front:\n        aliases: [www]\nnetworks:\n  front:\nvolumes:\n  data:\n    driver: local\n",
        );
        assert_eq!(found, Vec::<(String, String)>::new());
    }
}
