//! The Kubernetes view, from the relation graph ([`drydock_k8s::relations`]): exposure → Ingress →
//! Service → workload → configuration, namespaces as groups, broken references to ghost nodes.
//! Only display attributes (Service type and ports, replicas, hosts) are read from the objects
//! here; every reference comes from the relation graph.

use super::metrics::{MAX_DETAIL_CHARS, clip};
use super::{Edge, NodeKind, Source, Topology, edge, node};
use drydock_base::workspace::Workspace;
use drydock_k8s::object::{self, Object, at, int, items, scalar_text};
use drydock_k8s::relations::{self, EdgeKind, EdgeStatus, ObjectNode};

/// A container's image, for the Together view.
pub(super) struct ContainerImage {
    pub image: String,
    pub container: String,
    /// The workload's node.
    pub workload: usize,
    pub source: Source,
}

/// A Service port, as written.
struct ServicePort {
    port: String,
    target: String,
    protocol: String,
    node_port: Option<String>,
}

/// Where the objects of one [`add`] belong when they are not the workspace's own files: a
/// kustomization's render is one group, its objects see only each other, and their ids are
/// their own (two overlays deploy the same Deployment as two objects).
pub(super) struct Scope {
    pub id: String,
    pub label: String,
}

impl Scope {
    /// The group of an object in `namespace`: the scope's, else the namespace's.
    fn group(
        scope: Option<&Scope>,
        topology: &mut Topology,
        namespace: Option<&String>,
    ) -> Option<usize> {
        match scope {
            Some(scope) => Some(topology.group(scope.id.clone(), scope.label.clone())),
            None => {
                namespace.map(|ns| topology.group(format!("ns:{ns}"), format!("namespace {ns}")))
            }
        }
    }

    fn id(scope: Option<&Scope>, id: String) -> String {
        match scope {
            Some(scope) => format!("{}|{id}", scope.id),
            None => id,
        }
    }
}

pub(super) fn add(
    topology: &mut Topology,
    workspace: &Workspace,
    scope: Option<&Scope>,
) -> Vec<ContainerImage> {
    let streams = relations::parse_manifests(workspace);
    let objects = relations::objects_of(&streams);
    let graph = relations::build(workspace, &objects);
    let mut images = Vec::new();

    // One node per object; index in the relation graph → index in the topology.
    let mut index_of: Vec<Option<usize>> = Vec::with_capacity(graph.nodes.len());
    let service_ports: Vec<Vec<ServicePort>> = graph
        .nodes
        .iter()
        .zip(&objects)
        .map(|(n, (_, o))| {
            if n.kind == "Service" {
                ports_of(o)
            } else {
                Vec::new()
            }
        })
        .collect();
    for ((object_node, (_, object)), ports) in graph.nodes.iter().zip(&objects).zip(&service_ports)
    {
        if object_node.kind == "Namespace" {
            index_of.push(None);
            continue;
        }
        let mut n = node(
            unique_id(topology, object_node, scope),
            kind_of(&object_node.kind),
            format!("{} · {}", object_node.kind, object_node.api_version),
            clip(object_node.name.as_deref().unwrap_or("(no name)"), 40),
        );
        n.group = Scope::group(scope, topology, object_node.namespace.as_ref());
        n.details = details(object_node, object, ports);
        n.source = Some(Source {
            path: object_node.path.clone(),
            range: object_node.name_range.unwrap_or(object_node.kind_range),
            span: object_node.range,
        });
        let index = topology.node(n);
        index_of.push(Some(index));
        for container in &object_node.containers {
            if let (Some(image), Some(range)) = (&container.image, container.image_range) {
                images.push(ContainerImage {
                    image: image.clone(),
                    container: container.name.clone(),
                    workload: index,
                    source: Source {
                        path: object_node.path.clone(),
                        range,
                        span: range,
                    },
                });
            }
        }

        // Exposure: what is reachable from outside the cluster.
        let exposure = match object_node.kind.as_str() {
            "Service" => service_type(object).and_then(|t| match t {
                "LoadBalancer" => Some(format!(
                    "LoadBalancer :{}",
                    ports
                        .iter()
                        .map(|p| p.port.as_str())
                        .collect::<Vec<_>>()
                        .join(",")
                )),
                "NodePort" => Some(format!(
                    "NodePort :{}",
                    ports
                        .iter()
                        .map(|p| p.node_port.as_deref().unwrap_or("auto"))
                        .collect::<Vec<_>>()
                        .join(",")
                )),
                _ => None,
            }),
            "Ingress" => Some(
                ingress_hosts(object)
                    .first()
                    .map_or_else(|| "HTTP".to_owned(), |host| clip(host, 28)),
            ),
            _ => None,
        };
        if let Some(label) = exposure {
            let internet = topology.node(node(
                "internet".into(),
                NodeKind::Internet,
                "exposure",
                "Internet",
            ));
            let mut e = edge(internet, index, Some(clip(&label, 30)));
            if let Some(range) = type_range(object) {
                e.source = Some(Source {
                    path: object_node.path.clone(),
                    range,
                    span: object_node.range,
                });
            }
            topology.edge(e);
        }
    }

    for relation in &graph.edges {
        let (Some(Some(from)), Some(referrer)) = (
            index_of.get(relation.from).copied(),
            graph.nodes.get(relation.from),
        ) else {
            continue;
        };
        if relation.status == EdgeStatus::Builtin {
            continue;
        }
        // Ports are shown on the edges they qualify.
        if matches!(
            relation.kind,
            EdgeKind::TargetPort | EdgeKind::IngressBackendPort
        ) {
            continue;
        }
        let source = Source {
            path: referrer.path.clone(),
            range: relation.from_range,
            span: referrer.range,
        };
        let mut details = Vec::new();
        if let Some(detail) = &relation.detail {
            details.push(detail.clone());
        }
        if relation.optional {
            details.push("optional".into());
        }
        let mut label = match relation.kind {
            EdgeKind::ServiceSelector => relation
                .target
                .strip_prefix("pods ")
                .map(|s| format!("selector {s}")),
            EdgeKind::IngressBackend => Some("backend".into()),
            EdgeKind::ScaleTarget => Some("scales".into()),
            EdgeKind::DisruptionBudget => Some("budget".into()),
            EdgeKind::NetworkPolicy => Some("policy".into()),
            EdgeKind::ConfigMap | EdgeKind::Secret => relation.detail.clone(),
            EdgeKind::PersistentVolumeClaim => Some("volume".into()),
            EdgeKind::ServiceAccount => Some("serviceAccount".into()),
            EdgeKind::GoverningService => Some("serviceName".into()),
            EdgeKind::RoleRef => Some("roleRef".into()),
            EdgeKind::RoleSubject => Some("subject".into()),
            EdgeKind::Duplicate => Some("duplicate".into()),
            EdgeKind::TargetPort | EdgeKind::IngressBackendPort => None,
        };
        let mut broken = relation.kind == EdgeKind::Duplicate;
        let target = match (relation.status, relation.to) {
            (EdgeStatus::Resolved, Some(to)) => index_of.get(to).copied().flatten(),
            _ => None,
        };
        let to = match target {
            Some(to) => {
                // Service → workload: the ports, each with whether the workload has it.
                if relation.kind == EdgeKind::ServiceSelector {
                    if let Some(selector) = label.take() {
                        details.insert(0, selector.clone());
                        label = Some(selector);
                    }
                    let ports = service_ports
                        .get(relation.from)
                        .map_or(&[][..], Vec::as_slice);
                    if !ports.is_empty() {
                        label = Some(
                            ports
                                .iter()
                                .map(|p| format!("{} → {}/{}", p.port, p.target, p.protocol))
                                .collect::<Vec<_>>()
                                .join(", "),
                        );
                    }
                    for port in graph.edges.iter().filter(|e| {
                        e.kind == EdgeKind::TargetPort
                            && e.from == relation.from
                            && e.to == relation.to
                    }) {
                        if port.status == EdgeStatus::Missing {
                            broken = true;
                            details.push(format!("{}: no such container port", port.target));
                        }
                    }
                }
                if relation.kind == EdgeKind::IngressBackend {
                    for port in graph.edges.iter().filter(|e| {
                        e.kind == EdgeKind::IngressBackendPort
                            && e.from == relation.from
                            && e.to == relation.to
                    }) {
                        label = Some(port.target.clone());
                        if port.status == EdgeStatus::Missing {
                            broken = true;
                            details.push(format!("{}: not a port of the Service", port.target));
                        }
                    }
                }
                to
            }
            None => {
                broken = true;
                let namespace = relation.namespace.as_deref().unwrap_or("cluster");
                if relation.status == EdgeStatus::OtherNamespace {
                    details.push(format!("not in namespace {namespace}"));
                } else {
                    details.push("not in the workspace".into());
                }
                let mut ghost = node(
                    Scope::id(scope, format!("ghost:{namespace}/{}", relation.target)),
                    NodeKind::Ghost,
                    "missing",
                    clip(&relation.target, 40),
                );
                ghost.group = Scope::group(scope, topology, referrer.namespace.as_ref());
                topology.node(ghost)
            }
        };
        let label = label.map(|l| clip(&l, 32));
        // Several references between the same two objects are one edge.
        if let Some(existing) = topology
            .edges
            .iter_mut()
            .find(|e| e.from == from && e.to == to)
        {
            existing.broken |= broken;
            existing.details.extend(details);
            if existing.label != label
                && let Some(extra) = label
            {
                existing.label = Some(match existing.label.take() {
                    Some(first) => clip(&format!("{first}, {extra}"), 32),
                    None => extra,
                });
            }
            continue;
        }
        topology.edge(Edge {
            details,
            broken,
            source: Some(source),
            ..edge(from, to, label)
        });
    }
    images
}

/// `k8s:<namespace>/<Kind>/<name>`, made unique when an object is defined twice.
fn unique_id(topology: &Topology, object: &ObjectNode, scope: Option<&Scope>) -> String {
    let base = Scope::id(
        scope,
        format!(
            "k8s:{}/{}/{}",
            object.namespace.as_deref().unwrap_or("cluster"),
            object.kind,
            object
                .name
                .clone()
                .unwrap_or_else(|| format!("{}#{}", object.path, object.document))
        ),
    );
    if !topology.nodes.iter().any(|n| n.id == base) {
        return base;
    }
    format!("{base}@{}#{}", object.path, object.document)
}

fn kind_of(kind: &str) -> NodeKind {
    match kind {
        "Ingress" => NodeKind::Ingress,
        "Service" => NodeKind::Service,
        "ConfigMap" => NodeKind::ConfigMap,
        "Secret" => NodeKind::Secret,
        "PersistentVolumeClaim" | "PersistentVolume" => NodeKind::Volume,
        "ServiceAccount" => NodeKind::ServiceAccount,
        "HorizontalPodAutoscaler" | "PodDisruptionBudget" | "NetworkPolicy" => NodeKind::Policy,
        "Role" | "ClusterRole" | "RoleBinding" | "ClusterRoleBinding" => NodeKind::Access,
        kind if object::WORKLOAD_KINDS.contains(&kind) => NodeKind::Workload,
        _ => NodeKind::Object,
    }
}

fn service_type<'d>(object: &Object<'d>) -> Option<&'d str> {
    let spec = object.spec()?;
    Some(object.doc.get_str(spec, "type").unwrap_or("ClusterIP"))
}

fn type_range(object: &Object<'_>) -> Option<drydock_base::text::TextRange> {
    let spec = object.spec()?;
    let entry = object.doc.get(spec, "type")?;
    Some(object.doc.range(entry.value))
}

fn ports_of(object: &Object<'_>) -> Vec<ServicePort> {
    let doc = object.doc;
    let Some(spec) = object.spec() else {
        return Vec::new();
    };
    items(doc, at(doc, spec, &["ports"]))
        .iter()
        .filter_map(|&p| {
            let port = at(doc, p, &["port"]).and_then(|n| scalar_text(doc, n))?;
            let target = at(doc, p, &["targetPort"])
                .and_then(|n| scalar_text(doc, n))
                .unwrap_or(port);
            Some(ServicePort {
                port: port.to_owned(),
                target: target.to_owned(),
                protocol: doc.get_str(p, "protocol").unwrap_or("TCP").to_owned(),
                node_port: at(doc, p, &["nodePort"])
                    .and_then(|n| scalar_text(doc, n))
                    .map(str::to_owned),
            })
        })
        .collect()
}

fn ingress_hosts<'d>(object: &Object<'d>) -> Vec<&'d str> {
    let doc = object.doc;
    let Some(spec) = object.spec() else {
        return Vec::new();
    };
    items(doc, at(doc, spec, &["rules"]))
        .iter()
        .filter_map(|&rule| at(doc, rule, &["host"]).and_then(|n| scalar_text(doc, n)))
        .collect()
}

fn details(node: &ObjectNode, object: &Object<'_>, ports: &[ServicePort]) -> Vec<String> {
    let doc = object.doc;
    let spec = object.spec();
    let mut out = Vec::new();
    match node.kind.as_str() {
        "Service" => {
            let kind = service_type(object).unwrap_or("ClusterIP");
            let headless = spec.and_then(|s| doc.get_str(s, "clusterIP")) == Some("None");
            out.push(if headless {
                "ClusterIP · headless".to_owned()
            } else {
                kind.to_owned()
            });
            for port in ports {
                out.push(format!("{} → {}/{}", port.port, port.target, port.protocol));
            }
        }
        "Ingress" => {
            for host in ingress_hosts(object) {
                out.push(format!("host {host}"));
            }
        }
        "HorizontalPodAutoscaler" => {
            let get = |key| {
                spec.and_then(|s| at(doc, s, &[key]))
                    .and_then(|n| int(doc, n))
            };
            if let (min, Some(max)) = (get("minReplicas"), get("maxReplicas")) {
                out.push(format!("{}–{max} replicas", min.unwrap_or(1)));
            }
        }
        _ => {}
    }
    if let Some(replicas) = spec
        .and_then(|s| at(doc, s, &["replicas"]))
        .and_then(|n| int(doc, n))
    {
        out.push(match replicas {
            1 => "1 replica".to_owned(),
            n => format!("{n} replicas"),
        });
    }
    for container in &node.containers {
        let mut line = String::new();
        if container.list != object::ContainerList::Containers {
            line.push_str("init ");
        }
        line.push_str(&container.name);
        line.push_str(": ");
        line.push_str(container.image.as_deref().unwrap_or("(no image)"));
        let ports: Vec<String> = container
            .ports
            .iter()
            .filter_map(|p| {
                let number = p.number.map(|n| n.to_string()).or_else(|| p.name.clone())?;
                Some(if p.protocol == "TCP" {
                    number
                } else {
                    format!("{number}/{}", p.protocol)
                })
            })
            .collect();
        if !ports.is_empty() {
            line.push_str(" :");
            line.push_str(&ports.join(","));
        }
        out.push(clip(&line, MAX_DETAIL_CHARS));
    }
    out.truncate(8);
    out
}
