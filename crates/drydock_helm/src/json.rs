//! `toJson` and `fromJson` as Go's `encoding/json` does them: keys sorted, `<`, `>` and `&`
//! escaped, integral floats without a point, numbers read back as `float64`.

use drydock_base::json::{self as base, write_string_html_safe};

use crate::template::{Map, Value};

/// Go's `json.Marshal` of a float: `'f'` form, or `'e'` below 1e-6 and from 1e21.
fn number(out: &mut String, f: f64) {
    if !f.is_finite() {
        out.push_str("null");
        return;
    }
    let abs = f.abs();
    if abs != 0.0 && !(1e-6..1e21).contains(&abs) {
        // The shortest digits, and `e-07` written `e-7`.
        let shortest = format!("{f:e}");
        let (mantissa, exponent) = shortest.split_once('e').unwrap_or((&shortest, "0"));
        let exponent: i32 = exponent.parse().unwrap_or(0);
        out.push_str(mantissa);
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        out.push_str(&exponent.abs().to_string());
        return;
    }
    if f.fract() == 0.0 {
        out.push_str(&crate::yaml::integral_text(f));
    } else {
        out.push_str(&format!("{f}"));
    }
}

fn write(out: &mut String, value: &Value) {
    match value {
        Value::Nil => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) | Value::Int64(n) => out.push_str(&n.to_string()),
        Value::Uint(n) => out.push_str(&n.to_string()),
        Value::Float(f) => number(out, *f),
        Value::String(s) => write_string_html_safe(out, s),
        Value::List(items, crate::template::ListType::Bytes) => {
            let bytes: Vec<u8> = items
                .iter()
                .map(|b| match b {
                    Value::Int(n) => *n as u8,
                    _ => 0,
                })
                .collect();
            write_string_html_safe(out, &crate::encoding::base64_encode(&bytes));
        }
        list if list.is_nil_list() => out.push_str("null"),
        Value::List(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Map(map, _) => {
            out.push('{');
            for (i, (key, item)) in map.snapshot().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string_html_safe(out, key);
                out.push(':');
                write(out, item);
            }
            out.push('}');
        }
        Value::Object(object) => write_string_html_safe(out, &object.print()),
    }
}

/// `json.Marshal(value)`.
pub fn to_json(value: &Value) -> String {
    if !value.printable() {
        return crate::template::value::UNPRINTABLE.to_owned();
    }
    let mut out = String::new();
    write(&mut out, value);
    out
}

fn from_base(value: &base::Value) -> Value {
    match value {
        base::Value::Null => Value::Nil,
        base::Value::Bool(b) => Value::Bool(*b),
        base::Value::Number(n) => Value::Float(*n),
        base::Value::String(s) => Value::str(s.as_str()),
        base::Value::Array(items) => Value::list(items.iter().map(from_base).collect()),
        base::Value::Object(members) => {
            let mut map = Map::new();
            for (key, item) in members {
                map.insert(key.clone(), from_base(item));
            }
            Value::Map(
                crate::template::MapRef::new(map),
                crate::template::MapType::Any,
            )
        }
    }
}

/// `json.Unmarshal` into `interface {}`.
pub fn from_json(text: &str) -> Result<Value, String> {
    base::parse(text)
        .map(|v| from_base(&v))
        .map_err(|e| e.to_string())
}
