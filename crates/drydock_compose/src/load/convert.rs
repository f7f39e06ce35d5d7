//! A YAML document made into the loader's tree, and the tree interpolated.
//!
//! `!reset` nodes are left out and their paths noted, `!override` nodes are kept and their paths
//! noted (both then replace what earlier files said there, rather than merge with it); merge
//! keys are already applied by the parser. Interpolation substitutes every string value and, at
//! the paths where compose-go casts the result (`services.*.privileged`, `…ports.[].target`, …),
//! turns it into the boolean or number the model expects, as the reference does, quoted or not.

use drydock_yaml::owned::{Entry, FileId, Node, Origin, Scalar, Value};
use drydock_yaml::{Document, NodeId, ScalarKind};

use super::{Fail, NODE_BUDGET, Result};
use crate::interpolate::{self, PathError};

/// Deeper than any Compose file; bounds recursion.
const MAX_DEPTH: usize = 128;

/// The tree of a document, and the paths its `!reset` / `!override` tags mark (keys; a list
/// item as `[index]`).
pub(super) fn document(
    document: &Document,
    root: NodeId,
    file: FileId,
) -> Result<(Node, Vec<Vec<String>>)> {
    let mut state = State {
        document,
        file,
        budget: NODE_BUDGET,
        resets: Vec::new(),
        path: Vec::new(),
    };
    let node = state.node(root, 0)?.unwrap_or_else(|| Node::null(None));
    Ok((node, state.resets))
}

struct State<'d> {
    document: &'d Document,
    file: FileId,
    budget: usize,
    resets: Vec<Vec<String>>,
    path: Vec<String>,
}

impl State<'_> {
    fn origin(&self, id: NodeId) -> Option<Origin> {
        Some(Origin {
            file: self.file,
            range: self.document.range(id),
        })
    }

    /// `None` for a `!reset` node (left out).
    fn node(&mut self, id: NodeId, depth: usize) -> Result<Option<Node>> {
        if self.budget == 0 || depth > MAX_DEPTH {
            return Err(Fail::new(
                format!("compose file exceeds maximum node visit limit ({NODE_BUDGET})"),
                self.origin(id),
            ));
        }
        self.budget -= 1;
        match self.document.local_tag(id) {
            Some("reset") => {
                self.resets.push(self.path.clone());
                return Ok(None);
            }
            Some("override") => self.resets.push(self.path.clone()),
            _ => {}
        }
        let origin = self.origin(id);
        let Some(yaml) = self.document.node(id) else {
            return Ok(Some(Node::null(origin)));
        };
        let value = match &yaml.value {
            drydock_yaml::Value::Scalar(scalar) => Value::Scalar(Scalar {
                text: scalar.value.clone(),
                kind: scalar.kind,
                style: scalar.style,
            }),
            drydock_yaml::Value::Mapping(entries) => {
                let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
                let mut index = std::collections::HashMap::with_capacity(entries.len());
                for entry in entries {
                    let key = match self.document.scalar(entry.key) {
                        Some(scalar) => scalar.value.clone(),
                        None => {
                            return Err(Fail::new(
                                "non-string key in a mapping",
                                self.origin(entry.key),
                            ));
                        }
                    };
                    self.path.push(key.clone());
                    let value = self.node(entry.value, depth + 1);
                    self.path.pop();
                    let Some(value) = value? else {
                        continue;
                    };
                    let key_origin = self.origin(entry.key);
                    match index.get(&key).and_then(|&at: &usize| out.get_mut(at)) {
                        Some(existing) => {
                            existing.value = value;
                            existing.key_origin = key_origin;
                        }
                        None => {
                            index.insert(key.clone(), out.len());
                            out.push(Entry {
                                key,
                                key_origin,
                                value,
                            });
                        }
                    }
                }
                Value::Map(out)
            }
            drydock_yaml::Value::Sequence(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (at, &item) in items.iter().enumerate() {
                    self.path.push(format!("[{at}]"));
                    let value = self.node(item, depth + 1);
                    self.path.pop();
                    if let Some(value) = value? {
                        out.push(value);
                    }
                }
                Value::Seq(out)
            }
        };
        Ok(Some(Node::new(value, origin)))
    }
}

/// What an interpolated string at a path becomes.
#[derive(Clone, Copy)]
enum Cast {
    Int,
    Float,
    Bool,
}

/// compose-go's `interpolateTypeCastMapping`, as patterns of keys (`*` any key, `[]` a list
/// item).
const CASTS: &[(&str, Cast)] = &[
    ("services.*.cpu_count", Cast::Int),
    ("services.*.cpu_percent", Cast::Float),
    ("services.*.cpu_period", Cast::Int),
    ("services.*.cpu_quota", Cast::Int),
    ("services.*.cpu_rt_period", Cast::Int),
    ("services.*.cpu_rt_runtime", Cast::Int),
    ("services.*.cpus", Cast::Float),
    ("services.*.cpu_shares", Cast::Int),
    ("services.*.init", Cast::Bool),
    ("services.*.depends_on.*.required", Cast::Bool),
    ("services.*.depends_on.*.restart", Cast::Bool),
    ("services.*.deploy.replicas", Cast::Int),
    ("services.*.deploy.update_config.parallelism", Cast::Int),
    (
        "services.*.deploy.update_config.max_failure_ratio",
        Cast::Float,
    ),
    ("services.*.deploy.rollback_config.parallelism", Cast::Int),
    (
        "services.*.deploy.rollback_config.max_failure_ratio",
        Cast::Float,
    ),
    ("services.*.deploy.restart_policy.max_attempts", Cast::Int),
    (
        "services.*.deploy.placement.max_replicas_per_node",
        Cast::Int,
    ),
    ("services.*.healthcheck.retries", Cast::Int),
    ("services.*.healthcheck.disable", Cast::Bool),
    ("services.*.oom_kill_disable", Cast::Bool),
    ("services.*.oom_score_adj", Cast::Int),
    ("services.*.pids_limit", Cast::Int),
    ("services.*.ports.[].target", Cast::Int),
    ("services.*.privileged", Cast::Bool),
    ("services.*.read_only", Cast::Bool),
    ("services.*.scale", Cast::Int),
    ("services.*.stdin_open", Cast::Bool),
    ("services.*.tty", Cast::Bool),
    ("services.*.ulimits.*", Cast::Int),
    ("services.*.ulimits.*.hard", Cast::Int),
    ("services.*.ulimits.*.soft", Cast::Int),
    ("services.*.volumes.[].read_only", Cast::Bool),
    ("services.*.volumes.[].volume.nocopy", Cast::Bool),
    ("networks.*.external", Cast::Bool),
    ("networks.*.internal", Cast::Bool),
    ("networks.*.attachable", Cast::Bool),
    ("networks.*.enable_ipv4", Cast::Bool),
    ("networks.*.enable_ipv6", Cast::Bool),
    ("volumes.*.external", Cast::Bool),
    ("secrets.*.external", Cast::Bool),
    ("configs.*.external", Cast::Bool),
];

/// Whether `path` (keys) matches `pattern` (dot-separated; `*` matches any one key).
pub(super) fn matches(path: &[String], pattern: &str) -> bool {
    // Most paths are deeper (or shallower) than the pattern: counted first, cheaply.
    if pattern.bytes().filter(|&b| b == b'.').count() + 1 != path.len() {
        return false;
    }
    let mut parts = pattern.split('.');
    for key in path {
        match parts.next() {
            Some("*") => {}
            Some(part) if part == key => {}
            _ => return false,
        }
    }
    parts.next().is_none()
}

/// Interpolates every string of `node` from `lookup`, casting where compose-go casts.
pub(super) fn interpolate(node: &mut Node, lookup: &dyn Fn(&str) -> Option<String>) -> Result<()> {
    let mut path = Vec::new();
    walk(node, &mut path, lookup, 0)
}

fn walk(
    node: &mut Node,
    path: &mut Vec<String>,
    lookup: &dyn Fn(&str) -> Option<String>,
    depth: usize,
) -> Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let origin = node.origin;
    match &mut node.value {
        Value::Scalar(scalar) => {
            if scalar.kind != ScalarKind::String {
                return Ok(());
            }
            let text = interpolate::substitute(&scalar.text, lookup).map_err(|error| {
                let error = PathError {
                    path: path.join("."),
                    range: origin.map(|o| o.range).unwrap_or_default(),
                    error,
                };
                Fail::new(error.to_string(), origin)
            })?;
            let cast = CASTS
                .iter()
                .find(|(pattern, _)| matches(path, pattern))
                .map(|(_, cast)| *cast);
            *scalar = match cast {
                None => Scalar {
                    text,
                    kind: ScalarKind::String,
                    style: scalar.style,
                },
                Some(cast) => cast_scalar(&text, cast, path).map_err(|m| Fail::new(m, origin))?,
            };
        }
        Value::Map(entries) => {
            for entry in entries {
                path.push(entry.key.clone());
                let result = walk(&mut entry.value, path, lookup, depth + 1);
                path.pop();
                result?;
            }
        }
        Value::Seq(items) => {
            for item in items {
                path.push("[]".to_owned());
                let result = walk(item, path, lookup, depth + 1);
                path.pop();
                result?;
            }
        }
    }
    Ok(())
}

fn cast_scalar(text: &str, cast: Cast, path: &[String]) -> std::result::Result<Scalar, String> {
    let failed = |why: String| format!("failed to cast to expected type: {why}");
    let _ = path;
    match cast {
        Cast::Int => text.parse::<i64>().map(Scalar::int).map_err(|_| {
            failed(format!(
                "strconv.Atoi: parsing {}: invalid syntax",
                crate::dotenv::go_quote(text)
            ))
        }),
        Cast::Float => match text.parse::<f64>() {
            Ok(value) if text.trim() == text && !text.is_empty() => Ok(Scalar {
                text: text.to_owned(),
                kind: ScalarKind::Float(value),
                style: drydock_yaml::ScalarStyle::Plain,
            }),
            _ => Err(failed(format!(
                "strconv.ParseFloat: parsing {}: invalid syntax",
                crate::dotenv::go_quote(text)
            ))),
        },
        Cast::Bool => match text.to_lowercase().as_str() {
            "true" | "y" | "yes" | "on" => Ok(Scalar::bool(true)),
            "false" | "n" | "no" | "off" => Ok(Scalar::bool(false)),
            _ => Err(failed(format!("invalid boolean: {text}"))),
        },
    }
}
