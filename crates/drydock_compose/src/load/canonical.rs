//! The model made canonical, as compose-go's `transform`, `paths` and `Normalize` make it: short
//! syntaxes become long ones (ports, volumes, `depends_on`, `env_file`, secrets, devices…),
//! defaults are filled in (a port's protocol, a secret's target, a bind's `create_host_path`),
//! relative paths become absolute, variables named without a value take the project's, the
//! default network appears, resources get their names, and `links`, `volumes_from` and
//! `service:` namespaces become dependencies.

use std::collections::BTreeMap;

use drydock_yaml::ScalarKind;
use drydock_yaml::owned::{Node, Origin, Scalar, Value};

use super::convert::matches;
use super::merge::{go_sprint, mapping};
use super::ports::parse_port_spec;
use super::{Fail, Result, clean, join};

/// Bounds recursion over the model.
const MAX_DEPTH: usize = 64;

fn string(text: impl Into<String>, origin: Option<Origin>) -> Node {
    Node::string(text, origin)
}

fn boolean(value: bool, origin: Option<Origin>) -> Node {
    Node::scalar(Scalar::bool(value), origin)
}

fn is_string(node: &Node) -> bool {
    node.as_scalar()
        .is_some_and(|s| s.kind == ScalarKind::String)
}

/// compose-go's `transform.Canonical`.
pub(super) fn canonical(dict: &mut Node) -> Result<()> {
    let mut path = Vec::new();
    transform(dict, &mut path, 0)
}

#[derive(Clone, Copy)]
enum Transform {
    Recurse,
    FileMount,
    StringOrX,
    KeyValue,
    DependsOn,
    EnvFile,
    StringOrList,
    Extends,
    Gpus,
    StringSliceToMap,
    VolumeMount,
    Device,
    Ports,
    Build,
    Ssh,
    Ulimits,
    MaybeExternal,
    Include,
}

const TRANSFORMS: &[(&str, Transform)] = &[
    ("services.*", Transform::Recurse),
    ("services.*.build.secrets.*", Transform::FileMount),
    ("services.*.build.provenance", Transform::StringOrX),
    ("services.*.build.sbom", Transform::StringOrX),
    ("services.*.build.additional_contexts", Transform::KeyValue),
    ("services.*.depends_on", Transform::DependsOn),
    ("services.*.env_file", Transform::EnvFile),
    ("services.*.label_file", Transform::StringOrList),
    ("services.*.extends", Transform::Extends),
    ("services.*.gpus", Transform::Gpus),
    ("services.*.networks", Transform::StringSliceToMap),
    ("services.*.models", Transform::StringSliceToMap),
    ("services.*.volumes.*", Transform::VolumeMount),
    ("services.*.dns", Transform::StringOrList),
    ("services.*.devices.*", Transform::Device),
    ("services.*.secrets.*", Transform::FileMount),
    ("services.*.configs.*", Transform::FileMount),
    ("services.*.ports", Transform::Ports),
    ("services.*.build", Transform::Build),
    ("services.*.build.ssh", Transform::Ssh),
    ("services.*.ulimits.*", Transform::Ulimits),
    ("services.*.build.ulimits.*", Transform::Ulimits),
    ("services.*.develop.watch.*.ignore", Transform::StringOrList),
    (
        "services.*.develop.watch.*.include",
        Transform::StringOrList,
    ),
    ("volumes.*", Transform::MaybeExternal),
    ("networks.*", Transform::MaybeExternal),
    ("secrets.*", Transform::MaybeExternal),
    ("configs.*", Transform::MaybeExternal),
    ("include.*", Transform::Include),
];

fn children(node: &mut Node, path: &mut Vec<String>, depth: usize) -> Result<()> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    match &mut node.value {
        Value::Map(entries) => {
            for entry in entries {
                path.push(entry.key.clone());
                let result = transform(&mut entry.value, path, depth + 1);
                path.pop();
                result?;
            }
        }
        Value::Seq(items) => {
            for item in items {
                path.push("[]".to_owned());
                let result = transform(item, path, depth + 1);
                path.pop();
                result?;
            }
        }
        Value::Scalar(_) => {}
    }
    Ok(())
}

fn transform(node: &mut Node, path: &mut Vec<String>, depth: usize) -> Result<()> {
    let Some(kind) = TRANSFORMS
        .iter()
        .find(|(pattern, _)| matches(path, pattern))
        .map(|(_, kind)| *kind)
    else {
        return children(node, path, depth);
    };
    let origin = node.origin;
    let invalid = |what: &str| {
        Fail::new(
            format!("{}: invalid type for {what}", path.join(".")),
            origin,
        )
    };
    match kind {
        Transform::Recurse => children(node, path, depth)?,
        Transform::FileMount => {
            if is_string(node) {
                let mut map = Node::map(origin);
                map.set("source", node.clone());
                *node = map;
            } else if !node.is_map() {
                return Err(Fail::new(
                    format!("{}: unsupported type", path.join(".")),
                    origin,
                ));
            }
        }
        Transform::StringOrX => {
            if !is_string(node) {
                *node = string(go_sprint(node), origin);
            }
        }
        Transform::KeyValue => {
            if let Some(items) = node.items() {
                let mut map = Vec::with_capacity(items.len());
                for item in items {
                    let text = item.as_scalar().map(|s| s.text.clone()).unwrap_or_default();
                    let Some((key, value)) = text.split_once('=') else {
                        return Err(Fail::new(
                            format!(
                                "{}: invalid value {text}, expected key=value",
                                path.join(".")
                            ),
                            item.origin,
                        ));
                    };
                    map.push((key.to_owned(), string(value, item.origin)));
                }
                *node = mapping(map, origin);
            } else if !node.is_map() {
                return Err(invalid("key=value"));
            }
        }
        Transform::DependsOn => match &mut node.value {
            Value::Map(entries) => {
                for entry in entries {
                    let service = &mut entry.value;
                    if !service.is_map() {
                        return Err(Fail::new(
                            format!("{}.{}: unsupported value", path.join("."), entry.key),
                            service.origin,
                        ));
                    }
                    let at = service.origin;
                    if service.get("condition").is_none() {
                        service.set("condition", string("service_started", at));
                    }
                    if service.get("required").is_none() {
                        service.set("required", boolean(true, at));
                    }
                }
            }
            Value::Seq(items) => {
                let mut map = Vec::with_capacity(items.len());
                for item in items.iter() {
                    let Some(name) = item.as_scalar().map(|s| s.text.clone()) else {
                        continue;
                    };
                    let mut d = Node::map(item.origin);
                    d.set("condition", string("service_started", item.origin));
                    d.set("required", boolean(true, item.origin));
                    map.push((name, d));
                }
                *node = mapping(map, origin);
            }
            Value::Scalar(_) => return Err(invalid("depend_on")),
        },
        Transform::EnvFile => {
            let one = |item: &Node| -> Node {
                if is_string(item) {
                    let mut map = Node::map(item.origin);
                    map.set("path", item.clone());
                    map.set("required", boolean(true, item.origin));
                    map
                } else {
                    let mut map = item.clone();
                    if map.is_map() && map.get("required").is_none() {
                        map.set("required", boolean(true, item.origin));
                    }
                    map
                }
            };
            if is_string(node) {
                *node = Node::seq(vec![one(node)], origin);
            } else if let Some(items) = node.items_mut() {
                for item in items.iter_mut() {
                    *item = one(item);
                }
            } else {
                return Err(invalid("env_file"));
            }
        }
        Transform::StringOrList => {
            if is_string(node) {
                *node = Node::seq(vec![node.clone()], origin);
            }
        }
        Transform::Extends => {
            if is_string(node) {
                let mut map = Node::map(origin);
                map.set("service", node.clone());
                *node = map;
            } else if node.is_map() {
                children(node, path, depth)?;
            } else {
                return Err(invalid("extends"));
            }
        }
        Transform::Gpus => {
            if is_string(node) {
                let mut map = Node::map(origin);
                map.set("count", string("all", origin));
                *node = Node::seq(vec![map], origin);
            } else if node.is_seq() {
                children(node, path, depth)?;
            } else {
                return Err(invalid("gpus"));
            }
        }
        Transform::StringSliceToMap => {
            if let Some(items) = node.items() {
                let map = items
                    .iter()
                    .filter_map(|item| {
                        Some((item.as_scalar()?.text.clone(), Node::null(item.origin)))
                    })
                    .collect();
                *node = mapping(map, origin);
            }
        }
        Transform::VolumeMount => {
            if let Some(text) = node.as_scalar().filter(|s| s.kind == ScalarKind::String) {
                let volume =
                    parse_volume(&text.text).map_err(|message| Fail::new(message, origin))?;
                *node = volume.to_node(origin);
            } else if !node.is_map() {
                return Err(invalid("service volume mount"));
            }
        }
        Transform::Device => {
            if let Some(text) = node.as_scalar().filter(|s| s.kind == ScalarKind::String) {
                let parts: Vec<&str> = text.text.split(':').collect();
                let (source, mut target, permissions) = match parts.as_slice() {
                    [source] => (*source, "", "rwm"),
                    [source, target] => (*source, *target, "rwm"),
                    [source, target, permissions] => (*source, *target, *permissions),
                    _ => {
                        return Err(Fail::new(
                            format!(
                                "confusing device mapping, please use long syntax: {}",
                                text.text
                            ),
                            origin,
                        ));
                    }
                };
                if target.is_empty() {
                    target = source;
                }
                let mut map = Node::map(origin);
                map.set("source", string(source, origin));
                map.set("target", string(target, origin));
                map.set("permissions", string(permissions, origin));
                *node = map;
            } else if !node.is_map() {
                return Err(invalid("service volume mount"));
            }
        }
        Transform::Ports => {
            let Some(items) = node.items() else {
                return Err(invalid("port"));
            };
            let mut out = Vec::new();
            for item in items {
                match &item.value {
                    Value::Map(_) => out.push(item.clone()),
                    Value::Scalar(scalar)
                        if matches!(scalar.kind, ScalarKind::Int(_) | ScalarKind::String) =>
                    {
                        let ports = parse_port_spec(&scalar.text)
                            .map_err(|message| Fail::new(message, item.origin))?;
                        for port in ports {
                            let at = item.origin;
                            let mut map = Node::map(at);
                            map.set("mode", string("ingress", at));
                            if !port.host_ip.is_empty() {
                                map.set("host_ip", string(port.host_ip, at));
                            }
                            if port.target != 0 {
                                map.set(
                                    "target",
                                    Node::scalar(Scalar::int(i64::from(port.target)), at),
                                );
                            }
                            if !port.published.is_empty() {
                                map.set("published", string(port.published, at));
                            }
                            map.set("protocol", string(port.protocol, at));
                            out.push(map);
                        }
                    }
                    _ => {
                        return Err(Fail::new(
                            format!("{}: invalid type for port", path.join(".")),
                            item.origin,
                        ));
                    }
                }
            }
            *node = Node::seq(out, origin);
        }
        Transform::Build => {
            if is_string(node) {
                let mut map = Node::map(origin);
                map.set("context", node.clone());
                *node = map;
            } else if node.is_map() {
                children(node, path, depth)?;
            } else {
                return Err(invalid("build"));
            }
        }
        Transform::Ssh => {
            if let Some(items) = node.items() {
                let mut map = Vec::with_capacity(items.len());
                for item in items {
                    let Some(text) = item.as_scalar().filter(|s| s.kind == ScalarKind::String)
                    else {
                        return Err(Fail::new("invalid ssh key type", item.origin));
                    };
                    match text.text.split_once('=') {
                        Some((id, value)) => map.push((id.to_owned(), string(value, item.origin))),
                        None if text.text == "default" => {
                            map.push(("default".to_owned(), Node::null(item.origin)));
                        }
                        None => {
                            return Err(Fail::new(
                                format!("invalid ssh key {}", crate::dotenv::go_quote(&text.text)),
                                item.origin,
                            ));
                        }
                    }
                }
                *node = mapping(map, origin);
            } else if !node.is_map() {
                return Err(invalid("ssh"));
            }
        }
        Transform::Ulimits => {
            let ok = node.is_map()
                || node
                    .as_scalar()
                    .is_some_and(|s| matches!(s.kind, ScalarKind::Int(_)));
            if !ok {
                return Err(invalid("external"));
            }
        }
        Transform::MaybeExternal => {
            if node.is_null() {
                return Ok(());
            }
            if !node.is_map() {
                return Ok(());
            }
            children(node, path, depth)?;
            let external_map = node.get("external").filter(|e| e.is_map()).cloned();
            if let Some(external) = external_map {
                let name = node.get("name").cloned();
                node.set("external", boolean(true, external.origin));
                if let Some(ext_name) = external.get("name") {
                    match name {
                        Some(name) if !name.same_value(ext_name) => {
                            return Err(Fail::new(
                                format!(
                                    "{}: name and external.name conflict; only use name",
                                    path.join(".")
                                ),
                                ext_name.origin,
                            ));
                        }
                        Some(_) => {}
                        None => node.set("name", ext_name.clone()),
                    }
                }
            }
        }
        Transform::Include => {
            if is_string(node) {
                let mut map = Node::map(origin);
                map.set("path", node.clone());
                *node = map;
            }
        }
    }
    Ok(())
}

/// A short-syntax volume (`./data:/data:ro`) read as compose-go's `format.ParseVolume` reads it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Volume {
    pub kind: &'static str,
    pub source: String,
    pub target: String,
    pub read_only: bool,
    pub propagation: String,
    pub selinux: String,
    pub nocopy: bool,
}

impl Volume {
    fn to_node(&self, origin: Option<Origin>) -> Node {
        let mut map = Node::map(origin);
        map.set("type", string(self.kind, origin));
        if !self.source.is_empty() {
            map.set("source", string(self.source.clone(), origin));
        }
        let target = if self.target.is_empty() {
            String::new()
        } else {
            clean(&self.target)
        };
        if !target.is_empty() {
            map.set("target", string(target, origin));
        }
        if self.read_only {
            map.set("read_only", boolean(true, origin));
        }
        // A bind option (`z`, `rshared`) makes a bind block even on a named volume.
        if self.kind == "bind" || !self.propagation.is_empty() || !self.selinux.is_empty() {
            let mut bind = Node::map(origin);
            if !self.propagation.is_empty() {
                bind.set("propagation", string(self.propagation.clone(), origin));
            }
            if self.kind == "bind" {
                bind.set("create_host_path", boolean(true, origin));
            }
            if !self.selinux.is_empty() {
                bind.set("selinux", string(self.selinux.clone(), origin));
            }
            map.set("bind", bind);
        }
        if self.kind != "bind" {
            let mut volume = Node::map(origin);
            if self.nocopy {
                volume.set("nocopy", boolean(true, origin));
            }
            map.set("volume", volume);
        }
        map
    }
}

fn is_windows_drive(buffer: &[char], c: char) -> bool {
    c == ':' && buffer.len() == 1 && buffer.first().is_some_and(|b| b.is_alphabetic())
}

fn is_file_path(source: &str) -> bool {
    if source.is_empty() {
        return false;
    }
    if source.starts_with(['.', '/', '~']) || source.starts_with("\\\\") {
        return true;
    }
    let mut chars = source.chars();
    match (chars.next(), source.as_bytes().get(1)) {
        (Some(first), Some(&second)) if first.len_utf8() == 1 => {
            is_windows_drive(&[first], char::from(second))
        }
        _ => false,
    }
}

/// compose-go's `format.ParseVolume`.
pub(crate) fn parse_volume(spec: &str) -> std::result::Result<Volume, String> {
    let mut volume = Volume::default();
    match spec.len() {
        0 => return Err("invalid empty volume spec".to_owned()),
        1 | 2 => {
            volume.target = spec.to_owned();
            volume.kind = "volume";
            return Ok(volume);
        }
        _ => {}
    }
    let bytes = spec.as_bytes();
    let mut buffer: Vec<char> = Vec::new();
    let mut nesting = 0usize;
    let mut byte_at = 0usize;
    let chars: Vec<char> = spec.chars().chain(std::iter::once('\0')).collect();
    for &c in &chars {
        let here = byte_at;
        byte_at += c.len_utf8();
        if c == '$' && bytes.get(here + 1) == Some(&b'{') {
            nesting += 1;
            buffer.push(c);
            continue;
        }
        if c == '}' && nesting > 0 {
            nesting -= 1;
            buffer.push(c);
            continue;
        }
        if is_windows_drive(&buffer, c) {
            buffer.push(c);
        } else if (c == ':' || c == '\0') && nesting == 0 {
            if let Err(why) = populate(c, &buffer, &mut volume) {
                return Err(format!("invalid spec: {spec}: {why}"));
            }
            buffer.clear();
        } else {
            buffer.push(c);
        }
    }
    if is_file_path(&volume.source) {
        volume.kind = "bind";
    } else {
        volume.kind = "volume";
    }
    Ok(volume)
}

fn populate(c: char, buffer: &[char], volume: &mut Volume) -> std::result::Result<(), String> {
    let text: String = buffer.iter().collect();
    if buffer.is_empty() {
        return Err("empty section between colons".to_owned());
    }
    if volume.source.is_empty() && c == '\0' {
        volume.target = text;
        return Ok(());
    }
    if volume.source.is_empty() {
        volume.source = text;
        return Ok(());
    }
    if volume.target.is_empty() {
        volume.target = text;
        return Ok(());
    }
    if c == ':' {
        return Err("too many colons".to_owned());
    }
    for option in text.split(',') {
        match option {
            "ro" => volume.read_only = true,
            "rw" => volume.read_only = false,
            "nocopy" => volume.nocopy = true,
            "rprivate" | "private" | "rshared" | "shared" | "rslave" | "slave" => {
                volume.propagation = option.to_owned();
            }
            "z" | "Z" => volume.selinux = option.to_owned(),
            _ => {}
        }
    }
    Ok(())
}

/// compose-go's `transform.SetDefaultValues`.
pub(super) fn set_defaults(dict: &mut Node) {
    let mut path = Vec::new();
    defaults(dict, &mut path, 0);
}

fn defaults(node: &mut Node, path: &mut Vec<String>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let origin = node.origin;
    if matches(path, "services.*.build") {
        if node.is_map() && node.get("context").is_none() {
            node.set("context", string(".", origin));
        }
        return;
    }
    if matches(path, "services.*.secrets.*") {
        if node.is_map() && node.get("target").is_none() {
            let source = node
                .get("source")
                .map(go_sprint)
                .unwrap_or_else(|| "<nil>".to_owned());
            node.set("target", string(format!("/run/secrets/{source}"), origin));
        }
        return;
    }
    if matches(path, "services.*.ports.*") {
        if node.is_map() {
            if node.get("protocol").is_none() {
                node.set("protocol", string("tcp", origin));
            }
            if node.get("mode").is_none() {
                node.set("mode", string("ingress", origin));
            }
        }
        return;
    }
    if matches(path, "services.*.deploy.resources.reservations.devices.*")
        || matches(path, "services.*.gpus.*")
    {
        if node.is_map() && node.get("count").is_none() && node.get("device_ids").is_none() {
            node.set("count", string("all", origin));
        }
        return;
    }
    if matches(path, "services.*.volumes.*.bind") {
        if node.is_map() && node.get("create_host_path").is_none() {
            node.set("create_host_path", boolean(true, origin));
        }
        return;
    }
    match &mut node.value {
        Value::Map(entries) => {
            for entry in entries {
                path.push(entry.key.clone());
                defaults(&mut entry.value, path, depth + 1);
                path.pop();
            }
        }
        Value::Seq(items) => {
            for item in items {
                path.push("[]".to_owned());
                defaults(item, path, depth + 1);
                path.pop();
            }
        }
        Value::Scalar(_) => {}
    }
}

/// compose-go's `OmitEmpty`: empty `dns` entries go.
pub(super) fn omit_empty(dict: &mut Node) {
    let Some(services) = dict.get_mut("services").and_then(Node::entries_mut) else {
        return;
    };
    for service in services {
        if let Some(items) = service.value.get_mut("dns").and_then(Node::items_mut) {
            items.retain(|item| {
                !(item.is_null()
                    || item
                        .as_scalar()
                        .is_some_and(|s| s.text.is_empty() && s.kind == ScalarKind::String))
            });
        }
    }
}

fn is_windows_abs(path: &str) -> bool {
    let bytes = path.as_bytes();
    bytes.len() >= 3
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(1) == Some(&b':')
        && matches!(bytes.get(2), Some(b'\\' | b'/'))
}

/// `paths.maybeUnixPath`: relative paths joined to the working directory (`~` stays: the
/// reference runs without `HOME`).
fn unix_path(text: &str, working_dir: &str) -> String {
    if text.starts_with('/') || is_windows_abs(text) {
        text.to_owned()
    } else {
        join(working_dir, text)
    }
}

/// `paths.absPath`.
fn abs_path(text: &str, working_dir: &str) -> String {
    if text.is_empty() || text.starts_with('/') {
        text.to_owned()
    } else {
        join(working_dir, text)
    }
}

fn map_string(node: &mut Node, f: impl Fn(&str) -> String) {
    if let Some(scalar) = node.as_scalar().filter(|s| s.kind == ScalarKind::String) {
        let text = f(&scalar.text);
        let origin = node.origin;
        *node = string(text, origin);
    }
}

fn context_path(text: &str, working_dir: &str) -> String {
    let remote = [
        "https://",
        "http://",
        "git://",
        "ssh://",
        "github.com/",
        "git@",
    ];
    if text.contains("://")
        || text.starts_with("service:")
        || remote.iter().any(|p| text.starts_with(p))
    {
        text.to_owned()
    } else {
        abs_path(text, working_dir)
    }
}

/// compose-go's `paths.ResolveRelativePaths`; a bind mount needs a source.
pub(super) fn resolve_paths(dict: &mut Node, working_dir: &str) -> Result<()> {
    if let Some(services) = dict.get_mut("services").and_then(Node::entries_mut) {
        for service in services {
            let service = &mut service.value;
            if let Some(build) = service.get_mut("build") {
                if let Some(context) = build.get_mut("context") {
                    map_string(context, |t| context_path(t, working_dir));
                }
                if let Some(contexts) = build
                    .get_mut("additional_contexts")
                    .and_then(Node::entries_mut)
                {
                    for entry in contexts {
                        map_string(&mut entry.value, |t| context_path(t, working_dir));
                    }
                }
                if let Some(ssh) = build.get_mut("ssh").and_then(Node::entries_mut) {
                    for entry in ssh {
                        map_string(&mut entry.value, |t| unix_path(t, working_dir));
                    }
                }
            }
            if let Some(files) = service.get_mut("env_file").and_then(Node::items_mut) {
                for file in files {
                    if let Some(path) = file.get_mut("path") {
                        map_string(path, |t| abs_path(t, working_dir));
                    }
                }
            }
            if let Some(files) = service.get_mut("label_file").and_then(Node::items_mut) {
                for file in files {
                    map_string(file, |t| abs_path(t, working_dir));
                }
            }
            if let Some(extends) = service.get_mut("extends")
                && let Some(file) = extends.get_mut("file")
            {
                map_string(file, |t| abs_path(t, working_dir));
            }
            if let Some(watch) = service
                .get_mut("develop")
                .and_then(|d| d.get_mut("watch"))
                .and_then(Node::items_mut)
            {
                for rule in watch {
                    if let Some(path) = rule.get_mut("path") {
                        map_string(path, |t| abs_path(t, working_dir));
                    }
                }
            }
            if let Some(volumes) = service.get_mut("volumes").and_then(Node::items_mut) {
                for volume in volumes {
                    if volume.get_str("type") != Some("bind") {
                        continue;
                    }
                    match volume.get_mut("source") {
                        Some(source) => map_string(source, |t| unix_path(t, working_dir)),
                        None => {
                            return Err(Fail::new(
                                r#"invalid mount config for type "bind": field Source must not be empty"#,
                                volume.origin,
                            ));
                        }
                    }
                }
            }
        }
    }
    for kind in ["configs", "secrets"] {
        if let Some(resources) = dict.get_mut(kind).and_then(Node::entries_mut) {
            for resource in resources {
                if let Some(file) = resource.value.get_mut("file") {
                    map_string(file, |t| unix_path(t, working_dir));
                }
            }
        }
    }
    if let Some(volumes) = dict.get_mut("volumes").and_then(Node::entries_mut) {
        for volume in volumes {
            let volume = &mut volume.value;
            if volume.get_str("driver") != Some("local") {
                continue;
            }
            let Some(options) = volume.get_mut("driver_opts") else {
                continue;
            };
            if options.get_str("o") == Some("bind")
                && let Some(device) = options.get_mut("device")
            {
                map_string(device, |t| unix_path(t, working_dir));
            }
        }
    }
    Ok(())
}

/// compose-go's `ResolveEnvironment`: `environment` items named without a value take the
/// project's; a config's `environment` becomes its content.
pub(super) fn resolve_environment(dict: &mut Node, environment: &BTreeMap<String, String>) {
    if let Some(services) = dict.get_mut("services").and_then(Node::entries_mut) {
        for service in services {
            let Some(items) = service
                .value
                .get_mut("environment")
                .and_then(Node::items_mut)
            else {
                continue;
            };
            items.retain(is_string);
            for item in items.iter_mut() {
                let origin = item.origin;
                if let Some(text) = item.as_str()
                    && let Some(value) = environment.get(text)
                {
                    *item = string(format!("{text}={value}"), origin);
                }
            }
        }
    }
    if let Some(configs) = dict.get_mut("configs").and_then(Node::entries_mut) {
        for config in configs {
            let config = &mut config.value;
            let Some(name) = config.get_str("environment").map(str::to_owned) else {
                continue;
            };
            if let Some(value) = environment.get(&name) {
                let origin = config.get("environment").and_then(|e| e.origin);
                config.set("content", string(value.clone(), origin));
            }
        }
    }
}

/// A `KEY=VALUE` list or a mapping, as (key, value, where) with `None` for a key without a value.
pub(crate) fn mapping_with_equals(
    node: Option<&Node>,
) -> Vec<(String, Option<String>, Option<Origin>)> {
    let Some(node) = node else {
        return Vec::new();
    };
    match &node.value {
        Value::Map(entries) => entries
            .iter()
            .map(|entry| {
                let value = (!entry.value.is_null()).then(|| go_sprint(&entry.value));
                (
                    entry.key.clone(),
                    value,
                    entry.value.origin.or(entry.key_origin),
                )
            })
            .collect(),
        Value::Seq(items) => items
            .iter()
            .filter_map(|item| {
                let text = item.as_scalar()?.text.clone();
                Some(match text.split_once('=') {
                    Some((key, value)) => (key.to_owned(), Some(value.to_owned()), item.origin),
                    None => (text, None, item.origin),
                })
            })
            .collect(),
        Value::Scalar(_) => Vec::new(),
    }
}

/// Normalize's `resolve`: names without a value take the project's; when `keep_empty` is
/// false, a name the project does not set goes.
fn resolve_list(node: &mut Node, environment: &BTreeMap<String, String>, keep_empty: bool) {
    match &mut node.value {
        Value::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in std::mem::take(items) {
                match item.as_scalar() {
                    Some(scalar)
                        if scalar.kind == ScalarKind::String && !scalar.text.contains('=') =>
                    {
                        match environment.get(&scalar.text) {
                            Some(value) => {
                                out.push(string(format!("{}={value}", scalar.text), item.origin))
                            }
                            None if keep_empty => out.push(item),
                            None => {}
                        }
                    }
                    Some(scalar) if scalar.kind == ScalarKind::String => out.push(item),
                    _ => {}
                }
            }
            *items = out;
        }
        Value::Map(entries) => {
            let mut out = Vec::with_capacity(entries.len());
            for mut entry in std::mem::take(entries) {
                if !entry.value.is_null() {
                    out.push(entry);
                    continue;
                }
                match environment.get(&entry.key) {
                    Some(value) => {
                        entry.value = string(value.clone(), entry.value.origin);
                        out.push(entry);
                    }
                    None if keep_empty => out.push(entry),
                    None => {}
                }
            }
            *entries = out;
        }
        Value::Scalar(_) => {}
    }
}

fn dependency(restart: bool, origin: Option<Origin>) -> Node {
    let mut d = Node::map(origin);
    d.set("condition", string("service_started", origin));
    d.set("restart", boolean(restart, origin));
    d.set("required", boolean(true, origin));
    d
}

/// compose-go's `Normalize`.
pub(super) fn normalize(dict: &mut Node, environment: &BTreeMap<String, String>) {
    normalize_networks(dict);
    if let Some(services) = dict.get_mut("services").and_then(Node::entries_mut) {
        for entry in services {
            let service = &mut entry.value;
            if !service.is_map() {
                continue;
            }
            if service.get_str("pull_policy") == Some("if_not_present") {
                let origin = service.get("pull_policy").and_then(|p| p.origin);
                service.set("pull_policy", string("missing", origin));
            }
            if let Some(build) = service.get_mut("build").filter(|b| b.is_map()) {
                let origin = build.origin;
                if build.get("context").is_none_or(Node::is_null) {
                    build.set("context", string(".", origin));
                }
                if build.get("dockerfile").is_none_or(Node::is_null)
                    && build.get("dockerfile_inline").is_none_or(Node::is_null)
                {
                    build.set("dockerfile", string("Dockerfile", origin));
                }
                if let Some(args) = build.get_mut("args") {
                    resolve_list(args, environment, false);
                }
            }
            if let Some(env) = service.get_mut("environment") {
                resolve_list(env, environment, true);
            }
            let mut depends_on = service
                .remove("depends_on")
                .filter(Node::is_map)
                .unwrap_or_else(|| Node::map(None));
            let links: Vec<(String, Option<Origin>)> = service
                .get("links")
                .and_then(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|l| Some((l.as_scalar()?.text.clone(), l.origin)))
                .collect();
            for (link, origin) in links {
                let parts: Vec<&str> = link.split(':').collect();
                let name = if parts.len() == 2 {
                    parts.first().copied().unwrap_or_default()
                } else {
                    link.as_str()
                };
                if depends_on.get(name).is_none() {
                    depends_on.set(name, dependency(true, origin));
                }
            }
            for namespace in ["network_mode", "ipc", "pid", "uts", "cgroup"] {
                let Some(node) = service.get(namespace) else {
                    continue;
                };
                let origin = node.origin;
                if let Some(shared) = node.as_str().and_then(|r| r.strip_prefix("service:"))
                    && depends_on.get(shared).is_none()
                {
                    depends_on.set(shared, dependency(true, origin));
                }
            }
            if let Some(volumes) = service.get_mut("volumes").and_then(Node::items_mut) {
                for volume in volumes {
                    if let Some(target) = volume.get_mut("target") {
                        map_string(target, clean);
                    }
                }
            }
            let volumes_from: Vec<(String, Option<Origin>)> = service
                .get("volumes_from")
                .and_then(Node::items)
                .unwrap_or_default()
                .iter()
                .filter_map(|v| Some((v.as_scalar()?.text.clone(), v.origin)))
                .collect();
            for (from, origin) in volumes_from {
                if from.starts_with("container:") {
                    continue;
                }
                let name = from.split(':').next().unwrap_or_default();
                if depends_on.get(name).is_none() {
                    depends_on.set(name, dependency(false, origin));
                }
            }
            if depends_on.entries().is_some_and(|e| !e.is_empty()) {
                service.set("depends_on", depends_on);
            }
            // A pre_start hook runs the service's image unless it names its own.
            if let Some(image) = service
                .get("image")
                .filter(|i| i.as_str().is_some_and(|s| !s.is_empty()))
                .cloned()
                && let Some(hooks) = service.get_mut("pre_start").and_then(Node::items_mut)
            {
                for hook in hooks {
                    if hook.is_map() && hook.get("image").is_none() {
                        hook.set("image", image.clone());
                    }
                }
            }
        }
    }
    let project = dict.get_str("name").unwrap_or_default().to_owned();
    for kind in ["networks", "volumes", "configs", "secrets"] {
        let Some(resources) = dict.get_mut(kind).and_then(Node::entries_mut) else {
            continue;
        };
        for entry in resources {
            let origin = entry.key_origin;
            if entry.value.is_null() {
                entry.value = Node::map(origin);
            }
            let resource = &mut entry.value;
            if resource.get("name").is_none_or(Node::is_null) {
                let external = resource.get("external").is_some_and(|x| {
                    matches!(
                        go_sprint(x).as_str(),
                        "true" | "1" | "t" | "T" | "TRUE" | "True"
                    )
                });
                let name = if external {
                    entry.key.clone()
                } else {
                    format!("{project}_{}", entry.key)
                };
                resource.set("name", string(name, origin));
            }
        }
    }
}

fn normalize_networks(dict: &mut Node) {
    let mut uses_default = false;
    // Jobs run containers as services do, on the same default network.
    for kind in ["services", "jobs"] {
        if let Some(services) = dict.get_mut(kind).and_then(Node::entries_mut) {
            for entry in services {
                let service = &mut entry.value;
                if !service.is_map()
                    || service.get("provider").is_some()
                    || service.get("network_mode").is_some()
                {
                    continue;
                }
                let origin = service.origin;
                let empty = match service.get("networks") {
                    None => true,
                    Some(networks) => networks.entries().is_none_or(<[_]>::is_empty),
                };
                if empty {
                    let mut networks = Node::map(origin);
                    networks.set("default", Node::null(origin));
                    service.set("networks", networks);
                    uses_default = true;
                } else if service
                    .get("networks")
                    .and_then(|n| n.get("default"))
                    .is_some()
                {
                    uses_default = true;
                }
            }
        }
    }
    // A `pre_start` hook runs a container of its own, on the service's default network.
    if let Some(services) = dict.get_mut("services").and_then(Node::entries_mut) {
        for entry in services {
            let Some(hooks) = entry.value.get_mut("pre_start").and_then(Node::items_mut) else {
                continue;
            };
            for hook in hooks {
                if hook.is_map() && hook.get("networks").is_none() {
                    let mut networks = Node::map(hook.origin);
                    networks.set("default", Node::null(hook.origin));
                    hook.set("networks", networks);
                }
            }
        }
    }
    if uses_default {
        if dict.get("networks").is_none_or(|n| !n.is_map()) {
            dict.set("networks", Node::map(None));
        }
        if let Some(networks) = dict.get_mut("networks")
            && networks.get("default").is_none()
        {
            networks.set("default", Node::null(None));
        }
    }
}

/// `WithProfiles`: services of a profile that `COMPOSE_PROFILES` does not enable are left out.
pub(super) fn apply_profiles(dict: &mut Node, environment: &BTreeMap<String, String>) {
    let enabled: Vec<&str> = environment
        .get("COMPOSE_PROFILES")
        .map(|p| {
            p.split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let Some(services) = dict.get_mut("services").and_then(Node::entries_mut) else {
        return;
    };
    services.retain(|entry| {
        let Some(profiles) = entry.value.get("profiles").and_then(Node::items) else {
            return true;
        };
        if profiles.is_empty() {
            return true;
        }
        enabled.contains(&"*")
            || profiles
                .iter()
                .any(|p| p.as_str().is_some_and(|p| enabled.contains(&p)))
    });
}

/// `WithoutUnnecessaryResources`: the networks, volumes, secrets and configs no active service
/// uses are left out (what `docker compose config` prints); a project without services has an
/// empty `services`.
pub(super) fn prune_resources(dict: &mut Node) {
    let mut used: BTreeMap<&'static str, std::collections::HashSet<String>> = BTreeMap::new();
    let services = dict
        .get("services")
        .and_then(Node::entries)
        .unwrap_or_default();
    for entry in services {
        let service = &entry.value;
        for network in service
            .get("networks")
            .and_then(Node::entries)
            .unwrap_or_default()
        {
            used.entry("networks")
                .or_default()
                .insert(network.key.clone());
        }
        for volume in service
            .get("volumes")
            .and_then(Node::items)
            .unwrap_or_default()
        {
            if volume.get_str("type") == Some("volume")
                && let Some(source) = volume.get_str("source")
            {
                used.entry("volumes").or_default().insert(source.to_owned());
            }
        }
        let mounts = [
            ("secrets", service.get("secrets")),
            ("configs", service.get("configs")),
            (
                "secrets",
                service.get("build").and_then(|b| b.get("secrets")),
            ),
        ];
        for (kind, list) in mounts {
            for mount in list.and_then(Node::items).unwrap_or_default() {
                if let Some(source) = mount.get_str("source").or_else(|| mount.as_str()) {
                    used.entry(kind).or_default().insert(source.to_owned());
                }
            }
        }
    }
    for kind in ["networks", "volumes", "secrets", "configs"] {
        let keep = used.remove(kind).unwrap_or_default();
        let Some(resources) = dict.get_mut(kind).and_then(Node::entries_mut) else {
            continue;
        };
        resources.retain(|entry| keep.contains(&entry.key));
        if resources.is_empty() {
            dict.remove(kind);
        }
    }
    if dict.get("services").is_none_or(Node::is_null) {
        let origin = dict.origin;
        dict.set("services", Node::map(origin));
    }
}

/// compose-go's `validation.Validate`, on the merged model before paths are resolved: what
/// the schema cannot say (a config's `file`, `environment` and `content` are exclusive, an
/// external volume has nothing else, a device request has a count or ids, a published port's
/// host address is an address, a watch path is not blank).
pub(super) fn validate(dict: &Node) -> Result<()> {
    for entry in dict
        .get("volumes")
        .and_then(Node::entries)
        .unwrap_or_default()
    {
        let volume = &entry.value;
        if volume.is_null() {
            continue;
        }
        if !volume.is_map() {
            return Err(Fail::new(
                format!("expected volume, got {}", go_sprint(volume)),
                volume.origin,
            ));
        }
        let external = volume
            .get("external")
            .and_then(Node::as_scalar)
            .is_some_and(|s| s.kind == ScalarKind::Bool(true));
        if external {
            for other in volume.entries().unwrap_or_default() {
                if !matches!(other.key.as_str(), "name" | "external")
                    && !other.key.starts_with("x-")
                {
                    return Err(Fail::new(
                        format!(
                            "volumes.{}: conflicting parameters \"external\" and {} specified",
                            entry.key,
                            crate::dotenv::go_quote(&other.key)
                        ),
                        other.key_origin,
                    ));
                }
            }
        }
    }
    let file_objects: [(&str, &[&str]); 2] = [
        ("configs", &["file", "environment", "content"]),
        ("secrets", &["file", "environment"]),
    ];
    for (kind, keys) in file_objects {
        for entry in dict.get(kind).and_then(Node::entries).unwrap_or_default() {
            let object = &entry.value;
            if !object.is_map() {
                continue;
            }
            let set: Vec<&str> = keys
                .iter()
                .copied()
                .filter(|key| object.get(key).is_some())
                .collect();
            let listed = keys.join("|");
            if set.len() > 1 {
                let origin = set
                    .get(1)
                    .and_then(|key| object.entry(key))
                    .and_then(|e| e.key_origin);
                return Err(Fail::new(
                    format!(
                        "{kind}.{}: {listed} attributes are mutually exclusive",
                        entry.key
                    ),
                    origin,
                ));
            }
            if set.is_empty() && object.get("driver").is_none() && object.get("external").is_none()
            {
                return Err(Fail::new(
                    format!("{kind}.{}: one of {listed} must be set", entry.key),
                    entry.key_origin,
                ));
            }
        }
    }
    for entry in dict
        .get("services")
        .and_then(Node::entries)
        .unwrap_or_default()
    {
        let service = &entry.value;
        let name = &entry.key;
        for port in service
            .get("ports")
            .and_then(Node::items)
            .unwrap_or_default()
        {
            if let Some(ip) = port.get("host_ip") {
                let text = go_sprint(ip);
                if text.parse::<core::net::IpAddr>().is_err() {
                    return Err(Fail::new(
                        format!("services.{name}.ports.[]: invalid ip address: {text}"),
                        ip.origin,
                    ));
                }
            }
        }
        for watch in service
            .get("develop")
            .and_then(|d| d.get("watch"))
            .and_then(Node::items)
            .unwrap_or_default()
        {
            if let Some(path) = watch.get("path")
                && path.as_str() == Some("")
            {
                return Err(Fail::new(
                    format!("services.{name}.develop.watch.[].path: value can't be blank"),
                    path.origin,
                ));
            }
        }
        let devices = service
            .get("deploy")
            .and_then(|d| d.get("resources"))
            .and_then(|r| r.get("reservations"))
            .and_then(|r| r.get("devices"))
            .and_then(Node::items)
            .unwrap_or_default()
            .iter()
            .map(|d| (d, "deploy.resources.reservations.devices"))
            .chain(
                service
                    .get("gpus")
                    .and_then(Node::items)
                    .unwrap_or_default()
                    .iter()
                    .map(|d| (d, "gpus")),
            );
        for (device, at) in devices {
            if device.get("count").is_some() && device.get("device_ids").is_some() {
                return Err(Fail::new(
                    format!(
                        "services.{name}.{at}.[]: \"count\" and \"device_ids\" attributes are exclusive"
                    ),
                    device.entry("device_ids").and_then(|e| e.key_origin),
                ));
            }
        }
    }
    Ok(())
}
