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

/// Helm's wording of an execution error: `fail`/`required` as an "execution error at", a
/// function's error in Go's words, others in Helm v4's three-line form.
fn exec_message(error: &ExecError) -> String {
    let Some(at) = &error.location else {
        return error.to_string();
    };
    let location = format!("{}:{}:{}", at.file, at.line, at.column);
    if error.from_template {
        return format!("execution error at ({location}): {}", error.message);
    }
    if error.message.starts_with("error calling ") {
        return error.to_string();
    }
    format!(
        "{location}\n  executing {} at <{}>:\n    {}",
        template::fmt::quote(&error.name),
        at.context,
        error.message
    )
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
    let name = metadata
        .as_map()
        .and_then(|m| m.get("name"))
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_owned();
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
    let mut rendered: Vec<String> = Vec::new();
    for (path, text) in files {
        let Some(rest) = path.strip_prefix("templates/") else {
            continue;
        };
        let full = format!("{name}/templates/{rest}");
        let trees =
            template::parse(&full, text, &|f| funcs.contains_key(f)).map_err(RenderError::Parse)?;
        templates.add(trees);
        rendered.push(full);
    }
    let chart = objects::chart(&metadata);
    let capabilities = objects::capabilities();
    let release = objects::release(&options.release_name, &options.namespace);
    let chart_files = objects::files(files);
    let mut manifests = Vec::new();
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
        let out = out.replace("<no value>", "");
        for document in split_manifests(&out) {
            let (kind, hook) = head(&document);
            manifests.push(Manifest {
                source: full.clone(),
                text: document,
                kind,
                hook,
            });
        }
    }
    let rank = |kind: &str| INSTALL_ORDER.iter().position(|k| *k == kind);
    let (hooks, mut generic): (Vec<Manifest>, Vec<Manifest>) =
        manifests.into_iter().partition(|m| m.hook);
    generic.sort_by(|a, b| match (rank(&a.kind), rank(&b.kind)) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.kind.cmp(&b.kind),
    });
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

/// Helm's `SplitManifests`: documents split on `---` lines (a regular expression, not YAML),
/// each trimmed, empty ones dropped.
pub fn split_manifests(text: &str) -> Vec<String> {
    let text = text.trim();
    let mut out = Vec::new();
    let mut rest = text;
    // `(?:^|\s*\n)---\s*`
    loop {
        let found = find_separator(rest);
        let (document, next) = match found {
            Some((start, end)) => (&rest[..start], Some(&rest[end..])),
            None => (rest, None),
        };
        if !document.is_empty() {
            let trimmed = document.trim();
            out.push(trimmed.to_owned());
        }
        match next {
            Some(next) => rest = next,
            None => break,
        }
    }
    out.retain(|d| !d.is_empty());
    out
}

/// The first match of `(?:^|\s*\n)---\s*` in `text`: its start and end.
fn find_separator(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let is_space = |b: u8| matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0b' | b'\x0c');
    let mut at = 0;
    while at < bytes.len() {
        // `---` at the start, or after a newline.
        let starts = if at == 0 {
            text.starts_with("---").then_some(0)
        } else if bytes.get(at) == Some(&b'\n')
            && text.get(at + 1..).is_some_and(|r| r.starts_with("---"))
        {
            // Spaces before the newline are part of the match.
            let mut start = at;
            while start > 0 && bytes.get(start - 1).copied().is_some_and(is_space) {
                start -= 1;
            }
            Some(start)
        } else {
            None
        };
        if let Some(start) = starts {
            let mut end = if at == 0 { 3 } else { at + 4 };
            while bytes.get(end).copied().is_some_and(is_space) {
                end += 1;
            }
            return Some((start, end));
        }
        at += 1;
    }
    None
}

/// A document's kind and whether it is a hook.
fn head(document: &str) -> (String, bool) {
    let Ok(value) = values::parse_yaml(document) else {
        return (String::new(), false);
    };
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
    (kind, hook)
}
