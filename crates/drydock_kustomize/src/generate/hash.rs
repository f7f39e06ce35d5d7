//! The content hash kustomize appends to the names of generated ConfigMaps and Secrets.
//!
//! Kustomize (`api/hasher`) encodes a few fields of the object as JSON the way Go's
//! `encoding/json` does (keys sorted, `<`, `>`, `&` escaped), takes the SHA-256, and keeps the
//! first ten hex digits with the vowels and look-alike digits replaced (`0`→`g`, `1`→`h`, `3`→`k`,
//! `a`→`m`, `e`→`t`) so the suffix never spells words. It looks the name up as the single field
//! `metadata/name`, which no object has, so the name is always hashed as `""`: a prefix, a suffix
//! or a rename never changes the hash. The conformance test checks this against every hashed
//! name in the krusty data.

use crate::value::{Node, Value};
use drydock_yaml::ScalarKind;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// Deeper than any ConfigMap's data; bounds recursion on adversarial input.
const MAX_DEPTH: usize = 100;

/// The 10-character suffix kustomize gives `object` (a ConfigMap or a Secret) in its current
/// state, without the `-`. `None` for other kinds, and where kustomize's own hashing fails
/// (a NaN or infinite number in the data, which Go's JSON encoder rejects).
pub fn name_hash(object: &Node) -> Option<String> {
    let encoded = match object.get_str("kind")? {
        "ConfigMap" => encode_object(
            object,
            &[
                ("binaryData", Field::MapOnly("binaryData")),
                ("data", Field::Value("data")),
                ("kind", Field::Literal("ConfigMap")),
                ("name", Field::Literal("")),
            ],
        )?,
        "Secret" => encode_object(
            object,
            &[
                ("data", Field::Value("data")),
                ("kind", Field::Literal("Secret")),
                ("name", Field::Literal("")),
                ("stringData", Field::MapOnly("stringData")),
                ("type", Field::Value("type")),
            ],
        )?,
        _ => return None,
    };
    Some(encode_digest(&Sha256::digest(encoded.as_bytes())))
}

/// How one key of the hashed JSON object gets its value.
enum Field {
    /// A fixed string.
    Literal(&'static str),
    /// The object's field: a mapping as JSON, a scalar as its text, absent as `""`.
    Value(&'static str),
    /// The object's field when it is a mapping; the key is left out otherwise.
    MapOnly(&'static str),
}

/// The JSON object `fields` describe; keys are given in sorted order, as Go's encoder sorts.
fn encode_object(object: &Node, fields: &[(&str, Field)]) -> Option<String> {
    let mut out = String::from("{");
    let mut first = true;
    for (key, field) in fields {
        let mut value = String::new();
        match field {
            Field::Literal(text) => write_string(&mut value, text),
            Field::Value(name) => match object.get(name) {
                Some(node) if node.is_map() => write_json(&mut value, node, 0)?,
                Some(node) => match &node.value {
                    // kyaml takes the text as written (`null`, `~` or nothing for a null).
                    Value::Scalar(scalar) => write_string(&mut value, &scalar.text),
                    // A list: kustomize re-decodes it into a map and gets nothing.
                    _ => value.push_str("null"),
                },
                None => write_string(&mut value, ""),
            },
            Field::MapOnly(name) => match object.get(name) {
                Some(node) if node.is_map() => write_json(&mut value, node, 0)?,
                _ => continue,
            },
        }
        if !first {
            out.push(',');
        }
        first = false;
        write_string(&mut out, key);
        out.push(':');
        out.push_str(&value);
    }
    out.push('}');
    Some(out)
}

/// `node` as Go encodes what kyaml decodes from it: mappings with sorted keys, numbers through
/// `float64`.
fn write_json(out: &mut String, node: &Node, depth: usize) -> Option<()> {
    if depth > MAX_DEPTH {
        return None;
    }
    match &node.value {
        Value::Scalar(scalar) => match scalar.kind {
            ScalarKind::Null => out.push_str("null"),
            ScalarKind::Bool(b) => out.push_str(if b { "true" } else { "false" }),
            #[allow(clippy::cast_precision_loss)]
            ScalarKind::Int(n) => write_float(out, n as f64)?,
            ScalarKind::Float(x) => write_float(out, x)?,
            ScalarKind::String => write_string(out, &scalar.text),
        },
        Value::Map(entries) => {
            let mut sorted: Vec<_> = entries.iter().collect();
            sorted.sort_by(|a, b| a.key.cmp(&b.key));
            out.push('{');
            for (at, entry) in sorted.into_iter().enumerate() {
                if at > 0 {
                    out.push(',');
                }
                write_string(out, &entry.key);
                out.push(':');
                write_json(out, &entry.value, depth + 1)?;
            }
            out.push('}');
        }
        Value::Seq(items) => {
            out.push('[');
            for (at, item) in items.iter().enumerate() {
                if at > 0 {
                    out.push(',');
                }
                write_json(out, item, depth + 1)?;
            }
            out.push(']');
        }
    }
    Some(())
}

/// A `float64` as Go's JSON encoder writes it: the shortest decimal that reads back the same,
/// in exponent form (`1e+21`, `1e-7`) outside `[1e-6, 1e21)`.
fn write_float(out: &mut String, x: f64) -> Option<()> {
    if !x.is_finite() {
        return None;
    }
    let abs = x.abs();
    if abs == 0.0 || (1e-6..1e21).contains(&abs) {
        let _ = write!(out, "{x}");
    } else {
        let text = format!("{x:e}");
        match text.split_once('e') {
            Some((mantissa, exponent)) if !exponent.starts_with('-') => {
                let _ = write!(out, "{mantissa}e+{exponent}");
            }
            _ => out.push_str(&text),
        }
    }
    Some(())
}

/// A JSON string as Go's encoder writes it (HTML-safe: `<`, `>` and `&` escaped too).
pub(crate) fn write_string(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' | '\u{0}'..='\u{1f}' => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// The first ten hex digits of `digest`, with kustomize's substitutions.
fn encode_digest(digest: &[u8]) -> String {
    let mut hex = String::with_capacity(64);
    for byte in digest {
        let _ = write!(hex, "{byte:02x}");
    }
    hex.chars()
        .take(10)
        .map(|c| match c {
            '0' => 'g',
            '1' => 'h',
            '3' => 'k',
            'a' => 'm',
            'e' => 't',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn string_map(pairs: &[(&str, &str)]) -> Node {
        let mut node = Node::map(None);
        for (key, value) in pairs {
            node.set(key, Node::string(*value, None));
        }
        node
    }

    #[test]
    fn go_json_strings() {
        let mut out = String::new();
        write_string(&mut out, "a<b>&\"\\\n\u{1}\u{8}é");
        assert_eq!(out, r#""a\u003cb\u003e\u0026\"\\\n\u0001\bé""#);
    }

    #[test]
    fn go_json_floats() {
        let mut out = String::new();
        for x in [1.0, 0.5, 1e21, 1e-7, 123_456_789.0, -2.5] {
            write_float(&mut out, x);
            out.push(' ');
        }
        assert_eq!(out, "1 0.5 1e+21 1e-7 123456789 -2.5 ");
    }

    #[test]
    fn names_do_not_change_the_hash() {
        let mut object = string_map(&[("apiVersion", "v1"), ("kind", "ConfigMap")]);
        object.set("data", string_map(&[("a", "b")]));
        let before = name_hash(&object);
        object.set("metadata", string_map(&[("name", "other")]));
        assert_eq!(name_hash(&object), before);
        assert_eq!(before.as_deref().map(str::len), Some(10));
        object.set("kind", Node::string("Deployment", None));
        assert_eq!(name_hash(&object), None);
    }
}
