//! The Go library functions whose text the model's values go through: `time.Duration`'s parser
//! (as `xhit/go-str2duration` extends it with days and weeks) and printer, `docker/go-units`'
//! `RAMInBytes`, `mattn/go-shellwords`' splitter, and the ways `fmt` and `encoding/json` print
//! numbers and strings.

use std::fmt::Write as _;

const NANOSECOND: u64 = 1;
const MICROSECOND: u64 = 1000 * NANOSECOND;
const MILLISECOND: u64 = 1000 * MICROSECOND;
const SECOND: u64 = 1000 * MILLISECOND;
const MINUTE: u64 = 60 * SECOND;
const HOUR: u64 = 60 * MINUTE;

/// `str2duration.ParseDuration`: Go's `time.ParseDuration` with `d` (24h) and `w` (7d) units.
/// A sequence of decimal numbers with optional fractions, each with a unit, with an optional
/// sign; `0` alone needs no unit. The result is in nanoseconds.
pub(super) fn parse_duration(text: &str) -> Result<i64, String> {
    let invalid = || format!("time: invalid duration {}", go_quote(text));
    let (negative, mut rest) = match text.as_bytes().first() {
        Some(b'-') => (true, text.get(1..).unwrap_or_default()),
        Some(b'+') => (false, text.get(1..).unwrap_or_default()),
        _ => (false, text),
    };
    if rest == "0" {
        return Ok(0);
    }
    if rest.is_empty() {
        return Err(invalid());
    }
    let overflow = || format!("time: invalid duration {}", go_quote(text));
    let limit: u64 = 1 << 63;
    let mut total: u64 = 0;
    while !rest.is_empty() {
        let starts_number = rest
            .as_bytes()
            .first()
            .is_some_and(|b| *b == b'.' || b.is_ascii_digit());
        if !starts_number {
            return Err(invalid());
        }
        // The whole part.
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let mut whole: u64 = 0;
        for b in rest.bytes().take(digits) {
            whole = whole
                .checked_mul(10)
                .and_then(|w| w.checked_add(u64::from(b - b'0')))
                .filter(|w| *w <= limit)
                .ok_or_else(overflow)?;
        }
        rest = rest.get(digits..).unwrap_or_default();
        // The fraction, kept to the precision a u64 holds.
        let mut fraction: u64 = 0;
        let mut scale: f64 = 1.0;
        let mut has_fraction = false;
        if let Some(after) = rest.strip_prefix('.') {
            let count = after.bytes().take_while(u8::is_ascii_digit).count();
            has_fraction = count > 0;
            let mut saturated = false;
            for b in after.bytes().take(count) {
                if saturated {
                    continue;
                }
                match fraction
                    .checked_mul(10)
                    .and_then(|x| x.checked_add(u64::from(b - b'0')))
                    .filter(|x| *x <= limit)
                {
                    Some(next) if fraction <= (limit - 1) / 10 => {
                        fraction = next;
                        scale *= 10.0;
                    }
                    _ => saturated = true,
                }
            }
            rest = after.get(count..).unwrap_or_default();
        }
        if digits == 0 && !has_fraction {
            return Err(invalid());
        }
        // The unit: everything up to the next number.
        let unit_len = rest
            .bytes()
            .take_while(|b| *b != b'.' && !b.is_ascii_digit())
            .count();
        if unit_len == 0 {
            return Err(format!("time: missing unit in duration {}", go_quote(text)));
        }
        let unit_text = rest.get(..unit_len).unwrap_or_default();
        rest = rest.get(unit_len..).unwrap_or_default();
        let unit = match unit_text {
            "ns" => NANOSECOND,
            "us" | "\u{b5}s" | "\u{3bc}s" => MICROSECOND,
            "ms" => MILLISECOND,
            "s" => SECOND,
            "m" => MINUTE,
            "h" => HOUR,
            "d" => 24 * HOUR,
            "w" => 7 * 24 * HOUR,
            _ => {
                return Err(format!(
                    "time: unknown unit {} in duration {}",
                    go_quote(unit_text),
                    go_quote(text)
                ));
            }
        };
        if whole > limit / unit {
            return Err(overflow());
        }
        let mut value = whole * unit;
        if fraction > 0 {
            #[allow(
                clippy::cast_precision_loss,
                clippy::cast_possible_truncation,
                clippy::cast_sign_loss
            )]
            let part = (fraction as f64 * (unit as f64 / scale)) as u64;
            value = value.checked_add(part).ok_or_else(overflow)?;
            if value > limit {
                return Err(overflow());
            }
        }
        total = total
            .checked_add(value)
            .filter(|t| *t <= limit)
            .ok_or_else(overflow)?;
    }
    if negative {
        // -(1 << 63) is the one value whose magnitude does not fit a positive i64.
        return Ok(0i64.wrapping_sub_unsigned(total));
    }
    i64::try_from(total).map_err(|_| overflow())
}

/// `time.Duration.String`: `1h0m0s`, `1m30s`, `1.5s`, `500ms`, `1µs`, `0s`.
pub(super) fn duration_string(nanos: i64) -> String {
    let mut magnitude = nanos.unsigned_abs();
    let mut out = String::new();
    if magnitude < SECOND {
        let (precision, unit) = match magnitude {
            0 => return "0s".to_owned(),
            m if m < MICROSECOND => (0, "ns"),
            m if m < MILLISECOND => (3, "\u{b5}s"),
            _ => (6, "ms"),
        };
        let whole = magnitude / 10u64.pow(precision);
        out.push_str(&whole.to_string());
        out.push_str(&fraction(magnitude, precision));
        out.push_str(unit);
    } else {
        let frac = fraction(magnitude, 9);
        magnitude /= SECOND;
        let seconds = magnitude % 60;
        magnitude /= 60;
        if magnitude > 0 {
            let minutes = magnitude % 60;
            magnitude /= 60;
            if magnitude > 0 {
                let _ = write!(out, "{magnitude}h");
            }
            let _ = write!(out, "{minutes}m");
        }
        let _ = write!(out, "{seconds}{frac}s");
    }
    if nanos < 0 {
        out.insert(0, '-');
    }
    out
}

/// The fraction `value / 10^precision` leaves, as `.123` without trailing zeros ("" for none).
fn fraction(value: u64, precision: u32) -> String {
    let mut digits = Vec::new();
    let mut rest = value;
    let mut seen = false;
    for _ in 0..precision {
        let digit = rest % 10;
        seen = seen || digit != 0;
        if seen {
            digits.push(char::from(b'0' + u8::try_from(digit).unwrap_or(0)));
        }
        rest /= 10;
    }
    if digits.is_empty() {
        return String::new();
    }
    digits.push('.');
    digits.iter().rev().collect()
}

/// `units.RAMInBytes` (go-units v0.5): a decimal number, an optional space, and a binary unit
/// `k`, `m`, `g`, `t` or `p` (any case) optionally followed by `b` or `ib`, or just `b`.
pub(super) fn ram_in_bytes(text: &str) -> Result<i64, String> {
    let invalid = || format!("invalid size: '{text}'");
    let Some(sep) = text.rfind(|c: char| c.is_ascii_digit() || c == '.' || c == ' ') else {
        return Err(invalid());
    };
    let (number, suffix) = if text.as_bytes().get(sep) == Some(&b' ') {
        (
            text.get(..sep).unwrap_or_default(),
            text.get(sep + 1..).unwrap_or_default(),
        )
    } else {
        (
            text.get(..=sep).unwrap_or_default(),
            text.get(sep + 1..).unwrap_or_default(),
        )
    };
    let mut size: f64 = parse_float(number).ok_or_else(|| {
        format!(
            "strconv.ParseFloat: parsing {}: invalid syntax",
            go_quote(number)
        )
    })?;
    if size < 0.0 {
        return Err(invalid());
    }
    let bad_suffix = || format!("invalid suffix: '{}'", suffix.to_lowercase());
    if !suffix.is_empty() {
        if suffix.len() > 3 {
            return Err(format!("invalid suffix: '{suffix}'"));
        }
        let lower = suffix.to_ascii_lowercase();
        let mut chars = lower.chars();
        let first = chars.next().unwrap_or('b');
        if first == 'b' {
            if lower.len() > 1 {
                return Err(bad_suffix());
            }
        } else {
            let power = match first {
                'k' => 1,
                'm' => 2,
                'g' => 3,
                't' => 4,
                'p' => 5,
                _ => return Err(bad_suffix()),
            };
            size *= 1024f64.powi(power);
            let tail = chars.as_str();
            if !(tail.is_empty() || tail == "b" || tail == "ib") {
                return Err(bad_suffix());
            }
        }
    }
    #[allow(clippy::cast_possible_truncation)]
    Ok(size as i64)
}

/// `strconv.ParseInt(text, 10, 64)`.
pub(super) fn parse_int(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// `strconv.ParseFloat(text, 64)` for decimal text (Go also reads hexadecimal floats and `_`).
pub(super) fn parse_float(text: &str) -> Option<f64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    let named = ["inf", "infinity", "nan"]
        .iter()
        .any(|name| digits.eq_ignore_ascii_case(name));
    let decimal = digits
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-'));
    if !(named || decimal) {
        return None;
    }
    text.parse().ok()
}

/// `shellwords.Parse` (go-shellwords v1.0.12, without environment or backtick expansion): words
/// split on blanks, with quotes and backslashes as a POSIX shell reads them. An unquoted `;`, `&`,
/// `|`, `<` or `>` ends the command: what follows is dropped, as compose-go drops it.
pub(super) fn shell_words(line: &str) -> Result<Vec<String>, String> {
    #[derive(PartialEq)]
    enum Got {
        No,
        Single,
        Quoted,
    }
    let invalid = || "invalid command line string".to_owned();
    let mut args = Vec::new();
    let mut buf = String::new();
    let (mut escaped, mut double, mut single, mut back, mut dollar) =
        (false, false, false, false, false);
    let mut got = Got::No;
    for c in line.chars() {
        if escaped {
            buf.push(c);
            escaped = false;
            got = Got::Single;
            continue;
        }
        if c == '\\' {
            if single {
                buf.push(c);
            } else {
                escaped = true;
            }
            continue;
        }
        if matches!(c, ' ' | '\t' | '\r' | '\n') {
            if single || double || back || dollar {
                buf.push(c);
            } else if got != Got::No {
                args.push(std::mem::take(&mut buf));
                got = Got::No;
            }
            continue;
        }
        match c {
            '`' if !single && !double && !dollar => back = !back,
            ')' if !single && !double && !back => dollar = !dollar,
            '(' if !single && !double && !back => {
                if !dollar && buf.ends_with('$') {
                    dollar = true;
                    buf.push('(');
                    continue;
                }
                return Err(invalid());
            }
            '"' if !single && !dollar => {
                if double {
                    got = Got::Quoted;
                }
                double = !double;
                continue;
            }
            '\'' if !double && !dollar => {
                if single {
                    got = Got::Quoted;
                }
                single = !single;
                continue;
            }
            ';' | '&' | '|' | '<' | '>' if !(single || double || back || dollar) => {
                // `2>file`: the descriptor number is not a word.
                if c == '>' && buf.as_bytes().first().is_some_and(u8::is_ascii_digit) {
                    got = Got::No;
                }
                break;
            }
            _ => {}
        }
        got = Got::Single;
        buf.push(c);
    }
    if got != Got::No {
        args.push(buf);
    }
    if escaped || single || double || back || dollar {
        return Err(invalid());
    }
    Ok(args)
}

/// Go's `%q` of a string, for messages (ASCII-printable text only needs `"` and `\` escaped).
pub(super) fn go_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\x{:02x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The shortest digits of `value` and its decimal exponent: `(“15”, -1)` for 0.15 (= 1.5e-1).
fn shortest(value: f64) -> (String, i32) {
    let text = format!("{:e}", value.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((text.as_str(), "0"));
    (mantissa.replace('.', ""), exponent.parse().unwrap_or(0))
}

/// `digits` (at least one) as `d.ddd` followed by `e±N`, `N` at least `min_digits` long.
fn scientific(negative: bool, digits: &str, exponent: i32, min_digits: usize) -> String {
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    let (first, rest) = digits.split_at(digits.len().min(1));
    out.push_str(first);
    if !rest.is_empty() {
        out.push('.');
        out.push_str(rest);
    }
    let sign = if exponent < 0 { '-' } else { '+' };
    let _ = write!(
        out,
        "e{sign}{:0width$}",
        exponent.unsigned_abs(),
        width = min_digits
    );
    out
}

/// How `fmt.Sprint` prints a `float64` (`%v`: `%g` with the shortest digits): the exponent form
/// below 1e-4 and from 1e6 on (`1e+06`, `1.5e-05`), plain decimals between.
pub(super) fn sprint_float(value: f64) -> String {
    if value.is_nan() {
        return "NaN".to_owned();
    }
    if value.is_infinite() {
        return if value > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if value == 0.0 {
        return if value.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    let (digits, exponent) = shortest(value);
    if !(-4..6).contains(&exponent) {
        return scientific(value < 0.0, &digits, exponent, 2);
    }
    format!("{value}")
}

/// How `encoding/json` prints a number (a `float64`; `float32` fields are converted to the
/// `f64` with the same shortest digits before): plain decimals from 1e-6 to 1e21, else
/// `1e+21`, `1e-7`.
pub(super) fn json_number(value: f64) -> String {
    if value == 0.0 {
        return if value.is_sign_negative() { "-0" } else { "0" }.to_owned();
    }
    let magnitude = value.abs();
    if (1e-6..1e21).contains(&magnitude) {
        return format!("{value}");
    }
    let (digits, exponent) = shortest(value);
    scientific(value < 0.0, &digits, exponent, 1)
}

/// Appends `text` as `encoding/json` writes a string (HTML-safe).
pub(super) fn write_json_string(out: &mut String, text: &str) {
    drydock_base::json::write_string_html_safe(out, text);
}
