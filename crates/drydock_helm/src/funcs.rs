//! Every function a chart's templates may call: Go's builtins, Sprig's (`sprig/`) and Helm's own
//! (`include`, `tpl`, `required`, `fail`, `toYaml` and the other encodings, `lookup`).

use std::rc::Rc;

use crate::template::builtins::builtins;
use crate::template::exec::{FuncError, FuncResult, State};
use crate::template::{Funcs, Ty};
use crate::template::{Map, MapType, Value};

pub mod sprig;

/// Helm's function map: Sprig's text functions without `env` and `expandenv`, Go's builtins,
/// Helm's own.
pub fn all() -> Funcs {
    let mut funcs = Funcs::new();
    builtins(&mut funcs);
    sprig::register(&mut funcs);
    helm(&mut funcs);
    funcs
}

use sprig::add;

fn arg(args: &[Value], i: usize) -> Value {
    args.get(i).cloned().unwrap_or_default()
}

fn str_arg(args: &[Value], i: usize) -> String {
    args.get(i)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned()
}

/// Helm's limit on `include` recursion.
#[cfg(not(target_arch = "wasm32"))]
const MAX_INCLUDE_DEPTH: usize = 1000;
/// In wasm (the playground's Helm worker), lower: a browser worker's stack overflows before
/// 1000 levels (V8 stops its wasm near 1 MB of stack: 200 levels answer, 300 overflow, in
/// Chromium), and an overflow ends the worker. A template `include`d in itself still gets Helm's
/// error, in Helm's words (which do not name the depth); only a chart that recurses between 150
/// and 1000 levels on purpose renders natively and not in the browser.
#[cfg(target_arch = "wasm32")]
const MAX_INCLUDE_DEPTH: usize = 150;

fn include(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let name = str_arg(args, 0);
    let running = state.included.borrow().get(&name).copied().unwrap_or(0);
    if running > MAX_INCLUDE_DEPTH {
        return Err(FuncError::Message(format!(
            "rendering template has a nested reference name: {name}: unable to execute template"
        )));
    }
    let Some(mut nested) = state.nested(&name) else {
        return Err(FuncError::Message(format!(
            "template: no template {} associated with template {}",
            crate::template::fmt::quote(&name),
            crate::template::fmt::quote("gotpl")
        )));
    };
    // The name is copied only the first time it is included.
    {
        let mut included = state.included.borrow_mut();
        match included.get_mut(&name) {
            Some(count) => *count += 1,
            None => {
                included.insert(name.clone(), 1);
            }
        }
    }
    let mut out = String::new();
    let result = nested.run(&arg(args, 1), &mut out);
    state.steps = nested.steps;
    if let Some(count) = state.included.borrow_mut().get_mut(&name) {
        *count = count.saturating_sub(1);
    }
    result.map_err(FuncError::Exec)?;
    Ok(Value::str(out))
}

fn tpl(state: &mut State<'_>, args: &[Value]) -> FuncResult {
    let text = match arg(args, 0) {
        Value::String(s) => s.to_string(),
        other => {
            return Err(FuncError::Message(format!(
                "wrong type for value; expected string; got {}",
                other.type_name()
            )));
        }
    };
    let dot = arg(args, 1);
    // Helm parses the text as a new template of the set's root, `gotpl`.
    let name = "gotpl".to_owned();
    let trees = state.host.parse(&name, &text, state.funcs).map_err(|e| {
        FuncError::Message(format!(
            "cannot parse template {}: {e}",
            crate::template::fmt::quote(&text)
        ))
    })?;
    let mut templates = state.templates.clone();
    let own = trees.first().map(|t| t.name.clone()).unwrap_or_default();
    let mut trees = trees.into_iter();
    // The text's own template replaces any earlier `gotpl`, even when empty.
    if let Some(first) = trees.next() {
        templates.trees.insert(first.name.clone(), Rc::new(first));
    }
    templates.add(trees.collect());
    let mut out = String::new();
    state
        .run_in(&templates, &own, &dot, &mut out)
        .map_err(FuncError::Exec)?;
    Ok(Value::str(out.replace("<no value>", "")))
}

fn required(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let message = str_arg(args, 0);
    match arg(args, 1) {
        Value::Nil => Err(FuncError::Template(message)),
        Value::String(s) if s.is_empty() => Err(FuncError::Template(message)),
        value => Ok(value),
    }
}

fn fail(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Err(FuncError::Template(str_arg(args, 0)))
}

fn to_yaml(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let text = crate::yaml::to_yaml(&arg(args, 0));
    Ok(Value::str(text.trim_end_matches('\n')))
}

fn to_yaml_pretty(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let text = crate::yaml::to_yaml_pretty(&arg(args, 0));
    Ok(Value::str(text.trim_end_matches('\n')))
}

fn to_json(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    Ok(Value::str(crate::json::to_json(&arg(args, 0))))
}

fn from_yaml(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    match crate::values::parse_yaml(&str_arg(args, 0)) {
        Ok(Value::Map(map, _)) => Ok(Value::Map(map, MapType::Any)),
        Ok(Value::Nil) => Ok(Value::map(Map::new())),
        Ok(_) => {
            let mut map = Map::new();
            map.insert("Error".to_owned(), Value::str("error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type map[string]interface {}"));
            Ok(Value::map(map))
        }
        Err(e) => {
            let mut map = Map::new();
            map.insert(
                "Error".to_owned(),
                Value::str(format!("error converting YAML to JSON: yaml: {e}")),
            );
            Ok(Value::map(map))
        }
    }
}

fn from_json(_: &mut State<'_>, args: &[Value]) -> FuncResult {
    let error = |message: String| {
        let mut map = Map::new();
        map.insert("Error".to_owned(), Value::str(message));
        Ok(Value::map(map))
    };
    match sprig::numbers::go_json_unmarshal(&str_arg(args, 0)) {
        Ok(Value::Map(map, _)) => Ok(Value::Map(map, MapType::Any)),
        Ok(Value::Nil) => Ok(Value::map(Map::new())),
        Ok(other) => error(format!(
            "json: cannot unmarshal {} into Go value of type map[string]interface {{}}",
            match other {
                Value::List(..) => "array",
                Value::String(_) => "string",
                Value::Bool(_) => "bool",
                _ => "number",
            }
        )),
        Err(message) => error(message),
    }
}

fn lookup(_: &mut State<'_>, _: &[Value]) -> FuncResult {
    Ok(Value::map(Map::new()))
}

fn helm(funcs: &mut Funcs) {
    add(funcs, "include", include, &[Ty::String, Ty::Any], None);
    add(funcs, "tpl", tpl, &[Ty::String, Ty::Any], None);
    add(funcs, "required", required, &[Ty::String, Ty::Any], None);
    add(funcs, "fail", fail, &[Ty::String], None);
    add(funcs, "toYaml", to_yaml, &[Ty::Any], None);
    add(funcs, "mustToYaml", to_yaml, &[Ty::Any], None);
    add(funcs, "toYamlPretty", to_yaml_pretty, &[Ty::Any], None);
    add(funcs, "toJson", to_json, &[Ty::Any], None);
    add(funcs, "mustToJson", to_json, &[Ty::Any], None);
    add(funcs, "fromYaml", from_yaml, &[Ty::String], None);
    add(funcs, "fromJson", from_json, &[Ty::String], None);
    add(
        funcs,
        "lookup",
        lookup,
        &[Ty::String, Ty::String, Ty::String, Ty::String],
        None,
    );
}

/// A list value of `items`.
pub fn list(items: Vec<Value>) -> Value {
    Value::List(Rc::new(items), crate::template::ListType::Any)
}
