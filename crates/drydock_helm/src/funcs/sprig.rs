//! Sprig's functions (v3, as Helm v4.1.4 links them; the clock, random and crypto ones as
//! deterministic stand-ins; not `env`
//! and `expandenv`), with Sprig's argument conversions (`cast`'s `ToString`, `ToInt64`…).

use crate::template::Value;
use crate::template::exec::{FuncResult, State};
use crate::template::{Func, Funcs, Ty};

pub mod collections;
pub mod nondeterministic;
pub mod numbers;
pub mod strings;

/// Registers `call` as `name` with Go's signature: fixed parameters, then the variadic one's
/// element type.
pub fn add(
    funcs: &mut Funcs,
    name: &'static str,
    call: fn(&mut State<'_>, &[Value]) -> FuncResult,
    params: &'static [Ty],
    variadic: Option<Ty>,
) {
    funcs.insert(
        name,
        Func {
            call,
            params,
            variadic,
        },
    );
}

/// Argument `i` (nil when absent).
pub fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or_default()
}

/// Argument `i` as a string (empty when it is none).
pub fn str_arg(args: &[Value], i: usize) -> String {
    args.get(i)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Sprig's `strval`: a string as it is, `[]byte` as text, anything else with `%v` (nil is
/// `<nil>`).
pub fn strval(value: &Value) -> String {
    match value {
        Value::String(s) => s.to_string(),
        Value::List(items, crate::template::ListType::Bytes) => {
            let bytes: Vec<u8> = items
                .iter()
                .map(|b| match b {
                    Value::Int(n) | Value::Int64(n) => *n as u8,
                    Value::Uint(n) => *n as u8,
                    _ => 0,
                })
                .collect();
            String::from_utf8_lossy(&bytes).into_owned()
        }
        other => crate::template::fmt::v(other),
    }
}

fn quote(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let parts: Vec<String> = args
        .iter()
        .filter(|a| !matches!(a, Value::Nil))
        .map(|a| crate::template::fmt::quote(&strval(a)))
        .collect();
    Ok(Value::str(parts.join(" ")))
}

fn squote(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let parts: Vec<String> = args
        .iter()
        .filter(|a| !matches!(a, Value::Nil))
        .map(|a| format!("'{}'", strval(a)))
        .collect();
    Ok(Value::str(parts.join(" ")))
}

fn default(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let given = args.get(1).cloned().unwrap_or_default();
    if given.is_empty() {
        return Ok(arg(args, 0));
    }
    Ok(given)
}

fn indent_text(spaces: i64, text: &str) -> String {
    let pad = " ".repeat(spaces.max(0) as usize);
    format!("{pad}{}", text.replace('\n', &format!("\n{pad}")))
}

fn indent(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let spaces = match arg(args, 0) {
        Value::Int(n) => n,
        _ => 0,
    };
    Ok(Value::str(indent_text(spaces, &str_arg(args, 1))))
}

fn nindent(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let spaces = match arg(args, 0) {
        Value::Int(n) => n,
        _ => 0,
    };
    Ok(Value::str(format!(
        "\n{}",
        indent_text(spaces, &str_arg(args, 1))
    )))
}

fn upper(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(strings::unicode::go_upper(&str_arg(args, 0))))
}

fn lower(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(strings::unicode::go_lower(&str_arg(args, 0))))
}

fn trim(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(
        str_arg(args, 0).trim_matches(|c: char| c.is_whitespace()),
    ))
}

fn to_string(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(strval(&arg(args, 0))))
}

/// Registers Sprig's functions.
pub fn register(funcs: &mut Funcs) {
    add(funcs, "quote", quote, &[], Some(Ty::Any));
    add(funcs, "squote", squote, &[], Some(Ty::Any));
    add(funcs, "default", default, &[Ty::Any], Some(Ty::Any));
    add(funcs, "indent", indent, &[Ty::Int, Ty::String], None);
    add(funcs, "nindent", nindent, &[Ty::Int, Ty::String], None);
    add(funcs, "upper", upper, &[Ty::String], None);
    add(funcs, "lower", lower, &[Ty::String], None);
    add(funcs, "trim", trim, &[Ty::String], None);
    add(funcs, "toString", to_string, &[Ty::Any], None);
    strings::register(funcs);
    collections::register(funcs);
    numbers::register(funcs);
    nondeterministic::register(funcs);
}
