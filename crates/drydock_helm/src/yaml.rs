//! `toYaml` as Helm writes it (`sigs.k8s.io/yaml`: the value through JSON, then go-yaml v2's
//! emitter): keys sorted, lists at their key's indentation, strings quoted only when YAML would
//! read them as something else, multi-line strings as literal blocks, numbers as JSON made them
//! (an integral `float64` is an integer).

use crate::template::Value;

/// `toYamlPretty`: [`to_yaml`] with lists indented under their key.
pub fn to_yaml_pretty(value: &Value) -> String {
    PRETTY.with(|pretty| pretty.set(true));
    let text = to_yaml(value);
    PRETTY.with(|pretty| pretty.set(false));
    text
}

thread_local! {
    static PRETTY: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// The YAML of `value`, ending with a newline (`null\n` for nil).
pub fn to_yaml(value: &Value) -> String {
    if !value.printable() {
        return format!("{}\n", crate::template::value::UNPRINTABLE);
    }
    let mut out = String::new();
    match value {
        // Go's nil slice goes through JSON as `null`.
        list if list.is_nil_list() => out.push_str("null\n"),
        Value::Map(map, _) if map.is_empty() => out.push_str("{}\n"),
        Value::List(items, _) if items.is_empty() => out.push_str("[]\n"),
        Value::Map(..) | Value::List(..) => block(&mut out, value, 0),
        scalar => {
            out.push_str(&scalar_text(scalar, 0));
            out.push('\n');
        }
    }
    out
}

fn indent(out: &mut String, n: usize) {
    for _ in 0..n {
        out.push(' ');
    }
}

/// A collection at `level` spaces: each entry on its own line(s).
fn block(out: &mut String, value: &Value, level: usize) {
    match value {
        Value::Map(map, _) => {
            for (key, item) in map.snapshot().iter() {
                indent(out, level);
                out.push_str(&string_text(key, level));
                out.push(':');
                value_after_key(out, item, level);
            }
        }
        Value::List(items, _) => {
            for item in items.iter() {
                indent(out, level);
                out.push('-');
                match item {
                    Value::Map(map, _) if !map.is_empty() => {
                        // The first entry on the dash's line, the others under it.
                        out.push(' ');
                        let mut inner = String::new();
                        block(&mut inner, item, level + 2);
                        out.push_str(inner.get(level + 2..).unwrap_or_default());
                    }
                    Value::List(inner, _) if !inner.is_empty() => {
                        out.push(' ');
                        let mut nested = String::new();
                        block(&mut nested, item, level + 2);
                        out.push_str(nested.get(level + 2..).unwrap_or_default());
                    }
                    _ => value_after_key(out, item, level),
                }
            }
        }
        _ => {}
    }
}

/// What follows `key:` (or `-`): a scalar on the line, or a nested block.
fn value_after_key(out: &mut String, item: &Value, level: usize) {
    match item {
        list if list.is_nil_list() => out.push_str(" null\n"),
        Value::Map(map, _) if map.is_empty() => out.push_str(" {}\n"),
        Value::List(items, _) if items.is_empty() => out.push_str(" []\n"),
        Value::Map(..) => {
            out.push('\n');
            block(out, item, level + 2);
        }
        Value::List(..) => {
            out.push('\n');
            let pretty = PRETTY.with(std::cell::Cell::get);
            block(out, item, if pretty { level + 2 } else { level });
        }
        scalar => {
            out.push(' ');
            out.push_str(&scalar_text(scalar, level));
            out.push('\n');
        }
    }
}

/// An integral float as Go's JSON encoder writes it: its shortest digits, then zeros
/// (`12345678901234567000`, not the binary value's `…168`).
pub fn integral_text(f: f64) -> String {
    let text = format!("{:e}", f.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: usize = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::new();
    if f < 0.0 {
        out.push('-');
    }
    for i in 0..=exponent {
        out.push(digits.chars().nth(i).unwrap_or('0'));
    }
    out
}

/// A float as JSON writes it and go-yaml reads back: integral values are integers.
fn number_text(f: f64) -> String {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 1e21 {
        return integral_text(f);
    }
    // go-yaml writes a float with `strconv.FormatFloat(f, 'g', -1, 64)`.
    crate::template::fmt::float_g(f, None, false)
}

fn scalar_text(value: &Value, level: usize) -> String {
    match value {
        Value::Nil => "null".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) | Value::Int64(n) => n.to_string(),
        Value::Uint(n) => n.to_string(),
        Value::Float(f) => number_text(*f),
        Value::String(s) => string_text(s, level),
        Value::Object(object) => string_text(&object.print(), level),
        Value::List(..) | Value::Map(..) => String::new(),
    }
}

/// Whether go-yaml v2 reads plain `text` as something other than a string.
fn resolves_to_non_string(text: &str) -> bool {
    if text.is_empty() {
        return true;
    }
    let lower = text.to_ascii_lowercase();
    if matches!(
        text,
        "~" | "null"
            | "Null"
            | "NULL"
            | "y"
            | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "true"
            | "True"
            | "TRUE"
            | "false"
            | "False"
            | "FALSE"
            | "on"
            | "On"
            | "ON"
            | "off"
            | "Off"
            | "OFF"
            | "<<"
    ) {
        return true;
    }
    if matches!(lower.as_str(), ".inf" | "+.inf" | "-.inf" | ".nan") {
        return true;
    }
    if is_timestamp(text) {
        return true;
    }
    // Numbers: decimal, 0x, 0o-less octal, binary, floats, with `_`.
    let plain: String = text.chars().filter(|&c| c != '_').collect();
    let unsigned = plain.strip_prefix(['-', '+']).unwrap_or(&plain);
    if unsigned.is_empty() {
        return false;
    }
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return !hex.is_empty() && hex.chars().all(|c| c.is_ascii_hexdigit());
    }
    if let Some(bin) = unsigned.strip_prefix("0b") {
        return !bin.is_empty() && bin.chars().all(|c| c == '0' || c == '1');
    }
    if unsigned.chars().all(|c| c.is_ascii_digit()) {
        return true;
    }
    // A float: digits, one point, an exponent.
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = {
        let mut parts = mantissa.splitn(2, '.');
        let whole = parts.next().unwrap_or_default();
        let fraction = parts.next();
        whole.chars().all(|c| c.is_ascii_digit())
            && fraction.is_none_or(|f| f.chars().all(|c| c.is_ascii_digit()))
            && (!whole.is_empty() || fraction.is_some_and(|f| !f.is_empty()))
            && (fraction.is_some() || exponent.is_some())
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    });
    // Base-60 numbers (`1:20`) are read as numbers too.
    let base60 = unsigned.contains(':')
        && unsigned
            .split(':')
            .all(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit() || c == '.'));
    mantissa_ok && exponent_ok || base60
}

/// Whether go-yaml v2 reads plain `text` as a timestamp (`2006-1-2`, then an optional time
/// after `T`, `t` or a space).
fn is_timestamp(text: &str) -> bool {
    let mut parts = text.splitn(2, ['T', 't', ' ']);
    let date = parts.next().unwrap_or_default();
    let fields: Vec<&str> = date.split('-').collect();
    let [year, month, day] = fields.as_slice() else {
        return false;
    };
    let digits = |s: &str, min: usize, max: usize| {
        (min..=max).contains(&s.len()) && s.chars().all(|c| c.is_ascii_digit())
    };
    if !(digits(year, 4, 4) && digits(month, 1, 2) && digits(day, 1, 2)) {
        return false;
    }
    match parts.next() {
        None => true,
        // A time: `15:4:5`, fractions and a zone after it.
        Some(time) => {
            let clock: Vec<&str> = time
                .split(['Z', '+', '-', '.'])
                .next()
                .unwrap_or_default()
                .split(':')
                .collect();
            clock.len() == 3 && clock.iter().all(|p| digits(p, 1, 2))
        }
    }
}

/// Whether libyaml's emitter allows `text` as a plain scalar in block context.
fn plain_allowed(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let (Some(&first), Some(&last)) = (chars.first(), chars.last()) else {
        return false;
    };
    if first == ' ' || last == ' ' || first == '\t' || last == '\t' {
        return false;
    }
    if text.starts_with("---") || text.starts_with("...") {
        return false;
    }
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let followed_by_blank = next.is_none_or(|n| n == ' ' || n == '\t');
        if i == 0 {
            if matches!(
                c,
                ',' | '['
                    | ']'
                    | '{'
                    | '}'
                    | '#'
                    | '&'
                    | '*'
                    | '!'
                    | '|'
                    | '>'
                    | '\''
                    | '"'
                    | '%'
                    | '@'
                    | '`'
            ) {
                return false;
            }
            if matches!(c, '?' | ':' | '-') && followed_by_blank {
                return false;
            }
        } else {
            if matches!(c, ',' | '?' | '[' | ']' | '{' | '}') {
                // Flow indicators are fine in block context, except that libyaml is strict.
            }
            if c == ':' && followed_by_blank {
                return false;
            }
            if c == '#' && chars.get(i - 1).is_some_and(|p| *p == ' ' || *p == '\t') {
                return false;
            }
        }
        if c.is_control() && c != '\t' {
            return false;
        }
    }
    true
}

/// A string as go-yaml v2 writes it.
fn string_text(text: &str, level: usize) -> String {
    if text.contains('\n') {
        return literal(text, level);
    }
    if !resolves_to_non_string(text) && plain_allowed(text) {
        return text.to_owned();
    }
    if resolves_to_non_string(text) || text.chars().any(|c| c.is_control() && c != '\t') {
        return crate::template::fmt::quote(text);
    }
    format!("'{}'", text.replace('\'', "''"))
}

/// A literal block (`|`, `|-`, `|+`) with its lines indented under the key.
fn literal(text: &str, level: usize) -> String {
    let trailing = text.len() - text.trim_end_matches('\n').len();
    let chomp = match trailing {
        0 => "-",
        1 => "",
        _ => "+",
    };
    // A first line starting with a space needs an indentation indicator.
    let indicator = if text.starts_with(' ') { "2" } else { "" };
    let mut out = format!("|{indicator}{chomp}");
    let body = if trailing == 1 {
        &text[..text.len() - 1]
    } else {
        text.trim_end_matches('\n')
    };
    for line in body.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            indent(&mut out, level + 2);
            out.push_str(line);
        }
    }
    if trailing > 1 {
        for _ in 1..trailing {
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::template::Map;

    #[test]
    fn maps_lists_and_scalars() {
        let mut inner = Map::new();
        inner.insert("b".into(), Value::Float(1000000.0));
        inner.insert(
            "a".into(),
            Value::list(vec![Value::str("x"), Value::str("true")]),
        );
        let mut map = Map::new();
        map.insert("z".into(), Value::map(inner));
        map.insert("e".into(), Value::map(Map::new()));
        map.insert("s".into(), Value::str("a: b"));
        map.insert("m".into(), Value::str("one\ntwo"));
        assert_eq!(
            to_yaml(&Value::map(map)),
            "e: {}\nm: |-\n  one\n  two\ns: 'a: b'\nz:\n  a:\n  - x\n  - \"true\"\n  b: 1000000\n"
        );
    }
}
