//! Go's `fmt` as templates use it: `%v` of every value (`print`, the value of an action),
//! `fmt.Sprint`'s spacing, and `printf`'s verbs, flags, width and precision, with Go's
//! `%!verb(type=value)` for a value the verb does not take.

use super::value::Value;

/// `%v` of a value (nil inside a collection is `<nil>`).
pub fn v(value: &Value) -> String {
    if !value.printable() {
        return super::value::UNPRINTABLE.to_owned();
    }
    let mut out = String::new();
    write_v(&mut out, value);
    out
}

fn write_v(out: &mut String, value: &Value) {
    match value {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(n) | Value::Int64(n) => out.push_str(&n.to_string()),
        Value::Uint(n) => out.push_str(&n.to_string()),
        Value::Float(f) => out.push_str(&float_g(*f, None, false)),
        Value::String(s) => out.push_str(s),
        Value::List(items, _) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_v(out, item);
            }
            out.push(']');
        }
        Value::Map(map, _) => {
            out.push_str("map[");
            for (i, (key, item)) in map.snapshot().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(key);
                out.push(':');
                write_v(out, item);
            }
            out.push(']');
        }
        Value::Object(object) => out.push_str(&object.print()),
    }
}

/// `fmt.Sprint`: operands printed with `%v`, a space between two operands when neither is a
/// string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, arg) in args.iter().enumerate() {
        let is_string = matches!(arg, Value::String(_));
        if i > 0 && !is_string && !matches!(args.get(i - 1), Some(Value::String(_))) {
            out.push(' ');
        }
        out.push_str(&v(arg));
    }
    out
}

/// `fmt.Sprintln`: always a space between operands, and a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = args.iter().map(v).collect::<Vec<_>>().join(" ");
    out.push('\n');
    out
}

/// The shortest decimal digits of `f` (no sign) and the decimal point's position: `1.5` is
/// (`"15"`, 1), `1e6` is (`"1"`, 7).
fn shortest_digits(f: f64) -> (String, i32) {
    let text = format!("{:e}", f.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_end_matches('0');
    if digits.is_empty() {
        return ("0".to_owned(), 1);
    }
    (digits.to_owned(), exponent + 1)
}

/// Digits of `f` rounded to `precision` significant digits, and the point's position.
fn rounded_digits(f: f64, precision: usize) -> (String, i32) {
    let text = format!("{:.*e}", precision.saturating_sub(1), f.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exponent + 1)
}

/// Go's `%e` from digits: `d.ddde±XX`.
fn e_form(negative: bool, digits: &str, point: i32, min_fraction: usize) -> String {
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let mut chars = digits.chars();
    out.push(chars.next().unwrap_or('0'));
    let rest: String = chars.collect();
    let mut fraction = rest;
    while fraction.len() < min_fraction {
        fraction.push('0');
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(&fraction);
    }
    let exponent = if digits == "0" { 0 } else { point - 1 };
    out.push('e');
    out.push(if exponent < 0 { '-' } else { '+' });
    out.push_str(&format!("{:02}", exponent.abs()));
    out
}

/// Go's `%f` from digits.
fn f_form(negative: bool, digits: &str, point: i32, min_fraction: usize) -> String {
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let bytes: Vec<char> = digits.chars().collect();
    if point <= 0 {
        out.push('0');
    } else {
        for i in 0..point {
            out.push(bytes.get(i as usize).copied().unwrap_or('0'));
        }
    }
    let mut fraction = String::new();
    let mut i = point;
    while (i as usize) < bytes.len() || i < 0 {
        if i < 0 {
            fraction.push('0');
        } else {
            fraction.push(bytes.get(i as usize).copied().unwrap_or('0'));
        }
        i += 1;
    }
    while fraction.len() < min_fraction {
        fraction.push('0');
    }
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(&fraction);
    }
    out
}

/// Go's `%g` (`%v` of a float when `precision` is `None`: the shortest digits, exponent form
/// below 1e-4 and from 1e+06... or from the precision).
pub fn float_g(f: f64, precision: Option<usize>, sharp: bool) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    let negative = f.is_sign_negative() && f != 0.0 || (f == 0.0 && f.is_sign_negative());
    let (digits, point, eprec) = match precision {
        None => {
            let (digits, point) = shortest_digits(f);
            (digits, point, 6)
        }
        Some(p) => {
            let p = p.max(1);
            let (digits, point) = rounded_digits(f, p);
            let trimmed = if sharp {
                digits
            } else {
                let t = digits.trim_end_matches('0');
                if t.is_empty() {
                    "0".to_owned()
                } else {
                    t.to_owned()
                }
            };
            let eprec = if p > trimmed.len() && trimmed.len() as i32 >= point {
                trimmed.len() as i32
            } else {
                p as i32
            };
            (trimmed, point, eprec.max(1) as usize)
        }
    };
    let exponent = if digits == "0" { 0 } else { point - 1 };
    if exponent < -4 || exponent >= eprec as i32 {
        let min = if sharp { eprec.saturating_sub(1) } else { 0 };
        return e_form(negative, &digits, point, min);
    }
    let min = if sharp {
        (eprec as i32 - point).max(0) as usize
    } else {
        0
    };
    f_form(negative, &digits, point, min)
}

/// `%e` with `precision` digits after the point (6 by default).
pub fn float_e(f: f64, precision: usize) -> String {
    if !f.is_finite() {
        return float_g(f, None, false);
    }
    let (digits, point) = rounded_digits(f, precision + 1);
    e_form(f.is_sign_negative(), &digits, point, precision)
}

/// `%f` with `precision` digits after the point.
pub fn float_f(f: f64, precision: usize) -> String {
    if !f.is_finite() {
        return float_g(f, None, false);
    }
    format!("{:.*}", precision, f)
}

/// `%#v`: the value in Go's syntax (`[]interface {}{1, "two"}`); `typed` when the static type
/// must be said (inside an `interface {}` collection it is).
pub fn go_syntax(value: &Value, top: bool) -> String {
    let _ = top;
    match value {
        Value::Nil => "interface {}(nil)".to_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Int(n) => n.to_string(),
        Value::Int64(n) => n.to_string(),
        Value::Uint(n) => format!("0x{n:x}"),
        Value::Float(f) => float_g(*f, None, false),
        Value::String(s) => quote(s),
        Value::List(items, _) => {
            let inner: Vec<String> = items.iter().map(|item| go_syntax(item, false)).collect();
            format!("{}{{{}}}", value.type_name(), inner.join(", "))
        }
        Value::Map(map, _) => {
            let inner: Vec<String> = map
                .snapshot()
                .iter()
                .map(|(k, item)| format!("{}:{}", quote(k), go_syntax(item, false)))
                .collect();
            format!("{}{{{}}}", value.type_name(), inner.join(", "))
        }
        Value::Object(object) => object.print(),
    }
}

/// Go's `strconv.Quote` (`%q` of a string).
pub use super::lex::go_quote as quote;

#[derive(Default, Clone, Copy)]
struct Flags {
    minus: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

/// `fmt.Sprintf`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    let mut out = String::new();
    let mut chars = format.chars().peekable();
    let mut arg = 0usize;
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let mut flags = Flags::default();
        loop {
            match chars.peek() {
                Some('-') => flags.minus = true,
                Some('+') => flags.plus = true,
                Some('#') => flags.sharp = true,
                Some(' ') => flags.space = true,
                Some('0') => flags.zero = !flags.minus,
                _ => break,
            }
            chars.next();
        }
        // Width: digits or `*`.
        if chars.peek() == Some(&'*') {
            chars.next();
            match args.get(arg) {
                Some(Value::Int(n) | Value::Int64(n)) => {
                    if *n < 0 {
                        flags.minus = true;
                    }
                    flags.width = Some(n.unsigned_abs() as usize);
                }
                _ => out.push_str("%!(BADWIDTH)"),
            }
            arg += 1;
        } else {
            let mut width = String::new();
            while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                width.push(*d);
                chars.next();
            }
            flags.width = width.parse().ok();
        }
        if chars.peek() == Some(&'.') {
            chars.next();
            if chars.peek() == Some(&'*') {
                chars.next();
                match args.get(arg) {
                    Some(Value::Int(n) | Value::Int64(n)) if *n >= 0 => {
                        flags.precision = Some(*n as usize);
                    }
                    _ => out.push_str("%!(BADPREC)"),
                }
                arg += 1;
            } else {
                let mut precision = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    precision.push(*d);
                    chars.next();
                }
                flags.precision = Some(precision.parse().unwrap_or(0));
            }
        }
        let Some(verb) = chars.next() else {
            out.push_str("%!(NOVERB)");
            break;
        };
        if verb == '%' {
            out.push('%');
            continue;
        }
        let Some(value) = args.get(arg) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        arg += 1;
        if !value.printable() {
            out.push_str(super::value::UNPRINTABLE);
            continue;
        }
        // `%+v` and `%#v`: Go's plusV and sharpV, not a sign or an alternate form.
        if verb == 'v' && flags.sharp {
            out.push_str(&pad(go_syntax(value, true), flags));
            continue;
        }
        if verb == 'v' {
            flags.plus = false;
        }
        let text = format_one(value, verb, flags);
        out.push_str(&pad(text, flags));
    }
    if arg < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args
            .iter()
            .skip(arg)
            .map(|a| match a {
                Value::Nil => "<nil>".to_owned(),
                a => format!("{}={}", a.type_name(), v(a)),
            })
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

fn pad(text: String, flags: Flags) -> String {
    let Some(width) = flags.width else {
        return text;
    };
    let len = text.chars().count();
    if len >= width {
        return text;
    }
    let fill = width - len;
    if flags.minus {
        return text + &" ".repeat(fill);
    }
    if flags.zero {
        // Zeros go after the sign.
        if let Some(rest) = text.strip_prefix(['-', '+']) {
            let sign = &text[..1];
            return format!("{sign}{}{rest}", "0".repeat(fill));
        }
        return "0".repeat(fill) + &text;
    }
    " ".repeat(fill) + &text
}

fn bad_verb(value: &Value, verb: char) -> String {
    match value {
        Value::Nil => format!("%!{verb}(<nil>)"),
        value => format!("%!{verb}({}={})", value.type_name(), v(value)),
    }
}

fn with_sign(text: String, negative: bool, flags: Flags) -> String {
    if negative {
        format!("-{text}")
    } else if flags.plus {
        format!("+{text}")
    } else if flags.space {
        format!(" {text}")
    } else {
        text
    }
}

fn format_int(n: i128, verb: char, flags: Flags) -> Option<String> {
    let negative = n < 0;
    let magnitude = n.unsigned_abs();
    let digits = match verb {
        'd' | 'v' => magnitude.to_string(),
        'b' => format!("{magnitude:b}"),
        'o' | 'O' => format!("{magnitude:o}"),
        'x' => format!("{magnitude:x}"),
        'X' => format!("{magnitude:X}"),
        'c' => {
            return Some(
                u32::try_from(n)
                    .ok()
                    .and_then(char::from_u32)
                    .unwrap_or('\u{fffd}')
                    .to_string(),
            );
        }
        'q' => {
            let c = u32::try_from(n)
                .ok()
                .and_then(char::from_u32)
                .unwrap_or('\u{fffd}');
            return Some(super::lex::go_quote_rune(c));
        }
        'U' => return Some(format!("U+{magnitude:04X}")),
        _ => return None,
    };
    let mut digits = match flags.precision {
        Some(p) if digits.len() < p => "0".repeat(p - digits.len()) + &digits,
        _ => digits,
    };
    if flags.sharp {
        match verb {
            'x' => digits = format!("0x{digits}"),
            'X' => digits = format!("0X{digits}"),
            'o' if !digits.starts_with('0') => digits = format!("0{digits}"),
            'b' => digits = format!("0b{digits}"),
            _ => {}
        }
    }
    if verb == 'O' {
        digits = format!("0o{digits}");
    }
    Some(with_sign(digits, negative, flags))
}

fn format_float(f: f64, verb: char, flags: Flags) -> Option<String> {
    let text = match verb {
        'v' | 'g' => float_g(f, flags.precision, flags.sharp),
        'G' => float_g(f, flags.precision, flags.sharp).to_uppercase(),
        'e' => float_e(f, flags.precision.unwrap_or(6)),
        'E' => float_e(f, flags.precision.unwrap_or(6)).to_uppercase(),
        'f' | 'F' => float_f(f, flags.precision.unwrap_or(6)),
        _ => return None,
    };
    if text.starts_with('-') || !f.is_finite() && text.starts_with('+') {
        return Some(text);
    }
    Some(with_sign(text, false, flags))
}

fn format_string(s: &str, verb: char, flags: Flags) -> Option<String> {
    let s = match flags.precision {
        Some(p) if matches!(verb, 's' | 'v' | 'q') => s.chars().take(p).collect::<String>(),
        _ => s.to_owned(),
    };
    Some(match verb {
        's' | 'v' => s,
        'q' => {
            if flags.sharp && !s.contains('`') {
                format!("`{s}`")
            } else {
                quote(&s)
            }
        }
        'x' => s.bytes().map(|b| format!("{b:02x}")).collect(),
        'X' => s.bytes().map(|b| format!("{b:02X}")).collect(),
        _ => return None,
    })
}

/// One operand with one verb.
fn format_one(value: &Value, verb: char, flags: Flags) -> String {
    if verb == 'T' {
        return match value {
            Value::Nil => "<nil>".to_owned(),
            value => value.type_name(),
        };
    }
    let formatted = match value {
        Value::Nil => match verb {
            'v' => Some("<nil>".to_owned()),
            _ => None,
        },
        Value::Bool(b) => match verb {
            't' | 'v' => Some(b.to_string()),
            _ => None,
        },
        Value::Int(n) | Value::Int64(n) => format_int(i128::from(*n), verb, flags),
        Value::Uint(n) => format_int(i128::from(*n), verb, flags),
        Value::Float(f) => format_float(*f, verb, flags),
        Value::String(s) => format_string(s, verb, flags),
        Value::List(items, _) => {
            if verb == 's' && items.is_empty() {
                Some("[]".to_owned())
            } else {
                let inner: Vec<String> = items
                    .iter()
                    .map(|item| {
                        format_one(
                            item,
                            verb,
                            Flags {
                                width: None,
                                ..flags
                            },
                        )
                    })
                    .collect();
                Some(format!("[{}]", inner.join(" ")))
            }
        }
        Value::Map(map, _) => {
            let inner: Vec<String> = map
                .snapshot()
                .iter()
                .map(|(k, item)| {
                    let key = format_string(k, verb, flags)
                        .unwrap_or_else(|| bad_verb(&Value::str(k.clone()), verb));
                    format!(
                        "{key}:{}",
                        format_one(
                            item,
                            verb,
                            Flags {
                                width: None,
                                ..flags
                            }
                        )
                    )
                })
                .collect();
            Some(format!("map[{}]", inner.join(" ")))
        }
        Value::Object(object) => match verb {
            'v' | 's' => Some(object.print()),
            _ => None,
        },
    };
    formatted.unwrap_or_else(|| bad_verb(value, verb))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_go_prints_them() {
        for (f, want) in [
            (1000000.0, "1e+06"),
            (100000.0, "100000"),
            (1.5, "1.5"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1234567.0, "1.234567e+06"),
            (-2.0, "-2"),
            (0.0, "0"),
            (8080.0, "8080"),
        ] {
            assert_eq!(v(&Value::Float(f)), want, "{f}");
        }
    }

    #[test]
    fn printf_verbs() {
        let s = |f: &str, args: &[Value]| sprintf(f, args);
        assert_eq!(s("%d", &[Value::Float(8080.0)]), "%!d(float64=8080)");
        assert_eq!(
            s(
                "%05.2f|%-4d|%x",
                &[Value::Float(2.71624), Value::Int(7), Value::Int(255)]
            ),
            "02.72|7   |ff"
        );
        assert_eq!(
            s(
                "%q %v %s",
                &[Value::str("a\"b"), Value::Nil, Value::Bool(true)]
            ),
            "\"a\\\"b\" <nil> %!s(bool=true)"
        );
        assert_eq!(s("%d %d", &[Value::Int(1)]), "1 %!d(MISSING)");
        assert_eq!(
            s("%d", &[Value::Int(1), Value::str("x")]),
            "1%!(EXTRA string=x)"
        );
        assert_eq!(
            s(
                "%.3g %e %T",
                &[Value::Float(2.71624), Value::Float(1500.0), Value::Int64(1)]
            ),
            "2.72 1.500000e+03 int64"
        );
    }

    #[test]
    fn sprint_spacing() {
        assert_eq!(
            sprint(&[Value::Int(1), Value::Int(2), Value::str("a"), Value::Int(3)]),
            "1 2a3"
        );
    }
}
