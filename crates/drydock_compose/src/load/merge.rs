//! Merging a file over the model of the files before it, with Compose's rules (compose-go's
//! `override` package): mappings merge key by key, lists append, scalars are replaced; and the
//! exceptions, by path: `command`, `entrypoint` and `healthcheck.test` are replaced whole;
//! `environment`, `labels` and the like merge as `KEY=VALUE` lists; `depends_on` and `networks`
//! as mappings whatever their syntax; `build` given as a string is its `context`; `logging`
//! options only merge for the same driver; `extra_hosts` drop the duplicates. Then lists whose
//! items are keyed (ports, volumes, secrets, `KEY=VALUE` items…) keep one item per key, the last.

use std::collections::HashMap;

use drydock_yaml::ScalarKind;
use drydock_yaml::owned::{Entry, Node, Scalar, Value};

use super::convert::matches;
use super::{Fail, Result};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Special {
    ToSequence,
    Override,
    Build,
    DependsOn,
    ToMapping,
    ExtraHosts,
    Logging,
    Ulimit,
    IpamConfig,
}

const SPECIALS: &[(&str, Special)] = &[
    ("networks.*.ipam.config", Special::IpamConfig),
    ("networks.*.labels", Special::ToSequence),
    ("volumes.*.labels", Special::ToSequence),
    ("services.*.annotations", Special::ToSequence),
    ("services.*.build", Special::Build),
    ("services.*.build.args", Special::ToSequence),
    ("services.*.build.additional_contexts", Special::ToSequence),
    ("services.*.build.extra_hosts", Special::ExtraHosts),
    ("services.*.build.labels", Special::ToSequence),
    ("services.*.command", Special::Override),
    ("services.*.depends_on", Special::DependsOn),
    ("services.*.deploy.labels", Special::ToSequence),
    ("services.*.dns", Special::ToSequence),
    ("services.*.dns_opt", Special::ToSequence),
    ("services.*.dns_search", Special::ToSequence),
    ("services.*.entrypoint", Special::Override),
    ("services.*.env_file", Special::ToSequence),
    ("services.*.label_file", Special::ToSequence),
    ("services.*.environment", Special::ToSequence),
    ("services.*.extra_hosts", Special::ExtraHosts),
    ("services.*.healthcheck.test", Special::Override),
    ("services.*.labels", Special::ToSequence),
    ("services.*.volumes.*.volume.labels", Special::ToSequence),
    ("services.*.logging", Special::Logging),
    ("services.*.models", Special::ToMapping),
    ("services.*.networks", Special::ToMapping),
    ("services.*.sysctls", Special::ToSequence),
    ("services.*.tmpfs", Special::ToSequence),
    ("services.*.ulimits.*", Special::Ulimit),
];

/// Removes from `dict` what the paths of `resets` name (a file's `!reset` and `!override`).
pub(super) fn apply_resets(dict: &mut Node, resets: &[Vec<String>]) {
    for path in resets {
        remove_path(dict, path);
    }
}

/// [`apply_resets`] for a node that sits at `prefix` in the model.
pub(super) fn apply_resets_under(node: &mut Node, prefix: &[String], resets: &[Vec<String>]) {
    for path in resets {
        if let Some(rest) = path.strip_prefix(prefix)
            && !rest.is_empty()
        {
            remove_path(node, rest);
        }
    }
}

fn remove_path(node: &mut Node, path: &[String]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut at = node;
    for key in parents {
        match at.get_mut(key) {
            Some(next) => at = next,
            None => return,
        }
    }
    at.remove(last);
}

/// Merges `other` over `base` (both models of whole files).
pub(super) fn merge(base: &mut Node, other: Node, path: &mut Vec<String>) -> Result<()> {
    merge_at(base, other, path)
}

/// `MergeYaml` at `path`: `other` merged over `base`, in place.
pub(crate) fn merge_at(base: &mut Node, other: Node, path: &mut Vec<String>) -> Result<()> {
    if let Some(special) = SPECIALS
        .iter()
        .find(|(pattern, _)| matches(path, pattern))
        .map(|(_, special)| *special)
    {
        return merge_special(base, other, special, path);
    }
    if other.is_null() {
        return Ok(());
    }
    match (&mut base.value, other.value) {
        (Value::Map(_), Value::Map(entries)) => merge_mappings(base, entries, path),
        (Value::Map(_), _) | (Value::Seq(_), Value::Map(_) | Value::Scalar(_)) => Err(Fail::new(
            format!("cannot override {}", path.join(".")),
            other.origin,
        )),
        (Value::Seq(items), Value::Seq(more)) => {
            items.extend(more);
            Ok(())
        }
        (_, value) => {
            *base = Node::new(value, other.origin);
            Ok(())
        }
    }
}

fn merge_mappings(base: &mut Node, entries: Vec<Entry>, path: &mut Vec<String>) -> Result<()> {
    let Some(map) = base.entries_mut() else {
        return Ok(());
    };
    // Where each key of `base` is: a large mapping stays linear to merge.
    let mut index: HashMap<String, usize> = map
        .iter()
        .enumerate()
        .map(|(at, entry)| (entry.key.clone(), at))
        .collect();
    for entry in entries {
        let Some(existing) = index.get(&entry.key).and_then(|&at| map.get_mut(at)) else {
            index.insert(entry.key.clone(), map.len());
            map.push(entry);
            continue;
        };
        path.push(entry.key.clone());
        let result = merge_at(&mut existing.value, entry.value, path);
        path.pop();
        result?;
    }
    Ok(())
}

/// A mapping of `entries` (a key given twice: the last value, at the first place), built in
/// linear time.
pub(crate) fn mapping(
    entries: Vec<(String, Node)>,
    origin: Option<drydock_yaml::owned::Origin>,
) -> Node {
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut index: HashMap<String, usize> = HashMap::with_capacity(entries.len());
    for (key, value) in entries {
        match index.get(&key).and_then(|&at| out.get_mut(at)) {
            Some(slot) => slot.value = value,
            None => {
                index.insert(key.clone(), out.len());
                out.push(Entry {
                    key_origin: value.origin,
                    key,
                    value,
                });
            }
        }
    }
    Node::new(Value::Map(out), origin)
}

fn merge_special(
    base: &mut Node,
    other: Node,
    special: Special,
    path: &mut Vec<String>,
) -> Result<()> {
    match special {
        Special::Override => {
            *base = other;
            Ok(())
        }
        Special::ToSequence => {
            let origin = base.origin.or(other.origin);
            let mut items = into_sequence(std::mem::replace(base, Node::null(None)));
            items.extend(into_sequence(other));
            *base = Node::seq(items, origin);
            Ok(())
        }
        Special::ExtraHosts => {
            let origin = base.origin.or(other.origin);
            let mut items = into_sequence(std::mem::replace(base, Node::null(None)));
            for item in into_sequence(other) {
                if !items.iter().any(|existing| existing.same_value(&item)) {
                    items.push(item);
                }
            }
            *base = Node::seq(items, origin);
            Ok(())
        }
        Special::Build => {
            let to_build = |node: Node| -> Node {
                match &node.value {
                    Value::Scalar(scalar) if scalar.kind == ScalarKind::String => {
                        let origin = node.origin;
                        let mut map = Node::map(origin);
                        map.set("context", node);
                        map
                    }
                    _ => node,
                }
            };
            *base = to_build(std::mem::replace(base, Node::null(None)));
            let other = to_build(other);
            match other.value {
                Value::Map(entries) if base.is_map() => merge_mappings(base, entries, path),
                value => {
                    if !matches!(value, Value::Scalar(ref s) if s.is_null()) {
                        *base = Node::new(value, other.origin);
                    }
                    Ok(())
                }
            }
        }
        Special::DependsOn | Special::ToMapping => {
            let defaults = special == Special::DependsOn;
            *base = into_mapping(std::mem::replace(base, Node::null(None)), defaults);
            let other = into_mapping(other, defaults);
            match other.value {
                Value::Map(entries) if base.is_map() => merge_mappings(base, entries, path),
                Value::Map(entries) => {
                    *base = Node::new(Value::Map(entries), other.origin);
                    Ok(())
                }
                _ => Ok(()),
            }
        }
        Special::Logging => {
            let same_driver = match (base.get("driver"), other.get("driver")) {
                (Some(a), Some(b)) => a.same_value(b),
                _ => true,
            };
            match other.value {
                Value::Map(entries) if same_driver && base.is_map() => {
                    merge_mappings(base, entries, path)
                }
                value => {
                    *base = Node::new(value, other.origin);
                    Ok(())
                }
            }
        }
        Special::Ulimit => {
            // compose-go merges the override with itself: the override wins whole.
            *base = other;
            Ok(())
        }
        Special::IpamConfig => {
            let (Some(configs), Some(overrides)) = (base.items(), other.items()) else {
                return Err(Fail::new(
                    format!("{}: unexpected type", path.join(".")),
                    other.origin,
                ));
            };
            let subnet = |node: &Node| node.get("subnet").cloned();
            let same = |a: &Option<Node>, b: &Option<Node>| match (a, b) {
                (Some(a), Some(b)) => a.same_value(b),
                (None, None) => true,
                _ => false,
            };
            let mut merged: Vec<Node> = Vec::new();
            for original in configs {
                for over in overrides {
                    if !same(&subnet(over), &subnet(original))
                        && !merged.iter().any(|m| same(&subnet(m), &subnet(over)))
                    {
                        merged.push(over.clone());
                        continue;
                    }
                    let mut right = original.clone();
                    if let Value::Map(entries) = over.value.clone()
                        && right.is_map()
                    {
                        merge_mappings(&mut right, entries, path)?;
                    }
                    match merged
                        .iter_mut()
                        .find(|m| same(&subnet(m), &subnet(&right)))
                    {
                        Some(slot) => *slot = right,
                        None => merged.push(right),
                    }
                }
            }
            *base = Node::seq(merged, base.origin);
            Ok(())
        }
    }
}

/// compose-go's `convertIntoSequence`: a mapping becomes sorted `KEY=VALUE` items (a null value:
/// `KEY`; a list value: one item per element), a string one item, a list stays.
fn into_sequence(node: Node) -> Vec<Node> {
    let origin = node.origin;
    match node.value {
        Value::Map(entries) => {
            let mut out: Vec<Node> = Vec::new();
            for entry in entries {
                let key_origin = entry.key_origin.or(entry.value.origin);
                match entry.value.value {
                    Value::Scalar(ref scalar) if scalar.is_null() => {
                        out.push(Node::string(entry.key, key_origin));
                    }
                    Value::Seq(items) => {
                        for item in items {
                            let text = go_sprint(&item);
                            out.push(Node::string(format!("{}={text}", entry.key), item.origin));
                        }
                    }
                    _ => {
                        let text = go_sprint(&entry.value);
                        out.push(Node::string(
                            format!("{}={text}", entry.key),
                            entry.value.origin.or(key_origin),
                        ));
                    }
                }
            }
            out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
            out
        }
        Value::Seq(items) => items,
        Value::Scalar(scalar) if scalar.kind == ScalarKind::String => {
            vec![Node::scalar(scalar, origin)]
        }
        Value::Scalar(_) => Vec::new(),
    }
}

/// A value as Go's `%v` prints it (scalars as written; `true`, numbers as resolved).
pub(crate) fn go_sprint(node: &Node) -> String {
    match &node.value {
        Value::Scalar(scalar) => match scalar.kind {
            ScalarKind::Null => "<nil>".to_owned(),
            ScalarKind::Bool(b) => b.to_string(),
            ScalarKind::Int(n) => n.to_string(),
            ScalarKind::Float(f) => go_float(f),
            ScalarKind::String => scalar.text.clone(),
        },
        Value::Seq(items) => {
            let inner: Vec<String> = items.iter().map(go_sprint).collect();
            format!("[{}]", inner.join(" "))
        }
        Value::Map(entries) => {
            let mut inner: Vec<String> = entries
                .iter()
                .map(|entry| format!("{}:{}", entry.key, go_sprint(&entry.value)))
                .collect();
            inner.sort();
            format!("map[{}]", inner.join(" "))
        }
    }
}

/// A float as Go's `%v` prints it (`strconv.FormatFloat(f, 'g', -1, 64)`).
pub(crate) fn go_float(f: f64) -> String {
    if f.is_infinite() {
        return if f > 0.0 { "+Inf" } else { "-Inf" }.to_owned();
    }
    if f.is_nan() {
        return "NaN".to_owned();
    }
    let exponent = if f == 0.0 {
        0
    } else {
        f.abs().log10().floor() as i64
    };
    if (-4..21).contains(&exponent) {
        let text = format!("{f}");
        text
    } else {
        let text = format!("{f:e}");
        // Rust writes `1e21`, Go `1e+21`.
        match text.split_once('e') {
            Some((mantissa, exp)) => {
                let (sign, digits) = match exp.strip_prefix('-') {
                    Some(d) => ("-", d),
                    None => ("+", exp),
                };
                format!("{mantissa}e{sign}{digits:0>2}")
            }
            None => text,
        }
    }
}

/// compose-go's `convertIntoMapping`: a list of names becomes a mapping of those names (to
/// `{condition: service_started, required: true}` for `depends_on`, else to null).
fn into_mapping(node: Node, depends_on: bool) -> Node {
    let origin = node.origin;
    match node.value {
        Value::Seq(items) => {
            let mut entries = Vec::with_capacity(items.len());
            for item in items {
                let key = match item.as_scalar() {
                    Some(scalar) => scalar.text.clone(),
                    None => continue,
                };
                let value = if depends_on {
                    let mut d = Node::map(item.origin);
                    d.set("condition", Node::string("service_started", item.origin));
                    d.set("required", Node::scalar(Scalar::bool(true), item.origin));
                    d
                } else {
                    Node::null(item.origin)
                };
                entries.push((key, value));
            }
            mapping(entries, origin)
        }
        value => Node::new(value, origin),
    }
}

/// compose-go's `importResources`: an included model's services, volumes, networks, secrets and
/// configs added to `target`; a name `target` defines too is merged, `target`'s over the
/// included one.
pub(super) fn import_resources(
    target: &mut Node,
    source: Node,
    resets: &[Vec<String>],
) -> Result<()> {
    let Value::Map(entries) = source.value else {
        return Ok(());
    };
    for entry in entries {
        let key = entry.key.as_str();
        if !matches!(
            key,
            "services" | "volumes" | "networks" | "secrets" | "configs" | "models"
        ) {
            continue;
        }
        let Value::Map(from) = entry.value.value else {
            continue;
        };
        if target.get(key).is_none_or(|node| !node.is_map()) {
            target.set(key, Node::map(entry.value.origin));
        }
        let Some(to) = target.get_mut(key) else {
            continue;
        };
        for item in from {
            match to.remove(&item.key) {
                None => {
                    if let Some(map) = to.entries_mut() {
                        map.push(item);
                    }
                }
                Some(local) => {
                    let mut imported = item.value;
                    let prefix = [key.to_owned(), item.key.clone()];
                    apply_resets_under(&mut imported, &prefix, resets);
                    let mut path = prefix.to_vec();
                    merge_at(&mut imported, local, &mut path)?;
                    to.set(&item.key, imported);
                }
            }
        }
    }
    Ok(())
}

/// How a list at a path is keyed, for [`enforce_unicity`].
#[derive(Clone, Copy)]
enum Index {
    KeyValue,
    Volume,
    Device,
    Mount(&'static str),
    Expose,
    Port,
    EnvFile,
}

const UNIQUE: &[(&str, Index)] = &[
    ("networks.*.labels", Index::KeyValue),
    ("networks.*.ipam.options", Index::KeyValue),
    ("services.*.annotations", Index::KeyValue),
    ("services.*.build.args", Index::KeyValue),
    ("services.*.build.additional_contexts", Index::KeyValue),
    ("services.*.build.platform", Index::KeyValue),
    ("services.*.build.tags", Index::KeyValue),
    ("services.*.build.labels", Index::KeyValue),
    ("services.*.cap_add", Index::KeyValue),
    ("services.*.cap_drop", Index::KeyValue),
    ("services.*.configs", Index::Mount("")),
    ("services.*.deploy.labels", Index::KeyValue),
    ("services.*.dns", Index::KeyValue),
    ("services.*.dns_opt", Index::KeyValue),
    ("services.*.dns_search", Index::KeyValue),
    ("services.*.environment", Index::KeyValue),
    ("services.*.env_file", Index::EnvFile),
    ("services.*.expose", Index::Expose),
    ("services.*.labels", Index::KeyValue),
    ("services.*.links", Index::KeyValue),
    ("services.*.networks.*.aliases", Index::KeyValue),
    ("services.*.networks.*.link_local_ips", Index::KeyValue),
    ("services.*.ports", Index::Port),
    ("services.*.profiles", Index::KeyValue),
    ("services.*.secrets", Index::Mount("/run/secrets")),
    ("services.*.sysctls", Index::KeyValue),
    ("services.*.tmpfs", Index::KeyValue),
    ("services.*.volumes", Index::Volume),
    ("services.*.devices", Index::Device),
];

/// compose-go's `EnforceUnicity`: in the keyed lists, one item per key (the last one, at the
/// place of the first).
pub(super) fn enforce_unicity(dict: &mut Node) -> Result<()> {
    let mut path = Vec::new();
    unicity(dict, &mut path, 0)
}

fn unicity(node: &mut Node, path: &mut Vec<String>, depth: usize) -> Result<()> {
    if depth > 64 {
        return Ok(());
    }
    match &mut node.value {
        Value::Map(entries) => {
            for entry in entries {
                path.push(entry.key.clone());
                let result = unicity(&mut entry.value, path, depth + 1);
                path.pop();
                result?;
            }
        }
        Value::Seq(items) => {
            let Some(index) = UNIQUE
                .iter()
                .find(|(pattern, _)| matches(path, pattern))
                .map(|(_, index)| *index)
            else {
                return Ok(());
            };
            let mut out: Vec<Node> = Vec::with_capacity(items.len());
            let mut keys: HashMap<String, usize> = HashMap::new();
            for (at, item) in std::mem::take(items).into_iter().enumerate() {
                path.push(format!("[{at}]"));
                let key = key_of(&item, index, path);
                path.pop();
                let key = key?;
                match keys.get(&key).and_then(|&at| out.get_mut(at)) {
                    Some(slot) => *slot = item,
                    None => {
                        keys.insert(key, out.len());
                        out.push(item);
                    }
                }
            }
            *items = out;
        }
        Value::Scalar(_) => {}
    }
    Ok(())
}

fn key_of(item: &Node, index: Index, path: &[String]) -> Result<String> {
    let unexpected = || Fail::new(format!("{}: unexpected type", path.join(".")), item.origin);
    let text = item.as_scalar().map(|s| s.text.clone());
    Ok(match index {
        Index::KeyValue => {
            let text = match item.as_scalar() {
                Some(scalar) if scalar.kind == ScalarKind::String => scalar.text.clone(),
                _ => return Err(unexpected()),
            };
            text.split_once('=')
                .map_or(text.clone(), |(k, _)| k.to_owned())
        }
        Index::Volume => match &item.value {
            Value::Map(_) => match item.get_str("target") {
                Some(target) => target.to_owned(),
                None => {
                    return Err(Fail::new(
                        format!(
                            "service volume {} is missing a mount target",
                            path.join(".")
                        ),
                        item.origin,
                    ));
                }
            },
            Value::Scalar(_) => match text {
                Some(text) => {
                    crate::load::canonical::parse_volume(&text)
                        .map_err(|message| Fail::new(message, item.origin))?
                        .target
                }
                None => String::new(),
            },
            Value::Seq(_) => String::new(),
        },
        Index::Device => match &item.value {
            Value::Map(_) => item.get_str("target").unwrap_or_default().to_owned(),
            _ => {
                let text = text.unwrap_or_default();
                let parts: Vec<&str> = text.split(':').collect();
                parts
                    .get(1)
                    .or(parts.first())
                    .map(|s| (*s).to_owned())
                    .unwrap_or_default()
            }
        },
        Index::Mount(prefix) => match &item.value {
            Value::Map(_) => match item.get("target") {
                Some(target) => go_sprint(target),
                None => format!(
                    "{prefix}/{}",
                    item.get("source").map(go_sprint).unwrap_or_default()
                ),
            },
            _ => format!("{prefix}/{}", text.unwrap_or_default()),
        },
        Index::Expose => text.ok_or_else(unexpected)?,
        Index::Port => match &item.value {
            Value::Map(_) => {
                let Some(target) = item.get("target").map(go_sprint) else {
                    return Err(Fail::new(
                        format!("service ports {} is missing a target port", path.join(".")),
                        item.origin,
                    ));
                };
                let published = item
                    .get("published")
                    .map(go_sprint)
                    .unwrap_or_else(|| "%!s(<nil>)".to_owned());
                let host = item
                    .get("host_ip")
                    .map(go_sprint)
                    .unwrap_or_else(|| "0.0.0.0".to_owned());
                let protocol = item
                    .get("protocol")
                    .map(go_sprint)
                    .unwrap_or_else(|| "tcp".to_owned());
                format!("{host}:{published}:{target}/{protocol}")
            }
            _ => text.unwrap_or_default(),
        },
        Index::EnvFile => match &item.value {
            Value::Map(_) => match item.get("path") {
                Some(path) => go_sprint(path),
                None => {
                    return Err(Fail::new(
                        format!("environment path attribute {} is missing", path.join(".")),
                        item.origin,
                    ));
                }
            },
            _ => text.unwrap_or_default(),
        },
    })
}
