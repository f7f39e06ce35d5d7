//! What compose-go's consistency check refuses about references between the parts of a project:
//! a service naming a network, volume, secret, config or model the project does not declare, or
//! depending on a service that does not exist or is not active (by `depends_on`, `links`,
//! `volumes_from`, `network_mode: service:…`, `ipc: service:…`, which compose-go turns into
//! dependencies), an additional build context naming an unknown or non-buildable service, and
//! dependency cycles. Every problem is reported, each at the value that names the missing part,
//! in Docker Compose's words (the reference stops at the first, in Go's map order).
//!
//! The files are read together, as the loader merges them for these purposes: services by name,
//! the declarations of every file. Values are interpolated first, as Compose does.

use std::collections::{BTreeMap, BTreeSet};

use drydock_base::TextRange;
use drydock_yaml::{Document, NodeId, Stream, Value};

use crate::interpolate;

/// One refused reference: the file (an index into the files given), where, and the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: usize,
    pub range: TextRange,
    pub message: String,
    /// A dependency cycle, rather than a reference to something undeclared.
    pub cycle: bool,
}

/// A value of one of the files, interpolated.
struct Named {
    file: usize,
    range: TextRange,
    value: String,
}

/// What the files say of one service.
#[derive(Default)]
struct Service {
    /// Where its name is first written.
    at: Option<(usize, TextRange)>,
    profiles: Vec<String>,
    buildable: bool,
    /// Each service it depends on, with whether a missing inactive one may be skipped
    /// (`required: false`).
    depends_on: Vec<(Named, bool)>,
    networks: Vec<Named>,
    volumes: Vec<Named>,
    secrets: Vec<Named>,
    build_secrets: Vec<Named>,
    configs: Vec<Named>,
    models: Vec<Named>,
    /// `additional_contexts` that name a service: (context name, service).
    contexts: Vec<(String, Named)>,
}

const INVALID: &str = "invalid compose project";

/// The problems of the project made of `files` (in the order Compose reads them), with
/// `environment` for interpolation and `COMPOSE_PROFILES`.
///
/// A project that `include`s other projects is not checked until they are loaded: their
/// services, networks and volumes may be what a reference names.
pub fn check(files: &[&Stream], environment: &dyn Fn(&str) -> Option<String>) -> Vec<Problem> {
    let includes = files.iter().any(|stream| {
        stream.documents.iter().any(|document| {
            document
                .root
                .is_some_and(|root| document.get(root, "include").is_some())
        })
    });
    if includes {
        return Vec::new();
    }
    let mut services: BTreeMap<String, Service> = BTreeMap::new();
    let mut declared: BTreeMap<&'static str, BTreeSet<String>> = BTreeMap::new();
    declared
        .entry("networks")
        .or_default()
        .insert("default".to_owned());
    for (file, stream) in files.iter().enumerate() {
        for document in &stream.documents {
            let Some(root) = document.root else { continue };
            for kind in ["networks", "volumes", "secrets", "configs", "models"] {
                if let Some(entry) = document.get(root, kind) {
                    let names = declared.entry(kind).or_default();
                    for entry in document.entries(entry.value).unwrap_or_default() {
                        if let Some(key) = document.key_str(entry) {
                            names.insert(key.to_owned());
                        }
                    }
                }
            }
            let Some(list) = document.get(root, "services") else {
                continue;
            };
            for entry in document.entries(list.value).unwrap_or_default() {
                let Some(name) = document.key_str(entry) else {
                    continue;
                };
                let service = services.entry(name.to_owned()).or_default();
                service.at.get_or_insert((file, document.range(entry.key)));
                read_service(document, file, entry.value, environment, service);
            }
        }
    }
    let enabled: Vec<String> = environment("COMPOSE_PROFILES")
        .unwrap_or_default()
        .split(',')
        .map(|p| p.trim().to_owned())
        .filter(|p| !p.is_empty())
        .collect();
    let active = |service: &Service| {
        service.profiles.is_empty()
            || service
                .profiles
                .iter()
                .any(|p| enabled.iter().any(|e| e == p || e == "*"))
    };
    let mut out = Vec::new();
    let mut problem = |named: &Named, message: String| {
        out.push(Problem {
            file: named.file,
            range: named.range,
            message,
            cycle: false,
        })
    };
    for (name, service) in services.iter().filter(|(_, s)| active(s)) {
        for (target, optional) in &service.depends_on {
            match services.get(&target.value) {
                Some(other) if active(other) => {}
                Some(_) if *optional => {}
                _ => problem(
                    target,
                    format!(
                        "service {name:?} depends on undefined service {:?}: {INVALID}",
                        target.value
                    ),
                ),
            }
        }
        let declarations = [
            ("networks", "network", &service.networks),
            ("volumes", "volume", &service.volumes),
            ("secrets", "build secret", &service.build_secrets),
            ("configs", "config", &service.configs),
            ("models", "model", &service.models),
            ("secrets", "secret", &service.secrets),
        ];
        for (kind, what, named) in declarations {
            for reference in named.iter() {
                if !declared
                    .get(kind)
                    .is_some_and(|names| names.contains(&reference.value))
                {
                    problem(
                        reference,
                        format!(
                            "service {name:?} refers to undefined {what} {}: {INVALID}",
                            reference.value
                        ),
                    );
                }
            }
        }
        for (context, target) in &service.contexts {
            match services.get(&target.value).filter(|s| active(s)) {
                None => problem(
                    target,
                    format!(
                        "service {name:?} declares unknown service {:?} as additional contexts {context}",
                        target.value
                    ),
                ),
                Some(other) if !other.buildable => problem(
                    target,
                    format!(
                        "service {name:?} declares non-buildable service {:?} as additional contexts {context}",
                        target.value
                    ),
                ),
                Some(_) => {}
            }
        }
    }
    if let Some(cycle) = first_cycle(&services, &active) {
        out.push(cycle);
    }
    out
}

/// The dependency cycle compose-go reports: services in name order, each one's dependencies in
/// name order, depth first; the first dependency already on the path closes the cycle. A service
/// fully searched without finding one is not searched again (the reference searches every path,
/// and finds nothing more there).
fn first_cycle(
    services: &BTreeMap<String, Service>,
    active: &dyn Fn(&Service) -> bool,
) -> Option<Problem> {
    let children = |name: &str| -> Vec<&Named> {
        let mut targets: Vec<&Named> = services
            .get(name)
            .map(|s| {
                s.depends_on
                    .iter()
                    .map(|(t, _)| t)
                    .filter(|t| services.get(&t.value).is_some_and(active))
                    .collect()
            })
            .unwrap_or_default();
        targets.sort_by(|a, b| a.value.cmp(&b.value));
        targets.dedup_by(|a, b| a.value == b.value);
        targets
    };
    let mut done: BTreeSet<&str> = BTreeSet::new();
    for start in services.iter().filter(|(_, s)| active(s)).map(|(n, _)| n) {
        if done.contains(start.as_str()) {
            continue;
        }
        // An explicit stack: (service, its next child to visit), and where each service on it
        // is (so that a cycle is found without scanning the path: a chain stays linear).
        let mut path: Vec<(&str, Vec<&Named>, usize)> = vec![(start, children(start), 0)];
        let mut on_path: std::collections::HashMap<&str, usize> =
            std::collections::HashMap::from([(start.as_str(), 0)]);
        while let Some((name, kids, next)) = path.last_mut() {
            let Some(child) = kids.get(*next).copied() else {
                done.insert(name);
                on_path.remove(*name);
                path.pop();
                continue;
            };
            *next += 1;
            if let Some(&at) = on_path.get(child.value.as_str()) {
                let names: Vec<&str> = path.get(at..)?.iter().map(|(n, _, _)| *n).collect();
                return Some(Problem {
                    file: child.file,
                    range: child.range,
                    message: format!(
                        "dependency cycle detected: {} -> {}",
                        names.join(" -> "),
                        child.value
                    ),
                    cycle: true,
                });
            }
            if !done.contains(child.value.as_str()) {
                let grandchildren = children(&child.value);
                on_path.insert(child.value.as_str(), path.len());
                path.push((child.value.as_str(), grandchildren, 0));
            }
        }
    }
    None
}

/// Reads what `node`, a service's definition in `file`, says into `service`.
fn read_service(
    document: &Document,
    file: usize,
    node: NodeId,
    environment: &dyn Fn(&str) -> Option<String>,
    service: &mut Service,
) {
    let text = |id: NodeId| -> Option<Named> {
        let node = document.node(id)?;
        let scalar = document.scalar(id)?;
        let value = if scalar.value.contains('$') {
            interpolate::substitute(&scalar.value, environment).ok()?
        } else {
            scalar.value.clone()
        };
        Some(Named {
            file,
            range: node.range,
            value,
        })
    };
    let field = |key: &str| document.get(node, key).map(|entry| entry.value);
    // A list of names, or a mapping whose keys are the names.
    let names = |id: NodeId| -> Vec<Named> {
        match document.node(id).map(|n| &n.value) {
            Some(Value::Sequence(items)) => items.iter().filter_map(|&i| text(i)).collect(),
            Some(Value::Mapping(entries)) => entries.iter().filter_map(|e| text(e.key)).collect(),
            _ => Vec::new(),
        }
    };
    // A list of names or of mappings with a `source`.
    let sources = |id: NodeId| -> Vec<Named> {
        document
            .items(id)
            .unwrap_or_default()
            .iter()
            .filter_map(|&item| match document.node(item).map(|n| &n.value) {
                Some(Value::Mapping(_)) => document.get(item, "source").and_then(|e| text(e.value)),
                _ => text(item),
            })
            .collect()
    };
    if let Some(profiles) = field("profiles") {
        service.profiles = names(profiles).into_iter().map(|n| n.value).collect();
    }
    if let Some(depends) = field("depends_on") {
        match document.node(depends).map(|n| &n.value) {
            Some(Value::Mapping(entries)) => {
                for entry in entries {
                    let optional = document
                        .get(entry.value, "required")
                        .and_then(|e| document.scalar(e.value))
                        .is_some_and(|s| s.kind == drydock_yaml::ScalarKind::Bool(false));
                    if let Some(target) = text(entry.key) {
                        service.depends_on.push((target, optional));
                    }
                }
            }
            _ => {
                for target in names(depends) {
                    service.depends_on.push((target, false));
                }
            }
        }
    }
    // What compose-go turns into dependencies.
    if let Some(links) = field("links") {
        for mut link in names(links) {
            if let Some((target, _)) = link.value.split_once(':') {
                link.value = target.to_owned();
            }
            service.depends_on.push((link, false));
        }
    }
    if let Some(from) = field("volumes_from") {
        for mut source in names(from) {
            if source.value.starts_with("container:") {
                continue;
            }
            if let Some((target, _)) = source.value.split_once(':') {
                source.value = target.to_owned();
            }
            service.depends_on.push((source, false));
        }
    }
    for key in ["network_mode", "ipc"] {
        if let Some(mut mode) = field(key).and_then(text)
            && let Some(target) = mode.value.strip_prefix("service:")
        {
            mode.value = target.to_owned();
            service.depends_on.push((mode, false));
        }
    }
    if let Some(networks) = field("networks") {
        service.networks.extend(names(networks));
    }
    if let Some(volumes) = field("volumes") {
        for &item in document.items(volumes).unwrap_or_default() {
            if let Some(volume) = named_volume(document, item, &text) {
                service.volumes.push(volume);
            }
        }
    }
    if let Some(secrets) = field("secrets") {
        service.secrets.extend(sources(secrets));
    }
    if let Some(configs) = field("configs") {
        service.configs.extend(sources(configs));
    }
    if let Some(models) = field("models") {
        service.models.extend(names(models));
    }
    // Files merge: a service built in one stays built when another sets its image.
    service.buildable |= field("build").is_some();
    if let Some(build) = field("build") {
        if let Some(secrets) = document.get(build, "secrets") {
            service.build_secrets.extend(sources(secrets.value));
        }
        if let Some(contexts) = document.get(build, "additional_contexts") {
            // A mapping of names to sources, or a list of `name=source`.
            let pairs: Vec<(String, Named)> = match document.node(contexts.value).map(|n| &n.value)
            {
                Some(Value::Mapping(entries)) => entries
                    .iter()
                    .filter_map(|e| Some((document.key_str(e)?.to_owned(), text(e.value)?)))
                    .collect(),
                Some(Value::Sequence(items)) => items
                    .iter()
                    .filter_map(|&i| {
                        let mut source = text(i)?;
                        let (name, value) = source.value.split_once('=')?;
                        let (name, value) = (name.to_owned(), value.to_owned());
                        source.value = value;
                        Some((name, source))
                    })
                    .collect(),
                _ => Vec::new(),
            };
            for (context, mut target) in pairs {
                if let Some(name) = target.value.strip_prefix("service:") {
                    target.value = name.to_owned();
                    service.contexts.push((context, target));
                }
            }
        }
    }
}

/// The named volume a service's `volumes` item mounts, if it mounts one: the long syntax with
/// `type: volume` and a `source`, or the short `SOURCE:TARGET[:MODE]` whose source is not a path.
fn named_volume(
    document: &Document,
    item: NodeId,
    text: &dyn Fn(NodeId) -> Option<Named>,
) -> Option<Named> {
    if document.entries(item).is_some() {
        let kind = document.get(item, "type").and_then(|e| text(e.value))?;
        if kind.value != "volume" {
            return None;
        }
        return document
            .get(item, "source")
            .and_then(|e| text(e.value))
            .filter(|s| !s.value.is_empty());
    }
    let mut spec = text(item)?;
    let (source, _) = split_volume(&spec.value)?;
    if source.is_empty() || is_path(source) {
        return None;
    }
    spec.value = source.to_owned();
    Some(spec)
}

/// `SOURCE:TARGET[:MODE]` split at the colon after the source (a Windows drive letter's colon is
/// part of the source); `None` for a target alone (an anonymous volume).
fn split_volume(spec: &str) -> Option<(&str, &str)> {
    let bytes = spec.as_bytes();
    let skip = if bytes.len() > 2
        && bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes.get(1) == Some(&b':')
        && matches!(bytes.get(2), Some(b'\\' | b'/'))
    {
        2
    } else {
        0
    };
    let colon = skip + spec.get(skip..)?.find(':')?;
    Some((spec.get(..colon)?, spec.get(colon + 1..)?))
}

/// A bind mount's source: a path (absolute, relative, home, or a Windows path), not a name.
fn is_path(source: &str) -> bool {
    source.starts_with(['/', '.', '~', '\\'])
        || (source.len() > 1 && source.as_bytes().get(1) == Some(&b':'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(text: &str) -> Vec<String> {
        let stream = drydock_yaml::parse(text);
        check(&[&stream], &|_| None)
            .into_iter()
            .map(|p| p.message)
            .collect()
    }

    #[test]
    fn undeclared_parts_and_missing_services_are_refused() {
        let found = problems(
            "services:\n  web:\n    image: nginx\n    depends_on: [db]\n    networks: [front]\n    volumes: [\"data:/d\", \"./src:/src\", \"/anon\"]\n    secrets: [key]\n",
        );
        assert_eq!(
            found,
            [
                "service \"web\" depends on undefined service \"db\": invalid compose project",
                "service \"web\" refers to undefined network front: invalid compose project",
                "service \"web\" refers to undefined volume data: invalid compose project",
                "service \"web\" refers to undefined secret key: invalid compose project",
            ]
        );
    }

    #[test]
    fn declared_parts_pass() {
        let text = "services:\n  web:\n    image: nginx\n    depends_on:\n      db:\n        condition: service_healthy\n    networks: [default, front]\n    volumes:\n      - data:/d\n      - type: volume\n        source: data\n        target: /e\n  db:\n    image: postgres\nnetworks:\n  front: {}\nvolumes:\n  data:\n";
        assert_eq!(problems(text), Vec::<String>::new());
    }

    #[test]
    fn cycles_are_reported_as_compose_reports_them() {
        let found = problems(
            "services:\n  c:\n    image: x\n    depends_on: [a]\n  b:\n    image: x\n    depends_on: [c]\n  a:\n    image: x\n    depends_on: [b]\n",
        );
        assert_eq!(found, ["dependency cycle detected: a -> b -> c -> a"]);
    }

    #[test]
    fn a_wide_dependency_graph_is_searched_once() {
        // Every service depends on every later one: the reference's search visits every path
        // (exponentially many); this one visits each service once.
        let mut text = String::from("services:\n");
        for i in 0..60 {
            let later: Vec<String> = (i + 1..60).map(|j| format!("s{j:02}")).collect();
            text.push_str(&format!(
                "  s{i:02}:\n    image: x\n    depends_on: [{}]\n",
                later.join(", ")
            ));
        }
        assert_eq!(problems(&text), Vec::<String>::new());
    }
}
