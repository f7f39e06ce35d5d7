//! A chart rendered as `helm template` renders it: `Chart.yaml` and `values.yaml` read, every
//! template of `templates/` parsed into one set (partials `_*.tpl` and `NOTES.txt` included, not
//! printed), each run with Helm's top-level values (`.Values`, `.Release`, `.Chart`,
//! `.Capabilities`, `.Template`, `.Files`), `<no value>` removed, the output split into
//! documents and sorted in Helm's install order, hooks last, each under its `# Source:` line.

use std::collections::BTreeMap;
use std::rc::Rc;

use crate::objects;
use crate::template::{
    self, ExecError, Funcs, Host, Map, MapType, ParseError, Templates, Tree, Value,
};
use crate::values;

/// A chart's files: paths relative to the chart's folder (`templates/t.yaml`), with their text.
pub type Files = BTreeMap<String, String>;

/// What a render is given beyond the chart.
#[derive(Debug, Clone)]
pub struct Options {
    pub release_name: String,
    pub namespace: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            release_name: "release".to_owned(),
            namespace: "default".to_owned(),
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
    /// A rendered document that is not YAML.
    Yaml {
        source: String,
        message: String,
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
            RenderError::Yaml { source, message } => {
                format!("YAML parse error on {source}: {message}")
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

/// Renders the chart of `files` with `options`: the manifests in the order `helm template` prints
/// them.
pub fn render(files: &Files, options: &Options) -> Result<Vec<Manifest>, RenderError> {
    let chart_yaml = files
        .get("Chart.yaml")
        .ok_or_else(|| RenderError::Chart("Chart.yaml file is missing".to_owned()))?;
    let metadata = values::parse_yaml(chart_yaml)
        .map_err(|e| RenderError::Chart(format!("cannot load Chart.yaml: {e}")))?;
    validate_metadata(&metadata)?;
    let field = |key: &str| {
        metadata
            .as_map()
            .and_then(|m| m.get(key))
            .map(crate::funcs::sprig::strval)
            .unwrap_or_default()
    };
    let name = field("name");
    if field("type") == "library" {
        return Err(RenderError::Chart(
            "library charts are not installable".to_owned(),
        ));
    }
    let values_value = match files.get("values.yaml") {
        Some(text) => values::parse_yaml(text)
            .map_err(|e| RenderError::Chart(format!("cannot load values.yaml: {e}")))?,
        None => Value::Nil,
    };
    let values_map = match values_value {
        Value::Map(map, _) => map,
        _ => Rc::new(Map::new()),
    };
    let funcs = crate::funcs::all();
    let mut templates = Templates::default();
    let mut rendered: Vec<(String, &String)> = files
        .iter()
        .filter_map(|(path, text)| {
            let rest = path.strip_prefix("templates/")?;
            Some((format!("{name}/templates/{rest}"), text))
        })
        .collect();
    // Helm's `sortTemplates`: deepest paths first, then names in reverse; parsed in that order
    // (a later `define` of a name wins) and run in it (the first error stops the render).
    rendered.sort_by(|(a, _), (b, _)| {
        let depth = |p: &str| p.matches('/').count();
        (depth(b), b.as_str()).cmp(&(depth(a), a.as_str()))
    });
    for (full, text) in &rendered {
        let trees =
            template::parse(full, text, &|f| funcs.contains_key(f)).map_err(RenderError::Parse)?;
        templates.add(trees);
    }
    let rendered: Vec<String> = rendered.into_iter().map(|(full, _)| full).collect();
    let chart = objects::chart(&metadata);
    let capabilities = objects::capabilities();
    let release = objects::release(&options.release_name, &options.namespace);
    let chart_files = objects::files(files);
    let mut manifests = Vec::new();
    let mut outputs: Vec<(String, String)> = Vec::new();
    for full in &rendered {
        let base = full.rsplit('/').next().unwrap_or(full);
        let mut top = Map::new();
        top.insert(
            "Values".to_owned(),
            Value::Map(values_map.clone(), MapType::Values),
        );
        top.insert("Release".to_owned(), release.clone());
        top.insert("Chart".to_owned(), chart.clone());
        top.insert("Capabilities".to_owned(), capabilities.clone());
        top.insert("Files".to_owned(), chart_files.clone());
        let mut template_info = Map::new();
        template_info.insert("Name".to_owned(), Value::str(full.as_str()));
        template_info.insert(
            "BasePath".to_owned(),
            Value::str(format!("{name}/templates")),
        );
        top.insert("Template".to_owned(), Value::map(template_info));
        let dot = Value::Map(Rc::new(top), MapType::Values);
        let mut out = String::new();
        template::execute(&templates, &funcs, &Parser, full, &dot, &mut out)
            .map_err(RenderError::Exec)?;
        if base.starts_with('_') || base == "NOTES.txt" {
            continue;
        }
        outputs.push((full.clone(), out.replace("<no value>", "")));
    }
    // Every template ran; the documents are read in the order of their paths.
    outputs.sort_by(|a, b| a.0.cmp(&b.0));
    for (full, out) in outputs {
        if out.trim().is_empty() {
            continue;
        }
        for document in split_manifests(&out) {
            let (kind, hook) = head(&document).map_err(|message| RenderError::Yaml {
                source: full.clone(),
                message,
            })?;
            manifests.push(Manifest {
                source: full.clone(),
                text: document,
                kind,
                hook,
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
    Ok(generic)
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
    let text = text.trim();
    let bytes = text.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let mut pieces = Vec::new();
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
        pieces.push(text.get(piece_start..start).unwrap_or_default());
        piece_start = end;
        search = end.max(start + 1);
        if search > bytes.len() {
            break;
        }
    }
    pieces.push(text.get(piece_start..).unwrap_or_default());
    pieces
        .into_iter()
        .filter(|p| !p.is_empty())
        .map(|p| p.trim().to_owned())
        .collect()
}

/// `Chart.yaml`'s checks (`Metadata.Validate`), in Helm's words.
fn validate_metadata(metadata: &Value) -> Result<(), RenderError> {
    let field = |key: &str| {
        metadata
            .as_map()
            .and_then(|m| m.get(key))
            .map(crate::funcs::sprig::strval)
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

/// A document's kind and whether it is a hook; what Helm says when the document is no mapping.
fn head(document: &str) -> Result<(String, bool), String> {
    let value = values::parse_yaml(document)
        .map_err(|e| format!("error converting YAML to JSON: yaml: {e}"))?;
    let json_type = match &value {
        Value::Nil | Value::Map(..) => None,
        Value::String(_) => Some("string"),
        Value::List(..) => Some("array"),
        Value::Bool(_) => Some("bool"),
        _ => Some("number"),
    };
    if let Some(json_type) = json_type {
        return Err(format!(
            "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal {json_type} into Go value of type util.SimpleHead"
        ));
    }
    let map = value.as_map();
    let kind = map
        .and_then(|m| m.get("kind"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
    let hook = map
        .and_then(|m| m.get("metadata"))
        .and_then(Value::as_map)
        .and_then(|m| m.get("annotations"))
        .and_then(Value::as_map)
        .is_some_and(|a| a.contains_key("helm.sh/hook"));
    Ok((kind, hook))
}
