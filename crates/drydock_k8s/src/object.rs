//! A read-only view of the Kubernetes objects in a parsed YAML stream: kind, apiVersion, name,
//! namespace, labels, the pod template of a workload and its containers — each with the node it
//! came from, so that every finding and every relation can point at the exact key or value.

use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarKind, Stream};

/// One object: a document's root, or an item of a `kind: List`.
#[derive(Debug, Clone, Copy)]
pub struct Object<'d> {
    pub doc: &'d Document,
    /// Index of the document in its stream.
    pub document: usize,
    pub node: NodeId,
    pub api_version: &'d str,
    pub kind: &'d str,
    pub kind_range: TextRange,
    pub metadata: Option<NodeId>,
}

/// The workloads whose pods come from a template (or, for a Pod, from its own spec).
pub const WORKLOAD_KINDS: [&str; 8] = [
    "Pod",
    "Deployment",
    "StatefulSet",
    "DaemonSet",
    "ReplicaSet",
    "ReplicationController",
    "Job",
    "CronJob",
];

/// Built-in kinds that live outside namespaces.
const CLUSTER_SCOPED: [&str; 20] = [
    "Namespace",
    "Node",
    "PersistentVolume",
    "ClusterRole",
    "ClusterRoleBinding",
    "CustomResourceDefinition",
    "StorageClass",
    "CSIDriver",
    "CSINode",
    "VolumeAttachment",
    "PriorityClass",
    "RuntimeClass",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "APIService",
    "PodSecurityPolicy",
    "CertificateSigningRequest",
];

/// True for built-in kinds that have no namespace.
pub fn is_cluster_scoped(kind: &str) -> bool {
    CLUSTER_SCOPED.contains(&kind)
}

/// Every object of the complete documents of `stream` (documents with syntax errors are skipped:
/// a partial tree would produce false findings), `List` items included.
pub fn objects(stream: &Stream) -> Vec<Object<'_>> {
    let mut out = Vec::new();
    for (index, doc) in stream.documents.iter().enumerate() {
        if !doc.is_complete() {
            continue;
        }
        if let Some(root) = doc.root {
            collect(doc, index, root, 0, &mut out);
        }
    }
    out
}

fn collect<'d>(
    doc: &'d Document,
    index: usize,
    node: NodeId,
    depth: usize,
    out: &mut Vec<Object<'d>>,
) {
    let (Some(api_version), Some(kind)) =
        (doc.get_str(node, "apiVersion"), doc.get_str(node, "kind"))
    else {
        return;
    };
    let kind_range = doc
        .get(node, "kind")
        .map_or(doc.range(node), |e| doc.range(e.value));
    if kind == "List" {
        if depth < 8
            && let Some(items) = doc.get(node, "items").and_then(|e| doc.items(e.value))
        {
            for &item in items {
                collect(doc, index, item, depth + 1, out);
            }
        }
        return;
    }
    let metadata = doc
        .get(node, "metadata")
        .map(|e| e.value)
        .filter(|&m| doc.entries(m).is_some());
    out.push(Object {
        doc,
        document: index,
        node,
        api_version,
        kind,
        kind_range,
        metadata,
    });
}

/// The node at `path` of mappings under `node`.
pub fn at(doc: &Document, node: NodeId, path: &[&str]) -> Option<NodeId> {
    let mut current = node;
    for key in path {
        current = doc.get(current, key)?.value;
    }
    Some(current)
}

/// The entry (key and value) at `path` under `node`.
pub fn entry_at(doc: &Document, node: NodeId, path: &[&str]) -> Option<drydock_yaml::Entry> {
    let (last, parents) = path.split_last()?;
    let parent = at(doc, node, parents)?;
    doc.get(parent, last).copied()
}

/// A scalar's text whatever its type (`80` and `"80"` both give `80`); `None` for null and
/// collections.
pub fn scalar_text(doc: &Document, node: NodeId) -> Option<&str> {
    let scalar = doc.scalar(node)?;
    (scalar.kind != ScalarKind::Null).then_some(scalar.value.as_str())
}

/// An integer scalar's value.
pub fn int(doc: &Document, node: NodeId) -> Option<i64> {
    match doc.scalar(node)?.kind {
        ScalarKind::Int(value) => Some(value),
        _ => None,
    }
}

/// A boolean scalar's value.
pub fn boolean(doc: &Document, node: NodeId) -> Option<bool> {
    match doc.scalar(node)?.kind {
        ScalarKind::Bool(value) => Some(value),
        _ => None,
    }
}

/// The items of a sequence (empty for anything else).
pub fn items(doc: &Document, node: Option<NodeId>) -> &[NodeId] {
    node.and_then(|n| doc.items(n)).unwrap_or(&[])
}

/// A string-to-string map (labels, annotations, a selector's matchLabels): `(key, value, key
/// node, value node)` for each scalar entry.
pub fn string_map(doc: &Document, node: Option<NodeId>) -> Vec<(&str, &str, NodeId, NodeId)> {
    let Some(entries) = node.and_then(|n| doc.entries(n)) else {
        return Vec::new();
    };
    entries
        .iter()
        .filter_map(|e| {
            let key = doc.key_str(e)?;
            let value = doc.scalar(e.value).map_or("", |s| s.value.as_str());
            Some((key, value, e.key, e.value))
        })
        .collect()
}

/// Where a workload's pods are described.
#[derive(Debug, Clone, Copy)]
pub struct PodTemplate {
    /// The template's `metadata` (the object's own for a Pod).
    pub metadata: Option<NodeId>,
    /// The pod labels' mapping.
    pub labels: Option<NodeId>,
    /// The pod spec.
    pub spec: NodeId,
}

/// Which list a container comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ContainerList {
    Containers,
    InitContainers,
    EphemeralContainers,
}

impl ContainerList {
    pub const fn key(self) -> &'static str {
        match self {
            ContainerList::Containers => "containers",
            ContainerList::InitContainers => "initContainers",
            ContainerList::EphemeralContainers => "ephemeralContainers",
        }
    }
}

impl<'d> Object<'d> {
    pub fn name(&self) -> Option<&'d str> {
        self.doc.get_str(self.metadata?, "name")
    }

    pub fn name_range(&self) -> Option<TextRange> {
        let entry = self.doc.get(self.metadata?, "name")?;
        Some(self.doc.range(entry.value))
    }

    /// The namespace as written.
    pub fn namespace(&self) -> Option<&'d str> {
        self.doc.get_str(self.metadata?, "namespace")
    }

    /// The whole object's range.
    pub fn range(&self) -> TextRange {
        self.doc.range(self.node)
    }

    /// Where a finding about the whole object goes: its name, else its kind.
    pub fn anchor(&self) -> TextRange {
        self.name_range().unwrap_or(self.kind_range)
    }

    pub fn labels(&self) -> Vec<(&'d str, &'d str, NodeId, NodeId)> {
        string_map(
            self.doc,
            self.metadata.and_then(|m| at(self.doc, m, &["labels"])),
        )
    }

    pub fn annotations(&self) -> Vec<(&'d str, &'d str, NodeId, NodeId)> {
        string_map(
            self.doc,
            self.metadata
                .and_then(|m| at(self.doc, m, &["annotations"])),
        )
    }

    pub fn spec(&self) -> Option<NodeId> {
        at(self.doc, self.node, &["spec"])
    }

    pub fn is_workload(&self) -> bool {
        WORKLOAD_KINDS.contains(&self.kind)
    }

    /// The pod template of a workload (`None` for other kinds).
    pub fn pod_template(&self) -> Option<PodTemplate> {
        let doc = self.doc;
        let template = match self.kind {
            "Pod" => {
                return Some(PodTemplate {
                    metadata: self.metadata,
                    labels: self.metadata.and_then(|m| at(doc, m, &["labels"])),
                    spec: self.spec()?,
                });
            }
            "CronJob" => at(doc, self.node, &["spec", "jobTemplate", "spec", "template"])?,
            kind if self.is_workload() && kind != "Pod" => {
                at(doc, self.node, &["spec", "template"])?
            }
            _ => return None,
        };
        let metadata = at(doc, template, &["metadata"]);
        Some(PodTemplate {
            metadata,
            labels: metadata.and_then(|m| at(doc, m, &["labels"])),
            spec: at(doc, template, &["spec"])?,
        })
    }

    /// The containers of the pod template, init and ephemeral containers included.
    pub fn containers(&self) -> Vec<(ContainerList, NodeId)> {
        let Some(template) = self.pod_template() else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for list in [
            ContainerList::InitContainers,
            ContainerList::Containers,
            ContainerList::EphemeralContainers,
        ] {
            for &item in items(self.doc, at(self.doc, template.spec, &[list.key()])) {
                if self.doc.entries(item).is_some() {
                    out.push((list, item));
                }
            }
        }
        out
    }

    /// The pod labels of a workload's template.
    pub fn pod_labels(&self) -> Vec<(&'d str, &'d str, NodeId, NodeId)> {
        string_map(self.doc, self.pod_template().and_then(|t| t.labels))
    }
}

/// A label selector: `matchLabels` and `matchExpressions`, or a Service's plain map.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Selector {
    pub match_labels: Vec<(String, String)>,
    pub expressions: Vec<Expression>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expression {
    pub key: String,
    pub operator: String,
    pub values: Vec<String>,
}

impl Selector {
    /// A Service's (or ReplicationController's) selector: a plain map of labels.
    pub fn from_map(doc: &Document, node: NodeId) -> Selector {
        Selector {
            match_labels: string_map(doc, Some(node))
                .into_iter()
                .map(|(k, v, _, _)| (k.to_owned(), v.to_owned()))
                .collect(),
            expressions: Vec::new(),
        }
    }

    /// A `LabelSelector` (`matchLabels`, `matchExpressions`).
    pub fn from_label_selector(doc: &Document, node: NodeId) -> Selector {
        let mut selector = Selector::from_map(doc, at(doc, node, &["matchLabels"]).unwrap_or(node));
        if at(doc, node, &["matchLabels"]).is_none() {
            selector.match_labels.clear();
        }
        for &expression in items(doc, at(doc, node, &["matchExpressions"])) {
            let key = doc.get_str(expression, "key").unwrap_or_default();
            let operator = doc.get_str(expression, "operator").unwrap_or_default();
            let values = items(doc, at(doc, expression, &["values"]))
                .iter()
                .filter_map(|&v| scalar_text(doc, v))
                .map(str::to_owned)
                .collect();
            selector.expressions.push(Expression {
                key: key.to_owned(),
                operator: operator.to_owned(),
                values,
            });
        }
        selector
    }

    pub fn is_empty(&self) -> bool {
        self.match_labels.is_empty() && self.expressions.is_empty()
    }

    /// Whether a set of labels satisfies the selector (an empty selector selects everything).
    pub fn matches<'l>(&self, labels: impl Iterator<Item = (&'l str, &'l str)> + Clone) -> bool {
        let get = |key: &str| labels.clone().find(|(k, _)| *k == key).map(|(_, v)| v);
        self.match_labels
            .iter()
            .all(|(key, value)| get(key) == Some(value.as_str()))
            && self.expressions.iter().all(|e| {
                let value = get(&e.key);
                match e.operator.as_str() {
                    "In" => value.is_some_and(|v| e.values.iter().any(|x| x == v)),
                    "NotIn" => value.is_none_or(|v| !e.values.iter().any(|x| x == v)),
                    "Exists" => value.is_some(),
                    "DoesNotExist" => value.is_none(),
                    _ => false,
                }
            })
    }
}

impl std::fmt::Display for Selector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut parts: Vec<String> = self
            .match_labels
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect();
        parts.extend(self.expressions.iter().map(|e| match e.operator.as_str() {
            "Exists" => e.key.clone(),
            "DoesNotExist" => format!("!{}", e.key),
            op => format!(
                "{} {} ({})",
                e.key,
                op.to_ascii_lowercase(),
                e.values.join(",")
            ),
        }));
        f.write_str(&parts.join(","))
    }
}

/// A security setting of a container, or else of its pod (`runAsNonRoot`, `runAsUser`,
/// `seccompProfile`…: the container's value wins). Returns the node that decides, if any.
pub fn security_setting(
    doc: &Document,
    pod_spec: NodeId,
    container: NodeId,
    key: &str,
) -> Option<NodeId> {
    at(doc, container, &["securityContext", key])
        .or_else(|| at(doc, pod_spec, &["securityContext", key]))
}

/// Where a finding about a container goes: its `name` value, else its first line.
pub fn container_anchor(doc: &Document, container: NodeId) -> TextRange {
    doc.get(container, "name")
        .map(|e| doc.range(e.value))
        .unwrap_or_else(|| {
            let range = doc.range(container);
            TextRange::new(range.start, range.start)
        })
}

/// Every workload of a stream with its pod spec and containers (regular and init).
pub fn pods<'d>(stream: &'d Stream) -> impl Iterator<Item = (Object<'d>, PodTemplate)> + 'd {
    objects(stream)
        .into_iter()
        .filter_map(|o| o.pod_template().map(|t| (o, t)))
}

/// An image reference's repository name without registry, path, tag or digest
/// (`docker.io/bitnami/postgresql:16@sha256:…` → `postgresql`).
pub fn image_name(image: &str) -> &str {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    last.split(':').next().unwrap_or(last)
}

/// The tag of an image reference, if it has one (a registry port is not a tag).
pub fn image_tag(image: &str) -> Option<&str> {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    last.split_once(':').map(|(_, tag)| tag)
}

/// The database an image runs, when its name says so.
pub fn database_image(image: &str) -> Option<&'static str> {
    const DATABASES: [(&str, &str); 16] = [
        ("mysql", "MySQL"),
        ("mariadb", "MariaDB"),
        ("percona", "Percona Server"),
        ("postgres", "PostgreSQL"),
        ("postgresql", "PostgreSQL"),
        ("timescaledb", "TimescaleDB"),
        ("mongo", "MongoDB"),
        ("mongodb", "MongoDB"),
        ("redis", "Redis"),
        ("cassandra", "Cassandra"),
        ("elasticsearch", "Elasticsearch"),
        ("couchdb", "CouchDB"),
        ("neo4j", "Neo4j"),
        ("influxdb", "InfluxDB"),
        ("cockroach", "CockroachDB"),
        ("clickhouse-server", "ClickHouse"),
    ];
    let name = image_name(image).to_ascii_lowercase();
    DATABASES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, product)| *product)
}
