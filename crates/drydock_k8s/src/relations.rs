//! The relation graph of a workspace: every Kubernetes object (a node) and every reference from one
//! object to another (an edge), across files and namespace-aware, each end with its source range.
//!
//! It is plain data — the cross-file rules read it, and the topology diagram draws it. A
//! reference whose target is not in the workspace is still an edge, with a [`EdgeStatus`] that
//! says why it did not resolve; callers decide how much that matters (a Secret is often created
//! outside the repository, a Service selector that matches nothing is always a bug).
//!
//! Namespaces: an object without `metadata.namespace` is taken to be in `default` (where
//! `kubectl apply` puts it without `-n`); a reference resolves in its own object's namespace,
//! except for cluster-scoped targets.

use std::borrow::{Borrow, Cow};
use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::object::{self, Object, Selector, at, int, is_cluster_scoped, items, scalar_text};
use drydock_base::text::TextRange;
use drydock_base::workspace::{FileKind, Workspace};
use drydock_yaml::{Document, NodeId, Stream};

/// Every object of a workspace and the references between them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RelationGraph {
    /// Objects in workspace order (file, then document); an edge names them by index.
    pub nodes: Vec<ObjectNode>,
    pub edges: Vec<Edge>,
}

/// One Kubernetes object.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ObjectNode {
    /// Index of the file in [`Workspace::files`].
    pub file: usize,
    /// The file's name.
    pub path: String,
    /// Index of the YAML document in its file.
    pub document: usize,
    pub api_version: String,
    pub kind: String,
    /// `None` when `metadata.name` is missing (e.g. `generateName`).
    pub name: Option<String>,
    /// The namespace, `default` when not written; `None` for cluster-scoped kinds.
    pub namespace: Option<String>,
    /// True when `metadata.namespace` is written.
    pub namespace_explicit: bool,
    pub labels: BTreeMap<String, String>,
    /// The whole object.
    pub range: TextRange,
    /// The `kind` value.
    pub kind_range: TextRange,
    /// The `metadata.name` value.
    pub name_range: Option<TextRange>,
    /// The containers of a workload's pods.
    pub containers: Vec<ContainerNode>,
    /// A custom resource (a kind no Kubernetes version serves): its controller may create pods,
    /// Services and more that the workspace does not show.
    pub custom: bool,
}

/// A container of a workload, as the diagram and the port checks need it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContainerNode {
    pub name: String,
    pub list: object::ContainerList,
    pub image: Option<String>,
    pub image_range: Option<TextRange>,
    pub ports: Vec<PortNode>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PortNode {
    pub name: Option<String>,
    pub number: Option<i64>,
    pub protocol: String,
    /// The `containerPort` value (or the port entry when it has none).
    pub range: TextRange,
}

/// What a reference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeKind {
    /// A Service's selector → the workloads whose pods it selects.
    ServiceSelector,
    /// A Service port's `targetPort` → a container port of a selected workload.
    TargetPort,
    /// An Ingress backend → a Service.
    IngressBackend,
    /// An Ingress backend's port → a port of the Service.
    IngressBackendPort,
    /// A HorizontalPodAutoscaler's `scaleTargetRef` → a workload.
    ScaleTarget,
    /// A PodDisruptionBudget's selector → workloads.
    DisruptionBudget,
    /// A NetworkPolicy's `podSelector` → workloads.
    NetworkPolicy,
    /// env, envFrom, volumes → a ConfigMap.
    ConfigMap,
    /// env, envFrom, volumes, imagePullSecrets → a Secret.
    Secret,
    /// A `persistentVolumeClaim` volume → a PersistentVolumeClaim.
    PersistentVolumeClaim,
    /// `serviceAccountName` → a ServiceAccount.
    ServiceAccount,
    /// A StatefulSet's `serviceName` → its governing (headless) Service.
    GoverningService,
    /// A RoleBinding's or ClusterRoleBinding's `roleRef` → a Role or ClusterRole.
    RoleRef,
    /// A binding's ServiceAccount subject → the ServiceAccount.
    RoleSubject,
    /// An object defined again → its first definition.
    Duplicate,
}

/// Whether a reference resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EdgeStatus {
    /// The target is in the workspace, in the right namespace.
    Resolved,
    /// The target is in the workspace, but only in another namespace (`to` is that object).
    OtherNamespace,
    /// No such target in the workspace. For a port, `to` is the object that lacks it.
    Missing,
    /// Not in the workspace, but every cluster has it (`cluster-admin`, the `default`
    /// ServiceAccount).
    Builtin,
}

/// A reference from one object to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub kind: EdgeKind,
    /// The referring object (index in [`RelationGraph::nodes`]).
    pub from: usize,
    /// The key or value that makes the reference, in `from`'s file.
    pub from_range: TextRange,
    /// The referenced object, when one is in the workspace.
    pub to: Option<usize>,
    /// The referenced key or value (a container port, a Service port), in `to`'s file; the
    /// object's name when the reference is to the whole object.
    pub to_range: Option<TextRange>,
    /// What is referenced, for messages: `Service mysql`, `port http`, `pods app=web`.
    pub target: String,
    /// The namespace the target was looked up in (`None` for cluster-scoped targets).
    pub namespace: Option<String>,
    pub status: EdgeStatus,
    /// The reference is marked `optional: true` (the pod starts without the target).
    pub optional: bool,
    /// Where the reference sits, for messages: `envFrom`, `volume config`, `env DB_PASSWORD`.
    pub detail: Option<String>,
}

impl RelationGraph {
    /// The edges that did not resolve (missing, or only in another namespace).
    pub fn broken(&self) -> impl Iterator<Item = &Edge> {
        self.edges
            .iter()
            .filter(|e| matches!(e.status, EdgeStatus::Missing | EdgeStatus::OtherNamespace))
    }

    pub fn edges_of(&self, kind: EdgeKind) -> impl Iterator<Item = &Edge> {
        self.edges.iter().filter(move |e| e.kind == kind)
    }

    /// Whether a custom resource lives in `namespace` (or is cluster-scoped): its controller
    /// may create the pods a selector looks for.
    pub fn has_custom_resource_in(&self, namespace: Option<&str>) -> bool {
        self.nodes
            .iter()
            .any(|n| n.custom && (n.namespace.is_none() || n.namespace.as_deref() == namespace))
    }
}

/// Every object of the Kubernetes files `streams` (`(file index, stream)`), with its file index,
/// in the order of [`RelationGraph::nodes`].
pub fn objects_of<'s, S: Borrow<Stream> + 's>(
    streams: impl IntoIterator<Item = &'s (usize, S)>,
) -> Vec<(usize, Object<'s>)> {
    streams
        .into_iter()
        .flat_map(|(file, stream)| {
            object::objects(stream.borrow())
                .into_iter()
                .map(|o| (*file, o))
        })
        .collect()
}

/// The Kubernetes files of `workspace`, parsed: `(file index, stream)`.
pub fn parse_manifests(workspace: &Workspace) -> Vec<(usize, Stream)> {
    workspace
        .files
        .iter()
        .enumerate()
        .filter(|(_, f)| FileKind::detect(&f.name, &f.text) == FileKind::Kubernetes)
        .map(|(i, f)| (i, drydock_yaml::parse(&f.text)))
        .collect()
}

/// The relation graph of every Kubernetes object in `workspace`.
pub fn relations(workspace: &Workspace) -> RelationGraph {
    let streams = parse_manifests(workspace);
    build(workspace, &objects_of(&streams))
}

/// The graph of already parsed objects of `workspace` (as [`objects_of`] lists them).
pub fn build(workspace: &Workspace, objects: &[(usize, Object<'_>)]) -> RelationGraph {
    // Whether a kind is served by any Kubernetes version, asked once per kind: the schema
    // lists its kinds, not an index of them. Before the built-in schema is loaded (the
    // playground fetches it) no kind is known to be built in: every object counts as a custom
    // resource, which only quiets the selectors that match nothing (an operator might create
    // the pods) — fewer findings until it is loaded, never false ones.
    let schema = crate::Schema::builtin();
    let mut builtin: HashMap<&str, bool> = HashMap::new();
    let nodes = objects
        .iter()
        .map(|(file, o)| {
            let builtin = *builtin
                .entry(o.kind)
                .or_insert_with(|| schema.kind_versions(o.kind).next().is_some());
            node(workspace, *file, o, !builtin)
        })
        .collect();
    let mut builder = Builder {
        graph: RelationGraph {
            nodes,
            edges: Vec::new(),
        },
        objects,
        index: Index::new(objects),
    };
    for index in 0..objects.len() {
        builder.object(index);
    }
    builder.duplicates();
    builder.graph
}

fn node(workspace: &Workspace, file: usize, o: &Object<'_>, custom: bool) -> ObjectNode {
    let doc = o.doc;
    let containers = o
        .containers()
        .into_iter()
        .map(|(list, c)| ContainerNode {
            name: doc.get_str(c, "name").unwrap_or_default().to_owned(),
            list,
            image: doc.get_str(c, "image").map(str::to_owned),
            image_range: doc.get(c, "image").map(|e| doc.range(e.value)),
            ports: items(doc, at(doc, c, &["ports"]))
                .iter()
                .map(|&p| PortNode {
                    name: doc.get_str(p, "name").map(str::to_owned),
                    number: at(doc, p, &["containerPort"]).and_then(|n| int(doc, n)),
                    protocol: doc.get_str(p, "protocol").unwrap_or("TCP").to_owned(),
                    range: at(doc, p, &["containerPort"]).map_or(doc.range(p), |n| doc.range(n)),
                })
                .collect(),
        })
        .collect();
    ObjectNode {
        file,
        path: workspace
            .files
            .get(file)
            .map(|f| f.name.clone())
            .unwrap_or_default(),
        document: o.document,
        api_version: o.api_version.to_owned(),
        kind: o.kind.to_owned(),
        name: o.name().map(str::to_owned),
        namespace: namespace_of(o),
        namespace_explicit: o.namespace().is_some(),
        labels: o
            .labels()
            .into_iter()
            .map(|(k, v, _, _)| (k.to_owned(), v.to_owned()))
            .collect(),
        range: o.range(),
        kind_range: o.kind_range,
        name_range: o.name_range(),
        containers,
        custom,
    }
}

fn namespace_of(o: &Object<'_>) -> Option<String> {
    if is_cluster_scoped(o.kind) {
        None
    } else {
        Some(o.namespace().unwrap_or("default").to_owned())
    }
}

/// ClusterRoles every cluster has.
fn builtin_cluster_role(name: &str) -> bool {
    matches!(name, "cluster-admin" | "admin" | "edit" | "view") || name.starts_with("system:")
}

/// Roles every cluster has (in kube-system and kube-public).
fn builtin_role(name: &str) -> bool {
    name == "extension-apiserver-authentication-reader" || name.starts_with("system:")
}

struct Builder<'o, 'd> {
    graph: RelationGraph,
    objects: &'o [(usize, Object<'d>)],
    index: Index<'d>,
}

/// Lookups by name and by pod label, so that resolving a reference or a selector looks at its
/// candidates only, not at every object of the workspace. Lists are in object order.
struct Index<'d> {
    /// `(kind, name)` → objects.
    by_name: HashMap<(&'d str, &'d str), Vec<usize>>,
    /// The pod labels of each workload (the Job controller's `job-name` labels included), `None`
    /// for other objects.
    pod_labels: Vec<Option<Vec<(&'d str, &'d str)>>>,
    /// `(key, value)` of a pod label → the workloads whose pods carry it.
    by_label: HashMap<(&'d str, &'d str), Vec<usize>>,
    /// The key of a pod label → the workloads whose pods carry it.
    by_key: HashMap<&'d str, Vec<usize>>,
    /// Every workload, for selectors with no requirement to look up.
    workloads: Vec<usize>,
}

impl<'d> Index<'d> {
    fn new(objects: &[(usize, Object<'d>)]) -> Self {
        let mut index = Index {
            by_name: HashMap::new(),
            pod_labels: Vec::with_capacity(objects.len()),
            by_label: HashMap::new(),
            by_key: HashMap::new(),
            workloads: Vec::new(),
        };
        for (i, (_, o)) in objects.iter().enumerate() {
            if let Some(name) = o.name() {
                index.by_name.entry((o.kind, name)).or_default().push(i);
            }
            if !o.is_workload() {
                index.pod_labels.push(None);
                continue;
            }
            let mut labels: Vec<(&'d str, &'d str)> =
                o.pod_labels().iter().map(|(k, v, _, _)| (*k, *v)).collect();
            // The Job controller labels its pods with the Job's name.
            if o.kind == "Job"
                && let Some(name) = o.name()
            {
                labels.push(("job-name", name));
                labels.push(("batch.kubernetes.io/job-name", name));
            }
            for &label in &labels {
                // A label written twice lists its workload once.
                let workloads = index.by_label.entry(label).or_default();
                if workloads.last() != Some(&i) {
                    workloads.push(i);
                }
                let workloads = index.by_key.entry(label.0).or_default();
                if workloads.last() != Some(&i) {
                    workloads.push(i);
                }
            }
            index.workloads.push(i);
            index.pod_labels.push(Some(labels));
        }
        index
    }

    /// The objects of any of `kinds` named `name`, in object order.
    fn named(&self, kinds: &[&str], name: &str) -> Vec<usize> {
        let mut found: Vec<usize> = kinds
            .iter()
            .filter_map(|&kind| self.by_name.get(&(kind, name)))
            .flatten()
            .copied()
            .collect();
        if kinds.len() > 1 {
            found.sort_unstable();
            found.dedup();
        }
        found
    }

    /// The workloads that may match `selector`, a superset in object order: those that meet its
    /// most selective requirement that can be looked up (`key=value`, `key in (…)`, `key`
    /// exists), or every workload when it has none (only `notin` and `!key`).
    fn candidates<'s>(&'s self, selector: &'s Selector) -> Cow<'s, [usize]> {
        let label = |key: &'s str, value: &'s str| -> &'s [usize] {
            self.by_label
                .get(&(key, value))
                .map_or(&[][..], Vec::as_slice)
        };
        let mut best: Option<Cow<'s, [usize]>> = None;
        let mut consider = |found: Cow<'s, [usize]>| {
            if best.as_ref().is_none_or(|b| found.len() < b.len()) {
                best = Some(found);
            }
        };
        for (key, value) in &selector.match_labels {
            consider(Cow::Borrowed(label(key, value)));
        }
        for e in &selector.expressions {
            match e.operator.as_str() {
                "In" => {
                    let mut found: Vec<usize> = e
                        .values
                        .iter()
                        .flat_map(|value| label(&e.key, value))
                        .copied()
                        .collect();
                    found.sort_unstable();
                    found.dedup();
                    consider(Cow::Owned(found));
                }
                "Exists" => consider(Cow::Borrowed(
                    self.by_key
                        .get(e.key.as_str())
                        .map_or(&[][..], Vec::as_slice),
                )),
                // An unknown operator matches nothing.
                "NotIn" | "DoesNotExist" => {}
                _ => consider(Cow::Borrowed(&[])),
            }
        }
        best.unwrap_or(Cow::Borrowed(&self.workloads))
    }
}

/// A reference by name, before it is resolved.
struct NameRef<'a> {
    kind: EdgeKind,
    from: usize,
    from_range: TextRange,
    target_kinds: &'a [&'a str],
    name: &'a str,
    /// `None`: the referring object's namespace.
    namespace: Option<&'a str>,
    optional: bool,
    detail: Option<String>,
}

impl Builder<'_, '_> {
    fn object(&mut self, index: usize) {
        let Some(&(_, o)) = self.objects.get(index) else {
            return;
        };
        if o.is_workload() {
            self.workload(index, &o);
        }
        match o.kind {
            "Service" => self.service(index, &o),
            "Ingress" => self.ingress(index, &o),
            "HorizontalPodAutoscaler" => self.scale_target(index, &o),
            "PodDisruptionBudget" | "NetworkPolicy" => self.policy(index, &o),
            "RoleBinding" | "ClusterRoleBinding" => self.binding(index, &o),
            _ => {}
        }
    }

    fn namespace(&self, index: usize) -> Option<&str> {
        self.graph.nodes.get(index)?.namespace.as_deref()
    }

    /// Resolves a reference by kind and name, in the given namespace or the referrer's.
    fn by_name(&mut self, r: NameRef<'_>) {
        let cluster = r.target_kinds.iter().all(|k| is_cluster_scoped(k));
        let namespace = if cluster {
            None
        } else {
            r.namespace
                .map(str::to_owned)
                .or_else(|| self.namespace(r.from).map(str::to_owned))
        };
        let candidates = self.index.named(r.target_kinds, r.name);
        let same = candidates.iter().copied().find(|&i| {
            cluster
                || self.graph.nodes.get(i).and_then(|n| n.namespace.as_ref()) == namespace.as_ref()
        });
        let (to, status) = match (same, candidates.first()) {
            (Some(i), _) => (Some(i), EdgeStatus::Resolved),
            (None, Some(&i)) => (Some(i), EdgeStatus::OtherNamespace),
            (None, None) => {
                let builtin = match r.kind {
                    EdgeKind::RoleRef => {
                        if cluster {
                            builtin_cluster_role(r.name)
                        } else {
                            builtin_role(r.name)
                        }
                    }
                    EdgeKind::ServiceAccount | EdgeKind::RoleSubject => r.name == "default",
                    _ => false,
                };
                (
                    None,
                    if builtin {
                        EdgeStatus::Builtin
                    } else {
                        EdgeStatus::Missing
                    },
                )
            }
        };
        let kind_name = r.target_kinds.join(" or ");
        self.graph.edges.push(Edge {
            kind: r.kind,
            from: r.from,
            from_range: r.from_range,
            to,
            to_range: to.and_then(|i| self.graph.nodes.get(i)?.name_range),
            target: format!("{kind_name} {}", r.name),
            namespace,
            status,
            optional: r.optional,
            detail: r.detail,
        });
    }

    /// Edges from a selector to the workloads whose pods it selects, in the referrer's
    /// namespace; one `Missing` edge (or `OtherNamespace` edges) when none there matches.
    /// Returns the workloads selected in the same namespace.
    fn select(
        &mut self,
        kind: EdgeKind,
        from: usize,
        from_range: TextRange,
        selector: &Selector,
    ) -> Vec<usize> {
        let namespace = self.namespace(from).map(str::to_owned);
        let mut same = Vec::new();
        let mut other = Vec::new();
        for &i in self.index.candidates(selector).iter() {
            let Some(Some(labels)) = self.index.pod_labels.get(i) else {
                continue;
            };
            if i == from || (labels.is_empty() && selector.is_empty()) {
                continue;
            }
            if selector.matches(labels.iter().copied()) {
                if self.namespace(i) == namespace.as_deref() {
                    same.push(i);
                } else {
                    other.push(i);
                }
            }
        }
        let target = format!("pods {selector}");
        let edge = |to: Option<usize>, status| Edge {
            kind,
            from,
            from_range,
            to,
            to_range: None,
            target: target.clone(),
            namespace: namespace.clone(),
            status,
            optional: false,
            detail: None,
        };
        let mut edges = Vec::new();
        if same.is_empty() {
            if other.is_empty() {
                edges.push(edge(None, EdgeStatus::Missing));
            }
            edges.extend(
                other
                    .iter()
                    .map(|&i| edge(Some(i), EdgeStatus::OtherNamespace)),
            );
        } else {
            edges.extend(same.iter().map(|&i| edge(Some(i), EdgeStatus::Resolved)));
        }
        for e in &mut edges {
            e.to_range = e.to.and_then(|i| {
                let (_, o) = self.objects.get(i)?;
                let labels = o.pod_template()?.labels?;
                Some(o.doc.range(labels))
            });
        }
        self.graph.edges.extend(edges);
        same
    }

    fn workload(&mut self, index: usize, o: &Object<'_>) {
        let doc = o.doc;
        let Some(template) = o.pod_template() else {
            return;
        };
        let spec = template.spec;
        // serviceAccountName (serviceAccount is its deprecated alias).
        let account = ["serviceAccountName", "serviceAccount"]
            .iter()
            .find_map(|k| doc.get(spec, k));
        if let Some(entry) = account
            && let Some(name) = doc.scalar(entry.value).map(|s| s.value.as_str())
            && !name.is_empty()
        {
            self.by_name(NameRef {
                kind: EdgeKind::ServiceAccount,
                from: index,
                from_range: doc.range(entry.value),
                target_kinds: &["ServiceAccount"],
                name,
                namespace: None,
                optional: false,
                detail: None,
            });
        }
        for &secret in items(doc, at(doc, spec, &["imagePullSecrets"])) {
            self.named(
                index,
                doc,
                secret,
                &["name"],
                EdgeKind::Secret,
                "imagePullSecrets".into(),
            );
        }
        let claim_templates: Vec<&str> = if o.kind == "StatefulSet" {
            items(doc, at(doc, o.node, &["spec", "volumeClaimTemplates"]))
                .iter()
                .filter_map(|&t| {
                    at(doc, t, &["metadata", "name"]).and_then(|n| scalar_text(doc, n))
                })
                .collect()
        } else {
            Vec::new()
        };
        for &volume in items(doc, at(doc, spec, &["volumes"])) {
            let volume_name = doc.get_str(volume, "name").unwrap_or_default();
            let detail = format!("volume {volume_name}");
            self.named(
                index,
                doc,
                volume,
                &["configMap", "name"],
                EdgeKind::ConfigMap,
                detail.clone(),
            );
            self.named(
                index,
                doc,
                volume,
                &["secret", "secretName"],
                EdgeKind::Secret,
                detail.clone(),
            );
            if let Some(claim) = at(doc, volume, &["persistentVolumeClaim", "claimName"])
                .and_then(|n| scalar_text(doc, n))
                && !claim_templates.contains(&claim)
            {
                self.named(
                    index,
                    doc,
                    volume,
                    &["persistentVolumeClaim", "claimName"],
                    EdgeKind::PersistentVolumeClaim,
                    detail.clone(),
                );
            }
            for &source in items(doc, at(doc, volume, &["projected", "sources"])) {
                self.named(
                    index,
                    doc,
                    source,
                    &["configMap", "name"],
                    EdgeKind::ConfigMap,
                    detail.clone(),
                );
                self.named(
                    index,
                    doc,
                    source,
                    &["secret", "name"],
                    EdgeKind::Secret,
                    detail.clone(),
                );
            }
        }
        for (_, container) in o.containers() {
            for &env in items(doc, at(doc, container, &["env"])) {
                let detail = format!("env {}", doc.get_str(env, "name").unwrap_or_default());
                self.named(
                    index,
                    doc,
                    env,
                    &["valueFrom", "configMapKeyRef", "name"],
                    EdgeKind::ConfigMap,
                    detail.clone(),
                );
                self.named(
                    index,
                    doc,
                    env,
                    &["valueFrom", "secretKeyRef", "name"],
                    EdgeKind::Secret,
                    detail,
                );
            }
            for &source in items(doc, at(doc, container, &["envFrom"])) {
                self.named(
                    index,
                    doc,
                    source,
                    &["configMapRef", "name"],
                    EdgeKind::ConfigMap,
                    "envFrom".into(),
                );
                self.named(
                    index,
                    doc,
                    source,
                    &["secretRef", "name"],
                    EdgeKind::Secret,
                    "envFrom".into(),
                );
            }
        }
        if o.kind == "StatefulSet"
            && let Some(entry) = object::entry_at(doc, o.node, &["spec", "serviceName"])
            && let Some(name) = scalar_text(doc, entry.value)
            && !name.is_empty()
        {
            self.by_name(NameRef {
                kind: EdgeKind::GoverningService,
                from: index,
                from_range: doc.range(entry.value),
                target_kinds: &["Service"],
                name,
                namespace: None,
                optional: false,
                detail: None,
            });
        }
    }

    /// A reference by name at `path` under `node` (its parent mapping may say `optional`).
    fn named(
        &mut self,
        index: usize,
        doc: &Document,
        node: NodeId,
        path: &[&str],
        kind: EdgeKind,
        detail: String,
    ) {
        let Some(value) = at(doc, node, path) else {
            return;
        };
        let Some(name) = scalar_text(doc, value) else {
            return;
        };
        let parent = path
            .split_last()
            .and_then(|(_, parents)| at(doc, node, parents));
        let optional = parent
            .and_then(|p| at(doc, p, &["optional"]))
            .and_then(|n| object::boolean(doc, n))
            .unwrap_or(false);
        let target_kinds: &[&str] = match kind {
            EdgeKind::ConfigMap => &["ConfigMap"],
            EdgeKind::Secret => &["Secret"],
            EdgeKind::PersistentVolumeClaim => &["PersistentVolumeClaim"],
            _ => return,
        };
        self.by_name(NameRef {
            kind,
            from: index,
            from_range: doc.range(value),
            target_kinds,
            name,
            namespace: None,
            optional,
            detail: Some(detail),
        });
    }

    fn service(&mut self, index: usize, o: &Object<'_>) {
        let doc = o.doc;
        let Some(spec) = o.spec() else {
            return;
        };
        if doc.get_str(spec, "type") == Some("ExternalName") {
            return;
        }
        let Some(selector_entry) = doc.get(spec, "selector") else {
            return;
        };
        let selector = Selector::from_map(doc, selector_entry.value);
        if selector.is_empty() {
            return;
        }
        let selected = self.select(
            EdgeKind::ServiceSelector,
            index,
            doc.range(selector_entry.key),
            &selector,
        );
        for &port in items(doc, at(doc, spec, &["ports"])) {
            let Some(target) = at(doc, port, &["targetPort"]).or_else(|| at(doc, port, &["port"]))
            else {
                continue;
            };
            let Some(text) = scalar_text(doc, target) else {
                continue;
            };
            let protocol = doc.get_str(port, "protocol").unwrap_or("TCP");
            let number = int(doc, target);
            for &workload in &selected {
                let Some(node) = self.graph.nodes.get(workload) else {
                    continue;
                };
                let ports = node
                    .containers
                    .iter()
                    .filter(|c| c.list == object::ContainerList::Containers)
                    .flat_map(|c| c.ports.iter());
                let mut found = None;
                let mut any = false;
                for p in ports {
                    any = true;
                    let same = match number {
                        Some(n) => p.number == Some(n),
                        None => p.name.as_deref() == Some(text),
                    };
                    if same && p.protocol.eq_ignore_ascii_case(protocol) {
                        found = Some(p.range);
                        break;
                    }
                }
                let status = if found.is_some() {
                    EdgeStatus::Resolved
                } else {
                    EdgeStatus::Missing
                };
                let detail = if any { "declared" } else { "none declared" };
                self.graph.edges.push(Edge {
                    kind: EdgeKind::TargetPort,
                    from: index,
                    from_range: doc.range(target),
                    to: Some(workload),
                    to_range: found.or(node.name_range),
                    target: match number {
                        Some(n) => format!("port {n}/{protocol}"),
                        None => format!("port {text}"),
                    },
                    namespace: node.namespace.clone(),
                    status,
                    optional: false,
                    detail: Some(detail.to_owned()),
                });
            }
        }
    }

    fn ingress(&mut self, index: usize, o: &Object<'_>) {
        let doc = o.doc;
        let Some(spec) = o.spec() else {
            return;
        };
        let mut backends = Vec::new();
        for key in ["defaultBackend", "backend"] {
            if let Some(b) = at(doc, spec, &[key]) {
                backends.push(b);
            }
        }
        for &rule in items(doc, at(doc, spec, &["rules"])) {
            for &path in items(doc, at(doc, rule, &["http", "paths"])) {
                if let Some(b) = at(doc, path, &["backend"]) {
                    backends.push(b);
                }
            }
        }
        for backend in backends {
            // networking.k8s.io/v1: service.name, service.port.{number,name}; v1beta1:
            // serviceName, servicePort.
            let (name, port) = match at(doc, backend, &["service"]) {
                Some(service) => (
                    at(doc, service, &["name"]),
                    at(doc, service, &["port", "number"])
                        .or_else(|| at(doc, service, &["port", "name"])),
                ),
                None => (
                    at(doc, backend, &["serviceName"]),
                    at(doc, backend, &["servicePort"]),
                ),
            };
            let Some(name_node) = name else {
                continue;
            };
            let Some(service_name) = scalar_text(doc, name_node) else {
                continue;
            };
            let before = self.graph.edges.len();
            self.by_name(NameRef {
                kind: EdgeKind::IngressBackend,
                from: index,
                from_range: doc.range(name_node),
                target_kinds: &["Service"],
                name: service_name,
                namespace: None,
                optional: false,
                detail: None,
            });
            let resolved = self
                .graph
                .edges
                .get(before)
                .filter(|e| e.status == EdgeStatus::Resolved)
                .and_then(|e| e.to);
            if let (Some(service), Some(port)) = (resolved, port) {
                self.service_port(index, doc, port, service);
            }
        }
    }

    /// An Ingress backend's port against the Service's ports.
    fn service_port(&mut self, from: usize, doc: &Document, port: NodeId, service: usize) {
        let Some(text) = scalar_text(doc, port) else {
            return;
        };
        let number = int(doc, port);
        let Some((_, s)) = self.objects.get(service) else {
            return;
        };
        let sdoc = s.doc;
        let found = items(sdoc, s.spec().and_then(|spec| at(sdoc, spec, &["ports"])))
            .iter()
            .find_map(|&p| {
                let node = match number {
                    Some(_) => at(sdoc, p, &["port"]),
                    None => at(sdoc, p, &["name"]),
                }?;
                let same = match number {
                    Some(n) => int(sdoc, node) == Some(n),
                    None => scalar_text(sdoc, node) == Some(text),
                };
                same.then(|| sdoc.range(node))
            });
        let node = self.graph.nodes.get(service);
        self.graph.edges.push(Edge {
            kind: EdgeKind::IngressBackendPort,
            from,
            from_range: doc.range(port),
            to: Some(service),
            to_range: found.or_else(|| node.and_then(|n| n.name_range)),
            target: format!("port {text}"),
            namespace: node.and_then(|n| n.namespace.clone()),
            status: if found.is_some() {
                EdgeStatus::Resolved
            } else {
                EdgeStatus::Missing
            },
            optional: false,
            detail: None,
        });
    }

    fn scale_target(&mut self, index: usize, o: &Object<'_>) {
        let doc = o.doc;
        let Some(target) = o.spec().and_then(|s| at(doc, s, &["scaleTargetRef"])) else {
            return;
        };
        let (Some(kind), Some(name_entry)) = (doc.get_str(target, "kind"), doc.get(target, "name"))
        else {
            return;
        };
        let Some(name) = scalar_text(doc, name_entry.value) else {
            return;
        };
        let kinds: &[&str] = match kind {
            "Deployment" => &["Deployment"],
            "StatefulSet" => &["StatefulSet"],
            "ReplicaSet" => &["ReplicaSet"],
            "ReplicationController" => &["ReplicationController"],
            // A custom resource with a scale subresource: resolved only if it is in the workspace.
            _ => {
                let kind = kind.to_owned();
                let found = self
                    .index
                    .named(&[kind.as_str()], name)
                    .into_iter()
                    .find(|&i| {
                        self.graph.nodes.get(i).and_then(|n| n.namespace.as_deref())
                            == self.namespace(index)
                    });
                let to_range = found.and_then(|i| self.graph.nodes.get(i)?.name_range);
                self.graph.edges.push(Edge {
                    kind: EdgeKind::ScaleTarget,
                    from: index,
                    from_range: doc.range(name_entry.value),
                    to: found,
                    to_range,
                    target: format!("{kind} {name}"),
                    namespace: self.namespace(index).map(str::to_owned),
                    status: if found.is_some() {
                        EdgeStatus::Resolved
                    } else {
                        EdgeStatus::Missing
                    },
                    optional: false,
                    detail: None,
                });
                return;
            }
        };
        self.by_name(NameRef {
            kind: EdgeKind::ScaleTarget,
            from: index,
            from_range: doc.range(name_entry.value),
            target_kinds: kinds,
            name,
            namespace: None,
            optional: false,
            detail: None,
        });
    }

    fn policy(&mut self, index: usize, o: &Object<'_>) {
        let doc = o.doc;
        let (key, kind) = if o.kind == "NetworkPolicy" {
            ("podSelector", EdgeKind::NetworkPolicy)
        } else {
            ("selector", EdgeKind::DisruptionBudget)
        };
        let Some(entry) = o.spec().and_then(|s| doc.get(s, key)) else {
            return;
        };
        let selector = Selector::from_label_selector(doc, entry.value);
        // An empty selector selects every pod of the namespace: no edge to draw or check.
        if selector.is_empty() {
            return;
        }
        self.select(kind, index, doc.range(entry.key), &selector);
    }

    fn binding(&mut self, index: usize, o: &Object<'_>) {
        let doc = o.doc;
        if let Some(role_ref) = at(doc, o.node, &["roleRef"])
            && let Some(kind) = doc.get_str(role_ref, "kind")
            && let Some(name_entry) = doc.get(role_ref, "name")
            && let Some(name) = scalar_text(doc, name_entry.value)
        {
            let kinds: &[&str] = if kind == "Role" {
                &["Role"]
            } else {
                &["ClusterRole"]
            };
            self.by_name(NameRef {
                kind: EdgeKind::RoleRef,
                from: index,
                from_range: doc.range(name_entry.value),
                target_kinds: kinds,
                name,
                namespace: None,
                optional: false,
                detail: None,
            });
        }
        for &subject in items(doc, at(doc, o.node, &["subjects"])) {
            if doc.get_str(subject, "kind") != Some("ServiceAccount") {
                continue;
            }
            let Some(name_entry) = doc.get(subject, "name") else {
                continue;
            };
            let Some(name) = scalar_text(doc, name_entry.value) else {
                continue;
            };
            let namespace = doc.get_str(subject, "namespace");
            self.by_name(NameRef {
                kind: EdgeKind::RoleSubject,
                from: index,
                from_range: doc.range(name_entry.value),
                target_kinds: &["ServiceAccount"],
                name,
                namespace,
                optional: false,
                detail: None,
            });
        }
    }

    /// The same kind, namespace and name defined again: an edge from the later to the first.
    fn duplicates(&mut self) {
        let mut first: HashMap<(&str, &str, Option<&str>, &str), usize> = HashMap::new();
        let mut edges = Vec::new();
        for (i, n) in self.graph.nodes.iter().enumerate() {
            let Some(name) = &n.name else {
                continue;
            };
            let group = crate::schema::group_of(&n.api_version);
            let key = (
                group,
                n.kind.as_str(),
                n.namespace.as_deref(),
                name.as_str(),
            );
            match first.get(&key) {
                Some(&earlier) => edges.push(Edge {
                    kind: EdgeKind::Duplicate,
                    from: i,
                    from_range: n.name_range.unwrap_or(n.kind_range),
                    to: Some(earlier),
                    to_range: self.graph.nodes.get(earlier).and_then(|e| e.name_range),
                    target: format!("{} {name}", n.kind),
                    namespace: n.namespace.clone(),
                    status: EdgeStatus::Resolved,
                    optional: false,
                    detail: None,
                }),
                None => {
                    first.insert(key, i);
                }
            }
        }
        self.graph.edges.extend(edges);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The selector edges as a scan of every workload finds them (what `select` did before
    /// the label index): `(from, to, status)`.
    fn scanned(objects: &[(usize, Object<'_>)], graph: &RelationGraph) -> Vec<(usize, usize)> {
        let mut found = Vec::new();
        for (from, (_, o)) in objects.iter().enumerate() {
            let doc = o.doc;
            let selector = match o.kind {
                "Service" => o
                    .spec()
                    .and_then(|s| doc.get(s, "selector"))
                    .map(|e| Selector::from_map(doc, e.value)),
                "NetworkPolicy" => o
                    .spec()
                    .and_then(|s| doc.get(s, "podSelector"))
                    .map(|e| Selector::from_label_selector(doc, e.value)),
                _ => None,
            };
            let Some(selector) = selector.filter(|s| !s.is_empty()) else {
                continue;
            };
            for (to, (_, w)) in objects.iter().enumerate() {
                let mut labels: Vec<(&str, &str)> =
                    w.pod_labels().iter().map(|(k, v, _, _)| (*k, *v)).collect();
                if w.kind == "Job"
                    && let Some(name) = w.name()
                {
                    labels.push(("job-name", name));
                }
                let same = graph.nodes.get(to).map(|n| &n.namespace)
                    == graph.nodes.get(from).map(|n| &n.namespace);
                if w.is_workload() && to != from && same && selector.matches(labels.into_iter()) {
                    found.push((from, to));
                }
            }
        }
        found
    }

    #[test]
    fn indexed_selectors_find_what_a_scan_finds() {
        let mut workspace = Workspace::new();
        let operators = [
            "matchLabels: {app: web}",
            "matchLabels: {app: web, tier: front}",
            "matchExpressions: [{key: app, operator: In, values: [web, api]}]",
            "matchExpressions: [{key: tier, operator: Exists}]",
            "matchExpressions: [{key: tier, operator: DoesNotExist}]",
            "matchExpressions: [{key: app, operator: NotIn, values: [web]}]",
            "matchExpressions: [{key: app, operator: Sideways, values: [web]}]",
            "matchExpressions: [{key: app, operator: In, values: []}]",
            "matchLabels: {job-name: batch}",
            "matchLabels: {app: web}\n    matchExpressions: [{key: tier, operator: NotIn, values: [back]}]",
        ];
        for (n, selector) in operators.iter().enumerate() {
            workspace.insert(
                format!("policy{n}.yaml"),
                format!(
                    "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: p{n}}}\nspec:\n  podSelector:\n    {selector}\n"
                ),
            );
        }
        workspace.insert(
            "services.yaml",
            "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec:\n  selector: {app: web}\n---\n\
             apiVersion: v1\nkind: Service\nmetadata: {name: b, namespace: other}\nspec:\n  selector: {app: api, tier: back}\n",
        );
        let pods = [
            ("default", "{app: web, tier: front}"),
            ("default", "{app: web, tier: back}"),
            ("default", "{app: api}"),
            ("other", "{app: api, tier: back}"),
            ("default", "{app: web, app: api}"),
            ("default", "{}"),
        ];
        for (n, (namespace, labels)) in pods.iter().enumerate() {
            workspace.insert(
                format!("deploy{n}.yaml"),
                format!(
                    "apiVersion: apps/v1\nkind: Deployment\nmetadata: {{name: d{n}, namespace: {namespace}}}\nspec:\n  template:\n    metadata:\n      labels: {labels}\n"
                ),
            );
        }
        workspace.insert(
            "job.yaml",
            "apiVersion: batch/v1\nkind: Job\nmetadata: {name: batch}\nspec:\n  template:\n    spec: {}\n",
        );
        let streams = parse_manifests(&workspace);
        let objects = objects_of(&streams);
        let graph = build(&workspace, &objects);
        let mut indexed: Vec<(usize, usize)> = graph
            .edges
            .iter()
            .filter(|e| {
                matches!(e.kind, EdgeKind::ServiceSelector | EdgeKind::NetworkPolicy)
                    && e.status == EdgeStatus::Resolved
            })
            .filter_map(|e| Some((e.from, e.to?)))
            .collect();
        indexed.sort_unstable();
        let expected = scanned(&objects, &graph);
        assert!(
            expected.len() > 10,
            "the cases select something: {expected:?}"
        );
        assert_eq!(indexed, expected);
    }
}
