//! The functions a template may call: Go's builtins here; Sprig's and Helm's in their modules.
//! Each has Go's signature (parameter types, variadic or not), which the executor checks as Go
//! does before the call.

use super::exec::{Func, FuncResult, Funcs, State, Ty};
use super::fmt;
use super::value::{ListType, Value};

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or_default()
}

/// Go's `basicKind` for comparisons.
#[derive(PartialEq, Eq, Clone, Copy)]
enum Basic {
    Invalid,
    Bool,
    Int,
    Uint,
    Float,
    String,
    Other,
}

fn basic(value: &Value) -> Basic {
    match value {
        Value::Nil => Basic::Invalid,
        Value::Bool(_) => Basic::Bool,
        Value::Int(_) | Value::Int64(_) => Basic::Int,
        Value::Uint(_) => Basic::Uint,
        Value::Float(_) => Basic::Float,
        Value::String(_) => Basic::String,
        _ => Basic::Other,
    }
}

fn int_of(value: &Value) -> i64 {
    match value {
        Value::Int(n) | Value::Int64(n) => *n,
        _ => 0,
    }
}

/// Go's `eq`.
fn eq(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let first = arg(args, 0);
    if args.len() < 2 {
        return Err("missing argument for comparison".into());
    }
    let k1 = basic(&first);
    for other in args.iter().skip(1) {
        let k2 = basic(other);
        let truth = if k1 != k2 {
            match (k1, k2) {
                (Basic::Int, Basic::Uint) => {
                    int_of(&first) >= 0
                        && matches!(other, Value::Uint(u) if *u == int_of(&first) as u64)
                }
                (Basic::Uint, Basic::Int) => {
                    int_of(other) >= 0
                        && matches!(first, Value::Uint(u) if u == int_of(other) as u64)
                }
                _ if k1 != Basic::Invalid && k2 != Basic::Invalid => {
                    return Err(format!(
                        "incompatible types for comparison: {} and {}",
                        first.type_name(),
                        other.type_name()
                    )
                    .into());
                }
                _ => false,
            }
        } else {
            match (&first, other) {
                (Value::Bool(a), Value::Bool(b)) => a == b,
                (Value::Float(a), Value::Float(b)) => a == b,
                (Value::String(a), Value::String(b)) => a == b,
                (Value::Uint(a), Value::Uint(b)) => a == b,
                (a, b) if k1 == Basic::Int => int_of(a) == int_of(b),
                (Value::Nil, Value::Nil) => true,
                (a, b) => {
                    if matches!(a, Value::List(..) | Value::Map(..))
                        || matches!(b, Value::List(..) | Value::Map(..))
                    {
                        return Err(format!(
                            "non-comparable type {}: {}",
                            fmt::v(b),
                            b.type_name()
                        )
                        .into());
                    }
                    a == b
                }
            }
        };
        if truth {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

fn ne(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let equal = eq(state, args)?;
    Ok(Value::Bool(!equal.is_true()))
}

/// Go's `lt`.
fn less(a: &Value, b: &Value) -> Result<bool, String> {
    let (k1, k2) = (basic(a), basic(b));
    let bad = || {
        format!(
            "incompatible types for comparison: {} and {}",
            a.type_name(),
            b.type_name()
        )
    };
    if k1 != k2 {
        return match (a, b) {
            (Value::Int(x) | Value::Int64(x), Value::Uint(y)) => Ok(*x < 0 || (*x as u64) < *y),
            (Value::Uint(x), Value::Int(y) | Value::Int64(y)) => Ok(*y >= 0 && *x < *y as u64),
            _ => Err(bad()),
        };
    }
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => Ok(x < y),
        (Value::String(x), Value::String(y)) => Ok(x < y),
        (Value::Uint(x), Value::Uint(y)) => Ok(x < y),
        (x, y) if k1 == Basic::Int => Ok(int_of(x) < int_of(y)),
        _ => Err("invalid type for comparison".to_owned()),
    }
}

fn lt(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(less(&arg(args, 0), &arg(args, 1))?))
}

fn le(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    if less(&arg(args, 0), &arg(args, 1))? {
        return Ok(Value::Bool(true));
    }
    eq(state, args)
}

fn gt(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let lessequal = le(state, args)?;
    Ok(Value::Bool(!lessequal.is_true()))
}

fn ge(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(!less(&arg(args, 0), &arg(args, 1))?))
}

fn not(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(!arg(args, 0).is_true()))
}

fn and_or(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    // Evaluated by the executor, which stops at the deciding argument.
    Ok(args.last().cloned().unwrap_or_default())
}

fn len(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    match arg(args, 0) {
        Value::String(s) => Ok(Value::Int(s.len() as i64)),
        Value::List(items, _) => Ok(Value::Int(items.len() as i64)),
        Value::Map(map, _) => Ok(Value::Int(map.len() as i64)),
        Value::Nil => Err("len of nil pointer".into()),
        other => Err(format!("len of type {}", other.type_name()).into()),
    }
}

/// Go's `indexArg`.
fn index_of(value: &Value, cap: usize) -> Result<usize, String> {
    let x = match value {
        Value::Int(n) | Value::Int64(n) => *n,
        Value::Uint(n) => i64::try_from(*n).unwrap_or(i64::MAX),
        Value::Nil => return Err("cannot index slice/array with nil".to_owned()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.type_name()
            ));
        }
    };
    if x < 0 || x as u64 > cap as u64 {
        return Err(format!("index out of range: {x}"));
    }
    Ok(x as usize)
}

fn index(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let mut item = arg(args, 0);
    if matches!(item, Value::Nil) {
        return Err("index of untyped nil".into());
    }
    for key in args.iter().skip(1) {
        item = match &item {
            Value::List(items, _) => {
                let i = index_of(key, items.len())?;
                match items.get(i) {
                    Some(value) => value.clone(),
                    None => return Err(format!("index out of range: {i}").into()),
                }
            }
            Value::String(s) => {
                let i = index_of(key, s.len())?;
                match s.as_bytes().get(i) {
                    Some(b) => Value::Int(i64::from(*b)),
                    None => return Err(format!("index out of range: {i}").into()),
                }
            }
            Value::Map(map, _) => match key {
                Value::String(k) => map.get(k.as_ref()).unwrap_or_default(),
                Value::Nil => return Err("value is nil; should be of type string".into()),
                other => {
                    return Err(
                        format!("value has type {}; should be string", other.type_name()).into(),
                    );
                }
            },
            Value::Nil => return Err("index of nil pointer".into()),
            other => return Err(format!("can't index item of type {}", other.type_name()).into()),
        };
    }
    Ok(item)
}

fn print(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(fmt::sprint(args)))
}

fn println(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(fmt::sprintln(args)))
}

fn printf(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let format = arg(args, 0);
    Ok(Value::str(fmt::sprintf(
        format.as_str().unwrap_or_default(),
        args.get(1..).unwrap_or_default(),
    )))
}

/// The string the escapers work on: one string argument as it is, else `fmt.Sprint`.
fn eval_args(args: &[Value]) -> String {
    match args {
        [Value::String(s)] => s.to_string(),
        args => fmt::sprint(args),
    }
}

fn html(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let mut out = String::new();
    for c in eval_args(args).chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\0' => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    Ok(Value::str(out))
}

fn js(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let mut out = String::new();
    for c in eval_args(args).chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '"' => out.push_str("\\\""),
            '<' => out.push_str("\\u003C"),
            '>' => out.push_str("\\u003E"),
            '&' => out.push_str("\\u0026"),
            '=' => out.push_str("\\u003D"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    Ok(Value::str(out))
}

fn urlquery(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(query_escape(&eval_args(args))))
}

/// Go's `url.QueryEscape`.
pub fn query_escape(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(b))
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

fn go_slice(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let item = arg(args, 0);
    let indexes = args.get(1..).unwrap_or_default();
    match &item {
        Value::String(s) => {
            if indexes.len() > 2 {
                return Err("cannot 3-index slice a string".into());
            }
            let start = match indexes.first() {
                Some(i) => index_of(i, s.len())?,
                None => 0,
            };
            let end = match indexes.get(1) {
                Some(i) => index_of(i, s.len())?,
                None => s.len(),
            };
            if start > end {
                return Err(format!("invalid slice index: {start} > {end}").into());
            }
            Ok(Value::str(
                String::from_utf8_lossy(s.as_bytes().get(start..end).unwrap_or_default())
                    .into_owned(),
            ))
        }
        Value::List(items, ty) => {
            let start = match indexes.first() {
                Some(i) => index_of(i, items.len())?,
                None => 0,
            };
            let end = match indexes.get(1) {
                Some(i) => index_of(i, items.len())?,
                None => items.len(),
            };
            if start > end {
                return Err(format!("invalid slice index: {start} > {end}").into());
            }
            Ok(Value::List(
                std::rc::Rc::new(items.get(start..end).unwrap_or_default().to_vec()),
                *ty,
            ))
        }
        Value::Nil => Err("slice of untyped nil".into()),
        other => Err(format!("can't slice item of type {}", other.type_name()).into()),
    }
}

fn call(_: &mut State<'_>, _: &[Value]) -> FuncResult {
    Err("non-function of type <nil>".into())
}

const ANY: &[Ty] = &[Ty::Any];
const ANY2: &[Ty] = &[Ty::Any, Ty::Any];

/// Go's builtins.
pub fn builtins(funcs: &mut Funcs) {
    let mut add = |name: &'static str,
                   call: fn(&mut State<'_>, &[Value]) -> FuncResult,
                   params: &'static [Ty],
                   variadic: Option<Ty>| {
        funcs.insert(
            name,
            Func {
                call,
                params,
                variadic,
            },
        );
    };
    add("and", and_or, ANY, Some(Ty::Any));
    add("or", and_or, ANY, Some(Ty::Any));
    add("not", not, ANY, None);
    add("eq", eq, ANY, Some(Ty::Any));
    add("ne", ne, ANY2, None);
    add("lt", lt, ANY2, None);
    add("le", le, ANY2, None);
    add("gt", gt, ANY2, None);
    add("ge", ge, ANY2, None);
    add("len", len, ANY, None);
    add("index", index, ANY, Some(Ty::Any));
    add("slice", go_slice, ANY, Some(Ty::Any));
    add("print", print, &[], Some(Ty::Any));
    add("println", println, &[], Some(Ty::Any));
    add("printf", printf, &[Ty::String], Some(Ty::Any));
    add("html", html, &[], Some(Ty::Any));
    add("js", js, &[], Some(Ty::Any));
    add("urlquery", urlquery, &[], Some(Ty::Any));
    add("call", call, ANY, Some(Ty::Any));
}

/// A list of strings.
pub fn strings(items: Vec<String>) -> Value {
    Value::List(
        std::rc::Rc::new(items.into_iter().map(Value::str).collect()),
        ListType::String,
    )
}
