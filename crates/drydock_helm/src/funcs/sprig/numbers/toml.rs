//! Helm's `toToml` (`BurntSushi/toml` v1.6.0's encoder: keys sorted, plain values before
//! tables, tables as `[a.b]` indented two spaces per level, lists of maps as `[[a]]`, floats
//! always with a point or an exponent) and `fromToml`.

use super::super::{add, arg, str_arg};
use crate::template::exec::{FuncResult, State};
use crate::template::{Funcs, ListType, Map, Ty, Value};

mod read;

const NIL_ELEMENT: &str = "toml: cannot encode array with nil element";
const NO_KEY: &str = "toml: top-level values must be Go maps or structs";
const ZERO_VALUE: &str = "reflect: call of reflect.Value.Interface on zero Value";

/// The encoder's `dblQuotedReplacer` inside double quotes.
fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\u{c}' => out.push_str("\\f"),
            '\r' => out.push_str("\\r"),
            c if (c as u32) < 0x20 || c == '\u{7f}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn is_bare(s: &str) -> bool {
    s.chars()
        .all(|r| r.is_ascii_alphanumeric() || r == '_' || r == '-')
}

/// One key part as the encoder writes it (`maybeQuoted`).
fn key_part(s: &str) -> String {
    if s.is_empty() {
        "\"\"".to_owned()
    } else if is_bare(s) {
        s.to_owned()
    } else {
        quoted(s)
    }
}

fn key_string(key: &[String]) -> String {
    key.iter()
        .map(|k| key_part(k))
        .collect::<Vec<_>>()
        .join(".")
}

#[derive(PartialEq, Eq)]
enum Kind {
    Nil,
    Table,
    TableArray,
    Other,
}

/// `tomlTypeOfGo`, reduced to what the encoder asks: nil, a table, a list of tables.
fn kind(value: &Value) -> Result<Kind, String> {
    Ok(match value {
        Value::Nil => Kind::Nil,
        Value::Map(..) => Kind::Table,
        Value::List(items, ListType::Any) if !items.is_empty() => {
            let mut all_tables = true;
            for item in items.iter() {
                match kind(item)? {
                    Kind::Nil => return Err(NIL_ELEMENT.to_owned()),
                    Kind::Table => {}
                    _ => all_tables = false,
                }
            }
            if all_tables {
                Kind::TableArray
            } else {
                Kind::Other
            }
        }
        _ => Kind::Other,
    })
}

struct Encoder {
    out: String,
    written: bool,
}

impl Encoder {
    fn write(&mut self, s: &str) {
        self.out.push_str(s);
        self.written = true;
    }

    fn newline(&mut self) {
        if self.written {
            self.write("\n");
        }
    }

    fn indent(&mut self, key: &[String]) {
        for _ in 1..key.len() {
            self.write("  ");
        }
    }

    fn encode(&mut self, key: &[String], value: &Value) -> Result<(), String> {
        match value {
            Value::Nil => Ok(()),
            Value::Map(map, _) => self.table(key, &map.snapshot()),
            Value::List(items, _) if kind(value)? == Kind::TableArray => {
                if key.is_empty() {
                    return Err(NO_KEY.to_owned());
                }
                for item in items.iter() {
                    if let Value::Map(map, _) = item {
                        self.newline();
                        self.indent(key);
                        self.write(&format!("[[{}]]", key_string(key)));
                        self.newline();
                        self.map(key, &map.snapshot(), false)?;
                    }
                }
                Ok(())
            }
            _ => self.key_value(key, value, false),
        }
    }

    fn table(&mut self, key: &[String], map: &Map) -> Result<(), String> {
        if key.len() == 1 {
            self.newline();
        }
        if !key.is_empty() {
            self.indent(key);
            self.write(&format!("[{}]", key_string(key)));
            self.newline();
        }
        self.map(key, map, false)
    }

    fn key_value(&mut self, key: &[String], value: &Value, inline: bool) -> Result<(), String> {
        let Some(last) = key.last() else {
            return self.element(value);
        };
        self.indent(key);
        self.write(&format!("{} = ", key_part(last)));
        self.element(value)?;
        if !inline {
            self.newline();
        }
        Ok(())
    }

    fn map(&mut self, key: &[String], map: &Map, inline: bool) -> Result<(), String> {
        let mut direct = Vec::new();
        let mut sub = Vec::new();
        for (k, v) in map.iter() {
            match kind(v)? {
                Kind::Table | Kind::TableArray => sub.push((k, v)),
                _ => direct.push((k, v)),
            }
        }
        if inline {
            self.write("{");
        }
        let trailing = !sub.is_empty();
        for (group, trail) in [(direct, trailing), (sub, false)] {
            let count = group.len();
            for (i, (k, v)) in group.into_iter().enumerate() {
                if matches!(v, Value::Nil) {
                    continue;
                }
                if inline {
                    self.key_value(std::slice::from_ref(k), v, true)?;
                    if trail || i + 1 != count {
                        self.write(", ");
                    }
                } else {
                    let mut path = key.to_vec();
                    path.push(k.clone());
                    self.encode(&path, v)?;
                }
            }
        }
        if inline {
            self.write("}");
        }
        Ok(())
    }

    fn element(&mut self, value: &Value) -> Result<(), String> {
        match value {
            Value::Nil => return Err(ZERO_VALUE.to_owned()),
            Value::Bool(b) => self.write(if *b { "true" } else { "false" }),
            Value::Int(n) | Value::Int64(n) => self.write(&n.to_string()),
            Value::Uint(n) => self.write(&n.to_string()),
            Value::Float(f) => {
                let sign = if f.is_sign_negative() { "-" } else { "" };
                if f.is_nan() {
                    self.write(&format!("{sign}nan"));
                } else if f.is_infinite() {
                    self.write(&format!("{sign}inf"));
                } else {
                    let text = crate::template::fmt::float_g(*f, None, false);
                    if text.contains('e') || text.contains('.') {
                        self.write(&text);
                    } else {
                        self.write(&format!("{text}.0"));
                    }
                }
            }
            Value::String(s) => self.write(&quoted(s)),
            Value::Object(object) => self.write(&quoted(&object.print())),
            Value::List(items, _) => {
                self.write("[");
                for (i, item) in items.iter().enumerate() {
                    self.element(item)?;
                    if i + 1 != items.len() {
                        self.write(", ");
                    }
                }
                self.write("]");
            }
            Value::Map(map, _) => self.map(&[], &map.snapshot(), true)?,
        }
        Ok(())
    }
}

/// `toml.NewEncoder(…).Encode(value)`: the text, or the error's.
pub fn to_toml_text(value: &Value) -> Result<String, String> {
    let mut encoder = Encoder {
        out: String::new(),
        written: false,
    };
    encoder.encode(&[], value)?;
    Ok(encoder.out)
}

fn to_toml(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    match to_toml_text(&arg(args, 0)) {
        Ok(text) => Ok(Value::str(text)),
        // A panic of `reflect` reaches the template as the call's error.
        Err(message) if message == ZERO_VALUE => Err(message.into()),
        Err(message) => Ok(Value::str(message)),
    }
}

fn from_toml(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(match read::parse(&str_arg(args, 0)) {
        Ok(map) => Value::map(map),
        Err((partial, message)) => {
            let mut map = partial;
            map.insert("Error".to_owned(), Value::str(message));
            Value::map(map)
        }
    })
}

pub fn register(funcs: &mut Funcs) {
    add(funcs, "toToml", to_toml, &[Ty::Any], None);
    add(funcs, "fromToml", from_toml, &[Ty::String], None);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::rc::Rc;

    fn map(entries: Vec<(&str, Value)>) -> Value {
        Value::map(
            entries
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
        )
    }

    #[test]
    fn encodes_as_burntsushi() {
        let value = map(vec![
            ("title", Value::str("t")),
            ("count", Value::Float(1.0)),
            (
                "owner",
                map(vec![
                    ("name", Value::str("nm")),
                    ("sub", map(vec![("x", Value::Int(1))])),
                ]),
            ),
            ("list", Value::list(vec![Value::Int(1), Value::str("a\"b")])),
            (
                "tables",
                Value::list(vec![map(vec![("a", Value::Float(1e6))])]),
            ),
            ("odd key", Value::Nil),
            ("big", Value::Float(1e21)),
        ]);
        assert_eq!(
            to_toml_text(&value),
            Ok("big = 1e+21\ncount = 1.0\nlist = [1, \"a\\\"b\"]\ntitle = \"t\"\n\n[owner]\n  name = \"nm\"\n  [owner.sub]\n    x = 1\n\n[[tables]]\n  a = 1e+06\n".to_owned())
        );
        assert_eq!(to_toml_text(&Value::str("x")), Ok("\"x\"".to_owned()));
        assert_eq!(
            to_toml_text(&Value::list(vec![map(vec![])])),
            Err(NO_KEY.to_owned())
        );
        assert_eq!(
            to_toml_text(&map(vec![("a", Value::list(vec![Value::Nil]))])),
            Err(NIL_ELEMENT.to_owned())
        );
        let inline = map(vec![(
            "l",
            Value::List(
                Rc::new(vec![
                    Value::Int(1),
                    map(vec![("k", Value::Int(2)), ("m", map(vec![]))]),
                ]),
                ListType::Any,
            ),
        )]);
        assert_eq!(
            to_toml_text(&inline),
            Ok("l = [1, {k = 2, m = {}}]\n".to_owned())
        );
    }
}
