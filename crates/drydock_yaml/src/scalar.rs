//! Resolving plain scalars to null, booleans, numbers or strings, as Kubernetes reads them.

use crate::tree::{ScalarKind, ScalarStyle};

/// The kind of a scalar with this text, style and tag (the tag's suffix for `!!` tags, e.g.
/// `str`; `Some("")` for the non-specific `!` tag; `None` without a tag).
pub fn resolve(value: &str, style: ScalarStyle, core_tag: Option<&str>) -> ScalarKind {
    match core_tag {
        Some("str" | "binary" | "timestamp" | "") => return ScalarKind::String,
        Some("null") => return ScalarKind::Null,
        Some("bool") => return plain(value).filter(is_bool).unwrap_or(ScalarKind::String),
        Some("int" | "float") => {
            return plain(value).filter(is_number).unwrap_or(ScalarKind::String);
        }
        _ => {}
    }
    if style != ScalarStyle::Plain {
        return ScalarKind::String;
    }
    plain(value).unwrap_or(ScalarKind::String)
}

fn is_bool(kind: &ScalarKind) -> bool {
    matches!(kind, ScalarKind::Bool(_))
}

fn is_number(kind: &ScalarKind) -> bool {
    matches!(kind, ScalarKind::Int(_) | ScalarKind::Float(_))
}

/// The YAML 1.2 core schema, plus go-yaml's leading-zero octal.
fn plain(value: &str) -> Option<ScalarKind> {
    match value {
        "" | "~" | "null" | "Null" | "NULL" => return Some(ScalarKind::Null),
        "true" | "True" | "TRUE" => return Some(ScalarKind::Bool(true)),
        "false" | "False" | "FALSE" => return Some(ScalarKind::Bool(false)),
        ".nan" | ".NaN" | ".NAN" => return Some(ScalarKind::Float(f64::NAN)),
        _ => {}
    }
    let (negative, unsigned) = match value.as_bytes().first() {
        Some(b'-') => (true, value.get(1..).unwrap_or("")),
        Some(b'+') => (false, value.get(1..).unwrap_or("")),
        _ => (false, value),
    };
    if matches!(unsigned, ".inf" | ".Inf" | ".INF") {
        let inf = if negative {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        return Some(ScalarKind::Float(inf));
    }
    // Cheap exit for the common case (and for a 50 MB string): numbers start with a digit or `.`.
    if !unsigned
        .bytes()
        .next()
        .is_some_and(|b| b.is_ascii_digit() || b == b'.')
    {
        return None;
    }
    let signed = |n: i64| if negative { n.checked_neg() } else { Some(n) };
    if let Some(hex) = unsigned.strip_prefix("0x") {
        return integer(hex, 16, |b| b.is_ascii_hexdigit()).map(|n| from_int(signed(n), value));
    }
    if let Some(octal) = unsigned.strip_prefix("0o") {
        return integer(octal, 8, |b| (b'0'..=b'7').contains(&b))
            .map(|n| from_int(signed(n), value));
    }
    if unsigned.len() > 1
        && unsigned.starts_with('0')
        && unsigned.bytes().all(|b| (b'0'..=b'7').contains(&b))
    {
        return integer(unsigned, 8, |_| true).map(|n| from_int(signed(n), value));
    }
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        return Some(match value.parse::<i64>() {
            Ok(n) => ScalarKind::Int(n),
            Err(_) => ScalarKind::Float(value.parse().unwrap_or(f64::INFINITY)),
        });
    }
    if is_float(unsigned) {
        return value.parse::<f64>().ok().map(ScalarKind::Float);
    }
    None
}

fn from_int(n: Option<i64>, text: &str) -> ScalarKind {
    n.map_or(ScalarKind::Float(text.len() as f64), ScalarKind::Int)
}

/// `digits` in `radix`, or `None` if empty or not all digits. Overflow saturates to `i64::MAX`
/// (the value only matters as "an integer that is too large").
fn integer(digits: &str, radix: u32, valid: impl Fn(u8) -> bool) -> Option<i64> {
    if digits.is_empty() || !digits.bytes().all(valid) {
        return None;
    }
    Some(i64::from_str_radix(digits, radix).unwrap_or(i64::MAX))
}

/// `(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`
fn is_float(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(at) => (text.get(..at).unwrap_or(""), text.get(at + 1..)),
        None => (text, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((int, frac)) => {
            int.bytes().all(|b| b.is_ascii_digit())
                && frac.bytes().all(|b| b.is_ascii_digit())
                && (!int.is_empty() || !frac.is_empty())
        }
        None => !mantissa.is_empty() && mantissa.bytes().all(|b| b.is_ascii_digit()),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let digits = e.strip_prefix(['-', '+']).unwrap_or(e);
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use ScalarKind::*;

    #[test]
    fn plain_scalars_resolve_like_kubernetes() {
        let cases: &[(&str, ScalarKind)] = &[
            ("", Null),
            ("~", Null),
            ("null", Null),
            ("NULL", Null),
            ("true", Bool(true)),
            ("False", Bool(false)),
            ("yes", String),
            ("on", String),
            ("y", String),
            ("no", String),
            ("3", Int(3)),
            ("-3", Int(-3)),
            ("+3", Int(3)),
            ("0", Int(0)),
            ("0777", Int(0o777)),
            ("0644", Int(420)),
            ("0o17", Int(15)),
            ("0x1F", Int(31)),
            ("0789", Int(789)),
            ("1.5", Float(1.5)),
            (".5", Float(0.5)),
            ("1e3", Float(1000.0)),
            ("-.inf", Float(f64::NEG_INFINITY)),
            ("1_000", String),
            ("1.2.3", String),
            ("e3", String),
            ("0x", String),
            ("-", String),
            ("8080/TCP", String),
            ("100m", String),
            ("1Gi", String),
        ];
        for (text, expected) in cases {
            assert_eq!(
                resolve(text, ScalarStyle::Plain, None),
                *expected,
                "{text:?}"
            );
        }
        assert!(matches!(
            resolve("99999999999999999999", ScalarStyle::Plain, None),
            Float(_)
        ));
    }

    #[test]
    fn quotes_block_scalars_and_tags_keep_strings() {
        assert_eq!(resolve("3", ScalarStyle::DoubleQuoted, None), String);
        assert_eq!(resolve("true", ScalarStyle::SingleQuoted, None), String);
        assert_eq!(resolve("3", ScalarStyle::Literal, None), String);
        assert_eq!(resolve("3", ScalarStyle::Plain, Some("str")), String);
        assert_eq!(resolve("3", ScalarStyle::DoubleQuoted, Some("int")), Int(3));
        assert_eq!(resolve("x", ScalarStyle::Plain, Some("int")), String);
        assert_eq!(resolve("3", ScalarStyle::Plain, Some("")), String);
        assert_eq!(resolve("3", ScalarStyle::Plain, Some("custom")), Int(3));
    }
}
