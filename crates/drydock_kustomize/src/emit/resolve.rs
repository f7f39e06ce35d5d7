//! How the YAML libraries kustomize prints with read plain text, so that the printer knows when a
//! string must be quoted and what number a plain scalar stands for.
//!
//! Kustomize prints through go-yaml v2 (`sigs.k8s.io/yaml`'s `JSONToYAML`), whose encoder quotes a
//! string when, written plain, go-yaml v2 would read it back as something else: YAML 1.1 booleans
//! (`yes`, `on`, `n`), numbers in any of Go's integer syntaxes (`0x1F`, `1_000`, `0b1`), floats,
//! timestamps (`2006-01-02`) and base-60 numbers (`1:20`).

/// True when go-yaml v2 would resolve `s`, written plain, to anything but a string (or it is a
/// base-60 float, which v2 no longer reads but still quotes).
pub(super) fn plain_is_not_string(s: &str) -> bool {
    resolves_to_non_string(s) || is_base60_float(s)
}

fn resolves_to_non_string(s: &str) -> bool {
    let Some(&first) = s.as_bytes().first() else {
        return true; // the empty string is null
    };
    let hint = match first {
        b'+' | b'-' | b'0'..=b'9' => b'D',
        b'y' | b'Y' | b'n' | b'N' | b't' | b'T' | b'f' | b'F' | b'o' | b'O' | b'~' => b'M',
        b'.' => b'.',
        _ => return false,
    };
    if is_special_word(s) {
        return true;
    }
    match hint {
        b'.' => go_parse_float(s).is_some(),
        b'D' => {
            let plain = s.replace('_', "");
            is_timestamp(s) || go_parse_int(&plain).is_some() || is_yaml_float(&plain)
        }
        _ => false,
    }
}

/// The words of go-yaml v2's resolve table: YAML 1.1 booleans, nulls, infinities and NaN.
fn is_special_word(s: &str) -> bool {
    matches!(
        s,
        "y" | "Y"
            | "yes"
            | "Yes"
            | "YES"
            | "true"
            | "True"
            | "TRUE"
            | "on"
            | "On"
            | "ON"
            | "n"
            | "N"
            | "no"
            | "No"
            | "NO"
            | "false"
            | "False"
            | "FALSE"
            | "off"
            | "Off"
            | "OFF"
            | "~"
            | "null"
            | "Null"
            | "NULL"
            | ".nan"
            | ".NaN"
            | ".NAN"
            | ".inf"
            | ".Inf"
            | ".INF"
            | "+.inf"
            | "+.Inf"
            | "+.INF"
            | "-.inf"
            | "-.Inf"
            | "-.INF"
    )
}

/// An integer as Go's `strconv.ParseInt(s, 0, 64)` reads it, else as `ParseUint(s, 0, 64)`: an
/// optional sign, then `0x`/`0o`/`0b` or a leading `0` (octal) or decimal digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum GoInt {
    Signed(i64),
    Unsigned(u64),
}

impl GoInt {
    pub(super) fn to_text(self) -> String {
        match self {
            GoInt::Signed(n) => n.to_string(),
            GoInt::Unsigned(n) => n.to_string(),
        }
    }
}

/// `s` (underscores already removed, as go-yaml does) as an integer the way go-yaml reads plain
/// integers: `ParseInt(s, 0, 64)`, then `ParseUint(s, 0, 64)`.
pub(super) fn go_parse_int(s: &str) -> Option<GoInt> {
    let (sign, unsigned) = match s.as_bytes().first() {
        Some(b'-') => (Some(true), s.get(1..)?),
        Some(b'+') => (Some(false), s.get(1..)?),
        _ => (None, s),
    };
    let magnitude = go_parse_uint_base0(unsigned)?;
    match sign {
        Some(true) => {
            if magnitude <= 1u64 << 63 {
                // -(2^63) is i64::MIN; wrapping_neg maps it onto itself.
                Some(GoInt::Signed((magnitude as i64).wrapping_neg()))
            } else {
                None
            }
        }
        Some(false) => i64::try_from(magnitude).ok().map(GoInt::Signed),
        None => Some(match i64::try_from(magnitude) {
            Ok(n) => GoInt::Signed(n),
            Err(_) => GoInt::Unsigned(magnitude),
        }),
    }
}

/// Go's `ParseUint(s, 0, 64)` without a sign.
fn go_parse_uint_base0(s: &str) -> Option<u64> {
    if s.is_empty() {
        return None;
    }
    let bytes = s.as_bytes();
    let (radix, digits) = match bytes {
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'b') => (2, s.get(2..)?),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'o') => (8, s.get(2..)?),
        [b'0', p, _, ..] if p.eq_ignore_ascii_case(&b'x') => (16, s.get(2..)?),
        [b'0', ..] => (8, s.get(1..)?),
        _ => (10, s),
    };
    let mut n: u64 = 0;
    for c in digits.chars() {
        let digit = c.to_digit(radix)?;
        n = n
            .checked_mul(u64::from(radix))?
            .checked_add(u64::from(digit))?;
    }
    Some(n)
}

/// go-yaml's `yamlStyleFloat` regexp, `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`,
/// and `ParseFloat` succeeding on it (it fails on overflow: `1e400` stays a string).
fn is_yaml_float(s: &str) -> bool {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (unsigned.get(..at).unwrap_or(""), unsigned.get(at + 1..)),
        None => (unsigned, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = match mantissa.split_once('.') {
        Some(("", frac)) => !frac.is_empty() && digits(frac),
        Some((int, frac)) => digits(int) && digits(frac),
        None => !mantissa.is_empty() && digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok && s.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Go's `strconv.ParseFloat(s, 64)` for decimal text (what a scalar starting with `.` can be),
/// with Go's rule that an underscore stands between two digits.
fn go_parse_float(s: &str) -> Option<f64> {
    let bytes = s.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        if b == b'_' {
            let before = i.checked_sub(1).and_then(|j| bytes.get(j));
            let after = bytes.get(i + 1);
            if !before.is_some_and(u8::is_ascii_digit) || !after.is_some_and(u8::is_ascii_digit) {
                return None;
            }
        }
    }
    let plain = s.replace('_', "");
    if !is_yaml_float(&plain) {
        return None;
    }
    plain.parse::<f64>().ok()
}

/// go-yaml's `base60float` regexp: `^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$`.
fn is_base60_float(s: &str) -> bool {
    let unsigned = s.strip_prefix(['-', '+']).unwrap_or(s);
    let (main, fraction) = match unsigned.split_once('.') {
        Some((main, fraction)) => (main, Some(fraction)),
        None => (unsigned, None),
    };
    if !fraction.is_none_or(|f| f.bytes().all(|b| b.is_ascii_digit() || b == b'_')) {
        return false;
    }
    let mut parts = main.split(':');
    let head = parts.next().unwrap_or("");
    let head_ok = head.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && head.bytes().all(|b| b.is_ascii_digit() || b == b'_');
    let mut sexagesimals = 0;
    for part in parts {
        let ok = match part.as_bytes() {
            [d] => d.is_ascii_digit(),
            [t, d] => (b'0'..=b'5').contains(t) && d.is_ascii_digit(),
            _ => false,
        };
        if !ok {
            return false;
        }
        sexagesimals += 1;
    }
    head_ok && sexagesimals > 0
}

/// go-yaml's `parseTimestamp`: `YYYY-` and then one of Go's layouts `2006-1-2`,
/// `2006-1-2T15:4:5.999999999Z07:00` (`T` or `t`), `2006-1-2 15:4:5.999999999`, with Go's range
/// checks on each field.
fn is_timestamp(s: &str) -> bool {
    let mut cursor = Cursor { rest: s.as_bytes() };
    let Some(year) = cursor.fixed_digits(4) else {
        return false;
    };
    if !cursor.literal(b'-') {
        return false;
    }
    let (Some(month), true, Some(day)) = (
        cursor.one_or_two(),
        cursor.literal(b'-'),
        cursor.one_or_two(),
    ) else {
        return false;
    };
    if !(1..=12).contains(&month) || day < 1 || day > days_in(month, year) {
        return false;
    }
    if cursor.rest.is_empty() {
        return true;
    }
    let zoned = match cursor.rest.first() {
        Some(b'T' | b't') => true,
        Some(b' ') => false,
        _ => return false,
    };
    cursor.rest = cursor.rest.get(1..).unwrap_or(&[]);
    let (Some(hour), true, Some(minute), true, Some(second)) = (
        cursor.one_or_two(),
        cursor.literal(b':'),
        cursor.one_or_two(),
        cursor.literal(b':'),
        cursor.one_or_two(),
    ) else {
        return false;
    };
    if hour >= 24 || minute >= 60 || second >= 60 {
        return false;
    }
    if let [b'.' | b',', d, ..] = cursor.rest
        && d.is_ascii_digit()
    {
        let digits = cursor
            .rest
            .iter()
            .skip(1)
            .take_while(|b| b.is_ascii_digit())
            .count();
        cursor.rest = cursor.rest.get(1 + digits..).unwrap_or(&[]);
    }
    if !zoned {
        return cursor.rest.is_empty();
    }
    match cursor.rest {
        [b'Z'] => true,
        [b'+' | b'-', h1, h2, b':', m1, m2] => {
            let two = |a: &u8, b: &u8| {
                (a.is_ascii_digit() && b.is_ascii_digit()).then(|| (a - b'0') * 10 + (b - b'0'))
            };
            matches!((two(h1, h2), two(m1, m2)), (Some(h), Some(m)) if h <= 24 && m <= 60)
        }
        _ => false,
    }
}

struct Cursor<'a> {
    rest: &'a [u8],
}

impl Cursor<'_> {
    fn literal(&mut self, byte: u8) -> bool {
        match self.rest.split_first() {
            Some((&b, rest)) if b == byte => {
                self.rest = rest;
                true
            }
            _ => false,
        }
    }

    fn fixed_digits(&mut self, n: usize) -> Option<u32> {
        let digits = self.rest.get(..n)?;
        if !digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.rest = self.rest.get(n..)?;
        Some(
            digits
                .iter()
                .fold(0, |acc, d| acc * 10 + u32::from(d - b'0')),
        )
    }

    /// Go's `getnum(value, false)`: one digit, or two when the second is a digit too.
    fn one_or_two(&mut self) -> Option<u32> {
        let two = self.rest.get(1).is_some_and(u8::is_ascii_digit);
        self.fixed_digits(if two { 2 } else { 1 })
    }
}

fn days_in(month: u32, year: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_like_go_yaml_v2() {
        let not_strings = [
            "",
            "~",
            "null",
            "Null",
            "y",
            "n",
            "Yes",
            "on",
            "OFF",
            "true",
            "123",
            "-1",
            "+1",
            "0x1F",
            "0o17",
            "0b101",
            "-0b1",
            "1_000",
            "0777",
            "08",
            "1.0",
            ".5",
            "1e3",
            "1E+3",
            "-.inf",
            ".NaN",
            "2006-01-02",
            "2006-1-2",
            "2020-01-01T00:00:00Z",
            "2001-12-14t21:59:43.10-05:00",
            "2001-12-14 21:59:43.10",
            "1:20",
            "190:20:30",
            "-1:30.5",
            "18446744073709551615",
            "99999999999999999999",
            "1_",
        ];
        for s in not_strings {
            assert!(plain_is_not_string(s), "{s:?} should not be a string");
        }
        let strings = [
            "a",
            "tRue",
            "yES",
            "0x",
            "0xG",
            "1e400",
            "2006-13-01",
            "2006-02-30",
            "2006-01-02T25:00:00Z",
            "2006-01-02T10:00:00",
            "1:60",
            "1.2.3",
            ".",
            "-",
            "+",
            "0x1FFFFFFFFFFFFFFFF",
            "-",
            "1e",
            ".e1",
            "<<",
            "nil",
            "v1",
            "1a",
        ];
        for s in strings {
            assert!(!plain_is_not_string(s), "{s:?} should be a string");
        }
    }

    #[test]
    fn go_integers() {
        assert_eq!(go_parse_int("0777"), Some(GoInt::Signed(511)));
        assert_eq!(go_parse_int("-0x10"), Some(GoInt::Signed(-16)));
        assert_eq!(
            go_parse_int("-9223372036854775808"),
            Some(GoInt::Signed(i64::MIN))
        );
        assert_eq!(
            go_parse_int("0xFFFFFFFFFFFFFFFF"),
            Some(GoInt::Unsigned(u64::MAX))
        );
        assert_eq!(go_parse_int("+9223372036854775808"), None);
        assert_eq!(go_parse_int("0"), Some(GoInt::Signed(0)));
        assert_eq!(go_parse_int("0x"), None);
    }
}
