//! YAML read as Helm reads values (`sigs.k8s.io/yaml`: go-yaml v2, YAML 1.1, then JSON): `yes`,
//! `on`, `y` are booleans (keys too: `on:` is the key `"true"`), every number is a `float64`,
//! maps are `map[string]interface {}`.

use std::rc::Rc;

use drydock_yaml::owned::{FileId, Node, Value as YamlValue};
use drydock_yaml::{ScalarKind, ScalarStyle};

use crate::template::{Map, Value};

/// Nodes one values document may expand to (aliases included).
const BUDGET: usize = 1_000_000;

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

/// The first document of `text` as a value (`Nil` for an empty one).
pub fn parse_yaml(text: &str) -> Result<Value, String> {
    let stream = drydock_yaml::parse(text);
    let Some(document) = stream.documents.first() else {
        return Ok(Value::Nil);
    };
    if let Some(error) = document.errors.first() {
        return Err(error.message.clone());
    }
    let Some(root) = document.root else {
        return Ok(Value::Nil);
    };
    let mut budget = BUDGET;
    let node = Node::from_yaml(document, root, FileId(0), &mut budget)
        .ok_or_else(|| "the document expands to too many nodes".to_owned())?;
    Ok(from_node(&node))
}

/// A scalar's text as the key of a map.
fn key_text(key: &str) -> String {
    // Keys were read as strings; YAML 1.1 reads some plain ones as booleans, which JSON writes
    // as `true`/`false`.
    match yaml11_bool(key) {
        Some(b) => b.to_string(),
        None => key.to_owned(),
    }
}

fn from_node(node: &Node) -> Value {
    match &node.value {
        YamlValue::Scalar(scalar) => {
            if scalar.style == ScalarStyle::Plain
                && let Some(b) = yaml11_bool(&scalar.text)
            {
                return Value::Bool(b);
            }
            match scalar.kind {
                ScalarKind::Null => Value::Nil,
                ScalarKind::Bool(b) => Value::Bool(b),
                ScalarKind::Int(i) => Value::Float(i as f64),
                ScalarKind::Float(f) => Value::Float(f),
                ScalarKind::String => Value::str(scalar.text.as_str()),
            }
        }
        YamlValue::Map(entries) => {
            let mut map = Map::new();
            for entry in entries {
                map.insert(key_text(&entry.key), from_node(&entry.value));
            }
            Value::Map(Rc::new(map), crate::template::MapType::Any)
        }
        YamlValue::Seq(items) => Value::list(items.iter().map(from_node).collect()),
    }
}
