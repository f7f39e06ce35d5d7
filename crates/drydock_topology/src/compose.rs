//! The Compose view: each project's services (as Docker Compose finds its files:
//! [`drydock_compose::workspace::projects`]), what they publish to the outside, the services they
//! depend on (with the condition they wait for), the named volumes, secrets and configs they
//! mount; once the project names a network, its services are grouped by the networks they join
//! (`network_mode` included). A service written in the project file and its override is one
//! node, at the project file's line. A
//! service that builds a Dockerfile of the workspace is linked to it: the Dockerfile's stage
//! graph is drawn beside the project, and the stage built (its `build.target`, else the last)
//! `builds` the service.

use std::collections::BTreeMap;

use super::metrics::{MAX_DETAIL_CHARS, clip};
use super::{NodeKind, Source, Topology, edge, node};
use drydock_base::text::TextRange;
use drydock_base::workspace::{SourceFile, Workspace};
use drydock_yaml::{Document, NodeId, Stream};

/// What the project's files say of one service.
#[derive(Default)]
struct Service {
    /// Where its name and its mapping are first written.
    source: Option<Source>,
    image: Option<String>,
    build: bool,
    /// The Dockerfile it builds (a workspace path), the target stage, where `build` is written.
    built: Option<(String, Option<String>, Source)>,
    ports: Vec<(String, Source)>,
    depends_on: Vec<(String, Option<String>, Source)>,
    volumes: Vec<(String, String, Source)>,
    /// The secrets and configs it mounts: whether a secret, the name, where.
    mounts: Vec<(bool, String, Source)>,
    networks: Vec<String>,
    /// `network_mode`: the host's network, none, or another service's or container's.
    network_mode: Option<String>,
}

impl Service {
    /// The networks the service joins, as its group names them: `network front`,
    /// `networks back, front`, `network_mode host`; `network default` when it names none.
    fn network_group(&self) -> String {
        if let Some(mode) = &self.network_mode {
            return format!("network_mode {mode}");
        }
        let mut networks: Vec<&str> = self.networks.iter().map(String::as_str).collect();
        networks.sort_unstable();
        networks.dedup();
        match networks.as_slice() {
            [] => "network default".to_owned(),
            [one] => format!("network {one}"),
            many => format!("networks {}", many.join(", ")),
        }
    }
}

fn text_of(document: &Document, node: NodeId) -> Option<String> {
    document.scalar(node).map(|s| s.value.clone())
}

pub(super) fn add(topology: &mut Topology, workspace: &Workspace) {
    for project in drydock_compose::workspace::projects(&workspace.files) {
        // The project's group, made when something goes in it.
        let group = |topology: &mut Topology| {
            topology.group(
                format!("compose:{}", project.name),
                format!("compose project {}", project.name),
            )
        };
        let mut services: BTreeMap<String, Service> = BTreeMap::new();
        let mut declared_volumes: Vec<String> = Vec::new();
        // Top-level secrets and configs: (whether a secret, name).
        let mut declared_mounts: Vec<(bool, String)> = Vec::new();
        for &at in &project.files {
            let Some(file) = workspace.files.get(at) else {
                continue;
            };
            let stream: Stream = drydock_yaml::parse(&file.text);
            for document in &stream.documents {
                let Some(root) = document.root else { continue };
                if let Some(volumes) = document.get(root, "volumes") {
                    for entry in document.entries(volumes.value).unwrap_or_default() {
                        if let Some(name) = document.key_str(entry) {
                            declared_volumes.push(name.to_owned());
                        }
                    }
                }
                for (secret, key) in [(true, "secrets"), (false, "configs")] {
                    if let Some(section) = document.get(root, key) {
                        for entry in document.entries(section.value).unwrap_or_default() {
                            if let Some(name) = document.key_str(entry) {
                                declared_mounts.push((secret, name.to_owned()));
                            }
                        }
                    }
                }
                let Some(all) = document.get(root, "services") else {
                    continue;
                };
                for entry in document.entries(all.value).unwrap_or_default() {
                    let Some(name) = document.key_str(entry) else {
                        continue;
                    };
                    let source = |range: TextRange, span: TextRange| Source {
                        path: file.name.clone(),
                        range,
                        span,
                    };
                    let service = services.entry(name.to_owned()).or_default();
                    if service.source.is_none() {
                        service.source = Some(source(
                            document.range(entry.key),
                            TextRange::new(
                                document.range(entry.key).start,
                                document.range(entry.value).end,
                            ),
                        ));
                    }
                    let mapping = entry.value;
                    if let Some(image) = document.get(mapping, "image") {
                        service.image = text_of(document, image.value);
                    }
                    service.build |= document.get(mapping, "build").is_some();
                    if service.built.is_none()
                        && let Some(build) = document.get(mapping, "build")
                        && let Some((path, target)) =
                            drydock_compose::build_dockerfile(document, mapping, &project.folder)
                    {
                        let range = document.range(build.key);
                        let span = TextRange::new(range.start, document.range(build.value).end);
                        service.built = Some((path, target, source(range, span)));
                    }
                    if let Some(ports) = document.get(mapping, "ports") {
                        for &item in document.items(ports.value).unwrap_or_default() {
                            let label = match text_of(document, item) {
                                Some(short) => short,
                                None => {
                                    let part = |key: &str| {
                                        document
                                            .get(item, key)
                                            .and_then(|e| text_of(document, e.value))
                                    };
                                    match (part("published"), part("target")) {
                                        (Some(p), Some(t)) => format!("{p}:{t}"),
                                        (None, Some(t)) => t,
                                        _ => continue,
                                    }
                                }
                            };
                            let range = document.range(item);
                            service.ports.push((label, source(range, range)));
                        }
                    }
                    if let Some(depends) = document.get(mapping, "depends_on") {
                        let value = depends.value;
                        for &item in document.items(value).unwrap_or_default() {
                            if let Some(target) = text_of(document, item) {
                                let range = document.range(item);
                                service
                                    .depends_on
                                    .push((target, None, source(range, range)));
                            }
                        }
                        for dependency in document.entries(value).unwrap_or_default() {
                            let Some(target) = document.key_str(dependency) else {
                                continue;
                            };
                            let condition = document
                                .get(dependency.value, "condition")
                                .and_then(|c| text_of(document, c.value));
                            let range = document.range(dependency.key);
                            service.depends_on.push((
                                target.to_owned(),
                                condition,
                                source(range, range),
                            ));
                        }
                    }
                    if let Some(volumes) = document.get(mapping, "volumes") {
                        for &item in document.items(volumes.value).unwrap_or_default() {
                            let (from, to) = match text_of(document, item) {
                                Some(short) => {
                                    let mut parts = short.splitn(3, ':');
                                    let from = parts.next().unwrap_or_default().to_owned();
                                    (from, parts.next().unwrap_or_default().to_owned())
                                }
                                None => {
                                    let part = |key: &str| {
                                        document
                                            .get(item, key)
                                            .and_then(|e| text_of(document, e.value))
                                            .unwrap_or_default()
                                    };
                                    (part("source"), part("target"))
                                }
                            };
                            let range = document.range(item);
                            service.volumes.push((from, to, source(range, range)));
                        }
                    }
                    for (secret, key) in [(true, "secrets"), (false, "configs")] {
                        let Some(list) = document.get(mapping, key) else {
                            continue;
                        };
                        for &item in document.items(list.value).unwrap_or_default() {
                            let name = text_of(document, item).or_else(|| {
                                document
                                    .get(item, "source")
                                    .and_then(|e| text_of(document, e.value))
                            });
                            if let Some(name) = name {
                                let range = document.range(item);
                                service.mounts.push((secret, name, source(range, range)));
                            }
                        }
                    }
                    if let Some(mode) = document.get(mapping, "network_mode") {
                        service.network_mode = text_of(document, mode.value);
                    }
                    if let Some(networks) = document.get(mapping, "networks") {
                        let value = networks.value;
                        for &item in document.items(value).unwrap_or_default() {
                            service.networks.extend(text_of(document, item));
                        }
                        for network in document.entries(value).unwrap_or_default() {
                            service
                                .networks
                                .extend(document.key_str(network).map(str::to_owned));
                        }
                    }
                }
            }
        }

        let id = |name: &str| format!("compose:{}/{name}", project.name);
        // Services are grouped by the networks they join once the project names any (all on
        // the default network, the project is the group).
        let by_network = services
            .values()
            .any(|s| !s.networks.is_empty() || s.network_mode.is_some());
        let mut index_of: BTreeMap<&str, usize> = BTreeMap::new();
        for (name, service) in &services {
            let mut n = node(id(name), NodeKind::Workload, "service", clip(name, 40));
            n.group = Some(if by_network {
                let networks = service.network_group();
                topology.group(
                    format!("compose:{}/{networks}", project.name),
                    clip(&format!("{} · {networks}", project.name), 60),
                )
            } else {
                group(topology)
            });
            match (&service.image, service.build) {
                (_, true) => n.details.push("built here".to_owned()),
                (Some(image), false) => n.details.push(clip(image, MAX_DETAIL_CHARS)),
                (None, false) => {}
            }
            if !service.networks.is_empty() {
                n.details.push(clip(
                    &format!("networks: {}", service.networks.join(", ")),
                    MAX_DETAIL_CHARS,
                ));
            }
            n.source.clone_from(&service.source);
            index_of.insert(name.as_str(), topology.node(n));
        }
        link_builds(topology, workspace, &services, &index_of);
        for (name, service) in &services {
            let Some(&from) = index_of.get(name.as_str()) else {
                continue;
            };
            for (label, source) in &service.ports {
                let internet = topology.node(node(
                    "internet".into(),
                    NodeKind::Internet,
                    "exposure",
                    "Internet",
                ));
                let mut e = edge(internet, from, Some(clip(label, 30)));
                e.source = Some(source.clone());
                topology.edge(e);
            }
            for (target, condition, source) in &service.depends_on {
                let (to, broken) = match index_of.get(target.as_str()) {
                    Some(&to) => (to, false),
                    None => {
                        let mut ghost = node(
                            format!("{}/missing", id(target)),
                            NodeKind::Ghost,
                            "missing service",
                            clip(target, 40),
                        );
                        ghost.group = Some(group(topology));
                        (topology.node(ghost), true)
                    }
                };
                let mut e = edge(
                    from,
                    to,
                    Some(
                        condition
                            .as_deref()
                            .map_or("depends on", |c| c.trim_start_matches("service_"))
                            .to_owned(),
                    ),
                );
                e.broken = broken;
                e.source = Some(source.clone());
                topology.edge(e);
            }
            for (secret, mounted, source) in &service.mounts {
                let declared = declared_mounts
                    .iter()
                    .any(|(s, n)| s == secret && n == mounted);
                let what = if *secret { "secret" } else { "config" };
                let mut n = node(
                    format!("{}/{what}", id(mounted)),
                    match (declared, secret) {
                        (false, _) => NodeKind::Ghost,
                        (true, true) => NodeKind::Secret,
                        (true, false) => NodeKind::ConfigMap,
                    },
                    if declared {
                        what.to_owned()
                    } else {
                        format!("undeclared {what}")
                    },
                    clip(mounted, 40),
                );
                n.group = Some(group(topology));
                let to = topology.node(n);
                let mut e = edge(from, to, Some(what.to_owned()));
                e.broken = !declared;
                e.source = Some(source.clone());
                topology.edge(e);
            }
            for (volume, target, source) in &service.volumes {
                // Named volumes only: a bind mount's source is a path of the host.
                if volume.is_empty() || volume.starts_with(['.', '/', '~', '$']) {
                    continue;
                }
                let declared = declared_volumes.iter().any(|v| v == volume);
                let mut n = node(
                    format!("{}/volume", id(volume)),
                    if declared {
                        NodeKind::Volume
                    } else {
                        NodeKind::Ghost
                    },
                    if declared {
                        "volume"
                    } else {
                        "undeclared volume"
                    },
                    clip(volume, 40),
                );
                n.group = Some(group(topology));
                let to = topology.node(n);
                let mut e = edge(from, to, Some(clip(target, 30)));
                e.broken = !declared;
                e.source = Some(source.clone());
                topology.edge(e);
            }
        }
    }
}

/// The Dockerfiles the services build, drawn once each, and a `builds` edge from the stage
/// built to each service.
fn link_builds(
    topology: &mut Topology,
    workspace: &Workspace,
    services: &BTreeMap<String, Service>,
    index_of: &BTreeMap<&str, usize>,
) {
    let find = |path: &str| {
        workspace
            .files
            .iter()
            .find(|f| drydock_base::workspace::normalize_path(&f.name) == path)
    };
    let mut drawn: Vec<&str> = Vec::new();
    let mut built: Vec<SourceFile> = Vec::new();
    for service in services.values() {
        let Some((path, _, _)) = &service.built else {
            continue;
        };
        if drawn.contains(&path.as_str()) {
            continue;
        }
        if let Some(file) = find(path) {
            drawn.push(path);
            built.push(file.clone());
        }
    }
    if built.is_empty() {
        return;
    }
    super::dockerfile::add(topology, &Workspace { files: built });
    for (name, service) in services {
        let (Some((path, target, source)), Some(&to)) =
            (&service.built, index_of.get(name.as_str()))
        else {
            continue;
        };
        let Some(file) = find(path) else { continue };
        let tree = drydock_dockerfile::parse(&file.text);
        let semantic = drydock_dockerfile::analyze(&file.text, &tree);
        let stage = match target {
            Some(target) => {
                let lower = target.to_lowercase();
                semantic
                    .stages
                    .iter()
                    .position(|s| s.name.as_deref() == Some(lower.as_str()))
            }
            None => semantic.stages.len().checked_sub(1),
        };
        let Some(stage) = stage else { continue };
        let id = format!("docker:{}/stage/{stage}", file.name);
        let Some(from) = topology.nodes.iter().position(|n| n.id == id) else {
            continue;
        };
        let mut e = edge(from, to, Some("builds".into()));
        e.details.push(match target {
            Some(target) => format!("{} builds stage {target}", file.name),
            None => format!("{} builds its last stage", file.name),
        });
        e.source = Some(source.clone());
        topology.edge(e);
    }
}
