//! Numbers as kustomize prints them.
//!
//! A number reaches the printer through three libraries: go-yaml v3 decodes the plain text
//! (`0777` is 511, `1.0` the float 1), Go's `encoding/json` writes it (floats in the shortest
//! form, integral ones without a fraction: `1e6` becomes `1000000`), and go-yaml v2 reads that
//! JSON text back (integral text is an integer again) and prints it (`strconv.FormatFloat(f, 'g',
//! -1, 64)` for what stayed a float: `1e-06`, `1.2345678912345679e+08`, `1e+21`).

use drydock_yaml::{ScalarKind, ScalarStyle};

use super::resolve::{GoInt, go_parse_int};
use crate::value::Scalar;

/// The printed text of a number scalar.
pub(super) fn number_text(scalar: &Scalar) -> String {
    // Plain text that Go reads as an integer is printed as that integer: this keeps integers
    // beyond `i64` (`18446744073709551615`) exact, which the resolved kind cannot hold.
    if scalar.style == ScalarStyle::Plain
        && let Some(n) = go_parse_int(&scalar.text.replace('_', ""))
    {
        return n.to_text();
    }
    match scalar.kind {
        ScalarKind::Int(n) => n.to_string(),
        ScalarKind::Float(f) => float_text(f),
        // Not a number: callers only pass numbers.
        _ => scalar.text.clone(),
    }
}

/// A float after Go's JSON encoding and go-yaml v2's decoding and encoding.
pub(super) fn float_text(f: f64) -> String {
    if f.is_nan() {
        return ".nan".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { ".inf" } else { "-.inf" }.to_owned();
    }
    // `encoding/json` writes integral floats below 1e21 as digits, which v2 reads as an integer.
    if f.fract() == 0.0 && f.abs() < 1e21 {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        if (-9_223_372_036_854_775_808.0..9_223_372_036_854_775_808.0).contains(&f) {
            return GoInt::Signed(f as i64).to_text();
        } else if (0.0..18_446_744_073_709_551_616.0).contains(&f) {
            return GoInt::Unsigned(f as u64).to_text();
        }
    }
    go_format_g(f)
}

/// Go's `strconv.FormatFloat(f, 'g', -1, 64)` for a finite `f`: the shortest digits that read
/// back as `f`, in exponent form when the decimal exponent is below -4 or at least 6 (Go's
/// threshold for the shortest precision), with at least two exponent digits (`1e-07`).
pub(super) fn go_format_g(f: f64) -> String {
    // Rust's `{:e}` gives the same shortest round-trip digits: `-1.2345e-7`, `0e0`.
    let formatted = format!("{f:e}");
    let (negative, unsigned) = match formatted.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, formatted.as_str()),
    };
    let (mantissa, exponent) = unsigned.split_once('e').unwrap_or((unsigned, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let exponent: i64 = exponent.parse().unwrap_or(0);
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    if digits.bytes().all(|b| b == b'0') {
        out.push('0');
        return out;
    }
    if !(-4..6).contains(&exponent) {
        let (first, rest) = digits.split_at(1.min(digits.len()));
        out.push_str(first);
        if !rest.is_empty() {
            out.push('.');
            out.push_str(rest);
        }
        out.push('e');
        out.push(if exponent < 0 { '-' } else { '+' });
        let magnitude = exponent.unsigned_abs();
        if magnitude < 10 {
            out.push('0');
        }
        out.push_str(&magnitude.to_string());
        return out;
    }
    // Fixed notation: the decimal point goes after `exponent + 1` digits.
    let point = exponent + 1;
    if point <= 0 {
        out.push_str("0.");
        for _ in 0..-point {
            out.push('0');
        }
        out.push_str(&digits);
    } else {
        let point = usize::try_from(point).unwrap_or(0);
        if point >= digits.len() {
            out.push_str(&digits);
            for _ in digits.len()..point {
                out.push('0');
            }
        } else {
            let (int, frac) = digits.split_at(point);
            out.push_str(int);
            out.push('.');
            out.push_str(frac);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floats_print_as_kustomize_prints_them() {
        let cases: &[(f64, &str)] = &[
            (1.0, "1"),
            (1e3, "1000"),
            (1e6, "1000000"),
            (-0.0, "0"),
            (1.5, "1.5"),
            (0.1, "0.1"),
            (1e-6, "1e-06"),
            (1e-7, "1e-07"),
            (0.0001, "0.0001"),
            (0.00012, "0.00012"),
            (1e20, "1e+20"),
            (1e21, "1e+21"),
            (2.5e30, "2.5e+30"),
            (123_456_789.123_456_79, "1.2345678912345679e+08"),
            (123_456.5, "123456.5"),
            (1_234_567.5, "1.2345675e+06"),
            (-2.5, "-2.5"),
            (1e100, "1e+100"),
        ];
        for &(f, want) in cases {
            assert_eq!(float_text(f), want, "{f}");
        }
    }
}
