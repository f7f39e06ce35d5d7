//! What compose-go's consistency check (`checkConsistency`, run on the loaded project) and
//! Docker Compose's container-name check refuse, beyond undefined references and dependency
//! cycles (those are [`crate::references`]'s): a service with neither an image nor a build, two
//! settings that contradict each other (`scale` and `deploy.replicas`, `mem_limit` and
//! `deploy.resources.limits.memory`, `network_mode` and `networks`, `dockerfile` and
//! `dockerfile_inline`…), a `container_name` on a service with several replicas or on two
//! services, a health check test that is no command form, a target mounted twice, a secret with
//! no source.
//!
//! Each check reads the bound model (what the values mean once normalized: sizes in bytes,
//! CPUs as a number) and points at the loaded tree's node for where it was written. Every
//! problem is returned; the reference stops at the first, in Go's random map order, with the
//! same words.

use drydock_base::json::Value;
use drydock_yaml::owned::{Node, Origin};

use crate::dotenv::go_quote;

/// One thing the reference refuses, in its words, and where.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub message: String,
    pub origin: Option<Origin>,
    /// An undefined reference (what `crate::references` reports on the files; here on the
    /// loaded project, `include`s and `!reset`s applied).
    pub reference: bool,
}

const INVALID: &str = "invalid compose project";

fn str_of<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key).and_then(Value::as_str)
}

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => Some(*n),
        Value::String(text) => text.parse().ok(),
        _ => None,
    }
}

/// Where `path` (keys under the service) was written, else where the service was: its name,
/// for a problem of the whole service (an empty `path`).
fn at(service: Option<&Node>, key_origin: Option<Origin>, path: &[&str]) -> Option<Origin> {
    if path.is_empty() {
        return key_origin.or_else(|| service.and_then(|node| node.origin));
    }
    service
        .and_then(|node| node.get_path(path))
        .and_then(|node| node.origin)
        .or(key_origin)
}

/// Every problem of the loaded project `dict`, bound to `model` (what [`crate::model::to_json`]
/// made of it).
pub fn check(model: &Value, dict: &Node) -> Vec<Problem> {
    let mut out = Vec::new();
    let services = model
        .get("services")
        .and_then(Value::as_object)
        .unwrap_or_default();
    let dict_services = dict.get("services");
    // Each service's entry in the loaded tree, found in constant time.
    let entries: std::collections::HashMap<&str, &drydock_yaml::owned::Entry> = dict_services
        .and_then(Node::entries)
        .unwrap_or_default()
        .iter()
        .map(|entry| (entry.key.as_str(), entry))
        .collect();
    let mut container_names: Vec<(&str, &str)> = Vec::new();
    for (name, service) in services {
        let entry = entries.get(name.as_str()).copied();
        let node = entry.map(|e| &e.value);
        let key_origin = entry.and_then(|e| e.key_origin);
        let quoted = go_quote(name);
        let mut problem = |message: String, path: &[&str]| {
            out.push(Problem {
                message,
                origin: at(node, key_origin, path),
                reference: false,
            });
        };
        let build = service.get("build");
        if build.is_none()
            && str_of(service, "image").is_none_or(str::is_empty)
            && service.get("provider").is_none()
        {
            problem(
                format!(
                    "service {quoted} has neither an image nor a build context specified: {INVALID}"
                ),
                &[],
            );
        }
        if let Some(build) = build {
            if str_of(build, "dockerfile_inline").is_some_and(|s| !s.is_empty())
                && str_of(build, "dockerfile").is_some_and(|s| !s.is_empty())
            {
                problem(
                    format!(
                        "service {quoted} declares mutualy exclusive dockerfile and dockerfile_inline: {INVALID}"
                    ),
                    &["build", "dockerfile_inline"],
                );
            }
            let platforms: Vec<&str> = build
                .get("platforms")
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .filter_map(Value::as_str)
                .collect();
            if let Some(platform) = str_of(service, "platform").filter(|p| !p.is_empty())
                && !platforms.is_empty()
                && !platforms.contains(&platform)
            {
                problem(
                    format!(
                        "service.build.platforms MUST include service.platform {}: {INVALID}",
                        go_quote(platform)
                    ),
                    &["platform"],
                );
            }
        }
        let networks = service
            .get("networks")
            .and_then(Value::as_object)
            .is_some_and(|n| !n.is_empty());
        if str_of(service, "network_mode").is_some_and(|m| !m.is_empty()) && networks {
            problem(
                format!(
                    "service {name} declares mutually exclusive `network_mode` and `networks`: {INVALID}"
                ),
                &["networks"],
            );
        }
        if let Some(first) = service
            .get("healthcheck")
            .and_then(|h| h.get("test"))
            .and_then(Value::as_array)
            .and_then(|test| test.first())
            .and_then(Value::as_str)
            && !matches!(first, "CMD" | "CMD-SHELL" | "NONE")
        {
            problem(
                r#"healthcheck.test must start either by "CMD", "CMD-SHELL" or "NONE""#.to_owned(),
                &["healthcheck", "test"],
            );
        }
        let deploy = service.get("deploy");
        let scale = number(service.get("scale"));
        let replicas = number(deploy.and_then(|d| d.get("replicas")));
        if let (Some(scale), Some(replicas)) = (scale, replicas)
            && scale != replicas
        {
            problem(
                format!(
                    "services.{name}: can't set distinct values on 'scale' and 'deploy.replicas': {INVALID}"
                ),
                &["scale"],
            );
        }
        if scale.is_some_and(|s| s < 0.0) {
            problem(
                format!("services.{name}.scale: must be greater than or equal to 0"),
                &["scale"],
            );
        }
        if replicas.is_some_and(|r| r < 0.0) {
            problem(
                format!("services.{name}.deploy.replicas: must be greater than or equal to 0"),
                &["deploy", "replicas"],
            );
        }
        let resources = deploy.and_then(|d| d.get("resources"));
        let limits = resources.and_then(|r| r.get("limits"));
        let reservations = resources.and_then(|r| r.get("reservations"));
        let pairs: [(&str, Option<&Value>, &str, &str); 4] = [
            ("cpus", limits, "cpus", "deploy.resources.limits.cpus"),
            (
                "mem_limit",
                limits,
                "memory",
                "deploy.resources.limits.memory",
            ),
            (
                "mem_reservation",
                reservations,
                "memory",
                "deploy.resources.reservations.memory",
            ),
            ("pids_limit", limits, "pids", "deploy.resources.limits.pids"),
        ];
        for (own, block, key, named) in pairs {
            let Some(mine) = number(service.get(own)).filter(|v| *v != 0.0) else {
                continue;
            };
            let Some(block) = block else { continue };
            let theirs = number(block.get(key)).unwrap_or(0.0);
            let differ = if own == "cpus" {
                // compared as the float32 both are held in
                #[allow(clippy::cast_possible_truncation)]
                let (a, b) = (mine as f32, theirs as f32);
                a != b
            } else {
                mine != theirs
            };
            if differ {
                problem(
                    format!(
                        "services.{name}: can't set distinct values on '{own}' and '{named}': {INVALID}"
                    ),
                    &[own],
                );
            }
        }
        // The schema's pattern, checked again on the interpolated value (the schema check of
        // the files skips values with variables).
        if let Some(container) = node.and_then(|n| n.get_str("container_name"))
            && !valid_container_name(container)
        {
            problem(
                format!(
                    "services.{name}.container_name '{container}' does not match pattern '[a-zA-Z0-9][a-zA-Z0-9_.-]+'"
                ),
                &["container_name"],
            );
        }
        let container_name = str_of(service, "container_name").filter(|c| !c.is_empty());
        let effective_scale = scale.or(replicas).unwrap_or(1.0);
        if let Some(container) = container_name {
            if effective_scale > 1.0 {
                let attr = if scale.is_some() {
                    "scale"
                } else {
                    "deploy.replicas"
                };
                problem(
                    format!(
                        "services.{attr}: can't set container_name and {name} as container name must be unique: {INVALID}"
                    ),
                    &["container_name"],
                );
            }
            container_names.push((name, container));
        }
        for watch in service
            .get("develop")
            .and_then(|d| d.get("watch"))
            .and_then(Value::as_array)
            .unwrap_or_default()
        {
            let action = str_of(watch, "action").unwrap_or_default();
            if str_of(watch, "target").is_none_or(str::is_empty)
                && !matches!(action, "rebuild" | "restart")
            {
                problem(
                    format!(
                        "services.{name}.develop.watch: target is required for non-rebuild actions: {INVALID}"
                    ),
                    &["develop", "watch"],
                );
                break;
            }
        }
        let mut mounts: Vec<(String, String)> = Vec::new();
        let tmpfs = service
            .get("tmpfs")
            .and_then(Value::as_array)
            .unwrap_or_default();
        for (i, item) in tmpfs.iter().enumerate() {
            let path = item.as_str().unwrap_or_default();
            let path = path.split_once(':').map_or(path, |(p, _)| p).to_owned();
            let here = format!("services.{name}.tmpfs[{i}]");
            if let Some((_, there)) = mounts.iter().find(|(p, _)| *p == path) {
                problem(
                    format!("{here}: target {path} already mounted as {there}"),
                    &["tmpfs"],
                );
            }
            mounts.push((path, here));
        }
        let volumes = service
            .get("volumes")
            .and_then(Value::as_array)
            .unwrap_or_default();
        for (i, volume) in volumes.iter().enumerate() {
            let target = str_of(volume, "target").unwrap_or_default().to_owned();
            let here = format!("services.{name}.volumes[{i}]");
            if let Some((_, there)) = mounts.iter().find(|(p, _)| *p == target) {
                problem(
                    format!("{here}: target {target} already mounted as {there}"),
                    &["volumes"],
                );
            }
            mounts.push((target, here));
        }
    }
    references(model, &entries, &mut out);
    // The second service to take a container name (the reference names the first one as `{}`).
    let mut taken = std::collections::HashSet::new();
    for (name, container) in &container_names {
        if !taken.insert(*container) {
            let entry = entries.get(name).copied();
            out.push(Problem {
                message: format!(
                    "services.{name}: container name {} is already in use by service {{}}\"",
                    go_quote(container)
                ),
                origin: at(
                    entry.map(|e| &e.value),
                    entry.and_then(|e| e.key_origin),
                    &["container_name"],
                ),
                reference: false,
            });
        }
    }
    for (name, secret) in model
        .get("secrets")
        .and_then(Value::as_object)
        .unwrap_or_default()
    {
        if secret.get("external") == Some(&Value::Bool(true)) {
            continue;
        }
        if str_of(secret, "file").is_none_or(str::is_empty)
            && str_of(secret, "environment").is_none_or(str::is_empty)
        {
            let entry = dict.get("secrets").and_then(|s| s.entry(name));
            out.push(Problem {
                message: format!(
                    "secret {} must declare either `file` or `environment`: {INVALID}",
                    go_quote(name)
                ),
                origin: entry.and_then(|e| e.key_origin),
                reference: false,
            });
        }
    }
    out
}

/// The resources a service names that the loaded project does not define.
fn references(
    model: &Value,
    entries: &std::collections::HashMap<&str, &drydock_yaml::owned::Entry>,
    out: &mut Vec<Problem>,
) {
    // The names each kind of resource defines, found in constant time.
    let names = |kind: &str| -> std::collections::HashSet<&str> {
        model
            .get(kind)
            .and_then(Value::as_object)
            .unwrap_or_default()
            .iter()
            .map(|(name, _)| name.as_str())
            .collect()
    };
    let (networks, volumes, secrets, configs) = (
        names("networks"),
        names("volumes"),
        names("secrets"),
        names("configs"),
    );
    let defined = |kind: &str, name: &str| match kind {
        "networks" => networks.contains(name),
        "volumes" => volumes.contains(name),
        "secrets" => secrets.contains(name),
        _ => configs.contains(name),
    };
    let services = model
        .get("services")
        .and_then(Value::as_object)
        .unwrap_or_default();
    for (name, service) in services {
        let node = entries.get(name.as_str()).map(|e| &e.value);
        let quoted = go_quote(name);
        let mut missing = |message: String, origin: Option<Origin>| {
            out.push(Problem {
                message,
                origin,
                reference: true,
            });
        };
        let networks = service
            .get("networks")
            .and_then(Value::as_object)
            .unwrap_or_default();
        for (network, _) in networks {
            if !defined("networks", network) {
                let origin = node
                    .and_then(|n| n.get("networks"))
                    .and_then(|n| n.entry(network))
                    .and_then(|e| e.key_origin);
                missing(
                    format!("service {quoted} refers to undefined network {network}: {INVALID}"),
                    origin.or(node.and_then(|n| n.origin)),
                );
            }
        }
        let volumes = service
            .get("volumes")
            .and_then(Value::as_array)
            .unwrap_or_default();
        for (i, volume) in volumes.iter().enumerate() {
            if str_of(volume, "type") != Some("volume") {
                continue;
            }
            let Some(source) = str_of(volume, "source").filter(|s| !s.is_empty()) else {
                continue;
            };
            if !defined("volumes", source) {
                let origin = node
                    .and_then(|n| n.get("volumes"))
                    .and_then(Node::items)
                    .and_then(|items| items.get(i))
                    .and_then(|item| item.origin);
                missing(
                    format!("service {quoted} refers to undefined volume {source}: {INVALID}"),
                    origin.or(node.and_then(|n| n.origin)),
                );
            }
        }
        let mounts = [
            ("secrets", "secret", service.get("secrets"), vec!["secrets"]),
            ("configs", "config", service.get("configs"), vec!["configs"]),
            (
                "secrets",
                "build secret",
                service.get("build").and_then(|b| b.get("secrets")),
                vec!["build", "secrets"],
            ),
        ];
        for (kind, what, list, path) in mounts {
            for (i, mount) in list
                .and_then(Value::as_array)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let Some(source) = str_of(mount, "source") else {
                    continue;
                };
                if !defined(kind, source) {
                    let origin = node
                        .and_then(|n| n.get_path(&path))
                        .and_then(Node::items)
                        .and_then(|items| items.get(i))
                        .and_then(|item| item.origin);
                    missing(
                        format!("service {quoted} refers to undefined {what} {source}: {INVALID}"),
                        origin.or(node.and_then(|n| n.origin)),
                    );
                }
            }
        }
    }
}

/// Whether `name` contains a match of `[a-zA-Z0-9][a-zA-Z0-9_.-]+` (the schema's pattern is not
/// anchored): an alphanumeric character followed by one of the allowed ones.
fn valid_container_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.windows(2).any(|pair| {
        matches!(pair, [first, second]
            if first.is_ascii_alphanumeric()
                && (second.is_ascii_alphanumeric() || matches!(second, b'_' | b'.' | b'-')))
    })
}
