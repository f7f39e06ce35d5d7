//! The same stream as JSON: what `to_yaml` prints, as data for tools that want JSON.

use drydock_base::json::write_string;
use drydock_yaml::ScalarKind;

use super::{MAX_DEPTH, json_round_trip, number, order};
use crate::value::{Node, Scalar, Value};

/// `objects` as a pretty-printed JSON array (two-space indent, like `json.MarshalIndent`), with
/// keys in the order [`super::to_yaml`] prints them and values as kustomize prints them (`0777`
/// is `511`). Numbers YAML can write but JSON cannot (`.inf`, `.nan`) are `null`; kustomize itself
/// refuses to render them.
pub fn to_json(objects: &[&Node]) -> String {
    let mut out = String::new();
    if objects.is_empty() {
        out.push_str("[]\n");
        return out;
    }
    out.push('[');
    for (k, object) in objects.iter().enumerate() {
        if k > 0 {
            out.push(',');
        }
        newline(&mut out, 1);
        value(&mut out, object, 1);
    }
    newline(&mut out, 0);
    out.push_str("]\n");
    out
}

fn newline(out: &mut String, level: usize) {
    out.push('\n');
    for _ in 0..level {
        out.push_str("  ");
    }
}

fn value(out: &mut String, node: &Node, level: usize) {
    if level > MAX_DEPTH {
        out.push_str("null");
        return;
    }
    match &node.value {
        Value::Scalar(scalar) => self::scalar(out, scalar),
        Value::Seq(items) if items.is_empty() => out.push_str("[]"),
        Value::Map(entries) if entries.is_empty() => out.push_str("{}"),
        Value::Seq(items) => {
            out.push('[');
            for (k, item) in items.iter().enumerate() {
                if k > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                value(out, item, level + 1);
            }
            newline(out, level);
            out.push(']');
        }
        Value::Map(entries) => {
            let keys: Vec<_> = entries.iter().map(|e| json_round_trip(&e.key)).collect();
            let key_refs: Vec<&str> = keys.iter().map(|k| k.as_ref()).collect();
            out.push('{');
            for (k, index) in order::sorted_indices(&key_refs).into_iter().enumerate() {
                let (Some(entry), Some(key)) = (entries.get(index), key_refs.get(index)) else {
                    continue;
                };
                if k > 0 {
                    out.push(',');
                }
                newline(out, level + 1);
                write_string(out, key);
                out.push_str(": ");
                value(out, &entry.value, level + 1);
            }
            newline(out, level);
            out.push('}');
        }
    }
}

fn scalar(out: &mut String, scalar: &Scalar) {
    match scalar.kind {
        ScalarKind::Null => out.push_str("null"),
        ScalarKind::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        ScalarKind::Int(_) | ScalarKind::Float(_) => {
            let text = number::number_text(scalar);
            // `.inf`/`.nan` have no JSON form.
            if matches!(text.as_str(), ".inf" | "-.inf" | ".nan") {
                out.push_str("null");
            } else {
                out.push_str(&text);
            }
        }
        ScalarKind::String => write_string(out, &json_round_trip(&scalar.text)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::{Entry, Scalar};

    fn entry(key: &str, value: Node) -> Entry {
        Entry {
            key: key.to_owned(),
            key_origin: None,
            value,
        }
    }

    #[test]
    fn prints_a_pretty_array_with_sorted_keys() {
        let object = Node::new(
            Value::Map(vec![
                entry("kind", Node::string("A\"b\n", None)),
                entry("apiVersion", Node::string("v1", None)),
                entry("n", Node::scalar(Scalar::int(3), None)),
                entry("e", Node::seq(vec![], None)),
                entry("m", Node::map(None)),
                entry(
                    "l",
                    Node::seq(
                        vec![Node::null(None), Node::scalar(Scalar::bool(true), None)],
                        None,
                    ),
                ),
            ]),
            None,
        );
        let want = "[\n  {\n    \"apiVersion\": \"v1\",\n    \"e\": [],\n    \"kind\": \"A\\\"b\\n\",\n    \"l\": [\n      null,\n      true\n    ],\n    \"m\": {},\n    \"n\": 3\n  }\n]\n";
        assert_eq!(to_json(&[&object]), want);
        assert_eq!(to_json(&[]), "[]\n");
    }
}
