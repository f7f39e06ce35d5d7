//! The JSON and YAML encodings beyond Helm's `toJson`/`fromJson`: Sprig's `toPrettyJson`
//! (`json.MarshalIndent` with two spaces), `toRawJson` (an encoder without HTML escaping),
//! `mustFromJson`, and Helm's `fromJsonArray` and `fromYamlArray`, with Go's
//! `encoding/json` syntax errors (`invalid character 'b' looking for beginning of object key
//! string`).

use super::super::{add, arg, str_arg};
use crate::template::exec::{FuncError, FuncResult, State};
use crate::template::{Funcs, ListType, Map, MapType, Ty, Value};

/// The first float `json.Marshal` refuses (NaN, ±Inf), in its encoding order, as Go's error.
fn unsupported(value: &Value) -> Option<String> {
    match value {
        Value::Float(f) if !f.is_finite() => Some(format!(
            "json: unsupported value: {}",
            crate::template::fmt::float_g(*f, None, false)
        )),
        Value::List(items, ListType::Bytes) => {
            let _ = items;
            None
        }
        Value::List(items, _) => items.iter().find_map(unsupported),
        Value::Map(map, _) => map.snapshot().values().find_map(unsupported),
        _ => None,
    }
}

/// Go's `json.Indent(…, "", "  ")` of compact JSON.
fn indent(compact: &str) -> String {
    let mut out = String::with_capacity(compact.len() * 2);
    let mut depth = 0usize;
    let mut in_string = false;
    let mut escaped = false;
    let mut chars = compact.chars().peekable();
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' | '[' => {
                out.push(c);
                let close = if c == '{' { '}' } else { ']' };
                if chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                } else {
                    depth += 1;
                    newline(&mut out, depth);
                }
            }
            '}' | ']' => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(c);
            }
            ',' => {
                out.push(c);
                newline(&mut out, depth);
            }
            ':' => out.push_str(": "),
            c => out.push(c),
        }
    }
    out
}

/// `json.Marshal` without HTML escaping (U+2028 and U+2029 still escaped).
fn raw_json(out: &mut String, value: &Value) {
    let string = |out: &mut String, s: &str| {
        let mut text = String::new();
        drydock_base::json::write_string(&mut text, s);
        out.push_str(
            &text
                .replace('\u{2028}', "\\u2028")
                .replace('\u{2029}', "\\u2029"),
        );
    };
    match value {
        Value::String(s) => string(out, s),
        Value::Object(object) => string(out, &object.print()),
        Value::List(items, kind) if *kind != ListType::Bytes => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                raw_json(out, item);
            }
            out.push(']');
        }
        Value::Map(map, _) => {
            out.push('{');
            for (i, (key, item)) in map.snapshot().iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                string(out, key);
                out.push(':');
                raw_json(out, item);
            }
            out.push('}');
        }
        other => out.push_str(&crate::json::to_json(other)),
    }
}

fn to_pretty_json(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let value = arg(args, 0);
    if unsupported(&value).is_some() {
        return Ok(Value::str(""));
    }
    Ok(Value::str(indent(&crate::json::to_json(&value))))
}

fn must_to_pretty_json(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let value = arg(args, 0);
    if let Some(error) = unsupported(&value) {
        return Err(FuncError::Message(error));
    }
    Ok(Value::str(indent(&crate::json::to_json(&value))))
}

fn to_raw_json(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let value = arg(args, 0);
    if let Some(error) = unsupported(&value) {
        return Err(FuncError::Message(error));
    }
    let mut out = String::new();
    raw_json(&mut out, &value);
    Ok(Value::str(out))
}

/// Go's `quoteChar` for the byte of a syntax error.
fn quote_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".to_owned(),
        b'"' => "'\"'".to_owned(),
        _ => {
            let quoted = crate::template::fmt::quote(&char::from(c).to_string());
            let inner = quoted
                .strip_prefix('"')
                .and_then(|q| q.strip_suffix('"'))
                .unwrap_or(&quoted);
            format!("'{inner}'")
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Scan {
    BeginValue,
    BeginValueOrEmpty,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    Literal(&'static [u8], usize),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

/// Go's `encoding/json` scanner (`checkValid`): the syntax error of `text`, if any.
pub fn json_syntax_error(text: &str) -> Option<String> {
    let mut stack: Vec<Parse> = Vec::new();
    let mut state = Scan::BeginValue;
    let bad = |c: u8, context: &str| Some(format!("invalid character {} {context}", quote_char(c)));
    let is_space = |c: u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let bytes = text.as_bytes().iter().copied().chain(std::iter::once(b' '));
    for c in bytes {
        // A state may hand the byte on to the next (`stateEndValue(s, c)` in Go).
        let mut redo = true;
        while redo {
            redo = false;
            match state {
                Scan::BeginValue | Scan::BeginValueOrEmpty => {
                    if is_space(c) {
                        continue;
                    }
                    if state == Scan::BeginValueOrEmpty && c == b']' {
                        state = Scan::EndValue;
                        redo = true;
                        continue;
                    }
                    state = match c {
                        b'{' => {
                            if stack.len() >= 10_000 {
                                return Some("exceeded max depth".to_owned());
                            }
                            stack.push(Parse::ObjectKey);
                            Scan::BeginStringOrEmpty
                        }
                        b'[' => {
                            if stack.len() >= 10_000 {
                                return Some("exceeded max depth".to_owned());
                            }
                            stack.push(Parse::ArrayValue);
                            Scan::BeginValueOrEmpty
                        }
                        b'"' => Scan::InString,
                        b'-' => Scan::Neg,
                        b'0' => Scan::Zero,
                        b'1'..=b'9' => Scan::One,
                        b't' => Scan::Literal(b"rue", 0),
                        b'f' => Scan::Literal(b"alse", 0),
                        b'n' => Scan::Literal(b"ull", 0),
                        _ => return bad(c, "looking for beginning of value"),
                    };
                }
                Scan::BeginStringOrEmpty | Scan::BeginString => {
                    if is_space(c) {
                        continue;
                    }
                    if state == Scan::BeginStringOrEmpty && c == b'}' {
                        if let Some(top) = stack.last_mut() {
                            *top = Parse::ObjectValue;
                        }
                        state = Scan::EndValue;
                        redo = true;
                        continue;
                    }
                    if c == b'"' {
                        state = Scan::InString;
                    } else {
                        return bad(c, "looking for beginning of object key string");
                    }
                }
                Scan::EndValue => {
                    let Some(&top) = stack.last() else {
                        state = Scan::EndTop;
                        redo = true;
                        continue;
                    };
                    if is_space(c) {
                        continue;
                    }
                    match (top, c) {
                        (Parse::ObjectKey, b':') => {
                            if let Some(t) = stack.last_mut() {
                                *t = Parse::ObjectValue;
                            }
                            state = Scan::BeginValue;
                        }
                        (Parse::ObjectKey, _) => return bad(c, "after object key"),
                        (Parse::ObjectValue, b',') => {
                            if let Some(t) = stack.last_mut() {
                                *t = Parse::ObjectKey;
                            }
                            state = Scan::BeginString;
                        }
                        (Parse::ObjectValue | Parse::ArrayValue, b'}' | b']')
                            if (c == b'}') == (top == Parse::ObjectValue) =>
                        {
                            stack.pop();
                            state = Scan::EndValue;
                        }
                        (Parse::ObjectValue, _) => return bad(c, "after object key:value pair"),
                        (Parse::ArrayValue, b',') => state = Scan::BeginValue,
                        (Parse::ArrayValue, _) => return bad(c, "after array element"),
                    }
                }
                Scan::EndTop => {
                    if !is_space(c) {
                        return bad(c, "after top-level value");
                    }
                }
                Scan::InString => match c {
                    b'"' => state = Scan::EndValue,
                    b'\\' => state = Scan::InStringEsc,
                    c if c < 0x20 => return bad(c, "in string literal"),
                    _ => {}
                },
                Scan::InStringEsc => {
                    state = match c {
                        b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => Scan::InString,
                        b'u' => Scan::InStringEscU(0),
                        _ => return bad(c, "in string escape code"),
                    };
                }
                Scan::InStringEscU(n) => {
                    if !c.is_ascii_hexdigit() {
                        return bad(c, "in \\u hexadecimal character escape");
                    }
                    state = if n == 3 {
                        Scan::InString
                    } else {
                        Scan::InStringEscU(n + 1)
                    };
                }
                Scan::Neg => {
                    state = match c {
                        b'0' => Scan::Zero,
                        b'1'..=b'9' => Scan::One,
                        _ => return bad(c, "in numeric literal"),
                    };
                }
                Scan::One | Scan::Zero => {
                    if state == Scan::One && c.is_ascii_digit() {
                        continue;
                    }
                    match c {
                        b'.' => state = Scan::Dot,
                        b'e' | b'E' => state = Scan::E,
                        _ => {
                            state = Scan::EndValue;
                            redo = true;
                        }
                    }
                }
                Scan::Dot => {
                    if c.is_ascii_digit() {
                        state = Scan::Dot0;
                    } else {
                        return bad(c, "after decimal point in numeric literal");
                    }
                }
                Scan::Dot0 => {
                    if c.is_ascii_digit() {
                        continue;
                    }
                    if matches!(c, b'e' | b'E') {
                        state = Scan::E;
                    } else {
                        state = Scan::EndValue;
                        redo = true;
                    }
                }
                Scan::E => {
                    if matches!(c, b'+' | b'-') {
                        state = Scan::ESign;
                    } else {
                        state = Scan::ESign;
                        redo = true;
                    }
                }
                Scan::ESign => {
                    if c.is_ascii_digit() {
                        state = Scan::E0;
                    } else {
                        return bad(c, "in exponent of numeric literal");
                    }
                }
                Scan::E0 => {
                    if !c.is_ascii_digit() {
                        state = Scan::EndValue;
                        redo = true;
                    }
                }
                Scan::Literal(rest, n) => {
                    let want = rest.get(n).copied().unwrap_or(b' ');
                    if c != want {
                        let word = match rest.len() {
                            3 if rest == b"rue" => "true",
                            3 => "null",
                            _ => "false",
                        };
                        return bad(
                            c,
                            &format!("in literal {word} (expecting {})", quote_char(want)),
                        );
                    }
                    state = if n + 1 == rest.len() {
                        Scan::EndValue
                    } else {
                        Scan::Literal(rest, n + 1)
                    };
                }
            }
        }
    }
    if state == Scan::EndTop {
        None
    } else {
        Some("unexpected end of JSON input".to_owned())
    }
}

/// Go's JSON name of a value's kind, for `cannot unmarshal … into`.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Map(..) => "object",
        Value::List(..) => "array",
        Value::String(_) => "string",
        Value::Bool(_) => "bool",
        _ => "number",
    }
}

/// `json.Unmarshal` into `interface {}`.
pub fn unmarshal(text: &str) -> Result<Value, String> {
    if let Some(error) = json_syntax_error(text) {
        return Err(error);
    }
    crate::json::from_json(text)
}

fn from_json_array(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let error = |message: String| Ok(Value::list(vec![Value::str(message)]));
    match unmarshal(&str_arg(args, 0)) {
        Ok(Value::List(items, _)) => Ok(Value::List(items, ListType::Any)),
        Ok(Value::Nil) => Ok(Value::list(Vec::new())),
        Ok(other) => error(format!(
            "json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        )),
        Err(message) => error(message),
    }
}

fn must_from_json(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    unmarshal(&str_arg(args, 0)).map_err(FuncError::Message)
}

fn from_yaml_array(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let error = |message: String| Ok(Value::list(vec![Value::str(message)]));
    match crate::values::parse_yaml(&str_arg(args, 0)) {
        Ok(Value::List(items, _)) => Ok(Value::List(items, ListType::Any)),
        Ok(Value::Nil) => Ok(Value::list(Vec::new())),
        Ok(other) => error(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {} into Go value of type []interface {{}}",
            json_kind(&other)
        )),
        Err(e) => error(format!("error converting YAML to JSON: yaml: {e}")),
    }
}

/// A map of `map[string]interface {}` type (what `json.Unmarshal` makes).
#[allow(dead_code)]
fn any_map(map: Map) -> Value {
    Value::Map(crate::template::MapRef::new(map), MapType::Any)
}

pub fn register(funcs: &mut Funcs) {
    add(funcs, "toPrettyJson", to_pretty_json, &[Ty::Any], None);
    add(
        funcs,
        "mustToPrettyJson",
        must_to_pretty_json,
        &[Ty::Any],
        None,
    );
    add(funcs, "toRawJson", to_raw_json, &[Ty::Any], None);
    add(funcs, "mustToRawJson", to_raw_json, &[Ty::Any], None);
    add(funcs, "mustFromJson", must_from_json, &[Ty::String], None);
    add(funcs, "fromJsonArray", from_json_array, &[Ty::String], None);
    add(funcs, "fromYamlArray", from_yaml_array, &[Ty::String], None);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_as_go_writes_them() {
        assert_eq!(json_syntax_error("[1, \"a\", null]"), None);
        assert_eq!(json_syntax_error(" {\"a\": [1.5e-3, {}]} "), None);
        assert_eq!(
            json_syntax_error("{bad"),
            Some("invalid character 'b' looking for beginning of object key string".to_owned())
        );
        assert_eq!(
            json_syntax_error(""),
            Some("unexpected end of JSON input".to_owned())
        );
        assert_eq!(
            json_syntax_error("[1,]"),
            Some("invalid character ']' looking for beginning of value".to_owned())
        );
        assert_eq!(
            json_syntax_error("[1"),
            Some("unexpected end of JSON input".to_owned())
        );
        assert_eq!(
            json_syntax_error("1 2"),
            Some("invalid character '2' after top-level value".to_owned())
        );
        assert_eq!(
            json_syntax_error("tru"),
            Some("invalid character ' ' in literal true (expecting 'e')".to_owned())
        );
        assert_eq!(
            json_syntax_error("trx"),
            Some("invalid character 'x' in literal true (expecting 'u')".to_owned())
        );
        assert_eq!(
            json_syntax_error("{\"a\" 1}"),
            Some("invalid character '1' after object key".to_owned())
        );
        assert_eq!(
            json_syntax_error("01"),
            Some("invalid character '1' after top-level value".to_owned())
        );
        assert_eq!(
            json_syntax_error("1."),
            Some("invalid character ' ' after decimal point in numeric literal".to_owned())
        );
        assert_eq!(
            json_syntax_error("'a'"),
            Some("invalid character '\\'' looking for beginning of value".to_owned())
        );
        assert_eq!(json_syntax_error("-0.5E+10"), None);
    }

    #[test]
    fn indents_as_marshal_indent() {
        assert_eq!(
            indent(r#"{"a":{},"b":[1,2],"c":[],"d":"x,{"}"#),
            "{\n  \"a\": {},\n  \"b\": [\n    1,\n    2\n  ],\n  \"c\": [],\n  \"d\": \"x,{\"\n}"
        );
    }
}
