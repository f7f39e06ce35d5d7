//! Sprig's `list.go` (`list`, `first`, `append`, `uniq`, `slice`, `chunk`…) and the integer
//! sequences of `numeric.go` (`until`, `untilStep`, `seq`).

use std::collections::HashSet;
use std::rc::Rc;

use super::{
    MAX_LIST, NIL_DEREFERENCE, Result, add_all, charge, deep_key, elements, fail, kind,
    same_collection, to_int,
};
use crate::template::exec::State;
use crate::template::{FuncResult, Funcs, ListType, Ty, Value};

/// Argument `i` (nil when absent).
fn arg(args: &[Value], i: usize) -> &Value {
    const NIL: Value = Value::Nil;
    args.get(i).unwrap_or(&NIL)
}

/// A `[]interface {}` of `items`.
fn list_of(items: Vec<Value>) -> Value {
    Value::List(Rc::new(items), ListType::Any)
}

/// `list` and `tuple`: the arguments as a `[]interface {}`.
fn list(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args.len())?;
    Ok(list_of(args.to_vec()))
}

/// `append`, `push` and their `must` forms: a copy with `v` at the end.
fn push(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot push on type {k}"))?;
    charge(state, items.len())?;
    let mut out = Vec::with_capacity(items.len() + 1);
    out.extend_from_slice(items);
    out.push(arg(args, 1).clone());
    Ok(list_of(out))
}

/// `prepend`: a copy with `v` first.
fn prepend(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot prepend on type {k}"))?;
    charge(state, items.len())?;
    let mut out = Vec::with_capacity(items.len() + 1);
    out.push(arg(args, 1).clone());
    out.extend_from_slice(items);
    Ok(list_of(out))
}

/// `chunk size list`: the list cut into lists of `size` (the last one shorter), with Sprig's
/// arithmetic on sizes below one (a `make` of a negative length panics in Go).
fn chunk(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let size = match arg(args, 0) {
        Value::Int(n) => *n,
        _ => 0,
    };
    let items = elements(arg(args, 1), |k| format!("Cannot chunk type {k}"))?;
    charge(state, items.len())?;
    const MAKESLICE: &str = "runtime error: makeslice: len out of range";
    let len = items.len();
    if size == 0 {
        // float64(l-1)/0 is ±Inf or NaN, which int() makes the least integer on amd64.
        return fail(MAKESLICE);
    }
    if size < 0 {
        // cs := floor((l-1)/size) + 1 is 0 when l-1 <= |size| (for l >= 2), negative beyond;
        // for one element it is 1, its length l mod size (0, then size, for size -1).
        let magnitude = size.unsigned_abs();
        return match len {
            0 => fail(MAKESLICE),
            1 if magnitude == 1 => fail(MAKESLICE),
            1 => Ok(list_of(vec![list_of(items.to_vec())])),
            _ if (len as u64 - 1) <= magnitude => Ok(list_of(Vec::new())),
            _ => fail(MAKESLICE),
        };
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let chunks = items.chunks(size).map(|c| list_of(c.to_vec())).collect();
    Ok(list_of(chunks))
}

/// `last`: the last element, nil for an empty list.
fn last(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot find last on type {k}"))?;
    Ok(items.last().cloned().unwrap_or_default())
}

/// `first`: the first element, nil for an empty list.
fn first(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot find first on type {k}"))?;
    Ok(items.first().cloned().unwrap_or_default())
}

/// `rest`: all but the first element (Go's nil slice for an empty list: a list to functions,
/// `null` to `toJson`).
fn rest(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot find rest on type {k}"))?;
    charge(state, items.len())?;
    match items.split_first() {
        Some((_, tail)) => Ok(list_of(tail.to_vec())),
        None => Ok(Value::nil_list()),
    }
}

/// `initial`: all but the last element (a nil slice for an empty list, as `rest`).
fn initial(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot find initial on type {k}"))?;
    charge(state, items.len())?;
    match items.split_last() {
        Some((_, head)) => Ok(list_of(head.to_vec())),
        None => Ok(Value::nil_list()),
    }
}

/// `reverse`: a reversed copy.
fn reverse(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot find reverse on type {k}"))?;
    charge(state, items.len())?;
    Ok(list_of(items.iter().rev().cloned().collect()))
}

/// `compact`: the elements that are not empty.
fn compact(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot compact on type {k}"))?;
    charge(state, items.len())?;
    Ok(list_of(
        items.iter().filter(|v| !v.is_empty()).cloned().collect(),
    ))
}

/// `uniq`: the elements without repeats (by `reflect.DeepEqual`), first occurrences kept.
fn uniq(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot find uniq on type {k}"))?;
    charge(state, items.len())?;
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for item in items {
        match deep_key(state, item)? {
            // A NaN is equal to nothing, not even an earlier NaN.
            None => out.push(item.clone()),
            Some(key) => {
                if seen.insert(key) {
                    out.push(item.clone());
                }
            }
        }
    }
    Ok(list_of(out))
}

/// `without list v...`: the elements deeply equal to none of `v`.
fn without(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let items = elements(arg(args, 0), |k| format!("Cannot find without on type {k}"))?;
    let omit = args.get(1..).unwrap_or_default();
    charge(state, items.len() + omit.len())?;
    let mut omitted = HashSet::new();
    for value in omit {
        if let Some(key) = deep_key(state, value)? {
            omitted.insert(key);
        }
    }
    let mut out = Vec::new();
    for item in items {
        // A NaN is equal to nothing, so never omitted.
        let kept = match deep_key(state, item)? {
            Some(key) => !omitted.contains(&key),
            None => true,
        };
        if kept {
            out.push(item.clone());
        }
    }
    Ok(list_of(out))
}

/// `has needle haystack`: whether an element is deeply equal to `needle` (false for a nil
/// haystack).
fn has(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let haystack = arg(args, 1);
    if matches!(haystack, Value::Nil) {
        return Ok(Value::Bool(false));
    }
    let items = elements(haystack, |k| format!("Cannot find has on type {k}"))?;
    charge(state, items.len())?;
    let needle = arg(args, 0);
    let needle_key = deep_key(state, needle)?;
    for item in items {
        if same_collection(needle, item) {
            return Ok(Value::Bool(true));
        }
        if let Some(wanted) = &needle_key
            && deep_key(state, item)?.as_ref() == Some(wanted)
        {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// Sprig's `slice list [start [end]]` (it replaces Go's builtin): `list[start:end]`, of the
/// list's own type; nil for an empty list; Go's `reflect` panic past the bounds.
fn slice(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let list = arg(args, 0);
    let (items, list_type) = match list {
        Value::List(items, list_type) => (items, *list_type),
        Value::Nil => return fail(NIL_DEREFERENCE),
        other => {
            return fail(format!(
                "list should be type of slice or array but {}",
                kind(other).unwrap_or("invalid")
            ));
        }
    };
    let len = items.len();
    if len == 0 {
        return Ok(Value::Nil);
    }
    let start = args.get(1).map(to_int).unwrap_or(0);
    let end = match args.get(2) {
        Some(end) => to_int(end),
        None => i64::try_from(len).unwrap_or(i64::MAX),
    };
    let bounds = usize::try_from(start)
        .ok()
        .zip(usize::try_from(end).ok())
        .filter(|(s, e)| s <= e && *e <= len);
    let Some(part) = bounds.and_then(|(s, e)| items.get(s..e)) else {
        return fail("reflect.Value.Slice: slice index out of bounds");
    };
    charge(state, part.len())?;
    Ok(Value::List(Rc::new(part.to_vec()), list_type))
}

/// `concat list...`: the lists' elements in one list (a nil slice when there are none).
fn concat(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let mut out = Vec::new();
    for list in args {
        let items = elements(list, |k| format!("Cannot concat type {k} as list"))?;
        charge(state, items.len())?;
        out.extend_from_slice(items);
    }
    if out.is_empty() {
        return Ok(Value::nil_list());
    }
    Ok(list_of(out))
}

/// Sprig's `untilStep`: the integers from `start` towards `stop` (excluded) by `step`, none
/// when the step goes the other way. Refuses lists longer than [`MAX_LIST`].
fn until_step(state: &mut State<'_>, start: i64, stop: i64, step: i64) -> Result<Vec<i64>> {
    let count: i128 = if stop < start {
        if step >= 0 {
            0
        } else {
            let span = i128::from(start) - i128::from(stop);
            let step = -i128::from(step);
            (span + step - 1) / step
        }
    } else if step <= 0 {
        0
    } else {
        let span = i128::from(stop) - i128::from(start);
        let step = i128::from(step);
        (span + step - 1) / step
    };
    let count = usize::try_from(count).unwrap_or(usize::MAX);
    if count > MAX_LIST {
        return fail(format!(
            "a list of {count} integers is more than the {MAX_LIST} a render may build"
        ));
    }
    charge(state, count)?;
    let mut out = Vec::with_capacity(count);
    let mut at = start;
    for _ in 0..count {
        out.push(at);
        at = at.wrapping_add(step);
    }
    Ok(out)
}

fn int_arg(args: &[Value], i: usize) -> i64 {
    match arg(args, i) {
        Value::Int(n) | Value::Int64(n) => *n,
        _ => 0,
    }
}

fn ints(items: Vec<i64>) -> Value {
    Value::List(
        Rc::new(items.into_iter().map(Value::Int).collect()),
        ListType::Int,
    )
}

/// `until count`: `[]int` from 0 towards `count`.
fn until(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let count = int_arg(args, 0);
    let step = if count < 0 { -1 } else { 1 };
    Ok(ints(until_step(state, 0, count, step)?))
}

/// `untilStep start stop step`.
fn until_step_func(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let (start, stop, step) = (int_arg(args, 0), int_arg(args, 1), int_arg(args, 2));
    Ok(ints(until_step(state, start, stop, step)?))
}

/// `seq [start [step]] end`, like the command: the integers to `end` inclusive, joined by
/// spaces.
fn seq(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let params: Vec<i64> = args
        .iter()
        .map(|a| match a {
            Value::Int(n) | Value::Int64(n) => *n,
            _ => 0,
        })
        .collect();
    let numbers = match params.as_slice() {
        [end] => {
            let increment = if *end < 1 { -1 } else { 1 };
            until_step(state, 1, end.wrapping_add(increment), increment)?
        }
        [start, end] => {
            let step = if end < start { -1 } else { 1 };
            until_step(state, *start, end.wrapping_add(step), step)?
        }
        [start, step, end] => {
            let mut increment = 1;
            if end < start {
                increment = -1;
                if *step > 0 {
                    return Ok(Value::str(""));
                }
            }
            until_step(state, *start, end.wrapping_add(increment), *step)?
        }
        _ => Vec::new(),
    };
    let text: Vec<String> = numbers.iter().map(i64::to_string).collect();
    Ok(Value::str(text.join(" ")))
}

pub fn register(funcs: &mut Funcs) {
    add_all(funcs, &["list", "tuple"], list, &[], Some(Ty::Any));
    add_all(
        funcs,
        &["append", "push", "mustAppend", "mustPush"],
        push,
        &[Ty::Any, Ty::Any],
        None,
    );
    add_all(
        funcs,
        &["prepend", "mustPrepend"],
        prepend,
        &[Ty::Any, Ty::Any],
        None,
    );
    add_all(
        funcs,
        &["chunk", "mustChunk"],
        chunk,
        &[Ty::Int, Ty::Any],
        None,
    );
    add_all(funcs, &["first", "mustFirst"], first, &[Ty::Any], None);
    add_all(funcs, &["last", "mustLast"], last, &[Ty::Any], None);
    add_all(funcs, &["rest", "mustRest"], rest, &[Ty::Any], None);
    add_all(
        funcs,
        &["initial", "mustInitial"],
        initial,
        &[Ty::Any],
        None,
    );
    add_all(
        funcs,
        &["reverse", "mustReverse"],
        reverse,
        &[Ty::Any],
        None,
    );
    add_all(
        funcs,
        &["compact", "mustCompact"],
        compact,
        &[Ty::Any],
        None,
    );
    add_all(funcs, &["uniq", "mustUniq"], uniq, &[Ty::Any], None);
    add_all(
        funcs,
        &["without", "mustWithout"],
        without,
        &[Ty::Any],
        Some(Ty::Any),
    );
    add_all(funcs, &["has", "mustHas"], has, &[Ty::Any, Ty::Any], None);
    add_all(
        funcs,
        &["slice", "mustSlice"],
        slice,
        &[Ty::Any],
        Some(Ty::Any),
    );
    add_all(funcs, &["concat"], concat, &[], Some(Ty::Any));
    add_all(funcs, &["until"], until, &[Ty::Int], None);
    add_all(
        funcs,
        &["untilStep"],
        until_step_func,
        &[Ty::Int, Ty::Int, Ty::Int],
        None,
    );
    add_all(funcs, &["seq"], seq, &[], Some(Ty::Int));
}
