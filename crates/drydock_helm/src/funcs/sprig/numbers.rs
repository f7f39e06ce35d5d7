//! Sprig's numbers (`numeric.go`: arithmetic, conversions with `cast`'s rules), `semver`, and the encodings `toToml`, `toPrettyJson`, `toRawJson`, `fromJsonArray`, `fromYamlArray`.
//!
//! The conversions follow `spf13/cast` v1.7.0 (`ToInt64`, `ToInt`, `ToFloat64`): an `int` as it
//! is, a float truncated (out of range or NaN as amd64 converts it: the smallest `int64`), a
//! string parsed by `strconv.ParseInt(s, 0, 0)` after a trailing `.0…` is dropped, or by
//! `strconv.ParseFloat`, a bool as 1 or 0, nil and anything else 0. The `…f` functions compute
//! in `shopspring/decimal` (exact sums and products, quotients to 16 places rounded half away
//! from zero) and convert back to the nearest `float64`.

use super::{add, arg, str_arg};
use crate::template::exec::{FuncError, FuncResult, State};
use crate::template::{Funcs, Ty, Value};

mod decimal;
mod encode;
pub mod semver;
mod toml;

/// `json.Unmarshal` into `interface {}` with Go's syntax errors (for Helm's `fromJson`).
pub use encode::unmarshal as go_json_unmarshal;

/// Go's `strconv` parse failure: a syntax error, or a value out of range (with the value
/// `ParseInt` returns then, clamped to the type's range).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ParseError {
    Syntax,
    Range(i64),
}

/// Whether the underscores of `s` only separate digits, as Go's literals allow (`underscoreOK`).
pub(crate) fn underscore_ok(s: &str) -> bool {
    let bytes = s.as_bytes();
    let mut i = 0;
    // `^` at the start, `0` after a digit or base prefix, `_` after an underscore, `!` else.
    let mut saw = b'^';
    if matches!(bytes.first(), Some(b'+' | b'-')) {
        i = 1;
    }
    let mut hex = false;
    if bytes.get(i) == Some(&b'0')
        && matches!(
            bytes.get(i + 1).map(u8::to_ascii_lowercase),
            Some(b'b' | b'o' | b'x')
        )
    {
        hex = bytes.get(i + 1).map(u8::to_ascii_lowercase) == Some(b'x');
        i += 2;
        saw = b'0';
    }
    for &c in bytes.iter().skip(i) {
        if c.is_ascii_digit() || (hex && c.is_ascii_hexdigit()) {
            saw = b'0';
            continue;
        }
        if c == b'_' {
            if saw != b'0' {
                return false;
            }
            saw = b'_';
            continue;
        }
        if saw == b'_' {
            return false;
        }
        saw = b'!';
    }
    saw != b'_'
}

/// Go's `strconv.ParseUint(s, base, 64)` for base 0 (prefixes, underscores) or 2..=36.
fn parse_uint(s: &str, base: u32) -> Result<u64, ParseError> {
    if s.is_empty() {
        return Err(ParseError::Syntax);
    }
    let base0 = base == 0;
    let mut digits = s;
    let mut base = base;
    if base0 {
        base = 10;
        if s.starts_with('0') {
            let lower = s.as_bytes().get(1).map(u8::to_ascii_lowercase);
            let (b, skip) = match lower {
                Some(b'b') if s.len() >= 3 => (2, 2),
                Some(b'o') if s.len() >= 3 => (8, 2),
                Some(b'x') if s.len() >= 3 => (16, 2),
                _ => (8, 1),
            };
            base = b;
            digits = s.get(skip..).unwrap_or_default();
        }
    }
    let mut n: u64 = 0;
    let mut overflow = false;
    let mut underscores = false;
    for c in digits.chars() {
        if c == '_' && base0 {
            underscores = true;
            continue;
        }
        let Some(d) = c.to_digit(36) else {
            return Err(ParseError::Syntax);
        };
        if d >= base {
            return Err(ParseError::Syntax);
        }
        if overflow {
            continue;
        }
        match n
            .checked_mul(u64::from(base))
            .and_then(|m| m.checked_add(u64::from(d)))
        {
            Some(m) => n = m,
            None => overflow = true,
        }
    }
    if underscores && !underscore_ok(s) {
        return Err(ParseError::Syntax);
    }
    if overflow {
        return Err(ParseError::Range(-1));
    }
    Ok(n)
}

/// Go's `strconv.ParseInt(s, base, 64)`.
pub(crate) fn parse_int(s: &str, base: u32) -> Result<i64, ParseError> {
    let (negative, rest) = match s.as_bytes().first() {
        Some(b'+') => (false, s.get(1..).unwrap_or_default()),
        Some(b'-') => (true, s.get(1..).unwrap_or_default()),
        _ => (false, s),
    };
    let clamp = if negative { i64::MIN } else { i64::MAX };
    let magnitude = match parse_uint(rest, base) {
        Ok(n) => n,
        Err(ParseError::Range(_)) => return Err(ParseError::Range(clamp)),
        Err(e) => return Err(e),
    };
    const CUTOFF: u64 = 1 << 63;
    if !negative && magnitude >= CUTOFF {
        return Err(ParseError::Range(clamp));
    }
    if negative && magnitude > CUTOFF {
        return Err(ParseError::Range(clamp));
    }
    Ok(if negative {
        (magnitude as i64).wrapping_neg()
    } else {
        magnitude as i64
    })
}

/// Whether `s` is a Go floating-point literal as `strconv.ParseFloat` reads it (decimal or
/// hexadecimal, underscores between digits), and its value (`None` out of range).
pub(crate) fn parse_float(s: &str) -> Option<f64> {
    let bytes = s.as_bytes();
    // Special values: a sign, then "inf" or "infinity"; or "nan" without a sign.
    let (sign, body) = match bytes.first() {
        Some(b'+') => (1.0, s.get(1..).unwrap_or_default()),
        Some(b'-') => (-1.0, s.get(1..).unwrap_or_default()),
        _ => (1.0, s),
    };
    let lower = body.to_ascii_lowercase();
    if lower == "inf" || lower == "infinity" {
        return Some(sign * f64::INFINITY);
    }
    if s.eq_ignore_ascii_case("nan") {
        return Some(f64::NAN);
    }
    let b = body.as_bytes();
    let hex = b.len() > 2 && b.first() == Some(&b'0') && matches!(b.get(1), Some(b'x' | b'X'));
    let mut i = if hex { 2 } else { 0 };
    let mut mantissa_digits = 0;
    let mut seen_point = false;
    let is_digit = |c: u8| {
        if hex {
            c.is_ascii_hexdigit()
        } else {
            c.is_ascii_digit()
        }
    };
    while let Some(&c) = b.get(i) {
        if c == b'_' {
        } else if c == b'.' && !seen_point {
            seen_point = true;
        } else if is_digit(c) {
            mantissa_digits += 1;
        } else {
            break;
        }
        i += 1;
    }
    if mantissa_digits == 0 {
        return None;
    }
    let mantissa_end = i;
    let mut exponent: i64 = 0;
    let exp_char = if hex { b'p' } else { b'e' };
    if b.get(i).map(u8::to_ascii_lowercase) == Some(exp_char) {
        i += 1;
        let mut negative = false;
        if let Some(&c @ (b'+' | b'-')) = b.get(i) {
            negative = c == b'-';
            i += 1;
        }
        let mut any = false;
        while let Some(&c) = b.get(i) {
            if c == b'_' {
            } else if c.is_ascii_digit() {
                any = true;
                if exponent < 100_000 {
                    exponent = exponent * 10 + i64::from(c - b'0');
                }
            } else {
                break;
            }
            i += 1;
        }
        if !any {
            return None;
        }
        if negative {
            exponent = -exponent;
        }
    } else if hex {
        // A hexadecimal mantissa needs its `p` exponent.
        return None;
    }
    if i != b.len() {
        return None;
    }
    if s.contains('_') && !underscore_ok(s) {
        return None;
    }
    let value = if hex {
        hex_float(b.get(2..mantissa_end).unwrap_or_default(), exponent)
    } else {
        let clean: String = body.chars().filter(|&c| c != '_').collect();
        clean.parse::<f64>().ok()?
    };
    if value.is_infinite() {
        return None;
    }
    Some(sign * value)
}

/// A hexadecimal mantissa (digits, an optional point) times 2^`exponent`.
fn hex_float(mantissa: &[u8], exponent: i64) -> f64 {
    let mut bits: u64 = 0;
    let mut shift: i64 = 0;
    let mut seen_point = false;
    let mut sticky = false;
    for &c in mantissa {
        if c == b'.' {
            seen_point = true;
            continue;
        }
        let Some(d) = char::from(c).to_digit(16) else {
            continue;
        };
        if bits >> 58 == 0 {
            bits = bits * 16 + u64::from(d);
            if seen_point {
                shift -= 4;
            }
        } else {
            sticky |= d != 0;
            if !seen_point {
                shift += 4;
            }
        }
    }
    if sticky {
        bits |= 1;
    }
    let e = (exponent + shift).clamp(-5000, 5000) as i32;
    // Two steps keep the intermediate finite for small exponents.
    let half = e / 2;
    (bits as f64) * 2f64.powi(half) * 2f64.powi(e - half)
}

/// Go's conversion of a `float64` to `int64` on amd64: truncated, and the smallest `int64` for
/// NaN and values out of range.
pub(crate) fn float_to_int(f: f64) -> i64 {
    if f.is_nan() || !(-9.223_372_036_854_776e18..9.223_372_036_854_776e18).contains(&f) {
        i64::MIN
    } else {
        f as i64
    }
}

/// `cast`'s `trimZeroDecimal`: `"3.00"` is `"3"`.
fn trim_zero_decimal(s: &str) -> &str {
    let mut found_zero = false;
    for (i, c) in s.bytes().enumerate().rev() {
        match c {
            b'.' => {
                if found_zero {
                    return s.get(..i).unwrap_or(s);
                }
            }
            b'0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// `cast.ToInt64` (and `cast.ToInt`: the same on a 64-bit platform).
pub(crate) fn to_int64(value: &Value) -> i64 {
    match value {
        Value::Int(n) | Value::Int64(n) => *n,
        Value::Uint(n) => *n as i64,
        Value::Float(f) => float_to_int(*f),
        Value::String(s) => parse_int(trim_zero_decimal(s), 0).unwrap_or(0),
        Value::Bool(b) => i64::from(*b),
        _ => 0,
    }
}

/// `cast.ToFloat64`.
pub(crate) fn to_float64(value: &Value) -> f64 {
    match value {
        Value::Int(n) | Value::Int64(n) => *n as f64,
        Value::Uint(n) => *n as f64,
        Value::Float(f) => *f,
        Value::String(s) => parse_float(s).unwrap_or(0.0),
        Value::Bool(true) => 1.0,
        _ => 0.0,
    }
}

const DIVIDE_BY_ZERO: &str = "runtime error: integer divide by zero";

fn add_ints(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let sum = args
        .iter()
        .fold(0i64, |sum, a| sum.wrapping_add(to_int64(a)));
    Ok(Value::Int64(sum))
}

fn add1(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Int64(to_int64(&arg(args, 0)).wrapping_add(1)))
}

fn sub(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Int64(
        to_int64(&arg(args, 0)).wrapping_sub(to_int64(&arg(args, 1))),
    ))
}

fn mul(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let product = args
        .iter()
        .skip(1)
        .fold(to_int64(&arg(args, 0)), |p, a| p.wrapping_mul(to_int64(a)));
    Ok(Value::Int64(product))
}

fn div(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let (a, b) = (to_int64(&arg(args, 0)), to_int64(&arg(args, 1)));
    if b == 0 {
        return Err(FuncError::Message(DIVIDE_BY_ZERO.to_owned()));
    }
    Ok(Value::Int64(a.wrapping_div(b)))
}

fn modulo(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let (a, b) = (to_int64(&arg(args, 0)), to_int64(&arg(args, 1)));
    if b == 0 {
        return Err(FuncError::Message(DIVIDE_BY_ZERO.to_owned()));
    }
    Ok(Value::Int64(a.wrapping_rem(b)))
}

fn max(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let best = args
        .iter()
        .skip(1)
        .fold(to_int64(&arg(args, 0)), |m, a| m.max(to_int64(a)));
    Ok(Value::Int64(best))
}

fn min(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let best = args
        .iter()
        .skip(1)
        .fold(to_int64(&arg(args, 0)), |m, a| m.min(to_int64(a)));
    Ok(Value::Int64(best))
}

/// Go's `math.Max`: +Inf wins, then NaN, and +0 over -0.
fn go_max(x: f64, y: f64) -> f64 {
    if x == f64::INFINITY || y == f64::INFINITY {
        return f64::INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { y } else { x };
    }
    if x > y { x } else { y }
}

/// Go's `math.Min`: -Inf wins, then NaN, and -0 over +0.
fn go_min(x: f64, y: f64) -> f64 {
    if x == f64::NEG_INFINITY || y == f64::NEG_INFINITY {
        return f64::NEG_INFINITY;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if x == 0.0 && x == y {
        return if x.is_sign_negative() { x } else { y };
    }
    if x < y { x } else { y }
}

fn maxf(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let best = args
        .iter()
        .skip(1)
        .fold(to_float64(&arg(args, 0)), |m, a| go_max(m, to_float64(a)));
    Ok(Value::Float(best))
}

fn minf(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let best = args
        .iter()
        .skip(1)
        .fold(to_float64(&arg(args, 0)), |m, a| go_min(m, to_float64(a)));
    Ok(Value::Float(best))
}

/// Sprig's `execDecimalOp`: `first`, then each of `rest` by `op`, in decimals.
fn decimal_op(
    first: &Value,
    rest: &[Value],
    op: fn(&decimal::Decimal, &decimal::Decimal) -> Result<decimal::Decimal, String>,
) -> FuncResult {
    let mut acc = decimal::Decimal::from_f64(to_float64(first))?;
    for x in rest {
        let d = decimal::Decimal::from_f64(to_float64(x))?;
        acc = op(&acc, &d)?;
    }
    Ok(Value::Float(acc.to_f64()))
}

fn add1f(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    decimal_op(&arg(args, 0), &[Value::Int(1)], |a, b| Ok(a.add(b)))
}

fn addf(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    decimal_op(&Value::Float(0.0), args, |a, b| Ok(a.add(b)))
}

fn subf(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    decimal_op(&arg(args, 0), args.get(1..).unwrap_or_default(), |a, b| {
        Ok(a.sub(b))
    })
}

fn mulf(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    decimal_op(&arg(args, 0), args.get(1..).unwrap_or_default(), |a, b| {
        Ok(a.mul(b))
    })
}

fn divf(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    decimal_op(
        &arg(args, 0),
        args.get(1..).unwrap_or_default(),
        decimal::Decimal::div,
    )
}

fn floor(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Float(to_float64(&arg(args, 0)).floor()))
}

fn ceil(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Float(to_float64(&arg(args, 0)).ceil()))
}

const SHIFT: u32 = 52;
const MASK: u64 = 0x7ff;
const BIAS: i64 = 1023;
const SMALLEST_NORMAL: f64 = 2.2250738585072014e-308;

/// Go's `math` `normalize`: a subnormal scaled to a normal, and the exponent that undoes it.
fn normalize(x: f64) -> (f64, i64) {
    if x.abs() < SMALLEST_NORMAL {
        return (x * (1u64 << 52) as f64, -52);
    }
    (x, 0)
}

/// Go's `math.Frexp`.
fn frexp(f: f64) -> (f64, i64) {
    if f == 0.0 || !f.is_finite() {
        return (f, 0);
    }
    let (f, e) = normalize(f);
    let mut x = f.to_bits();
    let exp = e + ((x >> SHIFT) & MASK) as i64 - BIAS + 1;
    x &= !(MASK << SHIFT);
    x |= ((BIAS - 1) as u64) << SHIFT;
    (f64::from_bits(x), exp)
}

/// Go's `math.Ldexp`.
fn ldexp(frac: f64, exp: i64) -> f64 {
    if frac == 0.0 || !frac.is_finite() {
        return frac;
    }
    let (frac, e) = normalize(frac);
    let mut exp = exp.saturating_add(e);
    let mut x = frac.to_bits();
    exp = exp.saturating_add(((x >> SHIFT) & MASK) as i64 - BIAS);
    if exp < -1075 {
        return 0f64.copysign(frac);
    }
    if exp > 1023 {
        return if frac < 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    let mut m = 1.0;
    if exp < -1022 {
        exp += 53;
        m = 1.0 / (1u64 << 53) as f64;
    }
    x &= !(MASK << SHIFT);
    x |= ((exp + BIAS) as u64) << SHIFT;
    m * f64::from_bits(x)
}

/// Go's `math.Pow` for the integral exponents `round` gives it (`10^places`).
fn go_pow(x: f64, y: f64) -> f64 {
    if y == 0.0 || x == 1.0 {
        return 1.0;
    }
    if y == 1.0 {
        return x;
    }
    if x.is_nan() || y.is_nan() {
        return f64::NAN;
    }
    if y.is_infinite() || x.is_infinite() || x == 0.0 || y.fract() != 0.0 {
        return x.powf(y);
    }
    let yi = y.abs().trunc();
    if yi >= 9.223_372_036_854_776e18 {
        return if x == -1.0 {
            1.0
        } else if (x.abs() < 1.0) == (y > 0.0) {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let mut a1 = 1.0;
    let mut ae: i64 = 0;
    let (mut x1, mut xe) = frexp(x);
    let mut i = yi as i64;
    while i != 0 {
        if !(-(1 << 12)..=(1 << 12)).contains(&xe) {
            ae += xe;
            break;
        }
        if i & 1 == 1 {
            a1 *= x1;
            ae += xe;
        }
        x1 *= x1;
        xe <<= 1;
        if x1 < 0.5 {
            x1 += x1;
            xe -= 1;
        }
        i >>= 1;
    }
    if y < 0.0 {
        a1 = 1.0 / a1;
        ae = -ae;
    }
    ldexp(a1, ae)
}

fn round(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let round_on = match args.get(2) {
        Some(v) => to_float64(v),
        None => 0.5,
    };
    let val = to_float64(&arg(args, 0));
    let places = to_int64(&arg(args, 1)) as f64;
    let pow = go_pow(10.0, places);
    let digit = pow * val;
    let fraction = if digit.is_infinite() {
        f64::NAN
    } else {
        digit.fract()
    };
    let rounded = if fraction >= round_on {
        digit.ceil()
    } else {
        digit.floor()
    };
    Ok(Value::Float(rounded / pow))
}

fn int(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Int(to_int64(&arg(args, 0))))
}

fn int64(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Int64(to_int64(&arg(args, 0))))
}

fn float64(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Float(to_float64(&arg(args, 0))))
}

/// `strconv.Atoi`, its error dropped: 0 for a syntax error, the clamped value out of range.
fn atoi(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let n = match parse_int(&str_arg(args, 0), 10) {
        Ok(n) | Err(ParseError::Range(n)) => n,
        Err(ParseError::Syntax) => 0,
    };
    Ok(Value::Int(n))
}

/// `toDecimal`: `fmt.Sprint(v)` read as octal, 0 when it is not.
fn to_decimal(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let text = crate::template::fmt::sprint(&[arg(args, 0)]);
    Ok(Value::Int64(parse_int(&text, 8).unwrap_or(0)))
}

/// Registers this module's functions.
pub fn register(funcs: &mut Funcs) {
    const ANY: &[Ty] = &[Ty::Any];
    const ANY2: &[Ty] = &[Ty::Any, Ty::Any];
    add(funcs, "add", add_ints, &[], Some(Ty::Any));
    add(funcs, "add1", add1, ANY, None);
    add(funcs, "sub", sub, ANY2, None);
    add(funcs, "div", div, ANY2, None);
    add(funcs, "mod", modulo, ANY2, None);
    add(funcs, "mul", mul, ANY, Some(Ty::Any));
    add(funcs, "max", max, ANY, Some(Ty::Any));
    add(funcs, "biggest", max, ANY, Some(Ty::Any));
    add(funcs, "min", min, ANY, Some(Ty::Any));
    add(funcs, "maxf", maxf, ANY, Some(Ty::Any));
    add(funcs, "minf", minf, ANY, Some(Ty::Any));
    add(funcs, "add1f", add1f, ANY, None);
    add(funcs, "addf", addf, &[], Some(Ty::Any));
    add(funcs, "subf", subf, ANY, Some(Ty::Any));
    add(funcs, "mulf", mulf, ANY, Some(Ty::Any));
    add(funcs, "divf", divf, ANY, Some(Ty::Any));
    add(funcs, "floor", floor, ANY, None);
    add(funcs, "ceil", ceil, ANY, None);
    add(funcs, "round", round, &[Ty::Any, Ty::Int], Some(Ty::Float));
    add(funcs, "int", int, ANY, None);
    add(funcs, "int64", int64, ANY, None);
    add(funcs, "float64", float64, ANY, None);
    add(funcs, "atoi", atoi, &[Ty::String], None);
    add(funcs, "toDecimal", to_decimal, ANY, None);
    semver::register(funcs);
    encode::register(funcs);
    toml::register(funcs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_int_follows_go() {
        assert_eq!(parse_int("0x1F", 0), Ok(31));
        assert_eq!(parse_int("0777", 0), Ok(511));
        assert_eq!(parse_int("0b101", 0), Ok(5));
        assert_eq!(parse_int("0o17", 0), Ok(15));
        assert_eq!(parse_int("1_000", 0), Ok(1000));
        assert_eq!(parse_int("1__0", 0), Err(ParseError::Syntax));
        assert_eq!(parse_int("_1", 0), Err(ParseError::Syntax));
        assert_eq!(parse_int("0", 0), Ok(0));
        assert_eq!(parse_int("-0x10", 0), Ok(-16));
        assert_eq!(parse_int("", 0), Err(ParseError::Syntax));
        assert_eq!(parse_int("0x", 0), Err(ParseError::Syntax));
        assert_eq!(
            parse_int("99999999999999999999", 10),
            Err(ParseError::Range(i64::MAX))
        );
        assert_eq!(parse_int("-9223372036854775808", 10), Ok(i64::MIN));
        assert_eq!(parse_int("1_0", 10), Err(ParseError::Syntax));
        assert_eq!(parse_int("8", 8), Err(ParseError::Syntax));
    }

    #[test]
    fn cast_conversions() {
        assert_eq!(to_int64(&Value::str("3.0")), 3);
        assert_eq!(to_int64(&Value::str("3.9")), 0);
        assert_eq!(to_int64(&Value::str(" 7")), 0);
        assert_eq!(to_int64(&Value::Float(-2.9)), -2);
        assert_eq!(to_int64(&Value::Float(1e300)), i64::MIN);
        assert_eq!(to_int64(&Value::Bool(true)), 1);
        assert_eq!(to_int64(&Value::Nil), 0);
        assert_eq!(to_float64(&Value::str("1.5")), 1.5);
        assert_eq!(to_float64(&Value::str("1e400")), 0.0);
        assert_eq!(to_float64(&Value::str("0x1p-2")), 0.25);
        assert_eq!(to_float64(&Value::str("1_0.5")), 10.5);
        assert_eq!(to_float64(&Value::str("-Inf")), f64::NEG_INFINITY);
        assert!(to_float64(&Value::str("NaN")).is_nan());
        assert_eq!(to_float64(&Value::str("+nan")), 0.0);
        assert_eq!(to_float64(&Value::str(".5")), 0.5);
        assert_eq!(to_float64(&Value::str("x")), 0.0);
    }

    #[test]
    fn go_pow_is_exact_for_powers_of_ten() {
        assert_eq!(go_pow(10.0, 2.0), 100.0);
        assert_eq!(go_pow(10.0, -2.0), 0.01);
        assert_eq!(go_pow(10.0, 22.0), 1e22);
        assert_eq!(go_pow(10.0, 400.0), f64::INFINITY);
        assert_eq!(go_pow(10.0, -400.0), 0.0);
    }

    #[test]
    fn go_min_max() {
        assert!(go_max(1.0, f64::NAN).is_nan());
        assert_eq!(go_max(f64::NAN, f64::INFINITY), f64::INFINITY);
        assert!(go_min(-0.0, 0.0).is_sign_negative());
        assert!(go_max(-0.0, 0.0).is_sign_positive());
    }
}
