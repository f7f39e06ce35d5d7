//! Sprig's `dict.go`: `dict`, `get`, `set`, `unset`, `hasKey`, `pluck`, `keys`, `pick`, `omit`,
//! `values`, `dig`, `merge` (dario.cat/mergo v1.0.1's rules for maps), `deepCopy`.
//!
//! Go's map iteration order is random, so Sprig's `keys` and `values` come in any order; here
//! they come in the keys' order. Maps are shared and changed in place, as Go's are: `set`,
//! `unset` and `merge` change the map they are given (and so every holder of it).

use std::rc::Rc;

use super::{MAX_MERGE_DEPTH, MAX_MERGE_ENTRIES, Result, add_all, charge, fail, strval};
use crate::template::exec::State;
use crate::template::{FuncResult, Funcs, ListType, Map, MapRef, MapType, Ty, Value};

const NIL: Value = Value::Nil;

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&NIL)
}

fn str_arg(args: &[Value], i: usize) -> &str {
    arg(args, i).as_str().unwrap_or_default()
}

/// A `map[string]interface {}` argument (nil for a nil map).
fn map_arg(args: &[Value], i: usize) -> Option<&MapRef> {
    arg(args, i).as_map()
}

fn new_map(map: Map) -> Value {
    Value::Map(MapRef::new(map), MapType::Any)
}

/// `dict k v ...`: keys with Sprig's `strval`, an odd key's value the empty string.
fn dict(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    charge(state, args.len())?;
    let mut map = Map::new();
    for pair in args.chunks(2) {
        let key = pair.first().map(strval).unwrap_or_default();
        let value = pair.get(1).cloned().unwrap_or_else(|| Value::str(""));
        map.insert(key, value);
    }
    Ok(new_map(map))
}

/// `get d key`: the value, or the empty string when there is no such key.
fn get(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(map_arg(args, 0)
        .and_then(|m| m.get(str_arg(args, 1)))
        .unwrap_or_else(|| Value::str("")))
}

/// `set d key value`: the key set in `d` itself, which is returned.
fn set(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let Some(map) = map_arg(args, 0) else {
        return fail("assignment to entry in nil map");
    };
    charge(state, 1)?;
    map.insert(str_arg(args, 1).to_owned(), arg(args, 2).clone());
    Ok(arg(args, 0).clone())
}

/// `unset d key`: the key deleted from `d` itself, which is returned (a nil map stays nil).
fn unset(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let Some(map) = map_arg(args, 0) else {
        return Ok(Value::Nil);
    };
    charge(state, 1)?;
    map.remove(str_arg(args, 1));
    Ok(arg(args, 0).clone())
}

/// `hasKey d key`.
fn has_key(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(
        map_arg(args, 0).is_some_and(|m| m.contains_key(str_arg(args, 1))),
    ))
}

/// `pluck key d...`: the key's value in each map that has it.
fn pluck(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let key = str_arg(args, 0);
    let maps = args.get(1..).unwrap_or_default();
    charge(state, maps.len())?;
    let found = maps
        .iter()
        .filter_map(|m| m.as_map().and_then(|m| m.get(key)))
        .collect();
    Ok(Value::List(Rc::new(found), ListType::Any))
}

/// `keys d...`: every map's keys, as a `[]string`.
fn keys(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let mut out = Vec::new();
    for map in args.iter().filter_map(Value::as_map) {
        charge(state, map.len())?;
        out.extend(map.keys().into_iter().map(Value::str));
    }
    Ok(Value::List(Rc::new(out), ListType::String))
}

/// `pick d key...`: a new map of the keys `d` has.
fn pick(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let keys = args.get(1..).unwrap_or_default();
    charge(state, keys.len())?;
    let mut out = Map::new();
    if let Some(map) = map_arg(args, 0) {
        for key in keys.iter().filter_map(Value::as_str) {
            if let Some(value) = map.get(key) {
                out.insert(key.to_owned(), value);
            }
        }
    }
    Ok(new_map(out))
}

/// `omit d key...`: a new map without the keys.
fn omit(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let keys: std::collections::HashSet<&str> = args
        .get(1..)
        .unwrap_or_default()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let mut out = Map::new();
    if let Some(map) = map_arg(args, 0) {
        charge(state, map.len() + keys.len())?;
        for (key, value) in map.snapshot() {
            if !keys.contains(key.as_str()) {
                out.insert(key, value);
            }
        }
    }
    Ok(new_map(out))
}

/// `values d`: the map's values, as a `[]interface {}`.
fn values(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let out: Vec<Value> = match map_arg(args, 0) {
        Some(map) => {
            charge(state, map.len())?;
            map.snapshot().into_values().collect()
        }
        None => Vec::new(),
    };
    Ok(Value::List(Rc::new(out), ListType::Any))
}

/// Go's message for a failed type assertion `v.(want)` on an `interface {}`.
fn conversion(value: &Value, want: &str) -> String {
    let got = match value {
        Value::Nil => "nil".to_owned(),
        other => other.type_name(),
    };
    format!("interface conversion: interface {{}} is {got}, not {want}")
}

const GO_MAP: &str = "map[string]interface {}";

/// `dig k... default d`: the value at the keys' path in `d`, or `default` where a key is
/// missing. `d` and each map on the way must be a `map[string]interface {}` (`.Values`, a
/// `common.Values`, is not: Go's type assertion panics).
fn dig(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    if args.len() < 3 {
        return fail("dig needs at least three arguments");
    }
    charge(state, args.len())?;
    let (path, rest) = args.split_at(args.len() - 2);
    let (default, dict) = match rest {
        [default, dict] => (default, dict),
        _ => return fail("dig needs at least three arguments"),
    };
    let mut map = match dict {
        Value::Map(map, MapType::Any) => map.clone(),
        other => return fail(conversion(other, GO_MAP)),
    };
    let mut keys = Vec::with_capacity(path.len());
    for key in path {
        match key {
            Value::String(s) => keys.push(s.clone()),
            other => return fail(conversion(other, "string")),
        }
    }
    let mut keys = keys.iter().peekable();
    while let Some(key) = keys.next() {
        let Some(step) = map.get(key) else {
            return Ok(default.clone());
        };
        if keys.peek().is_none() {
            return Ok(step);
        }
        map = match &step {
            Value::Map(next, MapType::Any) => next.clone(),
            other => return fail(conversion(other, GO_MAP)),
        };
    }
    Ok(default.clone())
}

/// mergo's `deepMerge` of map `src` into map `dst` (with `Config.Overwrite` for
/// `mergeOverwrite`), per key of `src`:
///
/// - a nil value is skipped, or set when overwriting;
/// - a map into a map is merged into it (into an empty one too);
/// - anything else (a list, a map into a non-map, a scalar) replaces the value when overwriting,
///   or when `dst` has no such key or an empty value (`0`, `""`, `false`, nil, an empty list or
///   map); else `dst`'s value stays.
///
/// Overwriting sets empty values too: `mergeOverwrite (dict "a" 1) (dict "a" 0)` is `a: 0`.
fn merge_maps(
    state: &mut State<'_>,
    dst: &MapRef,
    src: &MapRef,
    overwrite: bool,
    depth: usize,
    copied: &mut usize,
) -> Result<()> {
    if depth > MAX_MERGE_DEPTH {
        return fail(format!(
            "maps nested more than {MAX_MERGE_DEPTH} deep: not merged"
        ));
    }
    // A map merged into itself changes nothing.
    if dst.ptr_eq(src) {
        return Ok(());
    }
    let entries = src.snapshot();
    charge(state, entries.len())?;
    *copied = copied.saturating_add(entries.len());
    if *copied > MAX_MERGE_ENTRIES {
        return fail(format!(
            "a merge of more than {MAX_MERGE_ENTRIES} entries: not merged"
        ));
    }
    for (key, value) in entries {
        if matches!(value, Value::Nil) {
            if overwrite {
                dst.insert(key, Value::Nil);
            }
            continue;
        }
        match (dst.get(&key), &value) {
            // A map into a map: merged into it, in place (every holder of it sees the change).
            (Some(Value::Map(into, _)), Value::Map(from, _)) => {
                merge_maps(state, &into, from, overwrite, depth + 1, copied)?;
            }
            (Some(existing), _) if !overwrite && !existing.is_empty() => {}
            _ => dst.insert(key, value),
        }
    }
    Ok(())
}

/// `merge dst src...`, `mergeOverwrite` and their `must` forms: each `src` merged into `dst`
/// itself, in turn, and `dst` returned (a nil `dst` becomes a new map). mergo's errors cannot
/// happen for maps of the same type, so the `must` forms never fail.
fn merge_with(state: &mut State<'_>, args: &[Value], overwrite: bool) -> FuncResult {
    let dst = match arg(args, 0) {
        Value::Map(map, kind) => Value::Map(map.clone(), *kind),
        // A nil `dst` becomes a map only when there is something to merge into it.
        _ if args.iter().skip(1).any(|src| src.as_map().is_some()) => new_map(Map::new()),
        _ => return Ok(Value::Nil),
    };
    let Some(into) = dst.as_map() else {
        return Ok(Value::Nil);
    };
    let mut copied = into.len();
    charge(state, copied)?;
    for src in args.iter().skip(1) {
        let Some(src) = src.as_map() else { continue };
        merge_maps(state, into, src, overwrite, 0, &mut copied)?;
    }
    Ok(dst)
}

fn merge(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    merge_with(state, args, false)
}

fn merge_overwrite(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    merge_with(state, args, true)
}

/// A copy of `value` whose maps and lists are new (`copystructure.Copy`), counted against the
/// render's steps.
fn copy_deep(state: &mut State<'_>, value: &Value, depth: usize) -> Result<Value> {
    if depth > MAX_MERGE_DEPTH {
        return fail(format!(
            "values nested more than {MAX_MERGE_DEPTH} deep: not copied"
        ));
    }
    charge(state, 1)?;
    Ok(match value {
        Value::Map(map, kind) => {
            let mut out = Map::new();
            for (key, item) in map.snapshot() {
                out.insert(key, copy_deep(state, &item, depth + 1)?);
            }
            Value::Map(MapRef::new(out), *kind)
        }
        Value::List(items, kind) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items.iter() {
                out.push(copy_deep(state, item, depth + 1)?);
            }
            Value::List(Rc::new(out), *kind)
        }
        other => other.clone(),
    })
}

/// `deepCopy v`: a copy of `v` of its own type whose maps and lists are new; Go's `reflect`
/// panics on nil.
fn deep_copy(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    match arg(args, 0) {
        Value::Nil => fail("reflect: call of reflect.Value.Type on zero Value"),
        value => copy_deep(state, value, 0),
    }
}

pub fn register(funcs: &mut Funcs) {
    add_all(funcs, &["dict"], dict, &[], Some(Ty::Any));
    add_all(funcs, &["get"], get, &[Ty::Map, Ty::String], None);
    add_all(funcs, &["set"], set, &[Ty::Map, Ty::String, Ty::Any], None);
    add_all(funcs, &["unset"], unset, &[Ty::Map, Ty::String], None);
    add_all(funcs, &["hasKey"], has_key, &[Ty::Map, Ty::String], None);
    add_all(funcs, &["pluck"], pluck, &[Ty::String], Some(Ty::Map));
    add_all(funcs, &["keys"], keys, &[], Some(Ty::Map));
    add_all(funcs, &["pick"], pick, &[Ty::Map], Some(Ty::String));
    add_all(funcs, &["omit"], omit, &[Ty::Map], Some(Ty::String));
    add_all(funcs, &["values"], values, &[Ty::Map], None);
    add_all(funcs, &["dig"], dig, &[], Some(Ty::Any));
    add_all(
        funcs,
        &["merge", "mustMerge"],
        merge,
        &[Ty::Map],
        Some(Ty::Map),
    );
    add_all(
        funcs,
        &["mergeOverwrite", "mustMergeOverwrite"],
        merge_overwrite,
        &[Ty::Map],
        Some(Ty::Map),
    );
    add_all(
        funcs,
        &["deepCopy", "mustDeepCopy"],
        deep_copy,
        &[Ty::Any],
        None,
    );
}
