//! The resolved model against the reference: the model `docker compose config --format json`
//! printed is a fixed point (bound again, it prints the same), so every `expected.json` of the
//! conformance data, read back as a dict, must give itself again: as a JSON value, and byte for
//! byte through Go's printer.

mod common;

use std::path::Path;

use common::Value;
use drydock_compose::model::{to_json, write_go_json};
use drydock_yaml::ScalarKind;
use drydock_yaml::owned::{Entry, Node, Scalar, Value as Tree};

/// A JSON value as the loader's dict would hold it: whole numbers as integers.
fn to_node(value: &Value) -> Node {
    match value {
        Value::Null => Node::null(None),
        Value::Bool(b) => Node::scalar(Scalar::bool(*b), None),
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 9.2e18 => {
            Node::scalar(Scalar::int(*n as i64), None)
        }
        Value::Number(n) => Node::scalar(
            Scalar {
                text: n.to_string(),
                kind: ScalarKind::Float(*n),
                style: drydock_yaml::ScalarStyle::Plain,
            },
            None,
        ),
        Value::String(s) => Node::string(s.clone(), None),
        Value::Array(items) => Node::seq(items.iter().map(to_node).collect(), None),
        Value::Object(members) => Node::new(
            Tree::Map(
                members
                    .iter()
                    .map(|(key, value)| Entry {
                        key: key.clone(),
                        key_origin: None,
                        value: to_node(value),
                    })
                    .collect(),
            ),
            None,
        ),
    }
}

/// Equal as JSON values, object members in any order.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    b.get(k).is_some_and(|w| same(v, w))
                        && y.iter().filter(|(key, _)| key == k).count() == 1
                })
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(v, w)| same(v, w))
        }
        _ => a == b,
    }
}

/// The first line where two texts differ, with its neighbour lines.
fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    let line = e
        .iter()
        .zip(&a)
        .position(|(x, y)| x != y)
        .unwrap_or(e.len().min(a.len()));
    let around =
        |lines: &[&str]| lines[line.saturating_sub(2)..(line + 2).min(lines.len())].join("\n");
    format!(
        "line {}:\n  expected:\n{}\n  actual:\n{}",
        line + 1,
        around(&e),
        around(&a)
    )
}

struct Counts {
    total: usize,
    values: usize,
    bytes: usize,
    failures: Vec<String>,
}

fn check(dirs: &[std::path::PathBuf]) -> Counts {
    let mut counts = Counts {
        total: 0,
        values: 0,
        bytes: 0,
        failures: Vec::new(),
    };
    for dir in dirs {
        let path = dir.join("expected.json");
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = common::read_json(Path::new(&path));
        counts.total += 1;
        let name = common::case_name(dir);
        match to_json(&to_node(&expected)) {
            Ok(actual) => {
                let printed = write_go_json(&actual);
                if same(&actual, &expected) {
                    counts.values += 1;
                }
                if printed == text {
                    counts.bytes += 1;
                } else {
                    counts
                        .failures
                        .push(format!("{name}: {}", first_difference(&text, &printed)));
                }
            }
            Err(error) => counts.failures.push(format!("{name}: error {error}")),
        }
    }
    counts
}

#[test]
fn the_printed_model_is_a_fixed_point() {
    let config = check(&common::case_dirs("config", "expected.json"));
    let errors = check(&common::case_dirs("errors", "expected.json"));
    println!(
        "model fixed point: {}/{} equal as values, {}/{} byte for byte",
        config.values, config.total, config.bytes, config.total
    );
    println!(
        "model fixed point (errors/ cases that succeed): {}/{} equal as values, {}/{} byte for byte",
        errors.values, errors.total, errors.bytes, errors.total
    );
    for failure in config.failures.iter().chain(&errors.failures).take(10) {
        println!("{failure}\n");
    }
    assert_eq!(config.total, 511);
    assert!(config.values >= 511 && config.bytes >= 511);
    assert!(errors.values >= 143 && errors.bytes >= 143);
}
