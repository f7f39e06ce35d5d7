//! kustomize's `replacements`: a value copied from one field of one object (or written in the
//! kustomization as `sourceValue`) into fields of the selected objects.
//!
//! The behaviour follows kustomize v5.7.1 (`api/filters/replacement`): the source is the one
//! object any of whose ids (current or earlier name and namespace) the `source` selects, exactly
//! (no patterns); its `fieldPath` (default `metadata.name`) is read with kyaml's path getter
//! ([`lookup`]); targets are selected the same way plus label and annotation selectors, minus the
//! `reject` entries, and their `fieldPaths` are walked with kyaml's path matcher
//! ([`find_targets`]): `[name=value]` picks list elements (the value is an unanchored regular
//! expression there), `*` every element, a number one element; `options.create` makes what is
//! missing. `options.delimiter`/`index` take a part of the source, or set a part of the target.
//!
//! Every value written keeps the origin of the source value it copied: a finding on a replaced
//! field points at the place the value was written.

use crate::resource::{Gvk, Resource};
use crate::select::Requirements;
use crate::value::{Entry, Node, Origin, Scalar, Value};
use drydock_yaml::{ScalarKind, ScalarStyle};

/// What went wrong, where: kustomize stops the build on each of these.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub origin: Origin,
}

impl Problem {
    fn new(message: impl Into<String>, origin: Origin) -> Problem {
        Problem {
            message: message.into(),
            origin,
        }
    }
}

/// An id selector as kustomize's `ResId.IsSelectedBy` reads it: every non-empty part must equal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdSelector {
    pub group: String,
    pub version: String,
    pub kind: String,
    pub name: String,
    pub namespace: String,
}

impl IdSelector {
    fn from_node(node: &Node) -> IdSelector {
        let text = |key: &str| node.get(key).and_then(scalar_text).unwrap_or_default();
        IdSelector {
            group: text("group"),
            version: text("version"),
            kind: text("kind"),
            name: text("name"),
            namespace: text("namespace"),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.group.is_empty()
            && self.version.is_empty()
            && self.kind.is_empty()
            && self.name.is_empty()
            && self.namespace.is_empty()
    }

    /// True when the id (`gvk`, `name`, `namespace`) is selected.
    pub fn selects(&self, gvk: &Gvk, name: &str, namespace: &str) -> bool {
        let part = |want: &str, have: &str| want.is_empty() || want == have;
        if !part(&self.group, &gvk.group)
            || !part(&self.version, &gvk.version)
            || !part(&self.kind, &gvk.kind)
            || !part(&self.name, name)
        {
            return false;
        }
        if self.namespace.is_empty() {
            return true;
        }
        let own = Gvk {
            group: self.group.clone(),
            version: self.version.clone(),
            kind: self.kind.clone(),
        };
        effective_namespace(&own, &self.namespace) == effective_namespace(gvk, namespace)
    }

    /// True when any id of `resource` (its current one or an earlier one) is selected.
    pub fn selects_resource(&self, resource: &Resource) -> bool {
        let gvk = resource.gvk();
        resource
            .names()
            .any(|(name, namespace)| self.selects(&gvk, name, namespace))
    }

    /// kustomize's way of writing the selector in messages: `Kind.version.group/name.namespace`.
    pub fn describe(&self) -> String {
        let or = |part: &str, empty: &'static str| {
            if part.is_empty() {
                empty.to_owned()
            } else {
                part.to_owned()
            }
        };
        format!(
            "{}.{}.{}/{}.{}",
            or(&self.kind, "[noKind]"),
            or(&self.version, "[noVer]"),
            or(&self.group, "[noGrp]"),
            or(&self.name, "[noName]"),
            or(&self.namespace, "[noNs]")
        )
    }
}

/// kyaml's `EffectiveNamespace`: cluster-scoped ids share one pseudo-namespace, and an empty
/// namespace is `default`.
pub(crate) fn effective_namespace<'a>(gvk: &Gvk, namespace: &'a str) -> &'a str {
    if super::is_cluster_scoped(gvk) {
        "_non_namespaceable_"
    } else if namespace.is_empty() || namespace == "default" {
        "default"
    } else {
        namespace
    }
}

/// `options` of a source or a target.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldOptions {
    pub delimiter: String,
    pub index: i64,
    pub create: bool,
}

/// Where the value comes from.
#[derive(Debug, Clone, PartialEq)]
pub enum Source {
    /// `sourceValue`: the string as written in the kustomization.
    Value(Node),
    /// `source`: a field of one object.
    Object {
        select: IdSelector,
        field_path: String,
        options: FieldOptions,
        origin: Origin,
    },
}

/// A `select` or `reject` entry: an id selector plus label and annotation selectors.
#[derive(Debug, Clone, Default)]
pub struct Select {
    pub id: IdSelector,
    pub labels: Option<Requirements>,
    pub annotations: Option<Requirements>,
}

impl Select {
    fn labels_match(&self, resource: &Resource) -> bool {
        self.labels
            .as_ref()
            .is_none_or(|r| r.matches(resource.node.get_path(&["metadata", "labels"])))
            && self
                .annotations
                .as_ref()
                .is_none_or(|r| r.matches(resource.node.get_path(&["metadata", "annotations"])))
    }

    fn has_label_selectors(&self) -> bool {
        self.labels.is_some() || self.annotations.is_some()
    }
}

/// One entry of `targets`.
#[derive(Debug, Clone)]
pub struct Target {
    pub select: Select,
    pub reject: Vec<Select>,
    /// Each path with the place it was written (the default `metadata.name` at the target).
    pub field_paths: Vec<(String, Origin)>,
    pub options: FieldOptions,
    pub origin: Origin,
}

/// One replacement, parsed.
#[derive(Debug, Clone)]
pub struct Replacement {
    pub source: Source,
    pub targets: Vec<Target>,
    pub origin: Origin,
}

/// kustomize's `DefaultReplacementFieldPath`.
pub const DEFAULT_FIELD_PATH: &str = "metadata.name";

/// The text of a non-null scalar.
fn scalar_text(node: &Node) -> Option<String> {
    node.as_scalar()
        .filter(|s| !s.is_null())
        .map(|s| s.text.clone())
}

fn origin_of(node: Option<&Node>, fallback: Origin) -> Origin {
    node.and_then(|n| n.origin).unwrap_or(fallback)
}

/// Reads `options` (`delimiter`, `index`, `create`; kustomize ignores `encoding`).
fn parse_options(node: Option<&Node>, fallback: Origin) -> Result<FieldOptions, Problem> {
    let Some(node) = node.filter(|n| !n.is_null()) else {
        return Ok(FieldOptions::default());
    };
    let origin = origin_of(Some(node), fallback);
    if !node.is_map() {
        return Err(Problem::new(
            "`options` is a mapping (`delimiter`, `index`, `create`)",
            origin,
        ));
    }
    let mut options = FieldOptions::default();
    if let Some(delimiter) = node.get("delimiter").filter(|n| !n.is_null()) {
        options.delimiter = delimiter
            .as_str()
            .ok_or_else(|| {
                Problem::new(
                    "`options.delimiter` is a string",
                    origin_of(Some(delimiter), origin),
                )
            })?
            .to_owned();
    }
    if let Some(index) = node.get("index").filter(|n| !n.is_null()) {
        options.index = match index.as_scalar().map(|s| s.kind) {
            Some(ScalarKind::Int(n)) => n,
            _ => {
                return Err(Problem::new(
                    "`options.index` is a whole number",
                    origin_of(Some(index), origin),
                ));
            }
        };
    }
    if let Some(create) = node.get("create").filter(|n| !n.is_null()) {
        options.create = match create.as_scalar().map(|s| s.kind) {
            Some(ScalarKind::Bool(b)) => b,
            _ => {
                return Err(Problem::new(
                    "`options.create` is `true` or `false`",
                    origin_of(Some(create), origin),
                ));
            }
        };
    }
    Ok(options)
}

fn parse_select(node: &Node, what: &str, fallback: Origin) -> Result<Select, Problem> {
    let origin = origin_of(Some(node), fallback);
    if !node.is_map() {
        return Err(Problem::new(
            format!(
                "`{what}` is a mapping of `group`, `version`, `kind`, `name`, `namespace`, `labelSelector`, `annotationSelector`"
            ),
            origin,
        ));
    }
    let requirements = |key: &str| -> Result<Option<Requirements>, Problem> {
        match node
            .get(key)
            .and_then(scalar_text)
            .filter(|s| !s.is_empty())
        {
            Some(text) => Requirements::parse(&text)
                .map(Some)
                .map_err(|message| Problem::new(message, origin_of(node.get(key), origin))),
            None => Ok(None),
        }
    };
    Ok(Select {
        id: IdSelector::from_node(node),
        labels: requirements("labelSelector")?,
        annotations: requirements("annotationSelector")?,
    })
}

/// Reads one inline replacement (`source` or `sourceValue`, and `targets`).
pub fn parse(node: &Node, fallback: Origin) -> Result<Replacement, Problem> {
    let origin = origin_of(Some(node), fallback);
    if !node.is_map() {
        return Err(Problem::new(
            "a replacement is a mapping with `source` (or `sourceValue`) and `targets`, or a `path` to a file of them",
            origin,
        ));
    }
    let present = |key: &str| node.get(key).filter(|n| !n.is_null());
    let targets_node = present("targets");
    let source = match (present("source"), present("sourceValue")) {
        (Some(_), Some(_)) => {
            return Err(Problem::new(
                "a replacement has `source` or `sourceValue`, not both: kustomize says the value and resource selectors are mutually exclusive",
                origin,
            ));
        }
        (None, None) => None,
        (None, Some(value)) => {
            let Some(scalar) = value.as_scalar() else {
                return Err(Problem::new(
                    "`sourceValue` is a string",
                    origin_of(Some(value), origin),
                ));
            };
            let mut copy = Node::string(scalar.text.clone(), value.origin.or(Some(origin)));
            if let Value::Scalar(s) = &mut copy.value {
                s.style = scalar.style;
            }
            Some(Source::Value(copy))
        }
        (Some(source), None) => {
            let source_origin = origin_of(Some(source), origin);
            if !source.is_map() {
                return Err(Problem::new(
                    "`source` is a mapping of `kind`, `name`, … and `fieldPath`",
                    source_origin,
                ));
            }
            let field_path = source
                .get("fieldPath")
                .and_then(scalar_text)
                .filter(|p| !p.is_empty())
                .unwrap_or_else(|| DEFAULT_FIELD_PATH.to_owned());
            Some(Source::Object {
                select: IdSelector::from_node(source),
                field_path,
                options: parse_options(source.get("options"), source_origin)?,
                origin: source_origin,
            })
        }
    };
    let (Some(source), Some(targets_node)) = (source, targets_node) else {
        return Err(Problem::new(
            "a replacement must have a source (`source` or `sourceValue`) and `targets`: kustomize refuses it",
            origin,
        ));
    };
    let Some(items) = targets_node.items() else {
        return Err(Problem::new(
            "`targets` is a list",
            origin_of(Some(targets_node), origin),
        ));
    };
    let mut targets = Vec::with_capacity(items.len());
    for item in items {
        targets.push(parse_target(item, origin)?);
    }
    Ok(Replacement {
        source,
        targets,
        origin,
    })
}

fn parse_target(item: &Node, fallback: Origin) -> Result<Target, Problem> {
    let origin = origin_of(Some(item), fallback);
    if !item.is_map() {
        return Err(Problem::new(
            "a replacement target is a mapping with `select`, and optionally `reject`, `fieldPaths` and `options`",
            origin,
        ));
    }
    let Some(select) = item.get("select").filter(|n| !n.is_null()) else {
        return Err(Problem::new(
            "this replacement target has no `select`: kustomize says a target must specify resources to select",
            origin,
        ));
    };
    let select = parse_select(select, "select", origin)?;
    let mut reject = Vec::new();
    if let Some(node) = item.get("reject").filter(|n| !n.is_null()) {
        let Some(items) = node.items() else {
            return Err(Problem::new(
                "`reject` is a list of selectors",
                origin_of(Some(node), origin),
            ));
        };
        for entry in items {
            reject.push(parse_select(entry, "reject", origin)?);
        }
    }
    let mut field_paths = Vec::new();
    if let Some(node) = item.get("fieldPaths").filter(|n| !n.is_null()) {
        let Some(items) = node.items() else {
            return Err(Problem::new(
                "`fieldPaths` is a list of field paths",
                origin_of(Some(node), origin),
            ));
        };
        for path in items {
            let Some(text) = scalar_text(path) else {
                return Err(Problem::new(
                    "a field path is a string such as `spec.template.spec.containers.[name=app].image`",
                    origin_of(Some(path), origin),
                ));
            };
            field_paths.push((text, origin_of(Some(path), origin)));
        }
    }
    if field_paths.is_empty() {
        field_paths.push((DEFAULT_FIELD_PATH.to_owned(), origin));
    }
    Ok(Target {
        select,
        reject,
        field_paths,
        options: parse_options(item.get("options"), origin)?,
        origin,
    })
}

/// Runs one replacement over the resources, as kustomize does. Stops at the first problem (where
/// kustomize stops the build); what was replaced before it stays.
pub fn replace(resources: &mut [Resource], replacement: &Replacement) -> Result<(), Problem> {
    let value = source_value(resources, &replacement.source)?;
    for target in &replacement.targets {
        for resource in resources.iter_mut() {
            if !is_target(resource, target) {
                continue;
            }
            for (path, origin) in &target.field_paths {
                copy_to_target(&mut resource.node, &value, path, &target.options)
                    .map_err(|message| Problem::new(message, *origin))?;
            }
        }
    }
    Ok(())
}

fn is_target(resource: &Resource, target: &Target) -> bool {
    if is_empty(&resource.node) {
        return false;
    }
    if !target.select.labels_match(resource) {
        return false;
    }
    if target
        .reject
        .iter()
        .any(|r| r.has_label_selectors() && r.labels_match(resource))
    {
        return false;
    }
    if !target.select.id.selects_resource(resource) {
        return false;
    }
    !target
        .reject
        .iter()
        .any(|r| !r.id.is_empty() && r.id.selects_resource(resource))
}

fn is_empty(node: &Node) -> bool {
    node.is_null() || node.entries().is_some_and(<[_]>::is_empty)
}

/// The value a replacement copies: the source field's node (with its origin), refined by the
/// source's delimiter and index.
fn source_value(resources: &[Resource], source: &Source) -> Result<Node, Problem> {
    let (select, field_path, options, origin) = match source {
        Source::Value(node) => return Ok(node.clone()),
        Source::Object {
            select,
            field_path,
            options,
            origin,
        } => (select, field_path, options, *origin),
    };
    let mut found = None;
    for resource in resources.iter().filter(|r| !is_empty(&r.node)) {
        if select.selects_resource(resource) {
            if found.is_some() {
                return Err(Problem::new(
                    format!(
                        "the replacement source {} selects more than one object: kustomize refuses it (multiple matches for selector)",
                        select.describe()
                    ),
                    origin,
                ));
            }
            found = Some(resource);
        }
    }
    let Some(resource) = found else {
        return Err(Problem::new(
            format!(
                "the replacement source {} selects no object: kustomize stops (nothing selected)",
                select.describe()
            ),
            origin,
        ));
    };
    let path = split_field_path(field_path);
    let node = lookup(&resource.node, &path).map_err(|message| {
        Problem::new(
            format!("error looking up replacement source: {message}"),
            origin,
        )
    })?;
    let Some(node) = node.filter(|n| !is_nil_or_empty(n)) else {
        return Err(Problem::new(
            format!(
                "fieldPath `{field_path}` is missing for replacement source {}",
                select.describe()
            ),
            origin,
        ));
    };
    refine(node, options).map_err(|message| Problem::new(message, origin))
}

/// kyaml's `IsNilOrEmpty`: null, or an empty mapping or list.
fn is_nil_or_empty(node: &Node) -> bool {
    node.is_null()
        || node.entries().is_some_and(<[_]>::is_empty)
        || node.items().is_some_and(<[_]>::is_empty)
}

/// The source's `delimiter`/`index`: one part of the scalar.
pub fn refine(node: &Node, options: &FieldOptions) -> Result<Node, String> {
    if options.delimiter.is_empty() {
        return Ok(node.clone());
    }
    let Some(scalar) = node.as_scalar() else {
        return Err("the delimiter option can only be used with scalar values".to_owned());
    };
    let part = usize::try_from(options.index)
        .ok()
        .and_then(|at| scalar.text.split(options.delimiter.as_str()).nth(at));
    let Some(part) = part else {
        return Err(format!(
            "options.index {} is out of bounds for value {}",
            options.index, scalar.text
        ));
    };
    let mut out = node.clone();
    if let Value::Scalar(s) = &mut out.value {
        s.text = part.to_owned();
    }
    Ok(out)
}

/// Writes `value` into every field of `node` at `path` (kyaml's path matcher); an error when
/// there is none and `options.create` is off, as kustomize reports.
pub fn copy_to_target(
    node: &mut Node,
    value: &Node,
    path: &str,
    options: &FieldOptions,
) -> Result<(), String> {
    let create = options.create.then(|| CreateKind::of(value));
    let segments = split_field_path(path);
    let what = if create.is_some() {
        "unable to find or create field"
    } else {
        "unable to find field"
    };
    let mut error = None;
    let mut set = |target: &mut Node| {
        if error.is_none()
            && let Err(message) = set_field_value(target, value, options)
        {
            error = Some(message);
        }
    };
    let found = find_targets(node, &segments, create, value.origin, &mut set, 0)
        .map_err(|message| format!("{what} `{path}` in replacement target: {message}"))?;
    if let Some(message) = error {
        return Err(message);
    }
    if found == 0 {
        return Err(format!("{what} `{path}` in replacement target"));
    }
    Ok(())
}

/// kyaml's `SmarterPathSplitter` at `.`: `\.` is a dot inside a segment; a bracketed segment
/// holding `=` (`[name=a.b]`) stays whole with its brackets; a bracketed segment without `=`
/// (`[a.b.c]`, a mapping key with dots) loses them.
pub fn split_field_path(path: &str) -> Vec<String> {
    // PathSplitter: split at '.', a leading '.' dropped, `\.` joined back.
    let mut parts: Vec<String> = Vec::new();
    let mut pieces = path.split('.').peekable();
    if path.contains('.') && path.starts_with('.') {
        pieces.next();
    }
    for piece in pieces {
        match parts.last_mut() {
            Some(last) if last.ends_with('\\') => {
                last.pop();
                last.push('.');
                last.push_str(piece);
            }
            _ => parts.push(piece.to_owned()),
        }
    }
    let mut out = Vec::with_capacity(parts.len());
    let mut parts = parts.into_iter();
    while let Some(part) = parts.next() {
        if part.starts_with('[') && !part.ends_with(']') {
            let mut joined = part;
            for next in parts.by_ref() {
                joined.push('.');
                joined.push_str(&next);
                if next.ends_with(']') {
                    break;
                }
            }
            if joined.contains('=') {
                out.push(joined);
            } else {
                out.push(joined.trim_matches(|c| c == '[' || c == ']').to_owned());
            }
        } else {
            out.push(part);
        }
    }
    out
}

/// `[name=value]`: the name and value, or an error as kyaml says it.
fn split_index(segment: &str) -> Result<(&str, &str), String> {
    let inner = segment.strip_suffix(']').unwrap_or(segment);
    let inner = inner.strip_prefix('[').unwrap_or(inner);
    inner.split_once('=').ok_or_else(|| {
        format!(
            "list path element `{segment}` must contain fieldName=fieldValue for element to match"
        )
    })
}

fn is_list_index(segment: &str) -> bool {
    segment.starts_with('[') && segment.ends_with(']')
}

fn index_number(segment: &str) -> Option<usize> {
    segment
        .parse::<i64>()
        .ok()
        .and_then(|n| usize::try_from(n).ok())
}

fn kind_name(node: &Node) -> &'static str {
    match node.value {
        Value::Scalar(_) => "a scalar",
        Value::Map(_) => "a mapping",
        Value::Seq(_) => "a list",
    }
}

/// Deeper than any real manifest: bounds the walks on adversarial input.
const MAX_DEPTH: usize = 256;

/// kyaml's path getter (the source side of a replacement, and a var's `fieldref`): mapping keys,
/// list indexes (`0`, `-` for the last), `[name=value]` (exact value), `[=value]` (a scalar
/// element). `Ok(None)` when a field is missing; an error when the path meets the wrong kind of
/// node or uses `*`.
pub fn lookup<'a>(node: &'a Node, path: &[String]) -> Result<Option<&'a Node>, String> {
    let mut current = node;
    for segment in path.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        let next = if let Ok(index) = segment.parse::<i64>() {
            let Ok(index) = usize::try_from(index) else {
                return Err(format!("array index {index} cannot be negative"));
            };
            elements(current)?.get(index)
        } else if segment == "-" {
            elements(current)?.last()
        } else if segment == "*" {
            return Err("the wildcard `*` is not supported in a source field path".to_owned());
        } else if is_list_index(segment) {
            let (key, want) = split_index(segment)?;
            elements(current)?.iter().find(|element| {
                if key.is_empty() {
                    element.as_scalar().is_some_and(|s| s.text == want)
                } else {
                    element
                        .get(key)
                        .and_then(Node::as_scalar)
                        .is_some_and(|s| !s.is_null() && s.text == want)
                }
            })
        } else {
            if current.is_null() {
                return Ok(None);
            }
            if !current.is_map() {
                return Err(format!(
                    "`{segment}` is looked up in {}, not a mapping",
                    kind_name(current)
                ));
            }
            current.get(segment)
        };
        match next {
            Some(node) => current = node,
            None => return Ok(None),
        }
    }
    Ok(Some(current))
}

/// The elements of a list (none for null); an error for anything else.
fn elements(node: &Node) -> Result<&[Node], String> {
    if node.is_null() {
        return Ok(&[]);
    }
    node.items()
        .ok_or_else(|| format!("expected a list, found {}", kind_name(node)))
}

/// What `options.create` makes at the end of a path: the kind of the value being copied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateKind {
    Scalar,
    Map,
    Seq,
}

impl CreateKind {
    fn of(node: &Node) -> CreateKind {
        match node.value {
            Value::Scalar(_) => CreateKind::Scalar,
            Value::Map(_) => CreateKind::Map,
            Value::Seq(_) => CreateKind::Seq,
        }
    }
}

/// kyaml's `getPathPartKind`: what to create for a segment, given the one after it.
fn part_kind(next: Option<&String>, leaf: CreateKind) -> CreateKind {
    match next {
        None => leaf,
        Some(next) if is_list_index(next) || index_number(next).is_some() => CreateKind::Seq,
        Some(_) => CreateKind::Map,
    }
}

fn empty_node(kind: CreateKind, origin: Option<Origin>) -> Node {
    match kind {
        // A created scalar has no type of its own: what is copied into it decides.
        CreateKind::Scalar => Node::scalar(Scalar::null(), origin),
        CreateKind::Map => Node::map(origin),
        CreateKind::Seq => Node::seq(Vec::new(), origin),
    }
}

/// kyaml's path matcher: calls `f` on every node at `path` under `node`, creating what is
/// missing when `create` says what the leaf is. Returns how many nodes matched.
pub fn find_targets(
    node: &mut Node,
    path: &[String],
    create: Option<CreateKind>,
    origin: Option<Origin>,
    f: &mut dyn FnMut(&mut Node),
    depth: usize,
) -> Result<usize, String> {
    let Some((segment, rest)) = path.split_first() else {
        f(node);
        return Ok(1);
    };
    if depth > MAX_DEPTH {
        return Err("the path is nested too deep".to_owned());
    }
    if let Some(index) = index_number(segment) {
        if node.is_null() && create.is_some() {
            *node = Node::seq(Vec::new(), origin);
        }
        if node.is_null() {
            return Err(format!("index {index} specified but only 0 elements found"));
        }
        let kind = kind_name(node);
        let Some(items) = node.items_mut() else {
            return Err(format!("expected a list at `{segment}`, found {kind}"));
        };
        if let Some(leaf) = create
            && items.len() == index
        {
            items.push(empty_node(part_kind(rest.first(), leaf), origin));
        }
        let len = items.len();
        let Some(item) = items.get_mut(index) else {
            return Err(format!(
                "index {index} specified but only {len} elements found"
            ));
        };
        return find_targets(item, rest, create, origin, f, depth + 1);
    }
    if is_list_index(segment) {
        return match_elements(node, segment, rest, create, origin, f, depth);
    }
    if segment == "*" {
        if node.is_null() {
            return Ok(0);
        }
        let kind = kind_name(node);
        let Some(items) = node.items_mut() else {
            return Err(format!("expected a list at `*`, found {kind}"));
        };
        let mut found = 0;
        for item in items {
            found += find_targets(item, rest, create, origin, f, depth + 1)?;
        }
        return Ok(found);
    }
    if segment.is_empty() {
        return Err("a field path has an empty segment".to_owned());
    }
    if node.is_null() {
        match create {
            Some(_) => *node = Node::map(origin),
            None => return Ok(0),
        }
    }
    let kind = kind_name(node);
    let Some(entries) = node.entries_mut() else {
        return Err(format!("`{segment}` is looked up in {kind}, not a mapping"));
    };
    let at = match entries.iter().position(|e| e.key == *segment) {
        Some(at) => at,
        None => match create {
            Some(leaf) => {
                entries.push(Entry {
                    key: segment.clone(),
                    key_origin: origin,
                    value: empty_node(part_kind(rest.first(), leaf), origin),
                });
                entries.len() - 1
            }
            None => return Ok(0),
        },
    };
    match entries.get_mut(at) {
        Some(entry) => find_targets(&mut entry.value, rest, create, origin, f, depth + 1),
        None => Ok(0),
    }
}

/// `[field=regex]` (or `[=regex]` for scalar elements): the matching elements, one appended
/// when none matches and `create` is set.
fn match_elements(
    node: &mut Node,
    segment: &str,
    rest: &[String],
    create: Option<CreateKind>,
    origin: Option<Origin>,
    f: &mut dyn FnMut(&mut Node),
    depth: usize,
) -> Result<usize, String> {
    let (key, pattern) = split_index(segment)?;
    if pattern.len() > 4096 {
        return Err(format!("`{segment}` is too long to be a pattern"));
    }
    let regex = regex_lite::Regex::new(pattern)
        .map_err(|error| format!("`{pattern}` is not a regular expression: {error}"))?;
    if node.is_null() {
        if create.is_none() {
            return Ok(0);
        }
        *node = Node::seq(Vec::new(), origin);
    }
    let kind = kind_name(node);
    let Some(items) = node.items_mut() else {
        return Err(format!("expected a list at `{segment}`, found {kind}"));
    };
    let mut found = visit_matching(items, key, &regex, rest, create, origin, f, depth)?;
    if found == 0 && create.is_some() {
        let value = Node::string(pattern, origin);
        let element = if key.is_empty() {
            value
        } else {
            Node::new(
                Value::Map(vec![Entry {
                    key: key.to_owned(),
                    key_origin: origin,
                    value,
                }]),
                origin,
            )
        };
        items.push(element);
        // kyaml searches again (once here: a pattern that does not match its own text would
        // make it search forever).
        found = visit_matching(items, key, &regex, rest, create, origin, f, depth)?;
    }
    Ok(found)
}

#[allow(clippy::too_many_arguments)]
fn visit_matching(
    items: &mut [Node],
    key: &str,
    regex: &regex_lite::Regex,
    rest: &[String],
    create: Option<CreateKind>,
    origin: Option<Origin>,
    f: &mut dyn FnMut(&mut Node),
    depth: usize,
) -> Result<usize, String> {
    let mut found = 0;
    for item in items.iter_mut() {
        if key.is_empty() {
            // A scalar element: the element itself is the match (the rest of the path is not
            // walked, as in kyaml).
            let text = match item.as_scalar() {
                Some(s) => s.text.trim().to_owned(),
                None => continue,
            };
            if regex.is_match(&text) {
                f(item);
                found += 1;
            }
            continue;
        }
        let matched = item
            .get(key)
            .and_then(Node::as_scalar)
            .is_some_and(|s| regex.is_match(s.text.trim()));
        if matched {
            found += find_targets(item, rest, create, origin, f, depth + 1)?;
        }
    }
    Ok(found)
}

/// Writes the value into one target field: a scalar takes the value's text (keeping its type
/// when it is a string, as kustomize keeps the target's tag), anything else is replaced by the
/// value. With a delimiter, the value replaces (or is added before or after) one part of the
/// target's text. The written node carries the value's origin.
fn set_field_value(target: &mut Node, value: &Node, options: &FieldOptions) -> Result<(), String> {
    let mut text = value.as_scalar().map(|s| s.text.clone());
    if !options.delimiter.is_empty() {
        let Some(current) = target.as_scalar() else {
            return Err("the delimiter option can only be used with scalar targets".to_owned());
        };
        let current = if current.is_null() && current.text == "null" {
            ""
        } else {
            current.text.as_str()
        };
        let mut parts: Vec<&str> = current.split(options.delimiter.as_str()).collect();
        let v = text.as_deref().unwrap_or("");
        match usize::try_from(options.index) {
            Err(_) => parts.insert(0, v),
            Ok(at) => match parts.get_mut(at) {
                Some(part) => *part = v,
                None => parts.push(v),
            },
        }
        text = Some(parts.join(&options.delimiter));
    }
    match &mut target.value {
        Value::Scalar(scalar) => {
            let text = text.unwrap_or_default();
            if scalar.kind == ScalarKind::String {
                scalar.text = text;
            } else {
                // The target's type comes from the text (kustomize keeps a number's or a
                // boolean's tag; a created field has none).
                *scalar = Scalar {
                    kind: drydock_yaml::resolve(&text, ScalarStyle::Plain, None),
                    text,
                    style: ScalarStyle::Plain,
                };
            }
            target.origin = value.origin;
        }
        Value::Map(_) | Value::Seq(_) => {
            let mut copy = value.clone();
            if let (Some(text), Value::Scalar(scalar)) = (text, &mut copy.value) {
                scalar.text = text;
            }
            *target = copy;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::FileId;

    fn parse_node(text: &str) -> Node {
        let stream = drydock_yaml::parse(text);
        let document = stream.documents.first().unwrap();
        let mut budget = 10_000;
        Node::from_yaml(document, document.root.unwrap(), FileId(1), &mut budget).unwrap()
    }

    #[test]
    fn field_paths_split_as_kyaml_does() {
        let cases: &[(&str, &[&str])] = &[
            ("metadata.name", &["metadata", "name"]),
            (".metadata.name", &["metadata", "name"]),
            (
                "spec.template.spec.containers.[name=app.v1].image",
                &[
                    "spec",
                    "template",
                    "spec",
                    "containers",
                    "[name=app.v1]",
                    "image",
                ],
            ),
            (
                "metadata.annotations.[example.com/x]",
                &["metadata", "annotations", "example.com/x"],
            ),
            (r"data.a\.b", &["data", "a.b"]),
            ("spec.ports.0.port", &["spec", "ports", "0", "port"]),
            ("a.[=x]", &["a", "[=x]"]),
        ];
        for (path, expected) in cases {
            assert_eq!(split_field_path(path), *expected, "{path}");
        }
    }

    #[test]
    fn lookup_like_the_path_getter() {
        let node = parse_node(
            "spec:\n  containers:\n  - name: a\n    image: x:1\n  - name: b\n    image: y:2\n  args: [p, q]\n  n: ~\n",
        );
        let get = |path: &str| -> Result<Option<String>, String> {
            lookup(&node, &split_field_path(path))
                .map(|n| n.and_then(|n| n.as_scalar().map(|s| s.text.clone())))
        };
        assert_eq!(
            get("spec.containers.[name=b].image"),
            Ok(Some("y:2".into()))
        );
        assert_eq!(get("spec.containers.1.name"), Ok(Some("b".into())));
        assert_eq!(get("spec.containers.-.name"), Ok(Some("b".into())));
        assert_eq!(get("spec.args.[=q]"), Ok(Some("q".into())));
        assert_eq!(get("spec.containers.[name=c].image"), Ok(None));
        assert_eq!(get("spec.containers.5.name"), Ok(None));
        assert_eq!(get("spec.missing.deeper"), Ok(None));
        assert_eq!(get("spec.n.deeper"), Ok(None));
        assert!(get("spec.containers.name").is_err());
        assert!(get("spec.containers.*.name").is_err());
        assert!(get("spec.containers.-1.name").is_err());
        assert!(get("spec.containers.[name].image").is_err());
    }

    #[test]
    fn delimiter_and_index() {
        let value = |text: &str| Node::string(text, None);
        let options = |delimiter: &str, index: i64| FieldOptions {
            delimiter: delimiter.to_owned(),
            index,
            create: false,
        };
        // Source side: one part, or an error out of bounds.
        let cases: &[(&str, &str, i64, Option<&str>)] = &[
            ("a.b.c", ".", 1, Some("b")),
            ("a.b.c", ".", 0, Some("a")),
            ("a.b.c", ".", 3, None),
            ("a.b.c", ".", -1, None),
            ("abc", "", 5, Some("abc")),
            ("abc", "-", 0, Some("abc")),
        ];
        for (text, delimiter, index, expected) in cases {
            let got = refine(&value(text), &options(delimiter, *index))
                .ok()
                .and_then(|n| n.as_str().map(str::to_owned));
            assert_eq!(got.as_deref(), *expected, "{text} {delimiter} {index}");
        }
        // Target side: replace a part, or add before (negative) or after (past the end).
        let cases: &[(&str, &str, i64, &str)] = &[
            ("nginx:1.0", ":", 1, "nginx:2.0"),
            ("nginx:1.0", ":", 0, "2.0:1.0"),
            ("nginx:1.0", ":", 2, "nginx:1.0:2.0"),
            ("nginx:1.0", ":", -1, "2.0:nginx:1.0"),
            ("a", ",", 0, "2.0"),
            ("", ",", 1, ",2.0"),
        ];
        for (text, delimiter, index, expected) in cases {
            let mut target = value(text);
            set_field_value(&mut target, &value("2.0"), &options(delimiter, *index)).unwrap();
            assert_eq!(target.as_str(), Some(*expected), "{text} {index}");
        }
    }

    #[test]
    fn targets_walk_create_and_keep_the_source_origin() {
        let origin = Origin {
            file: FileId(7),
            range: drydock_base::TextRange::new(3, 9),
        };
        let value = Node::string("v2", Some(origin));
        let set = |doc: &str, path: &str, create: bool| -> Result<Node, String> {
            let mut node = parse_node(doc);
            let options = FieldOptions {
                create,
                ..FieldOptions::default()
            };
            copy_to_target(&mut node, &value, path, &options).map(|()| node)
        };
        let doc = "spec:\n  containers:\n  - name: app\n    image: old\n  - name: sidecar\n    image: old\n  - name: app2\n    image: old\n";
        let node = set(doc, "spec.containers.[name=app].image", false).unwrap();
        let images: Vec<Option<&str>> = node
            .get_path(&["spec", "containers"])
            .unwrap()
            .items()
            .unwrap()
            .iter()
            .map(|c| c.get_str("image"))
            .collect();
        // `[name=app]` is an unanchored pattern: `app2` matches too.
        assert_eq!(images, [Some("v2"), Some("old"), Some("v2")]);
        let image = node
            .get_path(&["spec", "containers"])
            .unwrap()
            .items()
            .unwrap()[0]
            .get("image")
            .unwrap();
        assert_eq!(image.origin, Some(origin));

        let node = set(doc, "spec.containers.*.image", false).unwrap();
        assert!(
            node.get_path(&["spec", "containers"])
                .unwrap()
                .items()
                .unwrap()
                .iter()
                .all(|c| c.get_str("image") == Some("v2"))
        );

        let node = set(doc, "spec.containers.1.image", false).unwrap();
        assert_eq!(
            node.get_path(&["spec", "containers"])
                .unwrap()
                .items()
                .unwrap()[1]
                .get_str("image"),
            Some("v2")
        );

        assert!(set(doc, "spec.missing", false).is_err());
        assert!(set(doc, "spec.containers.image", false).is_err());
        assert!(set(doc, "spec.containers.[name=none].image", false).is_err());
        assert!(set(doc, "spec.containers.7.image", true).is_err());

        let node = set(doc, "spec.containers.[name=new].env.0.value", true).unwrap();
        let created = node
            .get_path(&["spec", "containers"])
            .unwrap()
            .items()
            .unwrap()[3]
            .clone();
        assert_eq!(created.get_str("name"), Some("new"));
        assert_eq!(
            created.get("env").unwrap().items().unwrap()[0].get_str("value"),
            Some("v2")
        );

        let node = set(
            "metadata: {}\n",
            "metadata.labels.[app.kubernetes.io/name]",
            true,
        )
        .unwrap();
        assert_eq!(
            node.get_path(&["metadata", "labels", "app.kubernetes.io/name"])
                .and_then(Node::as_str),
            Some("v2")
        );

        // A created scalar takes its type from the text; an existing string stays a string.
        let number = Node::string("5", Some(origin));
        let mut node = parse_node("spec: {replicas: 1, name: x}\n");
        let options = FieldOptions {
            create: true,
            ..FieldOptions::default()
        };
        copy_to_target(&mut node, &number, "spec.replicas", &options).unwrap();
        copy_to_target(&mut node, &number, "spec.name", &options).unwrap();
        copy_to_target(&mut node, &number, "spec.created", &options).unwrap();
        let kind = |key: &str| {
            node.get_path(&["spec", key])
                .and_then(Node::as_scalar)
                .map(|s| s.kind)
        };
        assert_eq!(kind("replicas"), Some(ScalarKind::Int(5)));
        assert_eq!(kind("name"), Some(ScalarKind::String));
        assert_eq!(kind("created"), Some(ScalarKind::Int(5)));
    }
}
