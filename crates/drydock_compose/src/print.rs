//! The resolved model as YAML (what `docker compose config` prints by default): block style,
//! two spaces a level, members in the model's order, strings quoted only when YAML would read
//! them as something else.

use drydock_base::json::{Value, write_string};

/// Whether `text` can be written as a plain scalar and read back as the same string.
fn plain(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text != text.trim()
        || "-?:,[]{}#&*!|>'\"%@`".contains(first)
        || text.contains(": ")
        || text.contains(" #")
        || text.ends_with(':')
        || text.chars().any(|c| c.is_control())
    {
        return false;
    }
    // Read as another type (YAML 1.1 or 1.2): quoted.
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "null"
            | "~"
            | "true"
            | "false"
            | "yes"
            | "no"
            | "on"
            | "off"
            | "y"
            | "n"
            | ".nan"
            | ".inf"
            | "-.inf"
            | "+.inf"
    ) {
        return false;
    }
    let numeric = text
        .trim_start_matches(['+', '-'])
        .replace(['_', '.', 'e', 'E', ':', '+', '-', 'x', 'o', 'b'], "");
    !(first.is_ascii_digit() || first == '.' || first == '+' || first == '-')
        || !numeric.chars().all(|c| c.is_ascii_hexdigit()) && !numeric.is_empty()
}

fn scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            if n.fract() == 0.0 && n.abs() < 1e15 {
                out.push_str(&format!("{}", *n as i64));
            } else {
                out.push_str(&format!("{n}"));
            }
        }
        Value::String(text) => {
            if plain(text) {
                out.push_str(text);
            } else {
                write_string(out, text);
            }
        }
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn is_empty_collection(value: &Value) -> bool {
    match value {
        Value::Array(items) => items.is_empty(),
        Value::Object(members) => members.is_empty(),
        _ => true,
    }
}

fn key(out: &mut String, key: &str) {
    if plain(key) {
        out.push_str(key);
    } else {
        write_string(out, key);
    }
}

fn block(out: &mut String, value: &Value, indent: usize, depth: usize) {
    if depth > 128 {
        return;
    }
    let pad = " ".repeat(indent);
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                out.push_str(&pad);
                key(out, name);
                out.push(':');
                if is_empty_collection(member) {
                    out.push(' ');
                    scalar(out, member);
                    out.push('\n');
                } else {
                    out.push('\n');
                    block(out, member, indent + 2, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                if is_empty_collection(item) {
                    out.push_str(&pad);
                    out.push_str("- ");
                    scalar(out, item);
                    out.push('\n');
                } else {
                    // The item's block at the next level, its first indentation made `- `.
                    let mut inner = String::new();
                    block(&mut inner, item, indent + 2, depth + 1);
                    out.push_str(&pad);
                    out.push_str("- ");
                    out.push_str(inner.get(indent + 2..).unwrap_or_default());
                }
            }
        }
        other => {
            out.push_str(&pad);
            scalar(out, other);
            out.push('\n');
        }
    }
}

/// `value` as a YAML document.
pub fn yaml(value: &Value) -> String {
    let mut out = String::new();
    block(&mut out, value, 0, 0);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_that_would_read_as_other_types_are_quoted() {
        let value = drydock_base::json::parse(
            r#"{"a":"80","b":"yes","c":"web","d":[1,{"x":null}],"e":{},"f":"a: b"}"#,
        )
        .unwrap();
        assert_eq!(
            yaml(&value),
            "a: \"80\"\nb: \"yes\"\nc: web\nd:\n  - 1\n  - x: null\ne: {}\nf: \"a: b\"\n"
        );
    }
}
