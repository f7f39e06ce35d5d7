//! `values.schema.json`: a chart's values checked against its JSON Schema as Helm v4 checks
//! them (santhosh-tekuri/jsonschema v6): drafts 4, 6, 7, 2019-09 and 2020-12 (2020-12 when
//! `$schema` names none), every violation found, each at the place in the values it concerns,
//! and Helm's text for all of them (nested causes indented under `validation failed`,
//! `'anyOf' failed`…).
//!
//! Where Helm's output is not deterministic (it walks Go maps: the order of properties, of
//! additional property names, of `dependencies`), properties come in key order, which is one
//! of the orders Helm prints. Not checked, as documented in the rule: `format` (an assertion in
//! drafts 4 to 7 only), `unevaluatedProperties` / `unevaluatedItems`, `$dynamicRef`,
//! `content*`. References go to JSON pointers (`#/definitions/x`), `$anchor`s and `$id`s of the
//! file; a schema on the network is not fetched: what is under such a reference is not checked,
//! and said so (Helm fetches it, or fails when offline).

use std::cell::{Cell, RefCell};
use std::collections::HashMap;

use drydock_base::json::{self as json, Value as Json};

use crate::funcs::sprig::strings::regex::{self, Regex};
use crate::template::Value;

/// Where Helm places the schema (every location in its messages is relative to this).
const LOCATION: &str = "file:///values.schema.json";

/// Steps a validation may take before it gives up (`anyOf` inside `anyOf` through references
/// can cost exponential time).
const STEP_BUDGET: u64 = 2_000_000;

/// How deep validation may nest (schemas through references, values through their levels).
const MAX_DEPTH: usize = 256;

/// One violation: where in the values (the keys and indexes from the chart's values down), and
/// what, in Helm's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub path: Vec<String>,
    pub message: String,
}

/// What checking a chart's values against its schema found.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// Helm's text of the failure (what follows the chart's name), empty when the values pass.
    pub text: String,
    /// The violations, each as a leaf of that text.
    pub violations: Vec<Violation>,
    /// References to schemas on the network, which were not checked.
    pub unchecked: Vec<String>,
}

impl Report {
    pub fn failed(&self) -> bool {
        !self.text.is_empty()
    }
}

/// Checks `values` against the schema `text`.
pub fn validate(text: &str, values: &Value) -> Report {
    let schema = match json::parse(text) {
        Ok(schema) => schema,
        Err(error) => {
            return Report {
                text: error.to_string(),
                violations: vec![Violation {
                    path: Vec::new(),
                    message: error.to_string(),
                }],
                unchecked: Vec::new(),
            };
        }
    };
    let draft = draft_of(&schema);
    let validator = Validator {
        root: &schema,
        draft,
        regexes: RefCell::new(HashMap::new()),
        steps: Cell::new(0),
        instances: Cell::new(0),
        unchecked: RefCell::new(Vec::new()),
    };
    // Helm compiles the schema first: a reference that leads nowhere stops it.
    if let Err(message) = validator.check_refs(&schema, 0) {
        return Report {
            text: message.clone(),
            violations: vec![Violation {
                path: Vec::new(),
                message,
            }],
            unchecked: Vec::new(),
        };
    }
    let scope = Scope {
        pointer: String::new(),
        keywords: String::new(),
        instance: 0,
        parent: None,
    };
    let mut at = Vec::new();
    let result = validator.validate(&schema, values, &mut at, &scope);
    let unchecked = validator.unchecked.take();
    if validator.steps.get() > STEP_BUDGET {
        let message = format!(
            "Drydock gave up checking the values against values.schema.json after {STEP_BUDGET} steps"
        );
        return Report {
            text: message.clone(),
            violations: vec![Violation {
                path: Vec::new(),
                message,
            }],
            unchecked,
        };
    }
    match result {
        Ok(()) => Report {
            unchecked,
            ..Report::default()
        },
        Err(error) => {
            let causes = if error.kind == Kind::Group {
                error.causes
            } else {
                vec![error]
            };
            let mut text = String::new();
            let mut violations = Vec::new();
            for cause in &causes {
                cause.display(&mut text, 1);
                cause.leaves(&mut violations);
            }
            // Helm's text starts after the first line break, and ends with one.
            let mut text = text.trim_start_matches('\n').to_owned();
            text.push('\n');
            Report {
                text,
                violations,
                unchecked,
            }
        }
    }
}

/// The draft `$schema` names (2020-12 when it names none it knows).
fn draft_of(schema: &Json) -> u32 {
    let Some(Json::String(url)) = schema.get("$schema") else {
        return 2020;
    };
    let url = url.trim_end_matches('#');
    let url = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))
        .unwrap_or(url);
    match url {
        "json-schema.org/draft-04/schema" => 4,
        "json-schema.org/draft-06/schema" => 6,
        "json-schema.org/draft-07/schema" => 7,
        "json-schema.org/draft/2019-09/schema" => 2019,
        _ => 2020,
    }
}

/// What kind of error: most are a message; groups and references hold causes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Message,
    /// Several errors of one schema (`validation failed`).
    Group,
    /// A `$ref` that failed (`validation failed`, not shown when it has one cause).
    Reference,
}

#[derive(Debug, Clone)]
struct Error {
    at: Vec<String>,
    kind: Kind,
    message: String,
    causes: Vec<Error>,
}

impl Error {
    fn skipped(&self) -> bool {
        self.kind == Kind::Reference && self.causes.len() == 1
    }

    /// v6's `display`: each error on a line of its own, `- at '<pointer>': <message>`, its
    /// causes indented under it.
    fn display(&self, out: &mut String, indent: usize) {
        let mut indent = indent;
        if !self.skipped() {
            out.push('\n');
            for _ in 1..indent {
                out.push_str("  ");
            }
            out.push_str("- at ");
            out.push_str(&quote(&pointer(&self.at)));
            out.push_str(": ");
            out.push_str(&self.message);
            indent += 1;
        }
        for cause in &self.causes {
            cause.display(out, indent);
        }
    }

    /// The errors without causes, each a violation.
    fn leaves(&self, out: &mut Vec<Violation>) {
        if self.causes.is_empty() {
            out.push(Violation {
                path: self.at.clone(),
                message: self.message.clone(),
            });
        }
        for cause in &self.causes {
            cause.leaves(out);
        }
    }
}

/// A JSON pointer of `tokens`.
fn pointer(tokens: &[String]) -> String {
    let mut out = String::new();
    for token in tokens {
        out.push('/');
        out.push_str(&token.replace('~', "~0").replace('/', "~1"));
    }
    out
}

/// v6's `quote`: Go's `%q` in single quotes (`"` left alone, `'` escaped).
fn quote(text: &str) -> String {
    let go = crate::template::lex::go_quote(text);
    let inner = go
        .get(1..go.len().saturating_sub(1))
        .unwrap_or_default()
        .replace("\\\"", "\"")
        .replace('\'', "\\'");
    format!("'{inner}'")
}

/// How v6 prints a number of a message (`%v` of the float; a large or small one with a power
/// of ten in superscript, `1×10³⁰`).
fn number_text(f: f64) -> String {
    let go = crate::template::fmt::v(&Value::Float(f));
    match go.split_once('e') {
        Some((mantissa, exponent)) => {
            let exponent = exponent.trim_start_matches('+');
            let superscript: String = exponent
                .chars()
                .map(|c| match c {
                    '-' => '⁻',
                    '0' => '⁰',
                    '1' => '¹',
                    '2' => '²',
                    '3' => '³',
                    '4' => '⁴',
                    '5' => '⁵',
                    '6' => '⁶',
                    '7' => '⁷',
                    '8' => '⁸',
                    _ => '⁹',
                })
                .collect();
            let exponent = superscript.trim_start_matches('⁰');
            format!("{mantissa}×10{exponent}")
        }
        None => go,
    }
}

/// A schema in use, for finding reference cycles: its pointer in the file, the keywords that
/// led to it, and which value it checks.
struct Scope<'p> {
    pointer: String,
    keywords: String,
    instance: usize,
    parent: Option<&'p Scope<'p>>,
}

impl Scope<'_> {
    /// The earlier scope checking the same value with the same schema, if any.
    fn cycle(&self) -> Option<&Scope<'_>> {
        let mut scope = self.parent;
        while let Some(s) = scope {
            if s.instance != self.instance {
                return None;
            }
            if s.pointer == self.pointer {
                return Some(s);
            }
            scope = s.parent;
        }
        None
    }
}

/// JSON's type names, in v6's order.
const TYPES: [&str; 7] = [
    "null", "boolean", "number", "integer", "string", "array", "object",
];

fn type_of(value: &Value) -> &'static str {
    match value {
        Value::Nil => "null",
        Value::Bool(_) => "boolean",
        Value::Int(_) | Value::Int64(_) | Value::Uint(_) | Value::Float(_) => "number",
        Value::String(_) => "string",
        Value::List(..) => "array",
        Value::Map(..) | Value::Object(_) => "object",
    }
}

fn number_of(value: &Value) -> Option<f64> {
    match value {
        Value::Int(n) | Value::Int64(n) => Some(*n as f64),
        Value::Uint(n) => Some(*n as f64),
        Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn is_integer(value: &Value) -> bool {
    match value {
        Value::Int(_) | Value::Int64(_) | Value::Uint(_) => true,
        Value::Float(f) => f.is_finite() && f.fract() == 0.0,
        _ => false,
    }
}

/// Equality as JSON Schema defines it (numbers by value, whatever their type).
fn equals(value: &Value, json: &Json) -> bool {
    match (value, json) {
        (Value::Nil, Json::Null) => true,
        (Value::Bool(a), Json::Bool(b)) => a == b,
        (Value::String(a), Json::String(b)) => **a == **b,
        (Value::List(items, _), Json::Array(others)) => {
            items.len() == others.len() && items.iter().zip(others).all(|(a, b)| equals(a, b))
        }
        (Value::Map(map, _), Json::Object(members)) => {
            let entries = map.snapshot();
            let mut keys: Vec<&str> = members.iter().map(|(k, _)| k.as_str()).collect();
            keys.sort_unstable();
            keys.dedup();
            keys.len() == entries.len()
                && keys
                    .iter()
                    .all(|key| match (entries.get(*key), json.get(key)) {
                        (Some(a), Some(b)) => equals(a, b),
                        _ => false,
                    })
        }
        (value, Json::Number(n)) => number_of(value) == Some(*n),
        _ => false,
    }
}

/// A value's canonical text, for finding equal items (numbers by value, maps by sorted key).
fn canonical(value: &Value, out: &mut String) {
    match value {
        Value::Nil => out.push('n'),
        Value::Bool(b) => out.push(if *b { 't' } else { 'f' }),
        Value::String(s) => {
            out.push('s');
            out.push_str(&s.len().to_string());
            out.push(':');
            out.push_str(s);
        }
        Value::List(items, _) => {
            out.push('[');
            for item in items.iter() {
                canonical(item, out);
                out.push(',');
            }
            out.push(']');
        }
        Value::Map(map, _) => {
            out.push('{');
            for (key, item) in map.snapshot() {
                out.push_str(&key.len().to_string());
                out.push(':');
                out.push_str(&key);
                canonical(&item, out);
                out.push(',');
            }
            out.push('}');
        }
        Value::Object(_) => out.push('o'),
        other => {
            out.push('#');
            out.push_str(&number_of(other).unwrap_or_default().to_string());
        }
    }
}

/// How a schema value of `enum` or `const` is shown (v6's `display`).
fn display(json: &Json) -> String {
    match json {
        Json::String(s) => quote(s),
        Json::Array(_) | Json::Object(_) => "value".to_owned(),
        Json::Null => "<nil>".to_owned(),
        Json::Bool(b) => b.to_string(),
        Json::Number(n) => crate::template::fmt::v(&Value::Float(*n)),
    }
}

fn uint(json: Option<&Json>) -> Option<usize> {
    match json {
        Some(Json::Number(n)) if *n >= 0.0 => Some(*n as usize),
        _ => None,
    }
}

fn num(json: Option<&Json>) -> Option<f64> {
    match json {
        Some(Json::Number(n)) => Some(*n),
        _ => None,
    }
}

fn strings(json: Option<&Json>) -> Vec<&str> {
    match json {
        Some(Json::Array(items)) => items
            .iter()
            .filter_map(|item| match item {
                Json::String(s) => Some(s.as_str()),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The keywords whose value is a schema, a list of schemas, or a map of schemas.
const ONE_SCHEMA: &[&str] = &[
    "additionalProperties",
    "additionalItems",
    "items",
    "contains",
    "propertyNames",
    "not",
    "if",
    "then",
    "else",
    "unevaluatedProperties",
    "unevaluatedItems",
    "contentSchema",
];
const SCHEMA_LISTS: &[&str] = &["allOf", "anyOf", "oneOf", "prefixItems", "items"];
const SCHEMA_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "definitions",
    "$defs",
    "dependentSchemas",
    "dependencies",
];

struct Validator<'s> {
    root: &'s Json,
    draft: u32,
    regexes: RefCell<HashMap<String, Option<Regex>>>,
    steps: Cell<u64>,
    /// The last number given to a value checked (scopes of one value share it).
    instances: Cell<usize>,
    unchecked: RefCell<Vec<String>>,
}

/// The errors of one schema on one value, as v6 gathers them.
struct Errors {
    at: Vec<String>,
    list: Vec<Error>,
}

impl Errors {
    fn message(&mut self, message: String) {
        self.list.push(Error {
            at: self.at.clone(),
            kind: Kind::Message,
            message,
            causes: Vec::new(),
        });
    }

    fn add(&mut self, result: Result<(), Error>) {
        if let Err(error) = result {
            self.list.push(error);
        }
    }

    fn with_causes(&mut self, message: String, causes: Vec<Error>) {
        self.list.push(Error {
            at: self.at.clone(),
            kind: Kind::Message,
            message,
            causes,
        });
    }
}

impl<'s> Validator<'s> {
    fn next_instance(&self) -> usize {
        self.instances.set(self.instances.get() + 1);
        self.instances.get()
    }

    fn exhausted(&self) -> bool {
        self.steps.get() > STEP_BUDGET
    }

    /// The schema a reference names, or why there is none (`Ok(None)`: on the network, not
    /// fetched).
    fn resolve(&self, reference: &str) -> Result<Option<(&'s Json, String)>, String> {
        if let Some(fragment) = reference.strip_prefix('#') {
            if fragment.is_empty() || fragment.starts_with('/') {
                let mut node = self.root;
                for token in fragment.split('/').skip(1) {
                    let token = percent_decode(token).replace("~1", "/").replace("~0", "~");
                    node = match node {
                        Json::Object(_) => node.get(&token),
                        Json::Array(items) => {
                            token.parse::<usize>().ok().and_then(|i| items.get(i))
                        }
                        _ => None,
                    }
                    .ok_or_else(|| {
                        format!("json-pointer in \"{LOCATION}#{fragment}\" not found")
                    })?;
                }
                return Ok(Some((node, fragment.to_owned())));
            }
            // An anchor.
            return find_anchor(self.root, fragment, String::new(), 0)
                .map(|(node, pointer)| Some((node, pointer)))
                .ok_or_else(|| format!("anchor in \"{LOCATION}#{fragment}\" not found"));
        }
        if let Some((node, pointer)) = find_id(self.root, reference, String::new(), 0) {
            return Ok(Some((node, pointer)));
        }
        // Relative to the schema's `$id` when it has one on the network.
        let reference = match self.root.get("$id") {
            Some(Json::String(base))
                if !reference.contains("://")
                    && (base.starts_with("http://") || base.starts_with("https://")) =>
            {
                let dir = base.rsplit_once('/').map_or(base.as_str(), |(dir, _)| dir);
                format!("{dir}/{}", reference.trim_start_matches("./"))
            }
            _ => reference.to_owned(),
        };
        let reference = reference.as_str();
        if reference.starts_with("http://")
            || reference.starts_with("https://")
            || reference.starts_with("urn:")
        {
            return Ok(None);
        }
        // A file beside the schema: Helm looks for it at the root of the file system.
        let path = reference.split('#').next().unwrap_or(reference);
        let path = path.trim_start_matches("file://").trim_start_matches('/');
        Err(format!(
            "failing loading \"file:///{path}\": open /{path}: no such file or directory"
        ))
    }

    /// Every `$ref` of the schema resolved, as Helm compiles them before validating.
    fn check_refs(&self, schema: &'s Json, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Ok(());
        }
        let Json::Object(members) = schema else {
            return Ok(());
        };
        for (key, value) in members {
            let key = key.as_str();
            if key == "$ref"
                && let Json::String(reference) = value
            {
                self.resolve(reference)?;
            } else if ONE_SCHEMA.contains(&key) && !matches!(value, Json::Array(_)) {
                self.check_refs(value, depth + 1)?;
            } else if SCHEMA_LISTS.contains(&key) {
                if let Json::Array(items) = value {
                    for item in items {
                        self.check_refs(item, depth + 1)?;
                    }
                }
            } else if SCHEMA_MAPS.contains(&key)
                && let Json::Object(entries) = value
            {
                for (_, item) in entries {
                    self.check_refs(item, depth + 1)?;
                }
            }
        }
        Ok(())
    }

    fn regex(&self, pattern: &str) -> Option<Regex> {
        self.regexes
            .borrow_mut()
            .entry(pattern.to_owned())
            .or_insert_with(|| regex::compile(pattern).ok())
            .clone()
    }

    fn matches(&self, pattern: &str, text: &str) -> bool {
        let Some(re) = self.regex(pattern) else {
            return true;
        };
        let start = 1_000_000;
        let mut budget = start;
        let matched = re.is_match(text, &mut budget).unwrap_or(true);
        // What the match cost counts against the validation's steps.
        self.steps
            .set(self.steps.get() + (start - budget.min(start)) / 1000);
        matched
    }

    /// v6's `validate`: `value` at `at` against `schema`.
    fn validate(
        &self,
        schema: &'s Json,
        value: &Value,
        at: &mut Vec<String>,
        scope: &Scope<'_>,
    ) -> Result<(), Error> {
        self.steps.set(self.steps.get() + 1);
        if self.exhausted() {
            return Ok(());
        }
        let error = |message: String| Error {
            at: at.clone(),
            kind: Kind::Message,
            message,
            causes: Vec::new(),
        };
        let object = match schema {
            Json::Bool(false) => return Err(error("false schema".to_owned())),
            Json::Object(_) => schema,
            _ => return Ok(()),
        };
        if let Some(earlier) = scope.cycle() {
            return Err(error(format!(
                "both {} and {} resolve to \"{LOCATION}#{}\" causing reference cycle",
                scope.keywords, earlier.keywords, scope.pointer
            )));
        }
        if at.len() > MAX_DEPTH || depth(scope) > MAX_DEPTH {
            return Err(error(
                "the schema or the values nest too deep to be checked".to_owned(),
            ));
        }
        let child = |keywords: &str, pointer: String, instance: usize| Scope {
            pointer,
            keywords: format!("{}/{keywords}", scope.keywords),
            instance,
            parent: Some(scope),
        };
        let here = |keywords: &str| format!("{}/{keywords}", scope.pointer);
        // Before 2019-09, a reference is the whole schema.
        if self.draft < 2019
            && let Some(Json::String(reference)) = object.get("$ref")
        {
            return self.validate_ref(reference, value, at, scope);
        }
        // type --
        let t = type_of(value);
        if let Some(types) = object.get("type") {
            let wanted: Vec<&str> = match types {
                Json::String(s) => vec![s.as_str()],
                Json::Array(_) => strings(Some(types)),
                _ => Vec::new(),
            };
            if !wanted.is_empty() {
                let matched = wanted.contains(&t)
                    || (wanted.contains(&"integer") && t == "number" && is_integer(value));
                if !matched {
                    let want: Vec<&str> = TYPES
                        .iter()
                        .copied()
                        .filter(|name| wanted.contains(name))
                        .collect();
                    return Err(error(format!("got {t}, want {}", want.join(" or "))));
                }
            }
        }
        let mut errors = Errors {
            at: at.clone(),
            list: Vec::new(),
        };
        // const --
        if self.draft >= 6
            && let Some(constant) = object.get("const")
            && !equals(value, constant)
        {
            errors.message(match constant {
                Json::Array(_) | Json::Object(_) => "'const' failed".to_owned(),
                other => format!("value must be {}", display(other)),
            });
            return Err(errors.list.remove(0));
        }
        // enum --
        if let Some(Json::Array(options)) = object.get("enum")
            && !options.iter().any(|option| equals(value, option))
        {
            let primitive = options
                .iter()
                .all(|o| !matches!(o, Json::Array(_) | Json::Object(_)));
            let message = match options.as_slice() {
                _ if !primitive => "'enum' failed".to_owned(),
                [one] => format!("value must be {}", display(one)),
                _ => format!(
                    "value must be one of {}",
                    options.iter().map(display).collect::<Vec<_>>().join(", ")
                ),
            };
            return Err(error(message));
        }
        // $ref (2019-09 on: beside the other keywords) --
        if let Some(Json::String(reference)) = object.get("$ref") {
            errors.add(self.validate_ref(reference, value, at, scope));
        }
        match value {
            Value::Map(map, _) => self.object(object, map, at, scope, &mut errors),
            Value::List(items, _) => self.array(object, items, at, scope, &mut errors),
            Value::String(text) => self.string(object, text, &mut errors),
            Value::Nil | Value::Bool(_) | Value::Object(_) => {}
            number => self.number(object, number, &mut errors),
        }
        // not, allOf, anyOf, oneOf, if/then/else --
        if let Some(not) = object.get("not")
            && self
                .validate(not, value, at, &child("not", here("not"), scope.instance))
                .is_ok()
        {
            errors.message("'not' failed".to_owned());
        }
        for (keyword, list) in [("allOf", "allOf"), ("anyOf", "anyOf"), ("oneOf", "oneOf")] {
            let Some(Json::Array(schemas)) = object.get(list) else {
                continue;
            };
            let mut failures = Vec::new();
            let mut matched: Vec<usize> = Vec::new();
            for (i, sub) in schemas.iter().enumerate() {
                let scope = child(
                    &format!("{keyword}/{i}"),
                    here(&format!("{keyword}/{i}")),
                    scope.instance,
                );
                match self.validate(sub, value, at, &scope) {
                    Ok(()) => {
                        matched.push(i);
                        if keyword == "anyOf" || (keyword == "oneOf" && matched.len() == 2) {
                            break;
                        }
                    }
                    Err(e) => {
                        if matched.is_empty() {
                            failures.push(e);
                        }
                    }
                }
            }
            match keyword {
                "allOf" if !failures.is_empty() => {
                    errors.with_causes("'allOf' failed".to_owned(), failures);
                }
                "anyOf" if matched.is_empty() => {
                    errors.with_causes("'anyOf' failed".to_owned(), failures);
                }
                "oneOf" if matched.is_empty() => {
                    errors.with_causes("'oneOf' failed, none matched".to_owned(), failures);
                }
                "oneOf" => {
                    if let [first, second] = matched.as_slice() {
                        errors.message(format!(
                            "'oneOf' failed, subschemas {first}, {second} matched"
                        ));
                    }
                }
                _ => {}
            }
        }
        if self.draft >= 7
            && let Some(condition) = object.get("if")
        {
            let passed = self
                .validate(
                    condition,
                    value,
                    at,
                    &child("if", here("if"), scope.instance),
                )
                .is_ok();
            let branch = if passed { "then" } else { "else" };
            if let Some(sub) = object.get(branch) {
                errors.add(self.validate(
                    sub,
                    value,
                    at,
                    &child(branch, here(branch), scope.instance),
                ));
            }
        }
        match errors.list.len() {
            0 => Ok(()),
            1 => Err(errors.list.remove(0)),
            _ => Err(Error {
                at: at.clone(),
                kind: Kind::Group,
                message: "validation failed".to_owned(),
                causes: errors.list,
            }),
        }
    }

    fn validate_ref(
        &self,
        reference: &str,
        value: &Value,
        at: &mut Vec<String>,
        scope: &Scope<'_>,
    ) -> Result<(), Error> {
        let (target, pointer) = match self.resolve(reference) {
            Ok(Some(found)) => found,
            Ok(None) => {
                let mut unchecked = self.unchecked.borrow_mut();
                if !unchecked.iter().any(|u| u == reference) {
                    unchecked.push(reference.to_owned());
                }
                return Ok(());
            }
            // Found when the schema was compiled.
            Err(_) => return Ok(()),
        };
        let child = Scope {
            pointer,
            keywords: format!("{}/$ref", scope.keywords),
            instance: scope.instance,
            parent: Some(scope),
        };
        match self.validate(target, value, at, &child) {
            Ok(()) => Ok(()),
            Err(error) => Err(Error {
                at: at.clone(),
                kind: Kind::Reference,
                message: "validation failed".to_owned(),
                causes: if error.kind == Kind::Group {
                    error.causes
                } else {
                    vec![error]
                },
            }),
        }
    }

    /// A value under `token`, checked against `schema` at `keyword` of this one.
    fn validate_value(
        &self,
        schema: &'s Json,
        value: &Value,
        token: String,
        at: &mut Vec<String>,
        scope: &Scope<'_>,
        keyword: &str,
    ) -> Result<(), Error> {
        at.push(token);
        let child = Scope {
            pointer: format!("{}/{keyword}", scope.pointer),
            keywords: format!("{}/{keyword}", scope.keywords),
            instance: self.next_instance(),
            parent: Some(scope),
        };
        let result = self.validate(schema, value, at, &child);
        at.pop();
        result
    }

    fn object(
        &self,
        object: &'s Json,
        map: &crate::template::MapRef,
        at: &mut Vec<String>,
        scope: &Scope<'_>,
        errors: &mut Errors,
    ) {
        let entries = map.snapshot();
        if let Some(min) = uint(object.get("minProperties"))
            && entries.len() < min
        {
            errors.message(format!("minProperties: got {}, want {min}", entries.len()));
        }
        if let Some(max) = uint(object.get("maxProperties"))
            && entries.len() > max
        {
            errors.message(format!("maxProperties: got {}, want {max}", entries.len()));
        }
        let missing = |names: Vec<&str>| -> Vec<String> {
            names
                .into_iter()
                .filter(|name| !entries.contains_key(*name))
                .map(str::to_owned)
                .collect()
        };
        let required = missing(strings(object.get("required")));
        match required.as_slice() {
            [] => {}
            [one] => errors.message(format!("missing property {}", quote(one))),
            many => errors.message(format!(
                "missing properties {}",
                many.iter().map(|n| quote(n)).collect::<Vec<_>>().join(", ")
            )),
        }
        if self.draft <= 7
            && let Some(Json::Object(dependencies)) = object.get("dependencies")
        {
            let mut dependencies: Vec<&(String, Json)> = dependencies.iter().collect();
            dependencies.sort_by(|a, b| a.0.cmp(&b.0));
            for (name, dependency) in dependencies {
                if !entries.contains_key(name) {
                    continue;
                }
                match dependency {
                    Json::Array(_) => {
                        let absent = missing(strings(Some(dependency)));
                        if !absent.is_empty() {
                            errors.message(dependency_message(&absent, name));
                        }
                    }
                    schema => {
                        let child = Scope {
                            pointer: format!("{}/dependencies/{name}", scope.pointer),
                            keywords: format!("{}/dependencies/{name}", scope.keywords),
                            instance: scope.instance,
                            parent: Some(scope),
                        };
                        errors.add(self.validate(
                            schema,
                            &Value::Map(map.clone(), crate::template::MapType::Any),
                            at,
                            &child,
                        ));
                    }
                }
            }
        }
        let properties = object.get("properties");
        let patterns: Vec<(&str, &'s Json)> = match object.get("patternProperties") {
            Some(Json::Object(members)) => members.iter().map(|(k, v)| (k.as_str(), v)).collect(),
            _ => Vec::new(),
        };
        let additional = object.get("additionalProperties");
        let mut not_allowed = Vec::new();
        for (name, item) in &entries {
            let mut evaluated = false;
            if let Some(sub) = properties.and_then(|p| match p {
                Json::Object(_) => p.get(name),
                _ => None,
            }) {
                evaluated = true;
                errors.add(self.validate_value(
                    sub,
                    item,
                    name.clone(),
                    at,
                    scope,
                    &format!("properties/{name}"),
                ));
            }
            for (pattern, sub) in &patterns {
                if self.matches(pattern, name) {
                    evaluated = true;
                    errors.add(self.validate_value(
                        sub,
                        item,
                        name.clone(),
                        at,
                        scope,
                        &format!("patternProperties/{pattern}"),
                    ));
                }
            }
            if !evaluated && let Some(additional) = additional {
                match additional {
                    Json::Bool(false) => not_allowed.push(name.clone()),
                    Json::Bool(true) => {}
                    sub => errors.add(self.validate_value(
                        sub,
                        item,
                        name.clone(),
                        at,
                        scope,
                        "additionalProperties",
                    )),
                }
            }
        }
        if !not_allowed.is_empty() {
            errors.message(format!(
                "additional properties {} not allowed",
                not_allowed
                    .iter()
                    .map(|n| quote(n))
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        if self.draft == 4 {
            return;
        }
        if let Some(names) = object.get("propertyNames") {
            for name in entries.keys() {
                // v6 checks each name as a document of its own, so at `''`.
                let mut root = Vec::new();
                let child = Scope {
                    pointer: format!("{}/propertyNames", scope.pointer),
                    keywords: format!("{}/propertyNames", scope.keywords),
                    instance: self.next_instance(),
                    parent: Some(scope),
                };
                if let Err(error) =
                    self.validate(names, &Value::str(name.as_str()), &mut root, &child)
                {
                    errors.list.push(Error {
                        at: Vec::new(),
                        kind: Kind::Message,
                        message: format!("invalid propertyName {}", quote(name)),
                        causes: if error.kind == Kind::Group {
                            error.causes
                        } else {
                            vec![error]
                        },
                    });
                }
            }
        }
        if self.draft <= 6 {
            return;
        }
        if self.draft >= 2019 {
            if let Some(Json::Object(schemas)) = object.get("dependentSchemas") {
                let mut schemas: Vec<&(String, Json)> = schemas.iter().collect();
                schemas.sort_by(|a, b| a.0.cmp(&b.0));
                for (name, schema) in schemas {
                    if entries.contains_key(name) {
                        let child = Scope {
                            pointer: format!("{}/dependentSchemas/{name}", scope.pointer),
                            keywords: format!("{}/dependentSchemas/{name}", scope.keywords),
                            instance: scope.instance,
                            parent: Some(scope),
                        };
                        errors.add(self.validate(
                            schema,
                            &Value::Map(map.clone(), crate::template::MapType::Any),
                            at,
                            &child,
                        ));
                    }
                }
            }
            if let Some(Json::Object(required)) = object.get("dependentRequired") {
                let mut required: Vec<&(String, Json)> = required.iter().collect();
                required.sort_by(|a, b| a.0.cmp(&b.0));
                for (name, names) in required {
                    if entries.contains_key(name) {
                        let absent = missing(strings(Some(names)));
                        if !absent.is_empty() {
                            errors.message(dependency_message(&absent, name));
                        }
                    }
                }
            }
        }
    }

    fn array(
        &self,
        object: &'s Json,
        items: &[Value],
        at: &mut Vec<String>,
        scope: &Scope<'_>,
        errors: &mut Errors,
    ) {
        if let Some(min) = uint(object.get("minItems"))
            && items.len() < min
        {
            errors.message(format!("minItems: got {}, want {min}", items.len()));
        }
        if let Some(max) = uint(object.get("maxItems"))
            && items.len() > max
        {
            errors.message(format!("maxItems: got {}, want {max}", items.len()));
        }
        if object.get("uniqueItems") == Some(&Json::Bool(true)) && items.len() > 1 {
            let mut seen: HashMap<String, usize> = HashMap::new();
            for (i, item) in items.iter().enumerate() {
                let mut key = String::new();
                canonical(item, &mut key);
                if let Some(first) = seen.get(&key) {
                    errors.message(format!("items at {first} and {i} are equal"));
                    break;
                }
                seen.insert(key, i);
            }
        }
        if self.draft < 2020 {
            let mut evaluated = 0;
            match object.get("items") {
                Some(Json::Array(schemas)) => {
                    for (i, (item, sub)) in items.iter().zip(schemas).enumerate() {
                        errors.add(self.validate_value(
                            sub,
                            item,
                            i.to_string(),
                            at,
                            scope,
                            &format!("items/{i}"),
                        ));
                    }
                    evaluated = items.len().min(schemas.len());
                }
                Some(sub) => {
                    for (i, item) in items.iter().enumerate() {
                        errors.add(self.validate_value(
                            sub,
                            item,
                            i.to_string(),
                            at,
                            scope,
                            "items",
                        ));
                    }
                    evaluated = items.len();
                }
                None => {}
            }
            match object.get("additionalItems") {
                Some(Json::Bool(false)) if evaluated != items.len() => {
                    errors.message(format!(
                        "last {} additionalItem(s) not allowed",
                        items.len() - evaluated
                    ));
                }
                Some(Json::Bool(_)) | None => {}
                Some(sub) => {
                    // v6 names these items by their index among the additional ones.
                    for (i, item) in items.iter().skip(evaluated).enumerate() {
                        errors.add(self.validate_value(
                            sub,
                            item,
                            i.to_string(),
                            at,
                            scope,
                            "additionalItems",
                        ));
                    }
                }
            }
        } else {
            let prefix: &[Json] = match object.get("prefixItems") {
                Some(Json::Array(schemas)) => schemas,
                _ => &[],
            };
            let evaluated = prefix.len().min(items.len());
            for (i, (item, sub)) in items.iter().zip(prefix).enumerate() {
                errors.add(self.validate_value(
                    sub,
                    item,
                    i.to_string(),
                    at,
                    scope,
                    &format!("prefixItems/{i}"),
                ));
            }
            if let Some(sub) = object.get("items") {
                // v6 names these items by their index after the prefix.
                for (i, item) in items.iter().skip(evaluated).enumerate() {
                    errors.add(self.validate_value(sub, item, i.to_string(), at, scope, "items"));
                }
            }
        }
        if self.draft >= 6
            && let Some(contains) = object.get("contains")
        {
            let mut failures = Vec::new();
            let mut matched = Vec::new();
            for (i, item) in items.iter().enumerate() {
                match self.validate_value(contains, item, i.to_string(), at, scope, "contains") {
                    Ok(()) => matched.push(i),
                    Err(e) => failures.push(e),
                }
            }
            let at_list = |matched: &[usize]| {
                matched
                    .iter()
                    .map(usize::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            let min = if self.draft >= 2019 {
                uint(object.get("minContains"))
            } else {
                None
            };
            match min {
                Some(min) if matched.len() < min => {
                    let message = if matched.is_empty() {
                        format!(
                            "min {min} items required to match contains schema, but none matched"
                        )
                    } else {
                        format!(
                            "min {min} items required to match contains schema, but matched {} items at {}",
                            matched.len(),
                            at_list(&matched)
                        )
                    };
                    errors.with_causes(message, failures);
                }
                Some(_) => {}
                None if matched.is_empty() => {
                    errors.with_causes("no items match contains schema".to_owned(), failures);
                }
                None => {}
            }
            if self.draft >= 2019
                && let Some(max) = uint(object.get("maxContains"))
                && matched.len() > max
            {
                errors.message(format!(
                    "max {max} items required to match contains schema, but matched {} items at {}",
                    matched.len(),
                    at_list(&matched)
                ));
            }
        }
    }

    fn string(&self, object: &'s Json, text: &str, errors: &mut Errors) {
        let length = text.chars().count();
        if let Some(min) = uint(object.get("minLength"))
            && length < min
        {
            errors.message(format!("minLength: got {length}, want {min}"));
        }
        if let Some(max) = uint(object.get("maxLength"))
            && length > max
        {
            errors.message(format!("maxLength: got {length}, want {max}"));
        }
        if let Some(Json::String(pattern)) = object.get("pattern")
            && !self.matches(pattern, text)
        {
            errors.message(format!(
                "{} does not match pattern {}",
                quote(text),
                quote(pattern)
            ));
        }
    }

    fn number(&self, object: &'s Json, value: &Value, errors: &mut Errors) {
        let Some(n) = number_of(value) else { return };
        let mut minimum = num(object.get("minimum"));
        let mut maximum = num(object.get("maximum"));
        let (mut exclusive_min, mut exclusive_max) = (
            num(object.get("exclusiveMinimum")),
            num(object.get("exclusiveMaximum")),
        );
        if self.draft == 4 {
            // Draft 4's exclusive bounds are flags on `minimum` and `maximum`.
            exclusive_min = None;
            exclusive_max = None;
            if object.get("exclusiveMinimum") == Some(&Json::Bool(true)) {
                exclusive_min = minimum.take();
            }
            if object.get("exclusiveMaximum") == Some(&Json::Bool(true)) {
                exclusive_max = maximum.take();
            }
        }
        let (got, want) = (number_text(n), number_text);
        if let Some(min) = minimum
            && n < min
        {
            errors.message(format!("minimum: got {got}, want {}", want(min)));
        }
        if let Some(max) = maximum
            && n > max
        {
            errors.message(format!("maximum: got {got}, want {}", want(max)));
        }
        if let Some(min) = exclusive_min
            && n <= min
        {
            errors.message(format!("exclusiveMinimum: got {got}, want {}", want(min)));
        }
        if let Some(max) = exclusive_max
            && n >= max
        {
            errors.message(format!("exclusiveMaximum: got {got}, want {}", want(max)));
        }
        if let Some(m) = num(object.get("multipleOf"))
            && m != 0.0
        {
            let q = n / m;
            if !q.is_finite() || (q - q.round()).abs() > 1e-9 * q.abs().max(1.0) {
                errors.message(format!("multipleOf: got {got}, want {}", want(m)));
            }
        }
    }
}

fn dependency_message(missing: &[String], name: &str) -> String {
    format!(
        "properties {} required, if {} exists",
        missing
            .iter()
            .map(|n| quote(n))
            .collect::<Vec<_>>()
            .join(", "),
        quote(name)
    )
}

fn depth(scope: &Scope<'_>) -> usize {
    let mut n = 0;
    let mut s = scope.parent;
    while let Some(p) = s {
        n += 1;
        s = p.parent;
    }
    n
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b == b'%'
            && let Some(hex) = text.get(i + 1..i + 3)
            && let Ok(byte) = u8::from_str_radix(hex, 16)
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(b);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The subschema with `$anchor` (or, before 2019-09, `$id: "#name"`) `name`.
fn find_anchor<'j>(
    json: &'j Json,
    name: &str,
    pointer: String,
    depth: usize,
) -> Option<(&'j Json, String)> {
    find(json, pointer, depth, &|node| {
        matches!(node.get("$anchor"), Some(Json::String(a)) if a == name)
            || matches!(node.get("$id"), Some(Json::String(id)) if id.strip_prefix('#') == Some(name))
    })
}

/// The subschema whose `$id` is `id`.
fn find_id<'j>(
    json: &'j Json,
    id: &str,
    pointer: String,
    depth: usize,
) -> Option<(&'j Json, String)> {
    let id = id.trim_end_matches('#');
    if id.is_empty() {
        return None;
    }
    find(
        json,
        pointer,
        depth,
        &|node| matches!(node.get("$id"), Some(Json::String(i)) if i.trim_end_matches('#') == id),
    )
}

fn find<'j>(
    json: &'j Json,
    pointer: String,
    depth: usize,
    wanted: &dyn Fn(&Json) -> bool,
) -> Option<(&'j Json, String)> {
    if depth > MAX_DEPTH {
        return None;
    }
    match json {
        Json::Object(members) => {
            if wanted(json) {
                return Some((json, pointer));
            }
            members.iter().find_map(|(key, value)| {
                let token = key.replace('~', "~0").replace('/', "~1");
                find(value, format!("{pointer}/{token}"), depth + 1, wanted)
            })
        }
        Json::Array(items) => items
            .iter()
            .enumerate()
            .find_map(|(i, item)| find(item, format!("{pointer}/{i}"), depth + 1, wanted)),
        _ => None,
    }
}
