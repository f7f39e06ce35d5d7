//! Sprig's `defaults.go` (`empty`, `coalesce`, `all`, `any`, `ternary`; `default` is registered
//! beside the other Sprig helpers) and `reflect.go` (`typeOf`, `typeIs`, `typeIsLike`, `kindOf`,
//! `kindIs`, and `deepEqual`, Go's `reflect.DeepEqual`).

use super::{add_all, deep_equal, kind};
use crate::template::exec::State;
use crate::template::{FuncResult, Funcs, Ty, Value};

const NIL: Value = Value::Nil;

fn arg(args: &[Value], i: usize) -> &Value {
    args.get(i).unwrap_or(&NIL)
}

fn str_arg(args: &[Value], i: usize) -> &str {
    arg(args, i).as_str().unwrap_or_default()
}

/// `empty v`: whether `v` is its type's zero value, an empty collection or nil.
fn empty(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(arg(args, 0).is_empty()))
}

/// `coalesce v...`: the first value that is not empty, else nil.
fn coalesce(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(args
        .iter()
        .find(|v| !v.is_empty())
        .cloned()
        .unwrap_or_default())
}

/// `all v...`: whether no value is empty (true for none).
fn all(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(args.iter().all(|v| !v.is_empty())))
}

/// `any v...`: whether a value is not empty (false for none).
fn any(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(args.iter().any(|v| !v.is_empty())))
}

/// `ternary a b cond`: `a` when `cond` is true, else `b`.
fn ternary(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let chosen = if matches!(arg(args, 2), Value::Bool(true)) {
        0
    } else {
        1
    };
    Ok(arg(args, chosen).clone())
}

/// `typeOf v`: Go's `%T`.
fn type_of(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(arg(args, 0).type_name()))
}

/// `typeIs name v`.
fn type_is(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(args, 0) == arg(args, 1).type_name()))
}

/// `typeIsLike name v`: the type, or a pointer to it.
fn type_is_like(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let target = str_arg(args, 0);
    let actual = arg(args, 1).type_name();
    Ok(Value::Bool(
        target == actual || actual.strip_prefix('*') == Some(target),
    ))
}

/// Go's `reflect.ValueOf(v).Kind().String()` (`invalid` for nil).
fn kind_name(value: &Value) -> &'static str {
    kind(value).unwrap_or("invalid")
}

/// `kindOf v`.
fn kind_of(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(kind_name(arg(args, 0))))
}

/// `kindIs name v`.
fn kind_is(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(str_arg(args, 0) == kind_name(arg(args, 1))))
}

/// `deepEqual a b`: Go's `reflect.DeepEqual`.
fn deep_equal_func(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::Bool(deep_equal(state, arg(args, 0), arg(args, 1))?))
}

pub fn register(funcs: &mut Funcs) {
    add_all(funcs, &["empty"], empty, &[Ty::Any], None);
    add_all(funcs, &["coalesce"], coalesce, &[], Some(Ty::Any));
    add_all(funcs, &["all"], all, &[], Some(Ty::Any));
    add_all(funcs, &["any"], any, &[], Some(Ty::Any));
    add_all(
        funcs,
        &["ternary"],
        ternary,
        &[Ty::Any, Ty::Any, Ty::Bool],
        None,
    );
    add_all(funcs, &["typeOf"], type_of, &[Ty::Any], None);
    add_all(funcs, &["typeIs"], type_is, &[Ty::String, Ty::Any], None);
    add_all(
        funcs,
        &["typeIsLike"],
        type_is_like,
        &[Ty::String, Ty::Any],
        None,
    );
    add_all(funcs, &["kindOf"], kind_of, &[Ty::Any], None);
    add_all(funcs, &["kindIs"], kind_is, &[Ty::String, Ty::Any], None);
    add_all(
        funcs,
        &["deepEqual"],
        deep_equal_func,
        &[Ty::Any, Ty::Any],
        None,
    );
}
