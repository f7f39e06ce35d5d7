//! YAML read as Helm reads values (`sigs.k8s.io/yaml`: go-yaml v2, YAML 1.1, then JSON): `yes`,
//! `on`, `y` are booleans (keys too: `on:` is the key `"true"`), `0777` is octal and `1_000` a
//! number, every number is a `float64`, maps are `map[string]interface {}`, a key written twice
//! keeps its last value.

use drydock_yaml::{Document, NodeId, ScalarKind, ScalarStyle};

use crate::template::{Map, MapType, Value};

/// Nodes one document may expand to (aliases included), and how deep it may nest.
const BUDGET: usize = 1_000_000;
const MAX_DEPTH: usize = 500;

/// YAML 1.1's booleans (go-yaml v2).
fn yaml11_bool(text: &str) -> Option<bool> {
    match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "on" | "On" | "ON" | "true" | "True" | "TRUE" => {
            Some(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "off" | "Off" | "OFF" | "false" | "False" | "FALSE" => {
            Some(false)
        }
        _ => None,
    }
}

/// go-yaml v2's resolution of a plain scalar.
fn resolve_plain(text: &str) -> Value {
    if matches!(text, "" | "~" | "null" | "Null" | "NULL") {
        return Value::Nil;
    }
    if let Some(b) = yaml11_bool(text) {
        return Value::Bool(b);
    }
    match text {
        ".inf" | ".Inf" | ".INF" | "+.inf" | "+.Inf" | "+.INF" => {
            return Value::Float(f64::INFINITY);
        }
        "-.inf" | "-.Inf" | "-.INF" => return Value::Float(f64::NEG_INFINITY),
        ".nan" | ".NaN" | ".NAN" => return Value::Float(f64::NAN),
        _ => {}
    }
    let first = text.chars().next().unwrap_or(' ');
    if !(first.is_ascii_digit() || matches!(first, '-' | '+' | '.')) {
        return Value::str(text);
    }
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    // Integers: Go's `strconv.ParseInt(s, 0, 64)` (0x, 0b, 0o and a leading 0 for octal).
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain.strip_prefix('+').unwrap_or(&plain)),
    };
    let parsed = if let Some(hex) = digits
        .strip_prefix("0x")
        .or_else(|| digits.strip_prefix("0X"))
    {
        i64::from_str_radix(hex, 16).ok()
    } else if let Some(bin) = digits
        .strip_prefix("0b")
        .or_else(|| digits.strip_prefix("0B"))
    {
        i64::from_str_radix(bin, 2).ok()
    } else if let Some(oct) = digits
        .strip_prefix("0o")
        .or_else(|| digits.strip_prefix("0O"))
    {
        i64::from_str_radix(oct, 8).ok()
    } else if digits.len() > 1 && digits.starts_with('0') {
        i64::from_str_radix(&digits[1..], 8).ok()
    } else if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
        digits.parse().ok()
    } else {
        None
    };
    if let Some(n) = parsed {
        return Value::Float(if negative { -(n as f64) } else { n as f64 });
    }
    // Base 60 (`1:30`).
    if digits.contains(':')
        && digits
            .split(':')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        let mut n = 0f64;
        for part in digits.split(':') {
            n = n * 60.0 + part.parse::<f64>().unwrap_or(0.0);
        }
        return Value::Float(if negative { -n } else { n });
    }
    // Floats: `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    if is_yaml_float(&plain)
        && let Ok(f) = plain.parse::<f64>()
    {
        return Value::Float(f);
    }
    Value::str(text)
}

fn is_yaml_float(text: &str) -> bool {
    let body = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(at) => (body.get(..at).unwrap_or_default(), body.get(at + 1..)),
        None => (body, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => {
            whole.chars().all(|c| c.is_ascii_digit())
                && fraction.chars().all(|c| c.is_ascii_digit())
                && (!whole.is_empty() || !fraction.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.chars().all(|c| c.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

/// A YAML error in go-yaml v2's words (`line N: ` as it counts lines: a scanner's error one
/// past the 0-based line, a parser's at it, none on the first line; the end of a text that does
/// not end a line counts as the next line).
pub fn go_yaml_message(text: &str, error: &drydock_yaml::YamlError) -> String {
    let message = error.message.as_str();
    let (scanner, words) = if message.contains("did not find expected node content") {
        (false, "did not find expected node content")
    } else if message.starts_with("unexpected `: ` inside a plain value") {
        (true, "mapping values are not allowed in this context")
    } else if message.starts_with("tab character in indentation") {
        (true, "found character that cannot start any token")
    } else if message.contains("simple key expected") {
        (true, "could not find expected ':'")
    } else if message.contains("did not find expected key") {
        (false, "did not find expected key")
    } else {
        return message.to_owned();
    };
    let mut at = error.range.start.min(text.len());
    // What go-yaml found instead of a node is the end of the stream when only blanks follow
    // (an unclosed `[`): it is there, past the last line break.
    if !scanner && text.get(at..).is_some_and(|rest| rest.trim().is_empty()) {
        at = text.len();
    }
    let before = text.get(..at).unwrap_or_default();
    let mut line = before.matches('\n').count();
    if at >= text.len() && !text.is_empty() && !text.ends_with('\n') {
        line += 1;
    }
    let shown = if line == 0 {
        0
    } else if scanner {
        line + 1
    } else {
        line
    };
    if shown == 0 {
        words.to_owned()
    } else {
        format!("line {shown}: {words}")
    }
}

/// The first document of `text` as a value (`Nil` for an empty one).
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    parse_yaml_stream(text, &drydock_yaml::parse(text))
}

/// [`parse_yaml`] from `text`'s parse, for a caller that reads the tree too.
pub fn parse_yaml_stream(text: &str, stream: &drydock_yaml::Stream) -> Result<Value, String> {
    let Some(document) = stream.documents.first() else {
        return Ok(Value::Nil);
    };
    // go-yaml v2 keeps the last of two equal keys.
    if let Some(error) = document
        .errors
        .iter()
        .find(|e| !e.message.starts_with("duplicate key"))
    {
        return Err(go_yaml_message(text, error));
    }
    let Some(root) = document.root else {
        return Ok(Value::Nil);
    };
    let mut budget = BUDGET;
    convert(document, root, &mut budget, 0)
        .ok_or_else(|| "the document expands to too many nodes".to_owned())
}

/// Where `path` (keys and list indexes, as the values name them) is set in the values file
/// `text`: the key that sets it (the item, in a list); `None` when the file does not set it.
/// An empty path is the top of the file.
pub fn locate(text: &str, path: &[String]) -> Option<drydock_base::text::TextRange> {
    let stream = drydock_yaml::parse(text);
    let document = stream.documents.first()?;
    let mut node = document.root?;
    let mut place = drydock_base::text::TextRange::new(0, 0);
    let mut budget = BUDGET;
    for token in path {
        if let Some(entries) = document.entries(node) {
            // go-yaml keeps the last of two equal keys.
            let entry = entries.iter().rev().find(|entry| {
                key_text(document, entry.key, &mut budget, 0).as_deref() == Some(token.as_str())
            })?;
            place = document.range(entry.key);
            node = entry.value;
        } else if let Some(items) = document.items(node) {
            let item = *items.get(token.parse::<usize>().ok()?)?;
            place = document.range(item);
            node = item;
        } else {
            return None;
        }
    }
    Some(place)
}

/// Notes where the values file `text` (named `file` in the top chart's folder) set each entry
/// of the maps of `value`, which [`parse_yaml`] read from it: a scalar at its value, a map or
/// a list at its key. `top` receives the top-level entries (the top map itself is not kept).
pub fn record_origins(
    text: &str,
    value: &Value,
    file: &std::rc::Rc<str>,
    origins: &mut crate::template::ValueOrigins,
    top: &mut Vec<(String, Value, crate::template::ValueOrigin)>,
) {
    record_origins_in(&drydock_yaml::parse(text), value, file, origins, top);
}

/// [`record_origins`] from the values file's parse.
pub fn record_origins_in(
    stream: &drydock_yaml::Stream,
    value: &Value,
    file: &std::rc::Rc<str>,
    origins: &mut crate::template::ValueOrigins,
    top: &mut Vec<(String, Value, crate::template::ValueOrigin)>,
) {
    let Some(document) = stream.documents.first() else {
        return;
    };
    let Some(root) = document.root else { return };
    let mut budget = BUDGET;
    let mut pending = vec![(root, value.clone(), 0usize, true)];
    while let Some((node, value, depth, is_top)) = pending.pop() {
        let (Some(entries), Value::Map(map, _)) = (document.entries(node), &value) else {
            continue;
        };
        if depth > MAX_DEPTH {
            continue;
        }
        for entry in entries {
            let Some(key) = key_text(document, entry.key, &mut budget, 0) else {
                return;
            };
            let Some(child) = map.get(&key) else { continue };
            let at = if document.entries(entry.value).is_some()
                || document.items(entry.value).is_some()
            {
                document.range(entry.key)
            } else {
                document.range(entry.value)
            };
            let origin = crate::template::ValueOrigin {
                file: file.clone(),
                range: at.start..at.end,
            };
            if is_top {
                top.push((key.clone(), child.clone(), origin));
            } else {
                origins.insert(map, key, child.clone(), origin);
            }
            if matches!(child, Value::Map(..)) {
                pending.push((entry.value, child, depth + 1, false));
            }
        }
    }
}

/// The value of a document's root that is no mapping (a scalar or a list: what Helm says it
/// could not read a head from).
pub fn head_value(document: &Document, root: NodeId) -> Value {
    if document.items(root).is_some() {
        return Value::list(Vec::new());
    }
    let mut budget = 1;
    convert(document, root, &mut budget, 0).unwrap_or_default()
}

/// The text of a key as JSON names it.
fn key_text(document: &Document, id: NodeId, budget: &mut usize, depth: usize) -> Option<String> {
    let value = convert(document, id, budget, depth)?;
    Some(match value {
        Value::String(s) => s.to_string(),
        Value::Nil => "null".to_owned(),
        other => crate::template::fmt::v(&other),
    })
}

fn convert(document: &Document, id: NodeId, budget: &mut usize, depth: usize) -> Option<Value> {
    if *budget == 0 || depth > MAX_DEPTH {
        return None;
    }
    *budget -= 1;
    if let Some(scalar) = document.scalar(id) {
        if scalar.style == ScalarStyle::Plain {
            return Some(resolve_plain(&scalar.value));
        }
        // A quoted or block scalar is a string, unless tagged otherwise.
        return Some(match scalar.kind {
            ScalarKind::String => Value::str(scalar.value.as_str()),
            ScalarKind::Null => Value::Nil,
            ScalarKind::Bool(b) => Value::Bool(b),
            ScalarKind::Int(i) => Value::Float(i as f64),
            ScalarKind::Float(f) => Value::Float(f),
        });
    }
    if let Some(entries) = document.entries(id) {
        let mut map = Map::new();
        for entry in entries {
            let key = key_text(document, entry.key, budget, depth + 1)?;
            let value = convert(document, entry.value, budget, depth + 1)?;
            map.insert(key, value);
        }
        return Some(Value::Map(crate::template::MapRef::new(map), MapType::Any));
    }
    if let Some(items) = document.items(id) {
        let items = items
            .iter()
            .map(|&item| convert(document, item, budget, depth + 1))
            .collect::<Option<Vec<_>>>()?;
        return Some(Value::list(items));
    }
    Some(Value::Nil)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_as_helm_reads_it() {
        let value =
            parse_yaml("on: 1\n\"yes\": 2\nk: 0777\nu: 1_000\nh: 0x1F\np: +12\nf: .5\nq: \"on\"\n")
                .unwrap_or_default();
        let json = crate::json::to_json(&value);
        assert_eq!(
            json,
            r#"{"f":0.5,"h":31,"k":511,"p":12,"q":"on","true":1,"u":1000,"yes":2}"#
        );
    }
}
