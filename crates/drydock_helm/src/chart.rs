//! A chart rendered as `helm template` renders it: `Chart.yaml` and `values.yaml` read, every
//! template of `templates/` parsed into one set (partials `_*.tpl` and `NOTES.txt` included, not
//! printed), each run with Helm's top-level values (`.Values`, `.Release`, `.Chart`,
//! `.Capabilities`, `.Template`, `.Files`), `<no value>` removed, the output split into
//! documents and sorted in Helm's install order, hooks last, each under its `# Source:` line.

use std::cell::OnceCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use crate::objects;
use crate::template::{
    self, ExecError, Funcs, Host, Map, MapRef, MapType, ParseError, Templates, Tree, Value,
};
use crate::{strvals, values};

/// A chart's files: paths relative to the chart's folder (`templates/t.yaml`), with their text.
/// A subchart archive is there expanded, under `charts/<archive>.tgz/`, or, when Helm would
/// refuse it, as the one file `charts/<archive>.tgz` whose text is why (see
/// [`crate::archive::add_file`], the way the disk readers fill it).
pub type Files = BTreeMap<String, String>;

/// The same, their texts shared (a chart's files are filtered and passed around, not copied).
pub type Texts = BTreeMap<String, Rc<str>>;

/// What a render is given beyond the chart.
#[derive(Debug, Clone)]
pub struct Options {
    pub release_name: String,
    pub namespace: String,
    /// The texts of the values files given (`-f`), in order: a later one wins.
    pub values: Vec<String>,
    /// The `--set` lines, then the `--set-string` ones, each read in order over the files'
    /// values (Helm reads every `--set` before any `--set-string`).
    pub set: Vec<String>,
    pub set_string: Vec<String>,
    /// `--skip-schema-validation`: the values are not checked against `values.schema.json`.
    pub skip_schema_validation: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release_name: "release".to_owned(),
            namespace: "default".to_owned(),
            values: Vec::new(),
            set: Vec::new(),
            set_string: Vec::new(),
            skip_schema_validation: false,
        }
    }
}

/// Helm's `mergeMaps`: `over` onto `base`, maps merged key by key, anything else replaced.
fn merge_maps(base: &mut Map, over: &Map) {
    for (key, value) in over {
        match (base.get(key).and_then(table), value) {
            (Some(mut inner), Value::Map(from, _)) => {
                merge_maps(&mut inner, &from.snapshot());
                base.insert(key.clone(), Value::map(inner));
            }
            _ => {
                base.insert(key.clone(), value.clone());
            }
        }
    }
}

/// Why a chart does not render, in Helm's words (`Error: …` without the prefix).
#[derive(Debug, Clone, PartialEq)]
pub enum RenderError {
    /// `Chart.yaml` or `values.yaml` is not what Helm needs.
    Chart(String),
    Parse(ParseError),
    Exec(ExecError),
    /// Values that do not meet a chart's `values.schema.json`: Helm's text, and each violation
    /// with the chart it belongs to.
    Schema {
        message: String,
        violations: Vec<SchemaViolation>,
    },
    /// A rendered document that is not YAML; where the chart's files wrote the text the YAML
    /// parser stopped at (a file's path in the chart, the place), when it is known.
    Yaml {
        source: String,
        message: String,
        at: Option<(String, std::ops::Range<usize>)>,
    },
}

impl RenderError {
    /// The message `helm template` prints after `Error: `.
    pub fn helm_message(&self) -> String {
        match self {
            RenderError::Chart(message) => message.clone(),
            RenderError::Parse(error) => {
                format!(
                    "parse error at ({}:{}): {}",
                    error.name, error.line, error.message
                )
            }
            RenderError::Exec(error) => exec_message(error),
            RenderError::Yaml {
                source, message, ..
            } => {
                format!("YAML parse error on {source}: {message}")
            }
            RenderError::Schema { message, .. } => message.clone(),
        }
    }
}

/// One value that does not meet a chart's schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// The chart's folder in the top chart's (`""`, `charts/db/`).
    pub chart: String,
    /// The subcharts' keys from the top chart's values down to the chart's (`["db"]`).
    pub within: Vec<String>,
    /// The keys and indexes from the chart's values down to the value.
    pub path: Vec<String>,
    pub message: String,
}

/// Helm's `ValidateAgainstSchema`: `values` against the chart's schema, then each subchart's
/// values against its own; Helm's text for every chart that fails, into `text`.
fn validate_schemas(
    chart: &Chart,
    values: &Map,
    within: &[String],
    text: &mut String,
    violations: &mut Vec<SchemaViolation>,
) {
    if let Some(schema) = &chart.schema {
        let report = crate::schema::validate(schema, &Value::map(values.clone()));
        if report.failed() {
            text.push_str(&format!("{}:\n{}", chart.name, report.text));
            violations.extend(report.violations.into_iter().map(|v| SchemaViolation {
                chart: chart.prefix.clone(),
                within: within.to_vec(),
                path: v.path,
                message: v.message,
            }));
        }
    }
    for sub in &chart.subcharts {
        let Some(raw) = values.get(&sub.name) else {
            continue;
        };
        match raw {
            Value::Nil => {}
            Value::Map(map, _) => {
                let mut within = within.to_vec();
                within.push(sub.name.clone());
                validate_schemas(sub, &map.snapshot(), &within, text, violations);
            }
            other => {
                let message = format!(
                    "invalid type for values: expected object (map), got {}",
                    other.type_name()
                );
                text.push_str(&format!("{}:\n{message}\n", sub.name));
                violations.push(SchemaViolation {
                    chart: sub.prefix.clone(),
                    within: within.to_vec(),
                    path: vec![sub.name.clone()],
                    message,
                });
            }
        }
    }
}

/// Helm's wording of an execution error (`reformatExecErrorMsg`): a `fail` or `required` as
/// an "execution error at" the outermost call; an error whose every wrapped error is a template
/// error as the trace of locations; any other in Go's words.
fn exec_message(error: &ExecError) -> String {
    let text = error.to_string();
    let mut tokens = text.splitn(3, ": ");
    let (_, location) = (tokens.next(), tokens.next().unwrap_or_default());
    if let Some(message) = error.template_message() {
        return format!("execution error at ({location}): {message}");
    }
    let mut trace: Vec<Traceable> = Vec::new();
    for link in error.chain() {
        let Some(traceable) = traceable(&link) else {
            return text;
        };
        if trace.last() != Some(&traceable) {
            trace.push(traceable);
        }
    }
    let mut out = String::new();
    for t in &trace {
        if !t.location.is_empty() {
            out.push_str(&format!("{}\n  ", t.location));
        }
        if !t.function.is_empty() {
            out.push_str(&format!("{}\n    ", t.function));
        }
        if !t.message.is_empty() {
            out.push_str(&format!("{}\n", t.message));
        }
    }
    out.trim().to_owned()
}

/// One location of Helm's trace.
#[derive(PartialEq)]
struct Traceable {
    location: String,
    message: String,
    function: String,
}

/// Helm's `parseTemplateExecErrorString`.
fn traceable(text: &str) -> Option<Traceable> {
    let rest = text.strip_prefix("template: ")?;
    let cut_chained = |message: &str| match message.find(" template:") {
        Some(at) => message.get(..at).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    };
    if rest.starts_with("no template ") {
        return Some(Traceable {
            location: String::new(),
            message: text.to_owned(),
            function: String::new(),
        });
    }
    if let Some((name, after)) = rest.split_once(": executing ") {
        let after = after.strip_prefix('"')?;
        let end = after.find('"')?;
        let function = after.get(..end)?;
        let at = after.get(end + 1..)?.strip_prefix(" at <")?;
        let (node, message) = at.split_once(">: ")?;
        return Some(Traceable {
            location: name.to_owned(),
            message: cut_chained(message),
            function: format!("executing \"{function}\" at <{node}>:"),
        });
    }
    let sep = rest.rfind(": ")?;
    Some(Traceable {
        location: rest.get(..sep)?.to_owned(),
        message: cut_chained(rest.get(sep + 2..)?),
        function: String::new(),
    })
}

/// One document of the output: the template that made it, its text.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    pub source: String,
    pub text: String,
    pub kind: String,
    pub hook: bool,
    /// What wrote each piece of `text`: the piece, the chart file (its path in the chart's
    /// folder) and the place in it.
    pub traces: Vec<Origin>,
    /// The first YAML document of `text`, as parsed to read its kind (none when the text has
    /// none): the checks that read the tree take it from here instead of parsing again.
    pub parsed: Option<drydock_yaml::Document>,
    /// Whether `parsed` is the whole of `text`'s parse (its only document), so that what reads
    /// every document of the text can take it too.
    pub parsed_is_all: bool,
}

/// Where a piece of a rendered document was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The piece, in the document's text.
    pub range: std::ops::Range<usize>,
    /// The file, by its path in the chart's folder (`templates/deployment.yaml`,
    /// `charts/db/templates/_helpers.tpl`), shared by the pieces it wrote.
    pub file: Rc<str>,
    /// The place in that file.
    pub origin: std::ops::Range<usize>,
    /// For a value printed: the values file that set it (its path in the chart's folder) and
    /// the place.
    pub value: Option<(Rc<str>, std::ops::Range<usize>)>,
}

/// Helm's install order (`releaseutil.InstallOrder`).
const INSTALL_ORDER: &[&str] = &[
    "PriorityClass",
    "Namespace",
    "NetworkPolicy",
    "ResourceQuota",
    "LimitRange",
    "PodSecurityPolicy",
    "PodDisruptionBudget",
    "ServiceAccount",
    "Secret",
    "SecretList",
    "ConfigMap",
    "StorageClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "CustomResourceDefinition",
    "ClusterRole",
    "ClusterRoleList",
    "ClusterRoleBinding",
    "ClusterRoleBindingList",
    "Role",
    "RoleList",
    "RoleBinding",
    "RoleBindingList",
    "Service",
    "DaemonSet",
    "Pod",
    "ReplicationController",
    "ReplicaSet",
    "Deployment",
    "HorizontalPodAutoscaler",
    "StatefulSet",
    "Job",
    "CronJob",
    "IngressClass",
    "Ingress",
    "APIService",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// The render host: `tpl` parses with the render's functions.
struct Parser;

impl Host for Parser {
    fn parse(&self, name: &str, text: &str, funcs: &Funcs) -> Result<Vec<Tree>, String> {
        template::parse(name, text, &|f| funcs.contains_key(f)).map_err(|e| e.to_string())
    }
}

/// A scalar of `Chart.yaml` as text (nothing for nil).
fn scalar_text(value: &Value) -> String {
    match value {
        Value::Nil => String::new(),
        Value::String(s) => s.to_string(),
        other => template::fmt::v(other),
    }
}

/// A dependency as `Chart.yaml` lists it.
#[derive(Debug, Clone)]
struct Dependency {
    name: String,
    alias: String,
    condition: String,
    tags: Vec<String>,
    import_values: Vec<Value>,
    enabled: bool,
    /// The entry as written (for `.Chart.Dependencies`).
    entry: Value,
}

/// A chart and its subcharts, loaded.
#[derive(Debug, Clone)]
struct Chart {
    /// Its folder in the top chart's (`""`, `charts/db/`).
    prefix: String,
    /// Its name (a dependency's alias when it has one).
    name: String,
    metadata: Value,
    /// `values.yaml` (then what `import-values` adds).
    values: Map,
    /// Templates by path under `templates/`.
    templates: Vec<(String, Rc<str>)>,
    /// Every file of the chart, by path relative to it.
    files: Texts,
    dependencies: Vec<Dependency>,
    subcharts: Vec<Chart>,
    library: bool,
    /// `values.schema.json`.
    schema: Option<Rc<str>>,
    /// Where `values.yaml` set each top-level value, and the entries of its maps.
    top_origins: Vec<(String, Value, template::ValueOrigin)>,
    origins: template::ValueOrigins,
}

fn text_field(value: &Value, key: &str) -> String {
    value
        .as_map()
        .and_then(|m| m.get(key))
        .map(|v| scalar_text(&v))
        .unwrap_or_default()
}

/// Loads the chart whose files are `files` (paths relative to it).
/// `values`, given for the top chart, is left holding the first document of its `values.yaml`,
/// as parsed here.
fn load(
    files: &Texts,
    prefix: &str,
    values: Option<&OnceCell<Option<drydock_yaml::Document>>>,
) -> Result<Chart, RenderError> {
    // What `.helmignore` leaves out is not part of the chart.
    let rules = crate::helmignore::Rules::parse(files.get(".helmignore").map(|t| &**t));
    let kept: Texts = files
        .iter()
        .filter(|(path, _)| !rules.excludes(path))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    let files = &kept;
    let chart_yaml = files
        .get("Chart.yaml")
        .ok_or_else(|| RenderError::Chart("Chart.yaml file is missing".to_owned()))?;
    let metadata = values::parse_yaml(chart_yaml)
        .map_err(|e| RenderError::Chart(format!("cannot load Chart.yaml: {e}")))?;
    validate_metadata(&metadata)?;
    let (mut top_origins, mut origins) = (Vec::new(), template::ValueOrigins::default());
    let values = match files.get("values.yaml") {
        Some(text) => {
            // Parsed once, for the values and for where each is set.
            let stream = drydock_yaml::parse(text);
            let parsed = values::parse_yaml_stream(text, &stream).map_err(|e| {
                RenderError::Chart(format!(
                    "cannot load values.yaml: cannot unmarshal yaml document: error converting YAML to JSON: yaml: {e}"
                ))
            })?;
            let file: Rc<str> = format!("{prefix}values.yaml").into();
            values::record_origins_in(&stream, &parsed, &file, &mut origins, &mut top_origins);
            if let Some(values) = values {
                values.get_or_init(|| stream.documents.into_iter().next());
            }
            match parsed {
                Value::Map(map, _) => map.snapshot(),
                _ => Map::new(),
            }
        }
        None => Map::new(),
    };
    let templates = files
        .iter()
        .filter_map(|(path, text)| {
            Some((path.strip_prefix("templates/")?.to_owned(), text.clone()))
        })
        .collect();
    let dependencies = metadata
        .get("dependencies")
        .map(|v| v.items())
        .unwrap_or_default()
        .iter()
        .map(|entry| Dependency {
            name: text_field(entry, "name"),
            alias: text_field(entry, "alias"),
            condition: text_field(entry, "condition"),
            tags: entry
                .get("tags")
                .map(|v| v.items())
                .unwrap_or_default()
                .iter()
                .map(scalar_text)
                .collect(),
            import_values: entry
                .get("import-values")
                .map(|v| v.items())
                .unwrap_or_default(),
            enabled: true,
            entry: entry.clone(),
        })
        .collect();
    // An archive Helm cannot read refuses the chart, in Helm's words.
    let name = text_field(&metadata, "name");
    let unpacking = |archive: &str, reason: &str| {
        RenderError::Chart(format!(
            "error unpacking subchart {archive} in {name}: {reason}"
        ))
    };
    if let Some((archive, reason)) = files.iter().find_map(|(path, reason)| {
        let archive = path.strip_prefix("charts/")?;
        crate::archive::is_subchart_archive(path).then_some((archive, reason))
    }) {
        return Err(unpacking(archive, reason));
    }
    // Subcharts: the folders of `charts/` with a `Chart.yaml`, and every expanded archive's
    // (Helm refuses one without a `Chart.yaml`).
    let mut folders: Vec<&str> = files
        .keys()
        .filter_map(|path| {
            let rest = path.strip_prefix("charts/")?;
            let (folder, file) = rest.split_once('/')?;
            let archive = crate::archive::is_subchart_archive(&format!("charts/{folder}"));
            (file == "Chart.yaml" || archive).then_some(folder)
        })
        .collect();
    folders.sort_unstable();
    folders.dedup();
    let mut subcharts = Vec::new();
    for folder in folders {
        let sub_prefix = format!("charts/{folder}/");
        let sub_files: Texts = files
            .iter()
            .filter_map(|(path, text)| {
                Some((path.strip_prefix(&sub_prefix)?.to_owned(), text.clone()))
            })
            .collect();
        let sub = load(&sub_files, &format!("{prefix}{sub_prefix}"), None);
        let sub = match sub {
            Err(error) if crate::archive::is_subchart_archive(&format!("charts/{folder}")) => {
                Err(unpacking(folder, &error.helm_message()))
            }
            sub => sub,
        };
        subcharts.push(sub?);
    }
    // `.Files`: what is not a template, the chart's own files or a subchart's.
    let own: Texts = files
        .iter()
        .filter(|(path, _)| !path.starts_with("charts/"))
        .map(|(p, t)| (p.clone(), t.clone()))
        .collect();
    Ok(Chart {
        name,
        library: text_field(&metadata, "type") == "library",
        prefix: prefix.to_owned(),
        metadata,
        values,
        templates,
        files: own,
        dependencies,
        subcharts,
        schema: files.get("values.schema.json").cloned(),
        top_origins,
        origins,
    })
}

fn is_table(value: &Value) -> bool {
    matches!(value, Value::Map(..))
}

/// A table's entries (a copy), when the value is a table.
fn table(value: &Value) -> Option<Map> {
    match value {
        Value::Map(map, _) => Some(map.snapshot()),
        _ => None,
    }
}

/// Helm's `coalesceTablesFullKey`: `src` fills what `dst` lacks, recursively; a nil in `dst`
/// deletes the key (unless merging).
fn coalesce_tables(dst: &mut Map, src: &Map, merge: bool) {
    let mut src = src.clone();
    let non_nil: Vec<String> = src
        .iter()
        .filter(|(_, v)| !matches!(v, Value::Nil))
        .map(|(k, _)| k.clone())
        .collect();
    for (key, value) in dst.iter() {
        if matches!(value, Value::Nil) {
            src.insert(key.clone(), Value::Nil);
        }
    }
    for (key, value) in src {
        match dst.get(&key) {
            Some(Value::Nil) if !merge && non_nil.contains(&key) => {
                dst.remove(&key);
            }
            None => {
                dst.insert(key, value);
            }
            Some(existing) => {
                if let (Some(mut inner), Some(from)) = (table(existing), table(&value)) {
                    coalesce_tables(&mut inner, &from, merge);
                    dst.insert(key, Value::map(inner));
                }
            }
        }
    }
}

/// Helm's `coalesce`: the chart's values under `dest`, then each subchart's under its name.
fn coalesce(chart: &Chart, dest: &mut Map, merge: bool) -> Result<(), RenderError> {
    // `coalesceValues`.
    for (key, value) in &chart.values {
        match dest.get(key) {
            Some(Value::Nil) if !merge => {
                dest.remove(key);
            }
            Some(existing) => {
                if let (Some(mut inner), Some(from)) = (table(existing), table(value)) {
                    let merge_key = merge || chart.subcharts.iter().any(|s| s.name == *key);
                    coalesce_tables(&mut inner, &from, merge_key);
                    dest.insert(key.clone(), Value::map(inner));
                }
            }
            None => {
                dest.insert(key.clone(), value.clone());
            }
        }
    }
    // `coalesceDeps`.
    for sub in &chart.subcharts {
        let slot = dest
            .entry(sub.name.clone())
            .or_insert_with(|| Value::map(Map::new()));
        if !is_table(slot) {
            return Err(RenderError::Chart(format!(
                "type mismatch on {}: %!t({}={})",
                sub.name,
                slot.type_name(),
                template::fmt::v(slot)
            )));
        }
        let parent_global = dest.get("global").cloned();
        let Some(Value::Map(sub_map, _)) = dest.get(&sub.name).cloned() else {
            continue;
        };
        let mut sub_map = sub_map.snapshot();
        coalesce_globals(&mut sub_map, parent_global.as_ref());
        coalesce(sub, &mut sub_map, merge)?;
        dest.insert(sub.name.clone(), Value::map(sub_map));
    }
    Ok(())
}

/// Helm's `coalesceGlobals`: the parent's `global` over the subchart's.
fn coalesce_globals(dest: &mut Map, parent_global: Option<&Value>) {
    let mut globals = match dest.get("global") {
        None => Map::new(),
        Some(Value::Map(map, _)) => map.snapshot(),
        Some(_) => return,
    };
    let source = match parent_global {
        None => Map::new(),
        Some(Value::Map(map, _)) => map.snapshot(),
        Some(_) => return,
    };
    for (key, value) in source {
        match &value {
            Value::Map(from, _) => {
                let mut copy = from.snapshot();
                match globals.get(&key) {
                    None => {
                        globals.insert(key, Value::map(copy));
                    }
                    Some(Value::Map(existing, _)) => {
                        coalesce_tables(&mut copy, &existing.snapshot(), true);
                        globals.insert(key, Value::map(copy));
                    }
                    Some(_) => {}
                }
            }
            _ => {
                if !globals.get(&key).is_some_and(is_table) {
                    globals.insert(key, value);
                }
            }
        }
    }
    dest.insert("global".to_owned(), Value::map(globals));
}

/// The value at a dotted path of `values` (Helm's `PathValue`).
fn path_value(values: &Map, path: &str) -> Option<Value> {
    let mut parts = path.split('.');
    let first = parts.next()?;
    let mut at = values.get(first)?.clone();
    for part in parts {
        at = at.as_map()?.get(part)?;
    }
    Some(at)
}

/// Helm's `processDependencyEnabled`: aliases applied, conditions and tags evaluated (against
/// the values coalesced so far), disabled subcharts removed, recursively.
fn process_enabled(chart: &mut Chart, supplied: &Map, path: &str) -> Result<(), RenderError> {
    if chart.dependencies.is_empty() {
        return Ok(());
    }
    let mut kept: Vec<Chart> = chart
        .subcharts
        .iter()
        .filter(|sub| !chart.dependencies.iter().any(|d| d.name == sub.name))
        .cloned()
        .collect();
    for dependency in &mut chart.dependencies {
        if let Some(found) = chart
            .subcharts
            .iter()
            .find(|sub| sub.name == dependency.name)
        {
            let mut copy = found.clone();
            if !dependency.alias.is_empty() {
                copy.name = dependency.alias.clone();
            }
            kept.push(copy);
        }
        if !dependency.alias.is_empty() {
            dependency.name = dependency.alias.clone();
        }
        dependency.enabled = true;
    }
    chart.subcharts = kept;
    let mut cvals = supplied.clone();
    coalesce(chart, &mut cvals, false)?;
    // Tags.
    if let Some(Value::Map(tags, _)) = cvals.get("tags") {
        for dependency in &mut chart.dependencies {
            let (mut any_true, mut any_false) = (false, false);
            for tag in &dependency.tags {
                match tags.get(tag) {
                    Some(Value::Bool(true)) => any_true = true,
                    Some(Value::Bool(false)) => any_false = true,
                    _ => {}
                }
            }
            dependency.enabled = any_true || !any_false;
        }
    }
    // Conditions: the first path that holds a boolean decides.
    for dependency in &mut chart.dependencies {
        for condition in dependency.condition.trim().split(',') {
            if condition.is_empty() {
                continue;
            }
            if let Some(Value::Bool(b)) = path_value(&cvals, &format!("{path}{condition}")) {
                dependency.enabled = b;
                break;
            }
        }
    }
    let disabled: Vec<String> = chart
        .dependencies
        .iter()
        .filter(|d| !d.enabled)
        .map(|d| d.name.clone())
        .collect();
    chart.subcharts.retain(|sub| !disabled.contains(&sub.name));
    chart.dependencies.retain(|d| d.enabled);
    for sub in &mut chart.subcharts {
        let subpath = format!("{path}{}.", sub.name);
        process_enabled(sub, &cvals, &subpath)?;
    }
    Ok(())
}

/// Sets `value` at a dotted `path` of a new map (Helm's `pathToMap`).
fn path_to_map(path: &str, value: Map) -> Map {
    if path == "." {
        return value;
    }
    let mut current = value;
    for part in path.split('.').rev() {
        let mut outer = Map::new();
        outer.insert(part.to_owned(), Value::map(current));
        current = outer;
    }
    current
}

/// Helm's `processDependencyImportValues` (merging): each subchart's exported values copied
/// into its parent's defaults, deepest first.
fn process_imports(chart: &mut Chart) -> Result<(), RenderError> {
    for sub in &mut chart.subcharts {
        process_imports(sub)?;
    }
    if chart.dependencies.is_empty() {
        return Ok(());
    }
    let mut cvals = Map::new();
    coalesce(chart, &mut cvals, true)?;
    let mut imported = Map::new();
    for dependency in &chart.dependencies {
        for import in &dependency.import_values {
            let (child, parent) = match import {
                Value::Map(map, _) => (
                    map.get("child")
                        .map(|v| template::fmt::v(&v))
                        .unwrap_or_default(),
                    map.get("parent")
                        .map(|v| template::fmt::v(&v))
                        .unwrap_or_default(),
                ),
                Value::String(name) => (format!("exports.{name}"), ".".to_owned()),
                _ => continue,
            };
            let Some(Value::Map(table, _)) =
                path_value(&cvals, &format!("{}.{child}", dependency.name))
            else {
                continue;
            };
            coalesce_tables(&mut imported, &path_to_map(&parent, table.snapshot()), true);
        }
    }
    coalesce_tables(&mut cvals, &imported, true);
    chart.values = cvals;
    Ok(())
}

/// A template to run: its full name, text, and the values it runs with.
struct Renderable {
    name: String,
    /// The template's path in the top chart's folder.
    source: String,
    text: Rc<str>,
    base_path: String,
    /// The top-level object without `Template`.
    top: Map,
}

/// Where the values files set the values each chart's templates see: the maps of every
/// `values.yaml`, and each chart's top-level `.Values` (its parent's section for it first, then
/// its own file).
fn value_origins(
    chart: &Chart,
    values: &Value,
    section: Option<&MapRef>,
    out: &mut template::ValueOrigins,
) {
    out.extend(chart.origins.clone());
    let Value::Map(map, _) = values else { return };
    // The subcharts' own paths are noted after (their `.Values` is theirs).
    out.note_paths(map);
    if let Some(section) = section {
        out.alias(section, map);
    }
    for (key, value, origin) in &chart.top_origins {
        out.insert(map, key.clone(), value.clone(), origin.clone());
    }
    for sub in &chart.subcharts {
        let sub_values = map.get(&sub.name).unwrap_or_default();
        let section = match chart.values.get(&sub.name) {
            Some(Value::Map(section, _)) => Some(section.clone()),
            _ => None,
        };
        value_origins(sub, &sub_values, section.as_ref(), out);
    }
}

/// Helm's `recAllTpls`: every template of the chart and its subcharts, each with its chart's
/// scope of the values.
fn collect(
    chart: &Chart,
    values: &Value,
    full_path: &str,
    common: &Map,
    is_root: bool,
    out: &mut Vec<Renderable>,
) -> Value {
    let mut top = common.clone();
    top.insert(
        "Chart".to_owned(),
        objects::chart_with(
            &chart.metadata,
            &chart.name,
            is_root,
            &chart
                .dependencies
                .iter()
                .map(|d| d.entry.clone())
                .collect::<Vec<_>>(),
        ),
    );
    top.insert("Files".to_owned(), objects::files(&chart.files));
    top.insert(
        "Values".to_owned(),
        match values {
            Value::Map(map, _) => Value::Map(map.clone(), MapType::Values),
            _ => Value::Map(MapRef::new(Map::new()), MapType::Values),
        },
    );
    // `.Subcharts`: each subchart's own top-level object, by name.
    let mut subcharts = Map::new();
    for sub in &chart.subcharts {
        let sub_values = values.get(&sub.name).unwrap_or_default();
        let sub_path = format!("{full_path}/charts/{}", sub.name);
        let sub_top = collect(sub, &sub_values, &sub_path, common, false, out);
        subcharts.insert(sub.name.clone(), sub_top);
    }
    top.insert("Subcharts".to_owned(), Value::map(subcharts));
    for (path, text) in &chart.templates {
        let base = path.rsplit('/').next().unwrap_or(path);
        if chart.library && !base.starts_with('_') {
            continue;
        }
        out.push(Renderable {
            name: format!("{full_path}/templates/{path}"),
            source: format!("{}templates/{path}", chart.prefix),
            text: text.clone(),
            base_path: format!("{full_path}/templates"),
            top: top.clone(),
        });
    }
    Value::Map(MapRef::new(top), MapType::Any)
}

/// Renders the chart of `files` with `options`: the manifests in the order `helm template` prints
/// them.
pub fn render(files: &Files, options: &Options) -> Result<Vec<Manifest>, RenderError> {
    manifests(render_outputs(files, options)?)
}

/// What one template printed, whole (before Helm splits it into documents), with what wrote
/// each piece of it.
#[derive(Debug, Clone)]
pub struct Output {
    /// The template's path in the release (`web/templates/deployment.yaml`).
    pub source: String,
    pub text: String,
    pub traces: Vec<Origin>,
    /// The fields of the values the template read (itself or through the templates it
    /// included) that the values do not hold, at the chart file that reads each.
    pub unset: Vec<template::UnsetRead>,
}

impl Output {
    /// The first line of the output that is not blank, when it is indented (`helm lint` warns
    /// of it), and what wrote its start.
    pub fn indented(&self) -> Option<(&str, &Origin)> {
        let mut offset = 0;
        for line in self.text.split_inclusive('\n') {
            let start = offset;
            offset += line.len();
            let text = line.trim_end_matches(['\n', '\r']);
            if text.trim().is_empty() {
                continue;
            }
            if !text.starts_with([' ', '\t']) {
                return None;
            }
            let origin = self
                .traces
                .iter()
                .find(|o| o.range.start <= start && start < o.range.end)?;
            return Some((text, origin));
        }
        None
    }
}

/// Runs every template of the chart of `files` (the chart loaded, its values coalesced and
/// checked against its schemas): what each of the templates that make manifests printed, in
/// the order of their paths.
pub fn render_outputs(files: &Files, options: &Options) -> Result<Vec<Output>, RenderError> {
    let (outputs, errors) = render_outputs_all(files, options)?;
    match errors.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(outputs),
    }
}

/// [`render_outputs`], going on where Helm stops at its first error: every template's parse
/// error (none runs then), else every template that fails as it runs, with what the others
/// printed. What stops the whole chart (`Chart.yaml`, values, schemas) is the `Err`. The first
/// error of the list is the one Helm reports.
pub fn render_outputs_all(
    files: &Files,
    options: &Options,
) -> Result<(Vec<Output>, Vec<RenderError>), RenderError> {
    render_outputs_all_with(files, options, &OnceCell::new())
}

/// [`render_outputs_all`], leaving in `values` the first document of the chart's `values.yaml`
/// as loading the chart parsed it, for the caller's checks of the same file (one parse).
pub fn render_outputs_all_with(
    files: &Files,
    options: &Options,
    values: &OnceCell<Option<drydock_yaml::Document>>,
) -> Result<(Vec<Output>, Vec<RenderError>), RenderError> {
    let texts: Texts = files
        .iter()
        .map(|(path, text)| (path.clone(), Rc::from(text.as_str())))
        .collect();
    render_texts_all_with(&texts, options, values)
}

/// [`render_outputs_all_with`] of files already shared (a workspace's chart, copied once).
pub fn render_texts_all_with(
    texts: &Texts,
    options: &Options,
    values: &OnceCell<Option<drydock_yaml::Document>>,
) -> Result<(Vec<Output>, Vec<RenderError>), RenderError> {
    let mut chart = load(texts, "", Some(values))?;
    if chart.library {
        return Err(RenderError::Chart(
            "library charts are not installable".to_owned(),
        ));
    }
    // `helm template` checks that every dependency is in `charts/` before anything else.
    let missing: Vec<&str> = chart
        .dependencies
        .iter()
        .filter(|d| !chart.subcharts.iter().any(|sub| sub.name == d.name))
        .map(|d| d.name.as_str())
        .collect();
    if !missing.is_empty() {
        return Err(RenderError::Chart(format!(
            "an error occurred while checking for chart dependencies. You may need to run `helm dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in charts/ directory: {}",
            missing.join(", ")
        )));
    }
    let mut supplied = Map::new();
    for text in &options.values {
        match values::parse_yaml(text) {
            Ok(Value::Map(map, _)) => merge_maps(&mut supplied, &map.snapshot()),
            Ok(_) => {}
            Err(e) => return Err(RenderError::Chart(format!("failed to parse values: {e}"))),
        }
    }
    for (lines, typing, flag) in [
        (&options.set, strvals::Typing::Typed, "--set"),
        (
            &options.set_string,
            strvals::Typing::Strings,
            "--set-string",
        ),
    ] {
        for line in lines {
            strvals::parse_into(line, &mut supplied, typing)
                .map_err(|e| RenderError::Chart(format!("failed parsing {flag} data: {e}")))?;
        }
    }
    process_enabled(&mut chart, &supplied, "")?;
    process_imports(&mut chart)?;
    let mut top_values = supplied.clone();
    coalesce(&chart, &mut top_values, false)?;
    if !options.skip_schema_validation {
        let (mut text, mut violations) = (String::new(), Vec::new());
        validate_schemas(&chart, &top_values, &[], &mut text, &mut violations);
        if !text.is_empty() {
            return Err(RenderError::Schema {
                message: format!(
                    "values don't meet the specifications of the schema(s) in the following chart(s):\n{text}"
                ),
                violations,
            });
        }
    }
    let mut common = Map::new();
    common.insert(
        "Release".to_owned(),
        objects::release(&options.release_name, &options.namespace),
    );
    common.insert("Capabilities".to_owned(), objects::capabilities());
    let mut renderables = Vec::new();
    let name = chart.name.clone();
    let top_values = Value::map(top_values);
    let mut set_at = template::ValueOrigins::default();
    value_origins(&chart, &top_values, None, &mut set_at);
    let _ = collect(&chart, &top_values, &name, &common, true, &mut renderables);
    // Helm's `sortTemplates`: deepest paths first, then names in reverse; parsed in that order
    // (a later `define` of a name wins) and run in it (the first error stops the render).
    renderables.sort_by(|a, b| {
        let depth = |p: &str| p.matches('/').count();
        (depth(&b.name), b.name.as_str()).cmp(&(depth(&a.name), a.name.as_str()))
    });
    let funcs = crate::funcs::all();
    let mut templates = Templates::default();
    let mut errors = Vec::new();
    for renderable in &renderables {
        match template::parse(&renderable.name, &renderable.text, &|f| {
            funcs.contains_key(f)
        }) {
            Ok(trees) => templates.add(trees),
            Err(error) => errors.push(RenderError::Parse(error)),
        }
    }
    if !errors.is_empty() {
        return Ok((Vec::new(), errors));
    }
    // Template names (as Go names them) to their files in the chart's folder, each path made
    // once and shared by the traces.
    let sources: std::collections::HashMap<&str, Rc<str>> = renderables
        .iter()
        .map(|r| (r.name.as_str(), Rc::from(r.source.as_str())))
        .collect();
    let mut outputs: Vec<Output> = Vec::new();
    for renderable in &renderables {
        let mut top = renderable.top.clone();
        let mut template_info = Map::new();
        template_info.insert("Name".to_owned(), Value::str(renderable.name.as_str()));
        template_info.insert(
            "BasePath".to_owned(),
            Value::str(renderable.base_path.as_str()),
        );
        top.insert("Template".to_owned(), Value::map(template_info));
        // Helm's top-level object is a `common.Values` too.
        let dot = Value::Map(MapRef::new(top), MapType::Values);
        let mut out = String::new();
        let traced = template::execute_traced(
            &templates,
            &funcs,
            &Parser,
            &renderable.name,
            &dot,
            &mut out,
            &set_at,
        );
        let traced = match traced {
            Ok(traced) => traced,
            Err(error) => {
                errors.push(RenderError::Exec(error));
                continue;
            }
        };
        let base = renderable.name.rsplit('/').next().unwrap_or_default();
        if base.starts_with('_') || base == "NOTES.txt" {
            continue;
        }
        // Each unset read at the chart file of the template that made it.
        let unset = traced
            .unset
            .into_iter()
            .filter_map(|read| {
                Some(template::UnsetRead {
                    template: sources.get(&*read.template)?.clone(),
                    ..read
                })
            })
            .collect();
        let (out, traces) = without_no_value(&out, traced.traces);
        let origins = traces
            .into_iter()
            .filter_map(|trace| {
                Some(Origin {
                    range: trace.out,
                    file: sources.get(&*trace.file)?.clone(),
                    origin: trace.origin,
                    value: trace.value.map(|v| (v.file, v.range)),
                })
            })
            .collect();
        outputs.push(Output {
            source: renderable.name.clone(),
            text: out,
            traces: origins,
            unset,
        });
    }
    // Every template ran; the documents are read in the order of their paths.
    outputs.sort_by(|a, b| a.source.cmp(&b.source));
    Ok((outputs, errors))
}

/// The manifests of the templates' `outputs`: each split into documents as Helm splits them,
/// each document's kind read, sorted in the order Helm installs them (hooks last).
pub fn manifests(outputs: Vec<Output>) -> Result<Vec<Manifest>, RenderError> {
    let (manifests, errors) = manifests_all(outputs);
    match errors.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(manifests),
    }
}

/// [`manifests`], going on past a template whose output is not YAML: the manifests of the
/// others, and an error for each such template (the first is the one Helm reports).
pub fn manifests_all(outputs: Vec<Output>) -> (Vec<Manifest>, Vec<RenderError>) {
    let mut errors = Vec::new();
    let mut manifests = Vec::new();
    for Output {
        source: full,
        text: out,
        traces: origins,
        ..
    } in outputs
    {
        if out.trim().is_empty() {
            continue;
        }
        // The traces by where they start (the longest first, ties in their order), swept once
        // along the documents, which are in order and apart: each trace joins the active ones
        // when a document reaches its start and leaves them once a document starts past its
        // end, so a template of many documents costs their number plus their traces', not
        // their product.
        let key = |o: &Origin| (o.range.start, std::cmp::Reverse(o.range.end));
        let mut by_start: Vec<(usize, &Origin)> = origins.iter().enumerate().collect();
        // A render writes its traces in order, mostly: then there is nothing to sort.
        let in_order = origins.windows(2).all(|pair| match pair {
            [a, b] => key(a) <= key(b),
            _ => true,
        });
        if !in_order {
            by_start.sort_by_key(|(_, o)| key(o));
        }
        let mut next = 0;
        let mut active: Vec<(usize, &Origin)> = Vec::new();
        for range in manifest_ranges(&out) {
            let document = out.get(range.clone()).unwrap_or_default().to_owned();
            let (kind, hook, parsed, parsed_is_all) = match head(&document) {
                Ok(head) => head,
                Err(message) => {
                    errors.push(RenderError::Yaml {
                        source: full.clone(),
                        message,
                        at: yaml_error_place(&document, range.start, &by_start),
                    });
                    continue;
                }
            };
            // The pieces of the output inside this document, relative to it.
            while let Some(&(i, o)) = by_start.get(next) {
                if o.range.start >= range.end {
                    break;
                }
                active.push((i, o));
                next += 1;
            }
            active.retain(|(_, o)| o.range.end > range.start);
            let mut inside = active.clone();
            // In the order the render wrote them.
            if !in_order {
                inside.sort_unstable_by_key(|(i, _)| *i);
            }
            let traces = inside
                .into_iter()
                .map(|(_, o)| Origin {
                    range: o.range.start.max(range.start) - range.start
                        ..o.range.end.min(range.end) - range.start,
                    file: o.file.clone(),
                    origin: o.origin.clone(),
                    value: o.value.clone(),
                })
                .collect();
            manifests.push(Manifest {
                source: full.clone(),
                text: document,
                kind,
                hook,
                traces,
                parsed,
                parsed_is_all,
            });
        }
    }
    // Sorted (stably) by kind.
    let rank = |kind: &str| INSTALL_ORDER.iter().position(|k| *k == kind);
    let by_kind = |a: &Manifest, b: &Manifest| match (rank(&a.kind), rank(&b.kind)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.kind.cmp(&b.kind),
    };
    let (mut hooks, mut generic): (Vec<Manifest>, Vec<Manifest>) =
        manifests.into_iter().partition(|m| m.hook);
    generic.sort_by(by_kind);
    hooks.sort_by(by_kind);
    generic.extend(hooks);
    (generic, errors)
}

/// `helm template`'s output for `manifests`.
pub fn print(manifests: &[Manifest]) -> String {
    let mut body = String::new();
    for manifest in manifests.iter().filter(|m| !m.hook) {
        body.push_str(&format!(
            "---\n# Source: {}\n{}\n",
            manifest.source, manifest.text
        ));
    }
    let mut out = body.trim().to_owned();
    out.push('\n');
    for manifest in manifests.iter().filter(|m| m.hook) {
        out.push_str(&format!(
            "---\n# Source: {}\n{}\n",
            manifest.source, manifest.text
        ));
    }
    out
}

/// Helm's `SplitManifests`: the text trimmed, split where the regular expression
/// `(?:^|\s*\n)---\s*` matches (leftmost first, as Go's `Split`), each piece trimmed, empty
/// pieces dropped.
pub fn split_manifests(text: &str) -> Vec<String> {
    manifest_ranges(text)
        .into_iter()
        .map(|range| text.get(range).unwrap_or_default().to_owned())
        .collect()
}

/// [`split_manifests`], as the documents' ranges in `text`.
fn manifest_ranges(full: &str) -> Vec<std::ops::Range<usize>> {
    let trimmed_start = full.len() - full.trim_start().len();
    let text = full.trim();
    let bytes = text.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let mut pieces: Vec<std::ops::Range<usize>> = Vec::new();
    let mut piece_start = 0;
    let mut search = 0;
    loop {
        // The leftmost match at or after `search`.
        let mut found = None;
        if search == 0 && text.starts_with("---") {
            found = Some((0, 3));
        } else {
            let mut at = search;
            while at < bytes.len() {
                if bytes.get(at) == Some(&b'\n')
                    && text.get(at + 1..).is_some_and(|r| r.starts_with("---"))
                {
                    // The whitespace run before the newline starts the match.
                    let mut start = at;
                    while start > search && bytes.get(start - 1).copied().is_some_and(is_space) {
                        start -= 1;
                    }
                    found = Some((start, at + 4));
                    break;
                }
                at += 1;
            }
        }
        let Some((start, mut end)) = found else {
            break;
        };
        while bytes.get(end).copied().is_some_and(is_space) {
            end += 1;
        }
        pieces.push(piece_start..start);
        piece_start = end;
        search = end.max(start + 1);
        if search > bytes.len() {
            break;
        }
    }
    pieces.push(piece_start..bytes.len());
    pieces
        .into_iter()
        .filter(|piece| piece.start < piece.end)
        .filter_map(|piece| {
            // Each piece trimmed, as Helm trims it.
            let slice = text.get(piece.clone())?;
            let lead = slice.len() - slice.trim_start().len();
            let trail = slice.len() - slice.trim_end().len();
            let start = trimmed_start + piece.start + lead;
            let end = trimmed_start + piece.end - trail;
            (start < end).then_some(start..end)
        })
        .collect()
}

/// The output with every `<no value>` removed, as Helm removes them, and the traces moved with
/// the text.
fn without_no_value(out: &str, traces: Vec<template::Trace>) -> (String, Vec<template::Trace>) {
    const NO_VALUE: &str = "<no value>";
    if !out.contains(NO_VALUE) {
        return (out.to_owned(), traces);
    }
    let removed: Vec<usize> = out.match_indices(NO_VALUE).map(|(at, _)| at).collect();
    // Where an offset of `out` lands once the removals before it are made.
    let moved = |offset: usize| {
        let before = removed.partition_point(|&at| at < offset);
        let mut shift = before * NO_VALUE.len();
        // An offset inside a removed `<no value>` lands at its start.
        if let Some(&last) = before.checked_sub(1).and_then(|i| removed.get(i))
            && offset < last + NO_VALUE.len()
        {
            shift -= NO_VALUE.len() - (offset - last);
        }
        offset - shift
    };
    let traces = traces
        .into_iter()
        .map(|trace| template::Trace {
            out: moved(trace.out.start)..moved(trace.out.end),
            ..trace
        })
        .filter(|trace| trace.out.start < trace.out.end)
        .collect();
    (out.replace(NO_VALUE, ""), traces)
}

/// Where the chart's files wrote the text at which the YAML of `document` (at `offset` in its
/// template's output, whose pieces the traces `by_start` cover, sorted by where they start,
/// the longest first) fails: the template line, not the template's top.
fn yaml_error_place(
    document: &str,
    offset: usize,
    by_start: &[(usize, &Origin)],
) -> Option<(String, std::ops::Range<usize>)> {
    let stream = drydock_yaml::parse(document);
    let error = stream
        .documents
        .iter()
        .flat_map(|d| d.errors.iter())
        .next()?;
    // An error at the end of the text is the last line's.
    let mut at = offset + error.range.start.min(document.len().saturating_sub(1));
    if document
        .get(..error.range.start)
        .is_some_and(|before| before.trim().is_empty())
    {
        at = offset;
    }
    // The trace starting last at or before `at`, the shortest of those, the last written of
    // equals: the last of `by_start` (sorted so, stably) that starts there.
    let (_, trace) = by_start.get(
        by_start
            .partition_point(|(_, o)| o.range.start <= at)
            .checked_sub(1)?,
    )?;
    let inside = at.min(trace.range.end.saturating_sub(1)) - trace.range.start;
    let start = (trace.origin.start + inside).min(trace.origin.end);
    // Text is traced byte for byte; an action is its whole text.
    let is_text = trace.range.len() == trace.origin.len();
    Some(if is_text {
        (trace.file.to_string(), start..start)
    } else {
        (trace.file.to_string(), trace.origin.clone())
    })
}

/// `Chart.yaml`'s checks (`Metadata.Validate`), in Helm's words.
fn validate_metadata(metadata: &Value) -> Result<(), RenderError> {
    let field = |key: &str| {
        metadata
            .get(key)
            .map(|v| scalar_text(&v))
            .unwrap_or_default()
    };
    let fail = |message: String| Err(RenderError::Chart(format!("validation: {message}")));
    if field("apiVersion").is_empty() {
        return fail("chart.metadata.apiVersion is required".to_owned());
    }
    let name = field("name");
    if name.is_empty() {
        return fail("chart.metadata.name is required".to_owned());
    }
    if name == "." || name == ".." {
        return fail(format!(
            "chart.metadata.name {} is not allowed",
            template::fmt::quote(&name)
        ));
    }
    if name.contains('/') {
        return fail(format!(
            "chart.metadata.name {} is invalid",
            template::fmt::quote(&name)
        ));
    }
    if field("version").is_empty() {
        return fail("chart.metadata.version is required".to_owned());
    }
    if !matches!(field("type").as_str(), "" | "application" | "library") {
        return fail("chart.metadata.type must be application or library".to_owned());
    }
    Ok(())
}

/// The first YAML document of a manifest's text.
type Parsed = Option<drydock_yaml::Document>;

/// A document's kind and whether it is a hook, and its parse (the first YAML document of the
/// text, and whether it is the only one); what Helm says when the document is no mapping. Read
/// off the YAML tree (the document is parsed, not converted: only its head matters).
fn head(document: &str) -> Result<(String, bool, Parsed, bool), String> {
    let stream = drydock_yaml::parse(document);
    let only = stream.documents.len() == 1;
    let Some(parsed) = stream.documents.into_iter().next() else {
        return Ok((String::new(), false, None, false));
    };
    if let Some(error) = parsed
        .errors
        .iter()
        .find(|e| !e.message.starts_with("duplicate key"))
    {
        return Err(format!(
            "error converting YAML to JSON: yaml: {}",
            values::go_yaml_message(document, error)
        ));
    }
    let Some(root) = parsed.root else {
        return Ok((String::new(), false, Some(parsed), only));
    };
    if parsed.entries(root).is_none() {
        let json_type = match values::head_value(&parsed, root) {
            Value::Nil => return Ok((String::new(), false, Some(parsed), only)),
            Value::String(_) => "string",
            Value::List(..) => "array",
            Value::Bool(_) => "bool",
            _ => "number",
        };
        return Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {json_type} into Go value of type util.SimpleHead"
        ));
    }
    let kind = parsed
        .get(root, "kind")
        .and_then(|entry| parsed.scalar(entry.value))
        .map(|scalar| scalar.value.clone())
        .unwrap_or_default();
    let hook = parsed
        .get(root, "metadata")
        .and_then(|metadata| parsed.get(metadata.value, "annotations"))
        .is_some_and(|annotations| parsed.get(annotations.value, "helm.sh/hook").is_some());
    Ok((kind, hook, Some(parsed), only))
}
