//! The resolved model: a loaded Compose project bound to compose-go's types and written as
//! `docker compose config --format json` writes it.
//!
//! The loader ends with a canonical dict (interpolated, merged, in long syntax, with defaults
//! and absolute paths). compose-go then decodes that dict into the Go structs of its `types`
//! package (mapstructure, with each type's own decoder: sizes, durations, commands, mappings…)
//! and Docker Compose prints the structs with Go's `encoding/json`. [`to_json`] does both steps
//! in one walk over the dict, led by a table of compose-go's structs (`types`): what each field
//! accepts, how it prints, and whether an empty value is left out. [`write_go_json`] prints the
//! result byte for byte as Go's `json.MarshalIndent` does.
//!
//! What the dict must already be: the loader's output, including what compose-go does on the
//! project after binding it: inactive profiles' services removed, `environment` resolved
//! (`env_file` contents merged, `env_file` dropped) and `label_file` merged into `labels`.
//! Binding itself normalises only what the Go types do (e.g. `512m` → `"536870912"`,
//! `90s` → `"1m30s"`, a string `command` split into words, `environment` lists into maps).

mod go;
mod types;

use std::collections::{BTreeMap, HashMap};

use drydock_base::json::Value;
use drydock_yaml::ScalarKind;
use drydock_yaml::owned::{Node, Origin, Value as Tree};

use types::{Kind, Omit, Special, Struct};

/// Why the dict does not bind to the model (what compose-go's `Transform` refuses, or what Go's
/// JSON encoder cannot print), e.g. a size that does not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelError {
    /// Where in the model, as compose-go names it: `services.web.mem_limit`, `…ports[0]`.
    pub path: String,
    pub message: String,
    /// Where the offending value was written, when it was.
    pub origin: Option<Origin>,
}

impl std::fmt::Display for ModelError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ModelError {}

/// Binds the normalized dict to compose-go's types and returns the JSON value
/// `config --format json` prints, members in the order Go prints them.
///
/// Numbers are `f64`: integers beyond 2^53 (which no field of the model holds in practice)
/// lose their last digits. Byte counts are strings and stay exact.
pub fn to_json(dict: &Node) -> Result<Value, ModelError> {
    let root = Path::Root;
    let Some(entries) = dict.entries() else {
        return Err(error(&root, dict, "the model is not a mapping"));
    };
    // `Project.MarshalJSON` prints a Go map: its keys sorted.
    let mut members: BTreeMap<String, Value> = BTreeMap::new();
    let name = lookup(entries, "name");
    members.insert(
        "name".to_owned(),
        bind(name, &Kind::Str, &root.key("name"), 0)?.json,
    );
    let path = root.key("services");
    members.insert(
        "services".to_owned(),
        bind(lookup(entries, "services"), &types::SERVICES, &path, 0)?.json,
    );
    for (key, kind) in [
        ("networks", &types::NETWORKS),
        ("volumes", &types::VOLUMES),
        ("secrets", &types::SECRETS),
        ("configs", &types::CONFIGS),
        ("jobs", &types::JOBS),
    ] {
        let out = bind(lookup(entries, key), kind, &root.key(key), 0)?;
        if !out.empty {
            members.insert(key.to_owned(), out.json);
        }
    }
    for entry in entries.iter().filter(|e| e.key.starts_with("x-")) {
        let path = root.key(&entry.key);
        members.insert(entry.key.clone(), raw(&entry.value, &path, 0)?);
    }
    Ok(Value::Object(members.into_iter().collect()))
}

/// Writes a value as Go's `json.MarshalIndent(v, "", "  ")` does (no final newline): two-space
/// indentation, `"key": value`, `{}` and `[]` for empty containers, HTML-safe strings, and
/// numbers as Go prints a `float64`.
pub fn write_go_json(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value, 0);
    out
}

fn write_value(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&go::json_number(*n)),
        Value::String(s) => go::write_json_string(out, s),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(members) if members.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent + 1);
                write_value(out, item, indent + 1);
            }
            newline(out, indent);
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (key, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, indent + 1);
                go::write_json_string(out, key);
                out.push_str(": ");
                write_value(out, item, indent + 1);
            }
            newline(out, indent);
            out.push('}');
        }
    }
}

fn newline(out: &mut String, indent: usize) {
    out.push('\n');
    for _ in 0..indent {
        out.push_str("  ");
    }
}

/// Deeper values than this (only extensions and values printed with `fmt.Sprint` can nest
/// freely) are refused rather than recursed into.
const MAX_DEPTH: usize = 200;

/// Where a value sits in the model, built on the stack as the walk descends and written out
/// only for an error.
enum Path<'a> {
    Root,
    Key(&'a Path<'a>, &'a str),
    Index(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    fn key(&'a self, key: &'a str) -> Path<'a> {
        Path::Key(self, key)
    }

    fn index(&'a self, index: usize) -> Path<'a> {
        Path::Index(self, index)
    }

    fn render(&self) -> String {
        match self {
            Path::Root => String::new(),
            Path::Key(Path::Root, key) => (*key).to_owned(),
            Path::Key(parent, key) => format!("{}.{key}", parent.render()),
            Path::Index(parent, index) => format!("{}[{index}]", parent.render()),
        }
    }
}

fn error(path: &Path, node: &Node, message: impl Into<String>) -> ModelError {
    ModelError {
        path: path.render(),
        message: message.into(),
        origin: node.origin,
    }
}

/// A bound value: what Go prints, and whether `omitempty` (or `omitzero`) leaves it out.
struct Out {
    json: Value,
    empty: bool,
}

impl Out {
    fn new(json: Value, empty: bool) -> Out {
        Out { json, empty }
    }

    fn set(json: Value) -> Out {
        Out { json, empty: false }
    }
}

/// The last entry named `key` (Go maps keep one value per key).
fn lookup<'n>(entries: &'n [drydock_yaml::owned::Entry], key: &str) -> Option<&'n Node> {
    entries
        .iter()
        .rev()
        .find(|e| e.key == key)
        .map(|e| &e.value)
}

/// The scalar of a node, if it is one and not null.
fn scalar(node: &Node) -> Option<&drydock_yaml::owned::Scalar> {
    node.as_scalar().filter(|s| !s.is_null())
}

/// The Go type name mapstructure's messages give a dict value.
fn go_type(node: &Node) -> &'static str {
    match &node.value {
        Tree::Map(_) => "map[string]interface {}",
        Tree::Seq(_) => "[]interface {}",
        Tree::Scalar(s) => match s.kind {
            ScalarKind::Null => "<nil>",
            ScalarKind::Bool(_) => "bool",
            ScalarKind::Int(_) => "int",
            ScalarKind::Float(_) => "float64",
            ScalarKind::String => "string",
        },
    }
}

fn unexpected(path: &Path, node: &Node, expected: &str) -> ModelError {
    error(
        path,
        node,
        format!(
            "expected type '{expected}', got unconvertible type '{}'",
            go_type(node)
        ),
    )
}

/// A number of the dict as Go's `float64`, so JSON prints it as Go does.
#[allow(clippy::cast_precision_loss)]
fn number(i: i64) -> Value {
    Value::Number(i as f64)
}

/// A `float32` printed with its own shortest digits (Go's encoder formats with 32 bits).
fn float32(value: f32) -> Value {
    Value::Number(value.to_string().parse().unwrap_or(f64::from(value)))
}

/// Binds `node` (absent or null: the Go zero value) to `kind`.
fn bind(node: Option<&Node>, kind: &Kind, path: &Path, depth: usize) -> Result<Out, ModelError> {
    let Some(node) = node.filter(|n| !n.is_null()) else {
        return Ok(zero(kind, path, depth));
    };
    if depth > MAX_DEPTH {
        return Err(error(path, node, "the model is nested too deeply"));
    }
    match kind {
        Kind::Str => bind_str(node, path).map(|s| {
            let empty = s.is_empty();
            Out::new(Value::String(s), empty)
        }),
        Kind::Int => bind_int(node, path).map(|i| Out::new(number(i), i == 0)),
        Kind::Uint(bits) => bind_uint(node, *bits, path).map(|u| {
            #[allow(clippy::cast_precision_loss)]
            Out::new(Value::Number(u as f64), u == 0)
        }),
        Kind::Float32 => {
            let value = match scalar(node).map(|s| (&s.kind, s.text.as_str())) {
                Some((ScalarKind::Int(i), _)) => *i as f32,
                #[allow(clippy::cast_possible_truncation)]
                Some((ScalarKind::Float(x), _)) => *x as f32,
                Some((ScalarKind::String, text)) => text
                    .parse::<f32>()
                    .ok()
                    .filter(|_| go::parse_float(text).is_some())
                    .ok_or_else(|| {
                        error(
                            path,
                            node,
                            format!(
                                "strconv.ParseFloat: parsing {}: invalid syntax",
                                go::go_quote(text)
                            ),
                        )
                    })?,
                _ => return Err(unexpected(path, node, "float32")),
            };
            Ok(Out::new(float32(value), value == 0.0))
        }
        Kind::Bool => bind_bool(node, path).map(|b| Out::new(Value::Bool(b), !b)),
        Kind::OptOut => {
            let b = bind_bool(node, path)?;
            Ok(Out::new(Value::Bool(b), b))
        }
        Kind::Bytes => {
            let bytes = match scalar(node).map(|s| (&s.kind, s.text.as_str())) {
                Some((ScalarKind::Int(i), _)) => *i,
                Some((ScalarKind::String, text)) => match go::parse_int(text) {
                    Some(i) => i,
                    None => go::ram_in_bytes(text).map_err(|m| error(path, node, m))?,
                },
                // UnitBytes' decoder ignores other types: the size stays 0.
                _ => 0,
            };
            Ok(Out::new(Value::String(bytes.to_string()), bytes == 0))
        }
        Kind::Duration => {
            let nanos = go::parse_duration(&sprint(node, 0)).map_err(|m| error(path, node, m))?;
            Ok(Out::new(
                Value::String(go::duration_string(nanos)),
                nanos == 0,
            ))
        }
        Kind::NanoCpus => {
            let value = match scalar(node).map(|s| (&s.kind, s.text.as_str())) {
                Some((ScalarKind::Int(i), _)) => *i as f32,
                #[allow(clippy::cast_possible_truncation)]
                Some((ScalarKind::Float(x), _)) => *x as f32,
                #[allow(clippy::cast_possible_truncation)]
                Some((ScalarKind::String, text)) => go::parse_float(text).ok_or_else(|| {
                    error(
                        path,
                        node,
                        format!(
                            "strconv.ParseFloat: parsing {}: invalid syntax",
                            go::go_quote(text)
                        ),
                    )
                })? as f32,
                _ => {
                    return Err(error(
                        path,
                        node,
                        format!("unexpected value type {} for cpus", go_type(node)),
                    ));
                }
            };
            Ok(Out::new(float32(value), value == 0.0))
        }
        Kind::DeviceCount => {
            let count = match scalar(node).map(|s| (&s.kind, s.text.as_str())) {
                Some((ScalarKind::Int(i), _)) => *i,
                Some((ScalarKind::String, text)) if text.eq_ignore_ascii_case("all") => -1,
                Some((ScalarKind::String, text)) => go::parse_int(text).ok_or_else(|| {
                    error(
                        path,
                        node,
                        format!(
                            "invalid value {}, the only value allowed is 'all' or a number",
                            go::go_quote(text)
                        ),
                    )
                })?,
                _ => {
                    return Err(error(
                        path,
                        node,
                        format!("invalid type {} for device count", go_type(node)),
                    ));
                }
            };
            Ok(Out::new(number(count), count == 0))
        }
        Kind::FileMode => {
            let mode = match scalar(node).map(|s| (&s.kind, s.text.as_str())) {
                Some((ScalarKind::Int(i), _)) => *i,
                Some((ScalarKind::String, text)) => {
                    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
                    let valid =
                        !digits.is_empty() && digits.bytes().all(|b| matches!(b, b'0'..=b'7'));
                    valid
                        .then(|| i64::from_str_radix(text, 8).ok())
                        .flatten()
                        .ok_or_else(|| {
                            error(
                                path,
                                node,
                                format!(
                                    "strconv.ParseInt: parsing {}: invalid syntax",
                                    go::go_quote(text)
                                ),
                            )
                        })?
                }
                _ => {
                    return Err(error(
                        path,
                        node,
                        format!("unexpected value type {} for mode", go_type(node)),
                    ));
                }
            };
            // Go's `%o` of a negative number puts the sign before the digits.
            let text = if mode < 0 {
                format!("0-{:o}", mode.unsigned_abs())
            } else {
                format!("0{mode:o}")
            };
            Ok(Out::new(Value::String(text), mode == 0))
        }
        Kind::Ptr(inner) => bind(Some(node), inner, path, depth).map(|out| Out::set(out.json)),
        Kind::Struct(st) => bind_struct(node, st, path, depth).map(Out::set),
        Kind::List(item) => {
            let Tree::Seq(items) = &node.value else {
                return Err(error(
                    path,
                    node,
                    format!(
                        "source data must be an array or slice, got {}",
                        go_kind(node)
                    ),
                ));
            };
            let mut out = Vec::with_capacity(items.len());
            for (i, element) in items.iter().enumerate() {
                out.push(bind(Some(element), item, &path.index(i), depth + 1)?.json);
            }
            let empty = out.is_empty();
            Ok(Out::new(Value::Array(out), empty))
        }
        Kind::Map(item) => {
            let Some(entries) = node.entries() else {
                return Err(error(
                    path,
                    node,
                    format!("expected a map, got '{}'", go_kind(node)),
                ));
            };
            let mut out = BTreeMap::new();
            for entry in entries {
                let value = bind(Some(&entry.value), item, &path.key(&entry.key), depth + 1)?;
                out.insert(entry.key.clone(), value.json);
            }
            Ok(object(out))
        }
        Kind::Mapping | Kind::Labels => {
            let mut out = BTreeMap::new();
            match &node.value {
                Tree::Map(entries) => {
                    for entry in entries {
                        let text = if entry.value.is_null() {
                            String::new()
                        } else {
                            sprint(&entry.value, 0)
                        };
                        out.insert(entry.key.clone(), Value::String(text));
                    }
                }
                Tree::Seq(items) => {
                    for item in items {
                        let text = sprint(item, 0);
                        let (key, value) = text.split_once('=').unwrap_or((&text, ""));
                        out.insert(key.to_owned(), Value::String(value.to_owned()));
                    }
                }
                Tree::Scalar(_) => {
                    let what = if matches!(kind, Kind::Labels) {
                        "labels"
                    } else {
                        "mapping"
                    };
                    return Err(error(
                        path,
                        node,
                        format!("unexpected value type {} for {what}", go_type(node)),
                    ));
                }
            }
            Ok(object(out))
        }
        Kind::Options => {
            let Some(entries) = node.entries() else {
                return Err(error(
                    path,
                    node,
                    format!("invalid type {} for options", go_type(node)),
                ));
            };
            let mut out = BTreeMap::new();
            for entry in entries {
                let text = if entry.value.is_null() {
                    String::new()
                } else {
                    sprint(&entry.value, 0)
                };
                out.insert(entry.key.clone(), Value::String(text));
            }
            Ok(object(out))
        }
        Kind::MappingWithEquals => {
            let mut out = BTreeMap::new();
            match &node.value {
                Tree::Map(entries) => {
                    for entry in entries {
                        let value = if entry.value.is_null() {
                            Value::Null
                        } else {
                            Value::String(sprint(&entry.value, 0))
                        };
                        out.insert(entry.key.clone(), value);
                    }
                }
                Tree::Seq(items) => {
                    for item in items {
                        let text = sprint(item, 0);
                        let (key, value) = match text.split_once('=') {
                            Some((key, value)) => (key, Value::String(value.to_owned())),
                            None => (text.as_str(), Value::Null),
                        };
                        if key.chars().next_back().is_some_and(char::is_whitespace) {
                            return Err(error(
                                path,
                                item,
                                format!(
                                    "environment variable {key} is declared with a trailing space"
                                ),
                            ));
                        }
                        out.insert(key.to_owned(), value);
                    }
                }
                Tree::Scalar(_) => {
                    return Err(error(
                        path,
                        node,
                        format!("unexpected value type {} for mapping", go_type(node)),
                    ));
                }
            }
            Ok(object(out))
        }
        Kind::MultiOptions => {
            let Some(entries) = node.entries() else {
                return Err(error(
                    path,
                    node,
                    format!("invalid type {} for options", go_type(node)),
                ));
            };
            let mut out = BTreeMap::new();
            for entry in entries {
                let values: Vec<Value> = match &entry.value.value {
                    Tree::Seq(items) => items
                        .iter()
                        .map(|item| Value::String(sprint(item, 0)))
                        .collect(),
                    _ => vec![Value::String(sprint(&entry.value, 0))],
                };
                // An empty list appends nothing: the key is never set.
                if values.is_empty() {
                    out.remove(&entry.key);
                } else {
                    out.insert(entry.key.clone(), Value::Array(values));
                }
            }
            Ok(object(out))
        }
        Kind::HostsList => bind_hosts(node, path).map(|hosts| {
            let empty = hosts.is_empty();
            Out::new(
                Value::Array(hosts.into_iter().map(Value::String).collect()),
                empty,
            )
        }),
        Kind::ShellCommand => {
            let words = match &node.value {
                Tree::Scalar(s) if s.kind == ScalarKind::String => {
                    go::shell_words(&s.text).map_err(|m| error(path, node, m))?
                }
                Tree::Seq(items) => strings(items, path)?,
                // ShellCommand's decoder ignores other types: the command stays nil.
                _ => return Ok(Out::new(Value::Null, true)),
            };
            let empty = words.is_empty();
            Ok(Out::new(
                Value::Array(words.into_iter().map(Value::String).collect()),
                empty,
            ))
        }
        Kind::StringList | Kind::StringOrNumberList | Kind::HealthCheckTest => {
            let words = match &node.value {
                Tree::Scalar(s) if s.kind == ScalarKind::String => {
                    if matches!(kind, Kind::HealthCheckTest) {
                        vec!["CMD-SHELL".to_owned(), s.text.clone()]
                    } else {
                        vec![s.text.clone()]
                    }
                }
                Tree::Seq(items) if matches!(kind, Kind::StringOrNumberList) => {
                    items.iter().map(|item| sprint(item, 0)).collect()
                }
                Tree::Seq(items) => strings(items, path)?,
                _ => {
                    return Err(error(
                        path,
                        node,
                        format!("invalid type {} for string list", go_type(node)),
                    ));
                }
            };
            let empty = words.is_empty();
            Ok(Out::new(
                Value::Array(words.into_iter().map(Value::String).collect()),
                empty,
            ))
        }
        Kind::Ulimit => bind_ulimit(node, path).map(Out::set),
        Kind::Ssh => bind_ssh(node, path).map(|ids| {
            let empty = ids.is_empty();
            Out::new(
                Value::Array(ids.into_iter().map(Value::String).collect()),
                empty,
            )
        }),
    }
}

/// The Go zero value of `kind`, as printed.
fn zero(kind: &Kind, path: &Path, depth: usize) -> Out {
    match kind {
        Kind::Str => Out::new(Value::String(String::new()), true),
        Kind::Int | Kind::Uint(_) | Kind::Float32 | Kind::NanoCpus | Kind::DeviceCount => {
            Out::new(Value::Number(0.0), true)
        }
        Kind::Bool => Out::new(Value::Bool(false), true),
        // compose-go's defaults make an absent opt-out true (`SetDefaultValues` writes it).
        Kind::OptOut => Out::new(Value::Bool(true), true),
        Kind::Bytes => Out::new(Value::String("0".to_owned()), true),
        Kind::Duration => Out::new(Value::String("0s".to_owned()), true),
        Kind::FileMode => Out::new(Value::String("00".to_owned()), true),
        Kind::Struct(st) => {
            let empty = Node::map(None);
            // An empty mapping binds every field to its zero value, which cannot fail.
            let json = bind_struct(&empty, st, path, depth).unwrap_or(Value::Object(Vec::new()));
            Out::set(json)
        }
        Kind::Ptr(_)
        | Kind::List(_)
        | Kind::Map(_)
        | Kind::Mapping
        | Kind::Options
        | Kind::Labels
        | Kind::MappingWithEquals
        | Kind::MultiOptions
        | Kind::HostsList
        | Kind::ShellCommand
        | Kind::StringList
        | Kind::StringOrNumberList
        | Kind::HealthCheckTest
        | Kind::Ulimit
        | Kind::Ssh => Out::new(Value::Null, true),
    }
}

fn object(members: BTreeMap<String, Value>) -> Out {
    let empty = members.is_empty();
    Out::new(Value::Object(members.into_iter().collect()), empty)
}

/// mapstructure's name for the kind of a value.
fn go_kind(node: &Node) -> &'static str {
    match &node.value {
        Tree::Map(_) => "map",
        Tree::Seq(_) => "slice",
        Tree::Scalar(s) => match s.kind {
            ScalarKind::Null => "invalid",
            ScalarKind::Bool(_) => "bool",
            ScalarKind::Int(_) => "int",
            ScalarKind::Float(_) => "float64",
            ScalarKind::String => "string",
        },
    }
}

/// Binds a mapping to a struct's fields, in the struct's order, leaving out the empty values
/// of `omitempty` fields. Keys no field names (extensions among them) are dropped.
fn bind_struct(node: &Node, st: &Struct, path: &Path, depth: usize) -> Result<Value, ModelError> {
    let Some(entries) = node.entries() else {
        return Err(error(
            path,
            node,
            format!("expected a map, got '{}'", go_kind(node)),
        ));
    };
    // The dict's keys, as they are and ignoring case (mapstructure matches a field's name
    // exactly, else ignoring case); the last of equal keys wins, as in a Go map.
    let mut exact: HashMap<&str, &Node> = HashMap::with_capacity(entries.len());
    let mut folded: HashMap<String, &Node> = HashMap::with_capacity(entries.len());
    for entry in entries {
        exact.insert(entry.key.as_str(), &entry.value);
        folded.insert(entry.key.to_ascii_lowercase(), &entry.value);
    }
    let mut members = Vec::new();
    for field in st.parts.iter().flat_map(|part| part.iter()) {
        let value = exact
            .get(field.name)
            .or_else(|| folded.get(&field.name.to_ascii_lowercase()))
            .or_else(|| match (st.special, field.name) {
                (Special::Trigger, "initial_sync") => exact.get("x-initialSync"),
                _ => None,
            })
            .copied();
        let key_path = path.key(field.name);
        let out = bind(value, &field.kind, &key_path, depth + 1)?;
        let keep = match field.omit {
            Omit::Never => true,
            Omit::Empty | Omit::Zero => !out.empty,
        };
        if keep {
            members.push((field.name.to_owned(), out.json));
        }
    }
    let drop_content = match st.special {
        Special::None | Special::Trigger => false,
        Special::Secret => true,
        Special::Config => members
            .iter()
            .any(|(k, v)| k == "environment" && v.as_str().is_some_and(|s| !s.is_empty())),
    };
    if drop_content {
        members.retain(|(k, _)| k != "content");
    }
    Ok(Value::Object(members))
}

/// A `string` field: a string, or an integer in decimal (compose-go's `cast` hook).
fn bind_str(node: &Node, path: &Path) -> Result<String, ModelError> {
    match scalar(node).map(|s| (&s.kind, s)) {
        Some((ScalarKind::String, s)) => Ok(s.text.clone()),
        Some((ScalarKind::Int(i), _)) => Ok(i.to_string()),
        _ => Err(unexpected(path, node, "string")),
    }
}

/// An `int` / `int64` field: an integer, a float (truncated), or a decimal string.
fn bind_int(node: &Node, path: &Path) -> Result<i64, ModelError> {
    match scalar(node).map(|s| (&s.kind, s.text.as_str())) {
        Some((ScalarKind::Int(i), _)) => Ok(*i),
        #[allow(clippy::cast_possible_truncation)]
        Some((ScalarKind::Float(x), _)) => Ok(*x as i64),
        Some((ScalarKind::String, text)) => go::parse_int(text).ok_or_else(|| {
            error(
                path,
                node,
                format!(
                    "strconv.ParseInt: parsing {}: invalid syntax",
                    go::go_quote(text)
                ),
            )
        }),
        _ => Err(unexpected(path, node, "int")),
    }
}

/// An unsigned field of `bits` bits: a non-negative number, truncated to the width as Go's
/// reflection stores it.
fn bind_uint(node: &Node, bits: u32, path: &Path) -> Result<u64, ModelError> {
    let value = match scalar(node).map(|s| &s.kind) {
        Some(ScalarKind::Int(i)) => u64::try_from(*i).map_err(|_| {
            error(
                path,
                node,
                format!("cannot parse '{}', {i} overflows uint", path.render()),
            )
        })?,
        Some(ScalarKind::Float(x)) if *x >= 0.0 => {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            let truncated = *x as u64;
            truncated
        }
        Some(ScalarKind::Float(x)) => {
            return Err(error(
                path,
                node,
                format!("cannot parse '{}', {x} overflows uint", path.render()),
            ));
        }
        _ => return Err(unexpected(path, node, &format!("uint{bits}"))),
    };
    Ok(if bits >= 64 {
        value
    } else {
        value & ((1u64 << bits) - 1)
    })
}

/// A `bool` field: a boolean, or a string compose-go's `toBoolean` reads (YAML 1.1's words).
fn bind_bool(node: &Node, path: &Path) -> Result<bool, ModelError> {
    match scalar(node).map(|s| (&s.kind, s.text.as_str())) {
        Some((ScalarKind::Bool(b), _)) => Ok(*b),
        Some((ScalarKind::String, text)) => match text.to_lowercase().as_str() {
            "true" | "y" | "yes" | "on" => Ok(true),
            "false" | "n" | "no" | "off" => Ok(false),
            _ => Err(error(path, node, format!("invalid boolean: {text}"))),
        },
        _ => Err(unexpected(path, node, "bool")),
    }
}

/// A list whose items must be strings (`StringList`, `ShellCommand`, `HealthCheckTest`).
fn strings(items: &[Node], path: &Path) -> Result<Vec<String>, ModelError> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| match item.as_str() {
            Some(text) => Ok(text.to_owned()),
            None => Err(error(
                &path.index(i),
                item,
                format!("invalid type {} for string list", go_type(item)),
            )),
        })
        .collect()
}

/// `HostsList`: its entries as Go prints them, `host=ip` sorted.
fn bind_hosts(node: &Node, path: &Path) -> Result<Vec<String>, ModelError> {
    let mut hosts: BTreeMap<String, Vec<String>> = BTreeMap::new();
    match &node.value {
        Tree::Map(entries) => {
            for entry in entries {
                let ips = match &entry.value.value {
                    Tree::Scalar(s) if s.is_null() => vec![String::new()],
                    Tree::Scalar(s) if s.kind == ScalarKind::String => vec![s.text.clone()],
                    Tree::Seq(items) => items.iter().map(|item| sprint(item, 0)).collect(),
                    _ => {
                        return Err(error(
                            &path.key(&entry.key),
                            &entry.value,
                            format!(
                                "unexpected value type {} for extra_hosts entry",
                                go_type(node)
                            ),
                        ));
                    }
                };
                hosts.insert(entry.key.clone(), ips);
            }
        }
        Tree::Seq(items) => {
            for item in items {
                let text = sprint(item, 0);
                let Some((host, ip)) = text.split_once('=').or_else(|| text.split_once(':')) else {
                    return Err(error(
                        path,
                        item,
                        format!("invalid additional host, missing IP: {text}"),
                    ));
                };
                hosts
                    .entry(host.to_owned())
                    .or_default()
                    .extend(ip.split(',').map(str::to_owned));
            }
        }
        Tree::Scalar(_) => {
            return Err(error(
                path,
                node,
                format!("unexpected value type {} for extra_hosts", go_type(node)),
            ));
        }
    }
    let mut list = Vec::new();
    for (host, ips) in hosts {
        if host.is_empty() || host.contains([':', '=']) {
            return Err(error(path, node, format!("bad host name '{host}'")));
        }
        for ip in ips {
            let ip = match ip.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                Some(inner) if ip.len() > 2 => inner.to_owned(),
                _ => ip,
            };
            list.push(format!("{host}={ip}"));
        }
    }
    list.sort();
    Ok(list)
}

/// `SSHConfig`: the key ids, sorted (Go takes them from a map, in no set order). A list of
/// `id=path` / `default` is read as compose-go's canonical form reads it, so that the printed
/// model binds again. A key with a path cannot be printed: `SSHKey.MarshalJSON` writes
/// `"id": path`, which is not JSON, and Go's encoder refuses it.
fn bind_ssh(node: &Node, path: &Path) -> Result<Vec<String>, ModelError> {
    let mut keys: BTreeMap<String, String> = BTreeMap::new();
    match &node.value {
        Tree::Map(entries) => {
            for entry in entries {
                let value = if entry.value.is_null() {
                    String::new()
                } else {
                    sprint(&entry.value, 0)
                };
                keys.insert(entry.key.clone(), value);
            }
        }
        Tree::Seq(items) => {
            for item in items {
                let Some(text) = item.as_str() else {
                    return Err(error(
                        path,
                        item,
                        format!("invalid ssh key type {}", go_type(item)),
                    ));
                };
                match text.split_once('=') {
                    Some((id, key_path)) => keys.insert(id.to_owned(), key_path.to_owned()),
                    None if text == "default" => keys.insert(text.to_owned(), String::new()),
                    None => {
                        return Err(error(
                            path,
                            item,
                            format!("invalid ssh key {}", go::go_quote(text)),
                        ));
                    }
                };
            }
        }
        Tree::Scalar(_) => {
            return Err(error(
                path,
                node,
                format!("invalid ssh config type {}", go_type(node)),
            ));
        }
    }
    if keys.values().any(|key_path| !key_path.is_empty()) {
        return Err(error(
            path,
            node,
            "json: error calling MarshalJSON for type types.SSHKey: invalid character ':' after top-level value",
        ));
    }
    Ok(keys.into_keys().collect())
}

/// `*UlimitsConfig`: a number prints as itself, a mapping as `{soft, hard}` without zeros.
fn bind_ulimit(node: &Node, path: &Path) -> Result<Value, ModelError> {
    match &node.value {
        Tree::Scalar(s) => match s.kind {
            ScalarKind::Int(0) => Ok(Value::Object(Vec::new())),
            ScalarKind::Int(i) => Ok(number(i)),
            _ => Err(error(
                path,
                node,
                format!("unexpected value type {} for ulimit", go_type(node)),
            )),
        },
        Tree::Map(entries) => {
            let mut members = Vec::new();
            for key in ["soft", "hard"] {
                let Some(value) = lookup(entries, key) else {
                    continue;
                };
                match scalar(value).map(|s| &s.kind) {
                    Some(ScalarKind::Int(0)) => {}
                    Some(ScalarKind::Int(i)) => members.push((key.to_owned(), number(*i))),
                    _ => {
                        return Err(error(
                            &path.key(key),
                            value,
                            format!("unexpected value type {} for ulimit", go_type(value)),
                        ));
                    }
                }
            }
            Ok(Value::Object(members))
        }
        Tree::Seq(_) => Err(error(
            path,
            node,
            format!("unexpected value type {} for ulimit", go_type(node)),
        )),
    }
}

/// An extension's value as Go prints a `map[string]any` from YAML: mappings with sorted keys.
fn raw(node: &Node, path: &Path, depth: usize) -> Result<Value, ModelError> {
    if depth > MAX_DEPTH {
        return Err(error(path, node, "the model is nested too deeply"));
    }
    Ok(match &node.value {
        Tree::Scalar(s) => match s.kind {
            ScalarKind::Null => Value::Null,
            ScalarKind::Bool(b) => Value::Bool(b),
            ScalarKind::Int(i) => number(i),
            ScalarKind::Float(x) if x.is_finite() => Value::Number(x),
            ScalarKind::Float(x) => {
                return Err(error(
                    path,
                    node,
                    format!("json: unsupported value: {}", go::sprint_float(x)),
                ));
            }
            ScalarKind::String => Value::String(s.text.clone()),
        },
        Tree::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                out.push(raw(item, &path.index(i), depth + 1)?);
            }
            Value::Array(out)
        }
        Tree::Map(entries) => {
            let mut out = BTreeMap::new();
            for entry in entries {
                let value = raw(&entry.value, &path.key(&entry.key), depth + 1)?;
                out.insert(entry.key.clone(), value);
            }
            Value::Object(out.into_iter().collect())
        }
    })
}

/// `fmt.Sprint` of a dict value: what the mapping types make of scalars that are not strings.
fn sprint(node: &Node, depth: usize) -> String {
    match &node.value {
        Tree::Scalar(s) => match s.kind {
            ScalarKind::Null => "<nil>".to_owned(),
            ScalarKind::Bool(b) => b.to_string(),
            ScalarKind::Int(i) => i.to_string(),
            ScalarKind::Float(x) => go::sprint_float(x),
            ScalarKind::String => s.text.clone(),
        },
        _ if depth > MAX_DEPTH => "...".to_owned(),
        Tree::Seq(items) => {
            let words: Vec<String> = items.iter().map(|item| sprint(item, depth + 1)).collect();
            format!("[{}]", words.join(" "))
        }
        Tree::Map(entries) => {
            let sorted: BTreeMap<&str, String> = entries
                .iter()
                .map(|e| (e.key.as_str(), sprint(&e.value, depth + 1)))
                .collect();
            let pairs: Vec<String> = sorted.iter().map(|(k, v)| format!("{k}:{v}")).collect();
            format!("map[{}]", pairs.join(" "))
        }
    }
}

#[cfg(test)]
mod tests;
