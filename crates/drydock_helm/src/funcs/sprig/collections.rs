//! Sprig's lists and dicts (`list.go`, `dict.go`), defaults (`defaults.go`: `empty`, `coalesce`, `ternary`…) and reflection (`reflect.go`).
//!
//! Sprig v3.3.0 as Helm v4 links it. Each function is registered with its Go signature, and fails
//! with Go's words: Sprig's own errors (`Cannot find first on type string`), and the runtime's
//! panics that Go's `text/template` turns into errors (`reflect.TypeOf(nil).Kind()` on a nil
//! argument, a failed type assertion in `dig`, a negative `make` in `chunk`).
//!
//! Values here are immutable (`Rc`), so the functions that mutate a Go map in place (`set`,
//! `unset`, `merge`…) return the changed map and leave their argument as it was.

use crate::template::exec::{MAX_STEPS, State};
use crate::template::{FuncError, Funcs, Ty, Value};

use super::add;

mod defaults;
mod dicts;
mod lists;
#[cfg(test)]
mod tests;

/// The longest list `until`, `untilStep` and `seq` build: Go would allocate any size; a render
/// here stops with an error instead.
pub const MAX_LIST: usize = 1 << 20;

/// The deepest maps `merge` walks into.
pub const MAX_MERGE_DEPTH: usize = 1000;

/// The most entries one `merge` call copies or walks (Go's maps are merged in place; here the
/// maps changed are copied).
pub const MAX_MERGE_ENTRIES: usize = 1 << 18;

/// Go's panic for a method called on a nil interface (`reflect.TypeOf(nil).Kind()`).
const NIL_DEREFERENCE: &str = "runtime error: invalid memory address or nil pointer dereference";

type Result<T> = std::result::Result<T, FuncError>;

/// A function's error (`error calling NAME: message`).
fn fail<T>(message: impl Into<String>) -> Result<T> {
    Err(FuncError::Message(message.into()))
}

/// Counts `n` units of work against the render's step budget, so that building or scanning
/// collections in a loop cannot run long.
fn charge(state: &mut State<'_>, n: usize) -> Result<()> {
    state.steps = state
        .steps
        .saturating_add(u64::try_from(n).unwrap_or(u64::MAX));
    if state.steps > MAX_STEPS {
        return fail(format!(
            "the render took more than {MAX_STEPS} steps: stopped"
        ));
    }
    Ok(())
}

/// Go's `reflect.Kind` name of a value's type, as `reflect.TypeOf(v).Kind()` prints it (`None`
/// for nil, whose type has no kind: Go panics).
fn kind(value: &Value) -> Option<&'static str> {
    match value {
        Value::Nil => None,
        Value::Object(object) if object.type_name().starts_with('*') => Some("ptr"),
        other => Some(other.kind_name()),
    }
}

/// The elements of a slice argument, or Sprig's error `format(kind)` for any other kind (Go's
/// nil dereference for nil).
fn elements(value: &Value, message: impl Fn(&str) -> String) -> Result<&[Value]> {
    match value {
        Value::List(items, _) => Ok(items),
        Value::Nil => fail(NIL_DEREFERENCE),
        other => fail(message(kind(other).unwrap_or("invalid"))),
    }
}

use super::strval;

/// `cast.ToInt` (spf13/cast v1.7.0) as Sprig's `slice` converts its indices: numbers truncated,
/// strings parsed as Go literals (`"3.0"` is 3), booleans 1 and 0, anything else 0.
fn to_int(value: &Value) -> i64 {
    match value {
        Value::Int(n) | Value::Int64(n) => *n,
        Value::Uint(n) => *n as i64,
        Value::Float(f) => go_float_to_int(*f),
        Value::Bool(b) => i64::from(*b),
        Value::String(s) => parse_go_int(trim_zero_decimal(s)).unwrap_or(0),
        _ => 0,
    }
}

/// Go's `int(f)` on amd64: truncated, and the minimum integer when out of range or NaN.
fn go_float_to_int(f: f64) -> i64 {
    // -2^63 <= f < 2^63.
    const LIMIT: f64 = 9_223_372_036_854_775_808.0;
    if f.is_nan() || !(-LIMIT..LIMIT).contains(&f) {
        i64::MIN
    } else {
        f.trunc() as i64
    }
}

/// cast's `trimZeroDecimal`: `"10.00"` is `"10"`; anything else is as it is.
fn trim_zero_decimal(s: &str) -> &str {
    let mut found_zero = false;
    for (i, c) in s.char_indices().rev() {
        match c {
            '.' => {
                if found_zero {
                    return s.get(..i).unwrap_or(s);
                }
            }
            '0' => found_zero = true,
            _ => return s,
        }
    }
    s
}

/// Go's `strconv.ParseInt(s, 0, 64)`: a sign, a base prefix (`0x`, `0o`, `0b`, `0` for octal),
/// digits, `_` between digits.
fn parse_go_int(s: &str) -> Option<i64> {
    let (negative, body) = match s.as_bytes().first() {
        Some(b'-') => (true, s.get(1..)?),
        Some(b'+') => (false, s.get(1..)?),
        _ => (false, s),
    };
    let lower = body.to_ascii_lowercase();
    let (radix, digits) = if lower.len() >= 3 && lower.starts_with("0x") {
        (16, lower.get(2..)?)
    } else if lower.len() >= 3 && lower.starts_with("0o") {
        (8, lower.get(2..)?)
    } else if lower.len() >= 3 && lower.starts_with("0b") {
        (2, lower.get(2..)?)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, lower.get(1..)?)
    } else {
        (10, lower.as_str())
    };
    if digits.contains('_') && !underscore_ok(&lower) {
        return None;
    }
    let clean: String = digits.chars().filter(|c| *c != '_').collect();
    if clean.is_empty() || clean.starts_with(['+', '-']) {
        return None;
    }
    let magnitude = u64::from_str_radix(&clean, radix).ok()?;
    if negative {
        if magnitude <= i64::MAX as u64 + 1 {
            Some((magnitude as i64).wrapping_neg())
        } else {
            None
        }
    } else {
        i64::try_from(magnitude).ok()
    }
}

use super::numbers::underscore_ok;

/// A value's identity under Go's `reflect.DeepEqual`, as bytes: two values are deeply equal
/// exactly when their keys are (`None` for a value holding a NaN, equal to nothing). Built
/// without recursion; each element visited is a step of the render (values share their parts,
/// so a small value can stand for a very large tree).
fn deep_key(state: &mut State<'_>, value: &Value) -> Result<Option<Vec<u8>>> {
    enum Item {
        Value(Value),
        Key(String),
    }
    fn bytes(out: &mut Vec<u8>, text: &[u8]) {
        out.extend_from_slice(&(text.len() as u64).to_le_bytes());
        out.extend_from_slice(text);
    }
    let mut out = Vec::new();
    let mut pending = vec![Item::Value(value.clone())];
    while let Some(item) = pending.pop() {
        let value = match item {
            Item::Key(key) => {
                bytes(&mut out, key.as_bytes());
                continue;
            }
            Item::Value(value) => value,
        };
        charge(state, 1)?;
        match &value {
            Value::Nil => out.push(0),
            Value::Bool(b) => out.extend_from_slice(&[1, u8::from(*b)]),
            Value::Int(n) => {
                out.push(2);
                out.extend_from_slice(&n.to_le_bytes());
            }
            Value::Int64(n) => {
                out.push(3);
                out.extend_from_slice(&n.to_le_bytes());
            }
            Value::Uint(n) => {
                out.push(4);
                out.extend_from_slice(&n.to_le_bytes());
            }
            Value::Float(f) => {
                if f.is_nan() {
                    return Ok(None);
                }
                // 0 and -0 are equal.
                let f = if *f == 0.0 { 0.0 } else { *f };
                out.push(5);
                out.extend_from_slice(&f.to_bits().to_le_bytes());
            }
            Value::String(s) => {
                out.push(6);
                bytes(&mut out, s.as_bytes());
            }
            Value::List(items, list_type) => {
                out.push(7);
                out.push(*list_type as u8);
                out.extend_from_slice(&(items.len() as u64).to_le_bytes());
                pending.extend(items.iter().rev().cloned().map(Item::Value));
            }
            Value::Map(map, map_type) => {
                out.push(8);
                out.push(*map_type as u8);
                out.extend_from_slice(&(map.len() as u64).to_le_bytes());
                for (key, item) in map.snapshot().into_iter().rev() {
                    pending.push(Item::Value(item));
                    pending.push(Item::Key(key));
                }
            }
            Value::Object(object) => {
                out.push(9);
                let address = std::rc::Rc::as_ptr(object) as *const () as usize;
                out.extend_from_slice(&(address as u64).to_le_bytes());
            }
        }
    }
    Ok(Some(out))
}

/// Whether `a` and `b` are the same slice or map (which `reflect.DeepEqual` takes as equal
/// without looking inside, NaNs and all).
fn same_collection(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x, tx), Value::List(y, ty)) => tx == ty && std::rc::Rc::ptr_eq(x, y),
        (Value::Map(x, tx), Value::Map(y, ty)) => tx == ty && x.ptr_eq(y),
        _ => false,
    }
}

/// Go's `reflect.DeepEqual`.
fn deep_equal(state: &mut State<'_>, a: &Value, b: &Value) -> Result<bool> {
    if same_collection(a, b) {
        return Ok(true);
    }
    match (deep_key(state, a)?, deep_key(state, b)?) {
        (Some(x), Some(y)) => Ok(x == y),
        _ => Ok(false),
    }
}

/// Registers this module's functions.
pub fn register(funcs: &mut Funcs) {
    lists::register(funcs);
    dicts::register(funcs);
    defaults::register(funcs);
}

/// Registers `call` under each of `names`.
fn add_all(
    funcs: &mut Funcs,
    names: &[&'static str],
    call: fn(&mut State<'_>, &[Value]) -> crate::template::FuncResult,
    params: &'static [Ty],
    variadic: Option<Ty>,
) {
    for name in names {
        add(funcs, name, call, params, variadic);
    }
}
