//! Go's `text/template` executor: a tree run over a value, with Go's rules for fields, maps,
//! methods, variables and their scope, `range` (lists, sorted maps, integers), `break` and
//! `continue`, function calls with argument checks, and Go's error messages at the node that
//! failed. Helm's option `missingkey=zero` holds: a missing key is nil.

use std::collections::HashMap;
use std::rc::Rc;

use crate::template::value::MapRef;

use super::fmt;
use super::parse::{self, Arg, Branch, Command, Name, Node, Pipe, Tree};
use super::value::{ListType, MapType, Value};

/// A parameter's Go type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ty {
    /// `interface {}`
    Any,
    String,
    Int,
    Int64,
    Float,
    Bool,
    /// `[]string`
    Strings,
    /// `[]interface {}`
    List,
    /// `map[string]interface {}`
    Map,
}

impl Ty {
    pub fn go_name(self) -> &'static str {
        match self {
            Ty::Any => "interface {}",
            Ty::String => "string",
            Ty::Int => "int",
            Ty::Int64 => "int64",
            Ty::Float => "float64",
            Ty::Bool => "bool",
            Ty::Strings => "[]string",
            Ty::List => "[]interface {}",
            Ty::Map => "map[string]interface {}",
        }
    }

    pub fn can_be_nil(self) -> bool {
        matches!(self, Ty::Any | Ty::Strings | Ty::List | Ty::Map)
    }
}

/// A function: what it does and its Go signature.
#[derive(Clone, Copy)]
pub struct Func {
    pub call: fn(&mut State<'_>, &[Value]) -> FuncResult,
    pub params: &'static [Ty],
    /// The type of the variadic parameter's elements, for `f(a, b ...T)`.
    pub variadic: Option<Ty>,
}

impl std::fmt::Debug for Func {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Func")
            .field("params", &self.params)
            .field("variadic", &self.variadic)
            .finish()
    }
}

/// Functions by name.
pub type Funcs = HashMap<&'static str, Func>;

/// Where a piece of a template's output came from: the output's bytes `out`, written by the
/// node at `origin` in the file named `file` (a text node's own bytes, or an action's start);
/// for an action that printed a value read from a values file, where the file set it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Trace {
    pub out: std::ops::Range<usize>,
    pub file: Rc<str>,
    pub origin: std::ops::Range<usize>,
    pub value: Option<ValueOrigin>,
}

/// Where a values file set a value: the file (by its path in the chart), the place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueOrigin {
    pub file: Rc<str>,
    pub range: std::ops::Range<usize>,
}

/// The values files' maps, each entry with the value it was read as and where it was set: what
/// an action that prints `.Values.x.y` is traced back to. An entry counts only while the map
/// still holds the value read (the same map or list, or an equal scalar), so a value a later
/// file or a function replaced is not blamed on the values file.
#[derive(Debug, Default, Clone)]
pub struct ValueOrigins {
    maps: HashMap<usize, HashMap<String, (Value, ValueOrigin)>>,
    /// Every map of the values a chart's templates see, with its path in them: a field a
    /// template reads from one of these that it does not hold is an [`UnsetRead`].
    paths: HashMap<usize, Rc<[String]>>,
}

/// A template read a field of the values that they do not hold: where (the template's name as
/// Go names it, the field's text), the path of the map it read from, the field, and the keys
/// the map holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsetRead {
    pub template: Rc<str>,
    pub range: std::ops::Range<usize>,
    pub path: Rc<[String]>,
    pub field: String,
    pub keys: Vec<String>,
}

/// What a traced run gives besides its output: what wrote each piece of it, and the fields of
/// the values it read that they do not hold.
#[derive(Debug, Clone, Default)]
pub struct Traced {
    pub traces: Vec<Trace>,
    pub unset: Vec<UnsetRead>,
}

impl ValueOrigins {
    /// Notes that `map`'s entry `key` was read as `value`, set at `origin`; the first note of an
    /// entry stays.
    pub fn insert(&mut self, map: &MapRef, key: String, value: Value, origin: ValueOrigin) {
        self.maps
            .entry(map.id())
            .or_default()
            .entry(key)
            .or_insert((value, origin));
    }

    /// The entries of the map `from` noted for `to` as well (a map made of another's entries,
    /// as coalescing makes them).
    pub fn alias(&mut self, from: &MapRef, to: &MapRef) {
        if let Some(entries) = self.maps.get(&from.id()).cloned() {
            let target = self.maps.entry(to.id()).or_default();
            for (key, entry) in entries {
                target.entry(key).or_insert(entry);
            }
        }
    }

    /// Every note of `other`.
    pub fn extend(&mut self, other: ValueOrigins) {
        for (map, entries) in other.maps {
            let target = self.maps.entry(map).or_default();
            for (key, entry) in entries {
                target.entry(key).or_insert(entry);
            }
        }
        self.paths.extend(other.paths);
    }

    /// Notes that `values` (a chart's `.Values`) and every map in it are values, each at its
    /// path from `values` (a map seen again, through another path, keeps the last).
    pub fn note_paths(&mut self, values: &MapRef) {
        let mut pending: Vec<(MapRef, Vec<String>)> = vec![(values.clone(), Vec::new())];
        let mut seen = std::collections::HashSet::new();
        while let Some((map, path)) = pending.pop() {
            if !seen.insert(map.id()) {
                continue;
            }
            for key in map.keys() {
                if let Some(Value::Map(child, _)) = map.get(&key) {
                    let mut child_path = path.clone();
                    child_path.push(key);
                    pending.push((child, child_path));
                }
            }
            self.paths.insert(map.id(), path.into());
        }
    }

    /// The path of a map of the values.
    fn path_of(&self, map: &MapRef) -> Option<&Rc<[String]>> {
        self.paths.get(&map.id())
    }

    /// Where `map`'s entry `key` (holding `value` now) was set.
    pub fn get(&self, map: &MapRef, key: &str, value: &Value) -> Option<&ValueOrigin> {
        let (read, origin) = self.maps.get(&map.id())?.get(key)?;
        same(read, value).then_some(origin)
    }

    pub fn is_empty(&self) -> bool {
        self.maps.is_empty() && self.paths.is_empty()
    }
}

/// The same value: the same map or list, or an equal scalar.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Map(x, _), Value::Map(y, _)) => x.ptr_eq(y),
        (Value::List(x, _), Value::List(y, _)) => Rc::ptr_eq(x, y),
        (Value::String(x), Value::String(y)) => Rc::ptr_eq(x, y) || x == y,
        (Value::Map(..) | Value::List(..), _) | (_, Value::Map(..) | Value::List(..)) => false,
        (a, b) => a == b,
    }
}

/// Functions whose result is their (last) argument's value, reshaped: what they print still
/// comes from where that value was set.
const TRANSPARENT: &[&str] = &[
    "quote",
    "squote",
    "toString",
    "toYaml",
    "toJson",
    "toPrettyJson",
    "toRawJson",
    "indent",
    "nindent",
    "trim",
    "trimSuffix",
    "trimPrefix",
    "upper",
    "lower",
    "int",
    "int64",
    "float64",
    "toStrings",
    "b64enc",
];

/// An execution error, in Go's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecError {
    /// The template executing (`executing "name"`).
    pub name: String,
    /// Where: the file, 1-based line, 0-based byte column (Go's `ErrorContext`), and the node.
    pub location: Option<Box<Location>>,
    /// This level's words (`can't evaluate field x…`, or `error calling include: `).
    pub message: String,
    /// The error it wraps, whose text follows the message (a function's error).
    pub cause: Option<Box<Cause>>,
}

/// What an execution error wraps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cause {
    /// A function's own error.
    Text(String),
    /// `fail` or `required`: the template's message (Helm marks it to report it apart).
    Template(String),
    /// The error of a template a function ran (`include`, `tpl`).
    Exec(ExecError),
}

impl Cause {
    fn text(&self) -> String {
        match self {
            Cause::Text(text) => text.clone(),
            Cause::Template(text) => format!("HELM_ERR_START{text}HELM_ERR_END"),
            Cause::Exec(error) => error.to_string(),
        }
    }
}

impl ExecError {
    /// The message of a `fail` or `required` anywhere inside.
    pub fn template_message(&self) -> Option<&str> {
        match self.cause.as_deref()? {
            Cause::Template(message) => Some(message),
            Cause::Exec(inner) => inner.template_message(),
            Cause::Text(_) => None,
        }
    }

    /// The texts of the error and of each error it wraps, outermost first, as Go's
    /// `errors.Unwrap` walks them (an `ExecError`, then its `Err`, then what that wraps).
    pub fn chain(&self) -> Vec<String> {
        let own = self.to_string();
        let mut out = vec![own.clone(), own];
        match self.cause.as_deref() {
            Some(Cause::Exec(inner)) => out.extend(inner.chain()),
            Some(cause) => out.push(cause.text()),
            None => {}
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub file: String,
    pub line: usize,
    pub column: usize,
    /// The node's text (`.Values.x`, `upper "a"`).
    pub context: String,
    /// The byte offset in the file.
    pub offset: usize,
}

impl std::fmt::Display for ExecError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(at) => write!(
                f,
                "template: {}:{}:{}: executing {} at <{}>: {}",
                at.file,
                at.line,
                at.column,
                fmt::quote(&self.name),
                at.context,
                self.message
            )?,
            None => write!(f, "template: {}: {}", self.name, self.message)?,
        }
        if let Some(cause) = &self.cause {
            f.write_str(&cause.text())?;
        }
        Ok(())
    }
}

/// The templates of a render by name (a later definition replaces an earlier one).
#[derive(Debug, Default, Clone)]
pub struct Templates {
    pub trees: HashMap<String, Rc<Tree>>,
}

impl Templates {
    /// Adds a file's trees (Go's `AddParseTree`: an empty definition does not replace a
    /// non-empty one).
    pub fn add(&mut self, trees: Vec<Tree>) {
        for tree in trees {
            let empty = parse::is_empty(&tree.text, &tree.root);
            if empty && self.trees.contains_key(&tree.name) {
                continue;
            }
            self.trees.insert(tree.name.clone(), Rc::new(tree));
        }
    }
}

/// Control flow out of a list.
enum Flow {
    Normal,
    Break,
    Continue,
}

type Result<T, E = ExecError> = std::result::Result<T, E>;

/// Deeper template calls than this fail (Go's `maxExecDepth` is 100000, which no stack of a
/// browser's worker holds; Helm stops a template `include`d in itself 1000 deep, below this).
#[cfg(not(target_arch = "wasm32"))]
const MAX_DEPTH: usize = 1100;
/// In wasm, what a browser worker's stack holds: V8 stops a Web Worker's wasm near 1 MB of its
/// own stack, some 250 template calls deep (measured in Chromium: 200 answer, 300 overflow), so
/// calls stop here with this error, as `include` stops earlier with Helm's (see `funcs.rs`).
#[cfg(target_arch = "wasm32")]
const MAX_DEPTH: usize = 165;
/// Steps (nodes run, values built) allowed for one render, so that no input runs long.
pub const MAX_STEPS: u64 = 20_000_000;
/// Output allowed for one render.
pub const MAX_OUTPUT: usize = 64 << 20;

/// A value with where it was read from: a map or a list (Go's static type is `interface {}`
/// there, and a nil there is a typed nil a field cannot be read from).
#[derive(Clone)]
struct Held {
    value: Value,
    from_collection: bool,
}

impl Held {
    fn plain(value: Value) -> Self {
        Held {
            value,
            from_collection: false,
        }
    }
}

/// The executor's state for one run.
pub struct State<'a> {
    pub templates: &'a Templates,
    pub funcs: &'a Funcs,
    tree: Rc<Tree>,
    vars: Vec<(Name, Value)>,
    depth: usize,
    pub steps: u64,
    /// Where the current error would be reported.
    node: Option<(usize, At)>,
    /// What functions can reach: values the render was given (Helm's `include`, `tpl`).
    pub host: &'a dyn Host,
    /// How many times each template is being `include`d right now (Helm's `includedNames`).
    pub included: Rc<std::cell::RefCell<HashMap<String, usize>>>,
    /// What wrote each piece of the output, when asked for ([`execute_traced`]).
    traces: Option<Vec<Trace>>,
    /// Where the values files set their values, when tracing.
    origins: Option<&'a ValueOrigins>,
    /// Where the value the pipeline being evaluated holds was set, if a values file set it.
    value_origin: Option<ValueOrigin>,
    /// The fields of the values read that they do not hold, when tracing (shared with the
    /// templates `include` and `tpl` run).
    unset: Option<Rc<std::cell::RefCell<Vec<UnsetRead>>>>,
}

/// What a render offers functions beyond values: Helm's `include` and `tpl` run templates.
pub trait Host {
    /// Parses `text` as a template named `name` (for `tpl`), given the functions.
    fn parse(
        &self,
        name: &str,
        text: &str,
        funcs: &Funcs,
    ) -> std::result::Result<Vec<Tree>, String>;
}

/// [`execute`], and what wrote each piece of `out` (text nodes and actions of the template and of
/// the templates it calls with `{{template}}`; what `include` and `tpl` return is an action's).
pub fn execute_traced(
    templates: &Templates,
    funcs: &Funcs,
    host: &dyn Host,
    name: &str,
    dot: &Value,
    out: &mut String,
    origins: &ValueOrigins,
) -> Result<Traced> {
    run_top(templates, funcs, host, name, dot, out, Some(origins)).map(Option::unwrap_or_default)
}

/// Runs template `name` of `templates` over `dot`, into `out`.
pub fn execute(
    templates: &Templates,
    funcs: &Funcs,
    host: &dyn Host,
    name: &str,
    dot: &Value,
    out: &mut String,
) -> Result<()> {
    run_top(templates, funcs, host, name, dot, out, None).map(|_| ())
}

/// Runs template `name` from the top, tracing its output when asked.
fn run_top(
    templates: &Templates,
    funcs: &Funcs,
    host: &dyn Host,
    name: &str,
    dot: &Value,
    out: &mut String,
    traced: Option<&ValueOrigins>,
) -> Result<Option<Traced>> {
    let Some(tree) = templates.trees.get(name).cloned() else {
        return Err(ExecError {
            name: name.to_owned(),
            location: None,
            message: format!(
                "no template {} associated with template {}",
                fmt::quote(name),
                fmt::quote(name)
            ),
            cause: None,
        });
    };
    let mut state = State {
        templates,
        funcs,
        tree: tree.clone(),
        vars: vec![(Name::owned("$"), dot.clone())],
        depth: 0,
        steps: 0,
        node: None,
        host,
        included: Rc::default(),
        traces: traced.map(|_| Vec::new()),
        origins: traced.filter(|o| !o.is_empty()),
        value_origin: None,
        unset: traced.map(|_| Rc::default()),
    };
    state.walk_list(dot, &tree.root, out)?;
    Ok(state.traces.take().map(|traces| {
        let unset = state
            .unset
            .as_ref()
            .map(|unset| unset.borrow().clone())
            .unwrap_or_default();
        Traced { traces, unset }
    }))
}

impl<'a> State<'a> {
    /// A new state for running another template from a function (`include`), sharing limits.
    pub fn nested(&self, name: &str) -> Option<State<'a>> {
        let tree = self.templates.trees.get(name)?.clone();
        Some(State {
            templates: self.templates,
            funcs: self.funcs,
            tree,
            vars: Vec::new(),
            depth: self.depth + 1,
            steps: self.steps,
            node: None,
            host: self.host,
            included: self.included.clone(),
            traces: None,
            origins: self.origins,
            value_origin: None,
            unset: self.unset.clone(),
        })
    }

    /// Runs template `name` of `templates` (a set made for it: `tpl`'s) over `dot` into `out`,
    /// one level deeper than this state, sharing its limits.
    pub fn run_in(
        &mut self,
        templates: &Templates,
        name: &str,
        dot: &Value,
        out: &mut String,
    ) -> Result<()> {
        let Some(tree) = templates.trees.get(name).cloned() else {
            return Ok(());
        };
        let mut nested = State {
            templates,
            funcs: self.funcs,
            tree,
            vars: Vec::new(),
            depth: self.depth + 1,
            steps: self.steps,
            node: None,
            host: self.host,
            included: self.included.clone(),
            traces: None,
            origins: self.origins,
            value_origin: None,
            unset: self.unset.clone(),
        };
        let result = nested.run(dot, out);
        self.steps = nested.steps;
        result
    }

    /// Runs the state's template over `dot` into `out` (for `include`).
    pub fn run(&mut self, dot: &Value, out: &mut String) -> Result<()> {
        if self.depth > MAX_DEPTH {
            return Err(self.error(format!("exceeded max template depth ({MAX_DEPTH})")));
        }
        self.vars = vec![(Name::owned("$"), dot.clone())];
        let tree = self.tree.clone();
        self.walk_list(dot, &tree.root, out).map(|_| ())
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    /// An error at the current node.
    pub fn error(&self, message: String) -> ExecError {
        let location = self.node.as_ref().map(|(offset, kind)| {
            let context = find_context(&self.tree.root, *offset, *kind).unwrap_or_default();
            let text = &self.tree.text;
            let before = text.get(..*offset).unwrap_or_default();
            let line = 1 + before.matches('\n').count();
            let column = match before.rfind('\n') {
                Some(at) => offset - at - 1,
                None => *offset,
            };
            Box::new(Location {
                file: self.tree.parse_name.to_string(),
                line,
                column,
                context: context.clone(),
                offset: *offset,
            })
        });
        ExecError {
            name: self.tree.name.clone(),
            location,
            message,
            cause: None,
        }
    }

    /// The node an error would be reported at: where it is and what kind of node it is. Its
    /// text (Go's `at <…>`) is made only when an error needs it ([`find_context`]).
    /// Notes that the field `name` of `map` was read at `node` and `map` does not hold it,
    /// when `map` is one of the values.
    fn note_unset(&self, map: &MapRef, name: &str, node: &Arg) {
        let (Some(unset), Some(origins)) = (&self.unset, self.origins) else {
            return;
        };
        let Some(path) = origins.path_of(map) else {
            return;
        };
        // The field's text: the chain (from its start, which may be before the node's: Go
        // places a chain's fields after its receiver) to the field's name.
        let text = &self.tree.text;
        let in_chain = |c: char| c.is_alphanumeric() || matches!(c, '.' | '_' | '$');
        let start = text
            .get(..node.pos())
            .map_or(node.pos(), |before| before.trim_end_matches(in_chain).len());
        let end = text
            .get(start..)
            .and_then(|rest| {
                let chain_end = rest.find(|c: char| !in_chain(c)).unwrap_or(rest.len());
                let chain = rest.get(..chain_end)?;
                let at = chain
                    .find(&format!(".{name}"))
                    .map(|at| at + 1 + name.len());
                Some(start + at.unwrap_or(chain_end))
            })
            .unwrap_or(start);
        let read = UnsetRead {
            template: self.tree.parse_name.clone(),
            range: start..end.max(start),
            path: path.clone(),
            field: name.to_owned(),
            keys: map.keys(),
        };
        let mut unset = unset.borrow_mut();
        if !unset.contains(&read) {
            unset.push(read);
        }
    }

    fn at(&mut self, pos: usize, kind: At) {
        self.node = Some((pos, kind));
    }

    fn at_arg(&mut self, arg: &Arg) {
        let kind = match arg {
            Arg::Identifier { .. } => At::Identifier,
            _ => At::Arg,
        };
        self.at(arg.pos(), kind);
    }

    /// Notes that the output's `start..end` came from `origin` in the current template's file
    /// (and, for a value printed, from where a values file set it).
    fn trace(
        &mut self,
        start: usize,
        end: usize,
        origin: std::ops::Range<usize>,
        value: Option<ValueOrigin>,
    ) {
        if start == end {
            return;
        }
        let file = self.tree.parse_name.clone();
        if let Some(traces) = &mut self.traces {
            traces.push(Trace {
                out: start..end,
                file,
                origin,
                value,
            });
        }
    }

    fn step(&mut self) -> Result<()> {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return Err(self.error(format!(
                "the render took more than {MAX_STEPS} steps: stopped"
            )));
        }
        Ok(())
    }

    fn var(&self, name: &str) -> Option<&Value> {
        self.vars
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v)
    }

    fn walk_list(&mut self, dot: &Value, list: &[Node], out: &mut String) -> Result<Flow> {
        for node in list {
            match self.walk(dot, node, out)? {
                Flow::Normal => {}
                flow => return Ok(flow),
            }
        }
        Ok(Flow::Normal)
    }

    fn walk(&mut self, dot: &Value, node: &Node, out: &mut String) -> Result<Flow> {
        self.step()?;
        if out.len() > MAX_OUTPUT {
            return Err(self.error(format!(
                "the render's output passed {MAX_OUTPUT} bytes: stopped"
            )));
        }
        match node {
            Node::Text { pos, len } => {
                // Text is copied as it is: one trace a line, so that a finding inside it lands on
                // its own line. Nodes are walked with their own tree (or one of their file's).
                let source = self.tree.text.clone();
                let text = parse::text_at(&source, *pos, *len);
                let mut offset = 0;
                for line in text.split_inclusive('\n') {
                    let start = out.len();
                    out.push_str(line);
                    self.trace(
                        start,
                        out.len(),
                        *pos + offset..*pos + offset + line.len(),
                        None,
                    );
                    offset += line.len();
                }
            }
            Node::Action {
                pos, pipe, span, ..
            } => {
                self.at(*pos, At::Action);
                let value = self.eval_pipeline(dot, pipe)?;
                if pipe.decl.is_empty() {
                    let start = out.len();
                    self.print(&value, out)?;
                    let origin = self.value_origin.take();
                    self.trace(start, out.len(), span.clone(), origin);
                }
            }
            Node::If(branch) => return self.walk_if_or_with(dot, branch, false, out),
            Node::With(branch) => return self.walk_if_or_with(dot, branch, true, out),
            Node::Range(branch) => return self.walk_range(dot, branch, out),
            Node::Template {
                pos, name, pipe, ..
            } => {
                self.at(*pos, At::Template);
                let Some(tree) = self.templates.trees.get(name).cloned() else {
                    return Err(self.error(format!(
                        "template: no template {} associated with template {}",
                        fmt::quote(name),
                        fmt::quote(&self.tree.name)
                    )));
                };
                let value = match pipe {
                    Some(pipe) => self.eval_pipeline(dot, pipe)?,
                    None => Value::Nil,
                };
                if self.depth >= MAX_DEPTH {
                    return Err(
                        self.error(format!("exceeded maximum template depth ({MAX_DEPTH})"))
                    );
                }
                let saved_tree = std::mem::replace(&mut self.tree, tree.clone());
                let saved_vars =
                    std::mem::replace(&mut self.vars, vec![(Name::owned("$"), value.clone())]);
                self.depth += 1;
                let result = self.walk_list(&value, &tree.root, out);
                self.depth -= 1;
                self.vars = saved_vars;
                self.tree = saved_tree;
                result?;
            }
            Node::Break { .. } => return Ok(Flow::Break),
            Node::Continue { .. } => return Ok(Flow::Continue),
        }
        Ok(Flow::Normal)
    }

    fn walk_if_or_with(
        &mut self,
        dot: &Value,
        branch: &Branch,
        with: bool,
        out: &mut String,
    ) -> Result<Flow> {
        let vars = self.vars.len();
        let value = self.eval_pipeline(dot, &branch.pipe)?;
        let result = if value.is_true() {
            if with {
                self.walk_list(&value, &branch.list, out)
            } else {
                self.walk_list(dot, &branch.list, out)
            }
        } else if let Some(else_list) = &branch.else_list {
            self.walk_list(dot, else_list, out)
        } else {
            Ok(Flow::Normal)
        };
        self.vars.truncate(vars);
        result
    }

    fn walk_range(&mut self, dot: &Value, branch: &Branch, out: &mut String) -> Result<Flow> {
        let vars = self.vars.len();
        self.at(branch.pos, At::Range);
        // The pipeline's value, without declaring its variables (they are the loop's).
        let value = self.eval_pipeline_value(dot, &branch.pipe)?;
        let mark = self.vars.len();
        let one = |state: &mut Self, index: Value, elem: Value, out: &mut String| -> Result<Flow> {
            match branch.pipe.decl.as_slice() {
                [] => {}
                [v] => state.vars.push((v.clone(), elem.clone())),
                [k, v, ..] => {
                    state.vars.push((k.clone(), index));
                    state.vars.push((v.clone(), elem.clone()));
                }
            }
            let flow = state.walk_list(&elem, &branch.list, out);
            state.vars.truncate(mark);
            flow
        };
        let mut ran = false;
        let result = (|| -> Result<()> {
            match &value {
                Value::List(items, _) => {
                    for (i, item) in items.iter().enumerate() {
                        ran = true;
                        match one(self, Value::Int(i as i64), item.clone(), out)? {
                            Flow::Break => break,
                            Flow::Normal | Flow::Continue => {}
                        }
                    }
                }
                Value::Map(map, _) => {
                    // A copy of the entries: the loop's body may change the map.
                    for (key, item) in map.snapshot() {
                        ran = true;
                        match one(self, Value::str(key.as_str()), item.clone(), out)? {
                            Flow::Break => break,
                            Flow::Normal | Flow::Continue => {}
                        }
                    }
                }
                Value::Int(n) | Value::Int64(n) => {
                    if branch.pipe.decl.len() > 1 {
                        return Err(self.error(format!(
                            "can't use {} to iterate over more than one variable",
                            fmt::v(&value)
                        )));
                    }
                    for i in 0..*n {
                        ran = true;
                        let i = match value {
                            Value::Int64(_) => Value::Int64(i),
                            _ => Value::Int(i),
                        };
                        match one(self, i.clone(), i, out)? {
                            Flow::Break => break,
                            Flow::Normal | Flow::Continue => {}
                        }
                    }
                }
                Value::Object(object) if object.entries().is_some() => {
                    for (key, item) in object.entries().unwrap_or_default() {
                        ran = true;
                        match one(self, Value::str(key.as_str()), item, out)? {
                            Flow::Break => break,
                            Flow::Normal | Flow::Continue => {}
                        }
                    }
                }
                Value::Nil => {}
                Value::Float(_)
                | Value::Uint(_)
                | Value::Bool(_)
                | Value::String(_)
                | Value::Object(_) => {
                    return Err(self.error(format!("range can't iterate over {}", fmt::v(&value))));
                }
            }
            Ok(())
        })();
        let result = result.and_then(|()| {
            if !ran && let Some(else_list) = &branch.else_list {
                return self.walk_list(dot, else_list, out).map(|_| ());
            }
            Ok(())
        });
        self.vars.truncate(vars);
        result.map(|()| Flow::Normal)
    }

    /// Prints an action's value: nil is `<no value>`.
    fn print(&mut self, value: &Value, out: &mut String) -> Result<()> {
        match value {
            Value::Nil => out.push_str("<no value>"),
            value => out.push_str(&fmt::v(value)),
        }
        Ok(())
    }

    /// A pipeline's value, its variables declared or assigned.
    pub fn eval_pipeline(&mut self, dot: &Value, pipe: &Pipe) -> Result<Value> {
        let value = self.eval_pipeline_value(dot, pipe)?;
        for name in &pipe.decl {
            if pipe.is_assign {
                match self.vars.iter_mut().rev().find(|(n, _)| n == name) {
                    Some(slot) => slot.1 = value.clone(),
                    None => return Err(self.error(format!("undefined variable: {name}"))),
                }
            } else {
                self.vars.push((name.clone(), value.clone()));
            }
        }
        Ok(value)
    }

    fn eval_pipeline_value(&mut self, dot: &Value, pipe: &Pipe) -> Result<Value> {
        let mut value: Option<Value> = None;
        self.value_origin = None;
        for cmd in &pipe.cmds {
            let next = self.eval_command(dot, cmd, value)?;
            if self.origins.is_some() && !self.keeps_origin(cmd, &next) {
                self.value_origin = None;
            }
            value = Some(next);
        }
        Ok(value.unwrap_or_default())
    }

    /// Whether a command's value still comes from where its input was set: a field read (which
    /// noted where), a parenthesized pipeline, or a function that reshapes its argument.
    fn keeps_origin(&self, cmd: &Command, value: &Value) -> bool {
        match cmd.args.first() {
            Some(Arg::Field { .. } | Arg::Chain { .. } | Arg::Pipe(_)) => true,
            Some(Arg::Variable { idents, .. }) => idents.len() > 1,
            Some(Arg::Identifier { name, .. }) => {
                TRANSPARENT.contains(&name.as_str()) || (name == "default" && !value.is_empty())
            }
            _ => false,
        }
    }

    fn not_a_function(&mut self, cmd: &Command, final_: &Option<Value>) -> Result<()> {
        if cmd.args.len() > 1 || final_.is_some() {
            let first = cmd.args.first().map(parse::arg_string).unwrap_or_default();
            return Err(self.error(format!("can't give argument to non-function {first}")));
        }
        Ok(())
    }

    fn eval_command(&mut self, dot: &Value, cmd: &Command, final_: Option<Value>) -> Result<Value> {
        self.step()?;
        let Some(first) = cmd.args.first() else {
            return Ok(Value::Nil);
        };
        match first {
            Arg::Field { idents, .. } => {
                let receiver = Held::plain(dot.clone());
                return self.eval_field_chain(dot, receiver, first, idents, &cmd.args, final_);
            }
            Arg::Chain { node, fields, .. } => {
                if matches!(node.as_ref(), Arg::Nil { .. }) {
                    self.at_arg(first);
                    return Err(self.error(format!(
                        "indirection through explicit nil in {}",
                        parse::arg_string(first)
                    )));
                }
                let receiver = self.eval_arg(dot, None, node)?;
                return self.eval_field_chain(
                    dot,
                    Held::plain(receiver),
                    first,
                    fields,
                    &cmd.args,
                    final_,
                );
            }
            Arg::Identifier { name, pos } => {
                self.at(*pos, At::Identifier);
                return self.eval_function(dot, name, cmd, final_);
            }
            Arg::Pipe(pipe) => {
                self.not_a_function(cmd, &final_)?;
                return self.eval_pipeline(dot, pipe);
            }
            Arg::Variable { idents, .. } => {
                let name = idents.first().map(Name::as_str).unwrap_or_default();
                let value = self.var(name).cloned().unwrap_or_default();
                if idents.len() == 1 {
                    self.at_arg(first);
                    self.not_a_function(cmd, &final_)?;
                    return Ok(value);
                }
                return self.eval_field_chain(
                    dot,
                    Held::plain(value),
                    first,
                    idents.get(1..).unwrap_or_default(),
                    &cmd.args,
                    final_,
                );
            }
            _ => {}
        }
        self.at_arg(first);
        self.not_a_function(cmd, &final_)?;
        match first {
            Arg::Bool { value, .. } => Ok(Value::Bool(*value)),
            Arg::Dot { .. } => Ok(dot.clone()),
            Arg::Nil { .. } => Err(self.error("nil is not a command".to_owned())),
            Arg::Number { number, .. } => self.ideal_constant(number),
            Arg::String { text, .. } => Ok(Value::str(text.as_str())),
            _ => Ok(Value::Nil),
        }
    }

    fn ideal_constant(&mut self, number: &parse::Number) -> Result<Value> {
        let text = &number.text;
        let is_hex = text
            .trim_start_matches(['+', '-'])
            .to_ascii_lowercase()
            .starts_with("0x");
        if !number.is_char
            && !is_hex
            && text.contains(['.', 'e', 'E', 'p', 'P'])
            && let Some(f) = number.float
        {
            return Ok(Value::Float(f));
        }
        if let Some(int) = number.int {
            return Ok(Value::Int(int));
        }
        if number.uint.is_some() {
            return Err(self.error(format!("{text} overflows int")));
        }
        if let Some(f) = number.float {
            return Ok(Value::Float(f));
        }
        Ok(Value::Nil)
    }

    /// `.a.b.c` on `receiver`: each field but the last read, the last one called if it is a
    /// method (with the command's arguments).
    fn eval_field_chain(
        &mut self,
        dot: &Value,
        mut receiver: Held,
        node: &Arg,
        idents: &[Name],
        args: &[Arg],
        final_: Option<Value>,
    ) -> Result<Value> {
        let n = idents.len();
        for (i, ident) in idents.iter().enumerate() {
            if i + 1 < n {
                receiver = self.eval_field(dot, ident, node, &[], None, receiver)?;
            } else {
                return self
                    .eval_field(dot, ident, node, args, final_, receiver)
                    .map(|held| held.value);
            }
        }
        Ok(receiver.value)
    }

    fn eval_field(
        &mut self,
        dot: &Value,
        name: &str,
        node: &Arg,
        args: &[Arg],
        final_: Option<Value>,
        receiver: Held,
    ) -> Result<Held> {
        self.at_arg(node);
        self.value_origin = None;
        let static_type = if receiver.from_collection {
            "interface {}".to_owned()
        } else {
            receiver.value.type_name()
        };
        let has_args = args.len() > 1 || final_.is_some();
        match &receiver.value {
            Value::Nil => {
                if receiver.from_collection {
                    return Err(self.error(format!("nil pointer evaluating interface {{}}.{name}")));
                }
                Ok(Held::plain(Value::Nil))
            }
            Value::Map(map, _) => {
                if has_args {
                    return Err(self.error(format!("{name} is not a method but has arguments")));
                }
                let found = map.get(name);
                if found.is_none() {
                    self.note_unset(map, name, node);
                }
                let value = found.unwrap_or_default();
                if let Some(origins) = self.origins {
                    self.value_origin = origins.get(map, name, &value).cloned();
                }
                Ok(Held {
                    value,
                    from_collection: true,
                })
            }
            Value::Object(object) => {
                if object.has_method(name) {
                    let object = object.clone();
                    let mut values = Vec::new();
                    for arg in args.iter().skip(1) {
                        values.push(self.eval_arg(dot, None, arg)?);
                    }
                    values.extend(final_);
                    self.at_arg(node);
                    return match object.call(name, &values) {
                        Some(Ok(value)) => Ok(Held::plain(value)),
                        Some(Err(message)) => {
                            Err(self.error(format!("error calling {name}: {message}")))
                        }
                        None => Err(self
                            .error(format!("can't evaluate field {name} in type {static_type}"))),
                    };
                }
                match object.field(name) {
                    Some(value) => {
                        if has_args {
                            return Err(self.error(format!(
                                "{name} has arguments but cannot be invoked as function"
                            )));
                        }
                        Ok(Held::plain(value))
                    }
                    None => {
                        Err(self
                            .error(format!("can't evaluate field {name} in type {static_type}")))
                    }
                }
            }
            _ => Err(self.error(format!("can't evaluate field {name} in type {static_type}"))),
        }
    }

    fn eval_function(
        &mut self,
        dot: &Value,
        name: &str,
        cmd: &Command,
        final_: Option<Value>,
    ) -> Result<Value> {
        let Some(func) = self.funcs.get(name) else {
            return Err(self.error(format!("{} is not a defined function", fmt::quote(name))));
        };
        let args = cmd.args.get(1..).unwrap_or_default();
        let num_in = args.len() + usize::from(final_.is_some());
        let (fixed, variadic) = (func.params, func.variadic);
        match variadic {
            Some(_) if num_in < fixed.len() => {
                return Err(self.error(format!(
                    "wrong number of args for {name}: want at least {} got {}",
                    fixed.len(),
                    args.len()
                )));
            }
            None if num_in != fixed.len() => {
                return Err(self.error(format!(
                    "wrong number of args for {name}: want {} got {num_in}",
                    fixed.len()
                )));
            }
            _ => {}
        }
        // `and` and `or` stop at the first argument that decides.
        if name == "and" || name == "or" {
            let mut last = Value::Nil;
            for arg in args {
                last = self.eval_arg(dot, Some(Ty::Any), arg)?;
                if last.is_true() == (name == "or") {
                    return Ok(last);
                }
            }
            if let Some(value) = final_ {
                last = value;
            }
            return Ok(last);
        }
        let mut values = Vec::with_capacity(num_in);
        for (i, arg) in args.iter().enumerate() {
            let ty = fixed.get(i).copied().or(variadic).unwrap_or(Ty::Any);
            values.push(self.eval_arg(dot, Some(ty), arg)?);
        }
        if let Some(value) = final_ {
            let i = values.len();
            let ty = fixed.get(i).copied().or(variadic).unwrap_or(Ty::Any);
            // The piped value is checked where the last argument would be.
            self.at(cmd.pos, At::Command);
            if let Some(last) = cmd.args.last() {
                self.at_arg(last);
            }
            values.push(self.validate(value, ty)?);
        }
        self.at(cmd.pos, At::Command);
        let call = func.call;
        match call(self, &values) {
            Ok(value) => Ok(value),
            Err(error) => {
                let mut wrapped = self.error(format!("error calling {name}: "));
                wrapped.cause = Some(Box::new(match error {
                    FuncError::Message(message) => Cause::Text(message),
                    FuncError::Template(message) => Cause::Template(message),
                    FuncError::Exec(inner) => Cause::Exec(inner),
                }));
                Err(wrapped)
            }
        }
    }

    /// An argument of type `ty` (`None`: any, as a chain's receiver).
    fn eval_arg(&mut self, dot: &Value, ty: Option<Ty>, arg: &Arg) -> Result<Value> {
        self.at_arg(arg);
        let ty = ty.unwrap_or(Ty::Any);
        let value = match arg {
            Arg::Dot { .. } => dot.clone(),
            Arg::Nil { .. } => {
                if ty.can_be_nil() {
                    return Ok(Value::Nil);
                }
                return Err(self.error(format!("cannot assign nil to {}", ty.go_name())));
            }
            Arg::Field { idents, .. } => {
                let value =
                    self.eval_field_chain(dot, Held::plain(dot.clone()), arg, idents, &[], None)?;
                self.at_arg(arg);
                value
            }
            Arg::Variable { idents, .. } => {
                let name = idents.first().map(Name::as_str).unwrap_or_default();
                let value = self.var(name).cloned().unwrap_or_default();
                let value = if idents.len() > 1 {
                    self.eval_field_chain(
                        dot,
                        Held::plain(value),
                        arg,
                        idents.get(1..).unwrap_or_default(),
                        &[],
                        None,
                    )?
                } else {
                    value
                };
                self.at_arg(arg);
                value
            }
            Arg::Pipe(pipe) => {
                let value = self.eval_pipeline(dot, pipe)?;
                self.at_arg(arg);
                value
            }
            Arg::Identifier { name, .. } => {
                let cmd = Command {
                    pos: arg.pos(),
                    args: vec![arg.clone()],
                };
                let value = self.eval_function(dot, name, &cmd, None)?;
                self.at_arg(arg);
                value
            }
            Arg::Chain { node, fields, .. } => {
                let receiver = self.eval_arg(dot, None, node)?;
                let value =
                    self.eval_field_chain(dot, Held::plain(receiver), arg, fields, &[], None)?;
                self.at_arg(arg);
                value
            }
            Arg::Bool { value, .. } => {
                return match ty {
                    Ty::Bool | Ty::Any => Ok(Value::Bool(*value)),
                    _ => Err(self.literal_mismatch(ty, arg)),
                };
            }
            Arg::String { text, .. } => {
                return match ty {
                    Ty::String | Ty::Any => Ok(Value::str(text.as_str())),
                    _ => Err(self.literal_mismatch(ty, arg)),
                };
            }
            Arg::Number { number, .. } => {
                return match ty {
                    Ty::Any => self.ideal_constant(number),
                    Ty::Int | Ty::Int64 => match number.int {
                        Some(n) if !number.text.contains('.') || number.is_char => {
                            Ok(if ty == Ty::Int {
                                Value::Int(n)
                            } else {
                                Value::Int64(n)
                            })
                        }
                        _ => Err(self.literal_mismatch(ty, arg)),
                    },
                    Ty::Float => match number.float {
                        Some(f) => Ok(Value::Float(f)),
                        None => Err(self.literal_mismatch(ty, arg)),
                    },
                    _ => Err(self.literal_mismatch(ty, arg)),
                };
            }
        };
        self.validate(value, ty)
    }

    /// Go's `evalBool`, `evalString`… on a literal of the wrong kind.
    fn literal_mismatch(&self, ty: Ty, arg: &Arg) -> ExecError {
        let found = parse::arg_string(arg);
        match ty {
            Ty::Bool => self.error(format!("expected bool; found {found}")),
            Ty::String => self.error(format!("expected string; found {found}")),
            Ty::Int | Ty::Int64 => self.error(format!("expected integer; found {found}")),
            Ty::Float => self.error(format!("expected float; found {found}")),
            _ => self.error(format!(
                "can't handle {found} for arg of type {}",
                ty.go_name()
            )),
        }
    }

    /// Go's `validateType`: a value for a parameter of type `ty`.
    fn validate(&self, value: Value, ty: Ty) -> Result<Value> {
        if matches!(value, Value::Nil) {
            if ty.can_be_nil() {
                return Ok(value);
            }
            return Err(self.error(format!("invalid value; expected {}", ty.go_name())));
        }
        let ok = match ty {
            Ty::Any => true,
            Ty::String => matches!(value, Value::String(_)),
            Ty::Int => matches!(value, Value::Int(_)),
            Ty::Int64 => matches!(value, Value::Int64(_)),
            Ty::Float => matches!(value, Value::Float(_)),
            Ty::Bool => matches!(value, Value::Bool(_)),
            Ty::Strings => matches!(value, Value::List(_, ListType::String)),
            Ty::List => matches!(value, Value::List(_, ListType::Any)),
            // `common.Values` is assignable to `map[string]interface {}` (same underlying type).
            Ty::Map => matches!(value, Value::Map(_, MapType::Any | MapType::Values)),
        };
        if !ok {
            return Err(self.error(format!(
                "wrong type for value; expected {}; got {}",
                ty.go_name(),
                value.type_name()
            )));
        }
        Ok(value)
    }
}

/// What kind of node an error is reported at (with its position, it finds the node).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum At {
    /// An action, `{{pipeline}}`.
    Action,
    /// `{{template "name"}}`.
    Template,
    /// `{{range pipeline}}`.
    Range,
    /// A command, `f a b`.
    Command,
    /// A function's name.
    Identifier,
    /// Any other operand.
    Arg,
}

/// The text of the node of `kind` at `pos` in `nodes` (Go's `Node.String()`), found by walking
/// the tree: made only when an error is reported.
fn find_context(nodes: &[Node], pos: usize, kind: At) -> Option<String> {
    fn in_arg(arg: &Arg, pos: usize, kind: At) -> Option<String> {
        let here = match arg {
            Arg::Identifier { .. } => kind == At::Identifier,
            _ => kind == At::Arg,
        };
        if here && arg.pos() == pos {
            return Some(parse::arg_string(arg));
        }
        match arg {
            Arg::Pipe(pipe) => in_pipe(pipe, pos, kind),
            Arg::Chain { node, .. } => in_arg(node, pos, kind),
            _ => None,
        }
    }
    fn in_pipe(pipe: &Pipe, pos: usize, kind: At) -> Option<String> {
        for cmd in &pipe.cmds {
            if kind == At::Command && cmd.pos == pos {
                return Some(parse::command_string(cmd));
            }
            for arg in &cmd.args {
                if let Some(found) = in_arg(arg, pos, kind) {
                    return Some(found);
                }
            }
        }
        None
    }
    for node in nodes {
        let found = match node {
            Node::Action { pos: at, pipe, .. } => {
                if kind == At::Action && *at == pos {
                    return Some(format!("{{{{{}}}}}", parse::pipe_string(pipe)));
                }
                in_pipe(pipe, pos, kind)
            }
            Node::Template {
                pos: at,
                name,
                pipe,
                ..
            } => {
                if kind == At::Template && *at == pos {
                    return Some(format!("{{{{template {}}}}}", fmt::quote(name)));
                }
                pipe.as_ref().and_then(|p| in_pipe(p, pos, kind))
            }
            Node::If(branch) | Node::With(branch) | Node::Range(branch) => {
                if kind == At::Range && branch.pos == pos && matches!(node, Node::Range(_)) {
                    return Some(format!(
                        "{{{{range {}}}}}",
                        parse::pipe_string(&branch.pipe)
                    ));
                }
                in_pipe(&branch.pipe, pos, kind)
                    .or_else(|| find_context(&branch.list, pos, kind))
                    .or_else(|| {
                        branch
                            .else_list
                            .as_ref()
                            .and_then(|list| find_context(list, pos, kind))
                    })
            }
            Node::Text { .. } | Node::Break { .. } | Node::Continue { .. } => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

/// Why a function failed.
#[derive(Debug)]
pub enum FuncError {
    /// Its error (`error calling f: …`).
    Message(String),
    /// `fail` or `required`: the template's own message.
    Template(String),
    /// An error of a template it ran (`include`, `tpl`), as it is.
    Exec(ExecError),
}

impl From<String> for FuncError {
    fn from(message: String) -> Self {
        FuncError::Message(message)
    }
}

impl From<&str> for FuncError {
    fn from(message: &str) -> Self {
        FuncError::Message(message.to_owned())
    }
}

/// What a function is given: the state (for `include`, `tpl`) and its arguments.
pub type FuncResult = std::result::Result<Value, FuncError>;

impl Func {
    pub const fn new(
        call: fn(&mut State<'_>, &[Value]) -> FuncResult,
        params: &'static [Ty],
        variadic: Option<Ty>,
    ) -> Self {
        Func {
            call,
            params,
            variadic,
        }
    }
}
