//! kustomize's legacy `vars`: `$(NAME)` in the fields of the `varReference` table replaced by a
//! field of an object.
//!
//! As kustomize v5.7.1 does it (`api/internal/accumulator`, `api/filters/refvar`): each
//! kustomization, once its transformers ran, binds its vars to the one object whose id (current
//! or earlier) has the var's `objref` kind and name (and namespace when the var gives one, or the
//! kind is cluster-scoped) — more than one is an error. Var names are unique across the whole
//! build (a base's vars are visible in its overlays). At the top, after name references, each
//! var takes the value of its `fieldref.fieldPath` (default `metadata.name`) in its object as the
//! object is then, and every string in a `varReference` field has its `$(NAME)` replaced; `$$` is
//! a `$`; an unknown `$(NAME)` stays as written.
//!
//! Origins: a string that is exactly one `$(NAME)` becomes the var's value with the origin of the
//! field it came from (a finding on it points where the value was written); a string with a var
//! inside other text keeps its own origin.

use super::fieldspec::FieldSpec;
use super::replacements::{Problem, effective_namespace, lookup, split_field_path};
use crate::resource::{Gvk, Resource};
use crate::value::{Node, Origin, Scalar, Value};
use drydock_yaml::{ScalarKind, ScalarStyle};
use std::collections::HashMap;

/// One `vars` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Var {
    pub name: String,
    /// The `objref`'s group, version (from `apiVersion` when given) and kind.
    pub gvk: Gvk,
    pub object: String,
    pub namespace: String,
    /// `fieldref.fieldPath`, `metadata.name` when absent.
    pub field_path: String,
    /// Where the var is written (its `name`).
    pub origin: Origin,
}

fn text(node: Option<&Node>) -> String {
    node.and_then(Node::as_scalar)
        .filter(|s| !s.is_null())
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Reads one `vars` entry.
pub fn parse(node: &Node, fallback: Origin) -> Result<Var, Problem> {
    let origin = node.origin.unwrap_or(fallback);
    let problem = |message: &str, at: Option<&Node>| Problem {
        message: message.to_owned(),
        origin: at.and_then(|n| n.origin).unwrap_or(origin),
    };
    if !node.is_map() {
        return Err(problem(
            "a var is a mapping with `name`, `objref` and optionally `fieldref`",
            None,
        ));
    }
    let objref = node.get_field("objref").filter(|n| !n.is_null());
    if let Some(objref) = objref
        && !objref.is_map()
    {
        return Err(problem(
            "`objref` is a mapping of `apiVersion`, `kind`, `name` and `namespace`",
            Some(objref),
        ));
    }
    let fieldref = node.get_field("fieldref").filter(|n| !n.is_null());
    if let Some(fieldref) = fieldref
        && !fieldref.is_map()
    {
        return Err(problem(
            "`fieldref` is a mapping with `fieldPath`",
            Some(fieldref),
        ));
    }
    let part = |key: &str| text(objref.and_then(|o| o.get_field(key)));
    let mut gvk = Gvk {
        group: part("group"),
        version: part("version"),
        kind: part("kind"),
    };
    let api_version = part("apiVersion");
    if !api_version.is_empty() {
        let pieces: Vec<&str> = api_version.split('/').collect();
        match pieces.as_slice() {
            [group, version] => {
                gvk.group = (*group).to_owned();
                gvk.version = (*version).to_owned();
            }
            [version] => gvk.version = (*version).to_owned(),
            _ => {}
        }
    }
    let field_path = text(fieldref.and_then(|f| f.get_field("fieldPath")));
    Ok(Var {
        name: text(node.get_field("name")),
        gvk,
        object: part("name"),
        namespace: part("namespace"),
        field_path: if field_path.is_empty() {
            super::replacements::DEFAULT_FIELD_PATH.to_owned()
        } else {
            field_path
        },
        origin: node
            .get_field("name")
            .and_then(|n| n.origin)
            .unwrap_or(origin),
    })
}

/// kustomize's `MergeVars` for one var: binds it to the object it names, among `resources` as
/// they are once the declaring kustomization's transformers ran (any current or earlier id). No
/// object is not an error here (it is when the var is resolved); more than one is.
pub fn bind(resources: &mut [Resource], var: &Var) -> Result<(), Problem> {
    let strict = !var.namespace.is_empty() || super::is_cluster_scoped(&var.gvk);
    let wanted_namespace = effective_namespace(&var.gvk, &var.namespace);
    let matches = |resource: &Resource| {
        let gvk = resource.gvk();
        gvk == var.gvk
            && resource.names().any(|(name, namespace)| {
                name == var.object
                    && (!strict || effective_namespace(&gvk, namespace) == wanted_namespace)
            })
    };
    let matched: Vec<usize> = resources
        .iter()
        .enumerate()
        .filter(|(_, r)| !is_empty(&r.node) && matches(r))
        .map(|(at, _)| at)
        .collect();
    match matched.as_slice() {
        [] => Ok(()),
        [only] => {
            if let Some(resource) = resources.get_mut(*only) {
                resource.vars.push(var.name.clone());
            }
            Ok(())
        }
        several => Err(Problem {
            message: format!(
                "found {} objects for var `{}` ({} `{}`): kustomize cannot tell which one is meant (unable to disambiguate); give the var's `objref` a namespace",
                several.len(),
                var.name,
                var.gvk.kind,
                var.object
            ),
            origin: var.origin,
        }),
    }
}

fn is_empty(node: &Node) -> bool {
    node.is_null() || node.entries().is_some_and(<[_]>::is_empty)
}

/// A var's value, as kustomize reads it (`GetFieldValue`): a string, number or boolean is
/// substituted; a mapping or a list is not (the reference stays as written).
#[derive(Debug, Clone, PartialEq)]
pub enum VarValue {
    String(String),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A mapping or a list.
    Complex,
}

impl VarValue {
    fn of(node: &Node) -> Option<VarValue> {
        let Some(scalar) = node.as_scalar() else {
            return Some(VarValue::Complex);
        };
        Some(match scalar.kind {
            ScalarKind::String | ScalarKind::Null => VarValue::String(scalar.text.clone()),
            // Go's `strconv.Atoi` on the text: a hexadecimal or octal integer fails.
            ScalarKind::Int(_) => VarValue::Int(scalar.text.parse().ok()?),
            ScalarKind::Float(f) => VarValue::Float(f),
            ScalarKind::Bool(b) => VarValue::Bool(b),
        })
    }

    /// The value inside a longer string (Go's `%v`).
    fn inline(&self) -> String {
        match self {
            VarValue::String(s) => s.clone(),
            VarValue::Int(n) => n.to_string(),
            VarValue::Float(f) => go_float_v(*f),
            VarValue::Bool(b) => b.to_string(),
            VarValue::Complex => String::new(),
        }
    }

    /// The node a string that is exactly this var becomes (kustomize keeps the value's type).
    fn node(&self, origin: Option<Origin>) -> Node {
        let scalar = match self {
            VarValue::String(s) => Scalar::string(s.clone()),
            VarValue::Int(n) => Scalar::int(*n),
            VarValue::Bool(b) => Scalar::bool(*b),
            VarValue::Float(f) => Scalar {
                text: f.to_string(),
                kind: ScalarKind::Float(*f),
                style: ScalarStyle::Plain,
            },
            VarValue::Complex => Scalar::null(),
        };
        Node::scalar(scalar, origin)
    }
}

/// Go's `fmt.Sprintf("%v", f)` for a float64 (`%g` with the shortest digits): exponent form when
/// the decimal exponent is below -4 or at least 6 (`1e+06`), plain digits otherwise.
fn go_float_v(f: f64) -> String {
    if f.is_nan() {
        return "NaN".to_owned();
    }
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let exponent: i32 = exponent.parse().unwrap_or(0);
    if (-4..6).contains(&exponent) {
        return f.to_string();
    }
    let sign = if exponent < 0 { '-' } else { '+' };
    format!("{mantissa}e{sign}{:02}", exponent.unsigned_abs())
}

/// A var that could not be resolved, or a field that could not be expanded.
pub type VarProblem = Problem;

/// kustomize's `ResolveVars`: each var's value, then `$(NAME)` replaced in the `specs` fields of
/// every resource. Returns what kustomize fails on (a var bound to no object, a field the object
/// does not have, a list of non-strings in a var field); the rest is still expanded.
pub fn resolve(resources: &mut [Resource], vars: &[Var], specs: &[FieldSpec]) -> Vec<Problem> {
    let mut problems = Vec::new();
    let mut values: HashMap<&str, (VarValue, Option<Origin>)> = HashMap::new();
    let mut sorted: Vec<&Var> = vars.iter().collect();
    sorted.sort_by(|a, b| a.name.cmp(&b.name));
    for var in sorted {
        let Some(resource) = resources.iter().find(|r| r.vars.contains(&var.name)) else {
            problems.push(Problem {
                message: format!(
                    "var `{}` names {} `{}`, which is not among the resources of the kustomization that declares it (or its bases): kustomize cannot map it to a field",
                    var.name, var.gvk.kind, var.object
                ),
                origin: var.origin,
            });
            continue;
        };
        let path: Vec<String> = convert_slice_index(split_field_path(&var.field_path));
        let value = lookup(&resource.node, &path)
            .ok()
            .flatten()
            .and_then(|node| Some((VarValue::of(node)?, node.origin)));
        match value {
            Some(value) => {
                values.insert(var.name.as_str(), value);
            }
            None => problems.push(Problem {
                message: format!(
                    "var `{}`: {} `{}` has no field `{}`: kustomize stops",
                    var.name, var.gvk.kind, var.object, var.field_path
                ),
                origin: var.origin,
            }),
        }
    }
    if values.is_empty() {
        return problems;
    }
    for resource in resources.iter_mut() {
        let fallback = resource.node.origin;
        for spec in specs {
            super::apply(&mut resource.node, spec, &mut |node| {
                if let Err(origin) = expand_node(node, &values) {
                    problems.push(Problem {
                        message: "a list in a var reference field holds something other than strings: kustomize refuses it (invalid value type expect a string)".to_owned(),
                        origin: origin.or(fallback).unwrap_or(Origin {
                            file: crate::FileId(0),
                            range: drydock_base::TextRange::new(0, 0),
                        }),
                    });
                }
            });
        }
    }
    problems
}

/// kyaml's `convertSliceIndex`: `containers[0]` is `containers` then `0`.
fn convert_slice_index(parts: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(parts.len());
    for part in parts {
        let split = part.strip_suffix(']').and_then(|inner| {
            let (name, index) = inner.rsplit_once('[')?;
            (!index.is_empty() && index.bytes().all(|b| b.is_ascii_digit()))
                .then(|| (name.to_owned(), index.to_owned()))
        });
        match split {
            Some((name, index)) => {
                if !name.is_empty() {
                    out.push(name);
                }
                out.push(index);
            }
            None => out.push(part),
        }
    }
    out
}

type Values<'a> = HashMap<&'a str, (VarValue, Option<Origin>)>;

/// Expands the strings of one field: a string, the string values of a mapping, or a list of
/// strings. `Err` (with where) for a list holding something else.
fn expand_node(node: &mut Node, values: &Values) -> Result<(), Option<Origin>> {
    match &mut node.value {
        Value::Scalar(scalar) => {
            if scalar.kind == ScalarKind::String {
                expand_string(node, values);
            }
            Ok(())
        }
        Value::Map(entries) => {
            for entry in entries {
                if entry
                    .value
                    .as_scalar()
                    .is_some_and(|s| s.kind == ScalarKind::String)
                {
                    expand_string(&mut entry.value, values);
                }
            }
            Ok(())
        }
        Value::Seq(items) => {
            let mut bad = None;
            for item in items.iter_mut() {
                if item
                    .as_scalar()
                    .is_some_and(|s| s.kind == ScalarKind::String)
                {
                    expand_string(item, values);
                } else if bad.is_none() {
                    bad = Some(item.origin);
                }
            }
            match bad {
                Some(origin) => Err(origin),
                None => Ok(()),
            }
        }
    }
}

fn expand_string(node: &mut Node, values: &Values) {
    let Some(text) = node.as_str() else {
        return;
    };
    match expand(text, &|name| values.get(name)) {
        Expansion::Unchanged => {}
        Expansion::Whole(value, origin) => *node = value.node(origin.or(node.origin)),
        Expansion::Text(text) => {
            let origin = node.origin;
            *node = Node::string(text, origin);
        }
    }
}

/// What `$(NAME)` expansion made of a string.
#[derive(Debug, Clone, PartialEq)]
pub enum Expansion {
    Unchanged,
    /// The string was exactly one known var: its value, typed, and where it was written.
    Whole(VarValue, Option<Origin>),
    Text(String),
}

/// A var's value and where it was written.
pub type Bound = (VarValue, Option<Origin>);

/// kustomize's `DoReplacements`: `$(NAME)` replaced by a known var's value, `$$` by `$`; anything
/// else is kept as written.
pub fn expand<'v>(input: &str, value: &dyn Fn(&str) -> Option<&'v Bound>) -> Expansion {
    if !input.contains('$') {
        return Expansion::Unchanged;
    }
    let known = |name: &str| value(name).filter(|(v, _)| *v != VarValue::Complex);
    if let Some(name) = input
        .strip_prefix("$(")
        .and_then(|rest| rest.strip_suffix(')'))
        .filter(|name| !name.contains(')'))
    {
        return match known(name) {
            Some((v, origin)) => Expansion::Whole(v.clone(), *origin),
            None => Expansion::Unchanged,
        };
    }
    let mut out = String::with_capacity(input.len());
    let mut rest = input;
    while let Some(at) = rest.find('$') {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let after = after.get(1..).unwrap_or("");
        let mut chars = after.chars();
        match chars.next() {
            // A `$` at the end stays.
            None => {
                out.push('$');
                rest = "";
            }
            Some('$') => {
                out.push('$');
                rest = chars.as_str();
            }
            Some('(') => match after.find(')') {
                Some(close) => {
                    let name = after.get(1..close).unwrap_or("");
                    match known(name) {
                        Some((v, _)) => out.push_str(&v.inline()),
                        None => {
                            out.push_str("$(");
                            out.push_str(name);
                            out.push(')');
                        }
                    }
                    rest = after.get(close + 1..).unwrap_or("");
                }
                None => {
                    out.push_str("$(");
                    rest = chars.as_str();
                }
            },
            Some(c) => {
                out.push('$');
                out.push(c);
                rest = chars.as_str();
            }
        }
    }
    out.push_str(rest);
    if out == input {
        Expansion::Unchanged
    } else {
        Expansion::Text(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expansion_as_kustomize_does_it() {
        let values: HashMap<&str, (VarValue, Option<Origin>)> = [
            ("A", (VarValue::String("alpha".into()), None)),
            ("N", (VarValue::Int(8080), None)),
            ("F", (VarValue::Float(1.5), None)),
            ("B", (VarValue::Bool(true), None)),
            ("M", (VarValue::Complex, None)),
        ]
        .into_iter()
        .collect();
        let get = |name: &str| values.get(name);
        let text = |input: &str| match expand(input, &get) {
            Expansion::Unchanged => input.to_owned(),
            Expansion::Text(t) => t,
            Expansion::Whole(v, _) => format!("<{v:?}>"),
        };
        let cases = [
            ("plain", "plain"),
            ("$(A)", "<String(\"alpha\")>"),
            ("$(N)", "<Int(8080)>"),
            ("$(B)", "<Bool(true)>"),
            ("x-$(A)-$(N)", "x-alpha-8080"),
            ("$(F)s", "1.5s"),
            ("$$(A)", "$(A)"),
            ("$$$(A)", "$alpha"),
            ("$(UNKNOWN)", "$(UNKNOWN)"),
            ("a $(UNKNOWN) $(A)", "a $(UNKNOWN) alpha"),
            ("$(M)", "$(M)"),
            ("$(A", "$(A"),
            ("cost $5", "cost $5"),
            ("end $", "end $"),
            ("$(A)$(A)", "alphaalpha"),
            ("é$(A)é", "éalphaé"),
        ];
        for (input, expected) in cases {
            assert_eq!(text(input), expected, "{input}");
        }
    }

    #[test]
    fn go_float_formatting() {
        assert_eq!(go_float_v(1.5), "1.5");
        assert_eq!(go_float_v(100000.0), "100000");
        assert_eq!(go_float_v(1e21), "1e+21");
        assert_eq!(go_float_v(1234567.0), "1.234567e+06");
        assert_eq!(go_float_v(0.00001), "1e-05");
    }

    #[test]
    fn slice_indexes_become_segments() {
        let parts = convert_slice_index(split_field_path("spec.containers[0].ports[12].name"));
        assert_eq!(parts, ["spec", "containers", "0", "ports", "12", "name"]);
    }
}
