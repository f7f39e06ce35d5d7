//! Resources as kustomize holds them: an object, its identity, and what it was called before.

use crate::value::{FileId, Node, Origin};

/// `apiVersion` as group and version (the group empty for the core group's `v1`).
fn split_api_version(api_version: &str) -> (&str, &str) {
    api_version.rsplit_once('/').unwrap_or(("", api_version))
}

/// Group, version and kind, split from `apiVersion` and `kind`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Gvk {
    pub group: String,
    pub version: String,
    pub kind: String,
}

impl Gvk {
    pub fn from_api_version(api_version: &str, kind: &str) -> Gvk {
        let (group, version) = split_api_version(api_version);
        Gvk {
            group: group.to_owned(),
            version: version.to_owned(),
            kind: kind.to_owned(),
        }
    }

    pub fn api_version(&self) -> String {
        if self.group.is_empty() {
            self.version.clone()
        } else {
            format!("{}/{}", self.group, self.version)
        }
    }

    /// Kustomize's string form, used for sorting: `group_version_kind`, with `~G`, `~V`, `~K`
    /// standing for an empty part.
    pub fn sort_key(&self) -> String {
        let or = |part: &str, empty: &'static str| {
            if part.is_empty() {
                empty.to_owned()
            } else {
                part.to_owned()
            }
        };
        format!(
            "{}_{}_{}",
            or(&self.group, "~G"),
            or(&self.version, "~V"),
            or(&self.kind, "~K")
        )
    }

    /// True for kinds that live outside namespaces (kustomize's built-in list).
    pub fn is_cluster_scoped(&self) -> bool {
        CLUSTER_SCOPED.contains(&self.kind.as_str())
    }
}

/// The kinds kustomize knows as cluster-scoped (from its built-in OpenAPI data); any other kind is
/// namespaced.
pub const CLUSTER_SCOPED: &[&str] = &[
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ComponentStatus",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PodSecurityPolicy",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "SelfSubjectAccessReview",
    "SelfSubjectRulesReview",
    "StorageClass",
    "SubjectAccessReview",
    "TokenReview",
    "ValidatingAdmissionPolicy",
    "ValidatingAdmissionPolicyBinding",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
];

/// A resource's identity: its kind, name and namespace.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ResId {
    pub gvk: Gvk,
    pub name: String,
    /// Empty for cluster-scoped objects and objects without a namespace.
    pub namespace: String,
}

/// One object being rendered.
#[derive(Debug, Clone, PartialEq)]
pub struct Resource {
    pub node: Node,
    /// The file the object was read from, or the kustomization that generated it.
    pub file: FileId,
    /// Names and namespaces the object had before transformers changed them, oldest first.
    pub previous: Vec<(String, String)>,
    /// Kinds the object had before a patch allowed to (`allowKindChange`) changed its kind,
    /// oldest first: `(kind, n)` says that the entries of `previous` before index `n` (and after
    /// those of the earlier changes) were names of that kind.
    pub previous_kinds: Vec<(String, usize)>,
    /// A generated ConfigMap or Secret whose name takes a content hash at the end.
    pub needs_hash: bool,
    /// How a generator with `behavior: merge|replace` combines with an existing object.
    pub behavior: Behavior,
    /// The kustomizations whose output holds this resource, innermost first.
    pub rendered_by: Vec<FileId>,
    /// The prefixes and suffixes added to its name, innermost first (for name references).
    pub prefixes: Vec<String>,
    pub suffixes: Vec<String>,
    /// The `vars` bound to this object (their values are read from it at the top).
    pub vars: Vec<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Behavior {
    #[default]
    Create,
    Merge,
    Replace,
}

impl Resource {
    pub fn new(node: Node, file: FileId) -> Resource {
        Resource {
            node,
            file,
            previous: Vec::new(),
            previous_kinds: Vec::new(),
            needs_hash: false,
            behavior: Behavior::Create,
            rendered_by: Vec::new(),
            prefixes: Vec::new(),
            suffixes: Vec::new(),
            vars: Vec::new(),
        }
    }

    pub fn gvk(&self) -> Gvk {
        Gvk::from_api_version(
            self.node.get_str("apiVersion").unwrap_or(""),
            self.node.get_str("kind").unwrap_or(""),
        )
    }

    pub fn name(&self) -> &str {
        self.node
            .get_path(&["metadata", "name"])
            .and_then(Node::as_str)
            .unwrap_or("")
    }

    pub fn namespace(&self) -> &str {
        self.node
            .get_path(&["metadata", "namespace"])
            .and_then(Node::as_str)
            .unwrap_or("")
    }

    /// Whether `other` has this object's id ([`Resource::id`]), compared without building either.
    pub fn same_id(&self, other: &Resource) -> bool {
        fn field<'r>(r: &'r Resource, key: &str) -> &'r str {
            r.node.get_str(key).unwrap_or("")
        }
        self.name() == other.name()
            && field(self, "kind") == field(other, "kind")
            && self.namespace() == other.namespace()
            && split_api_version(field(self, "apiVersion"))
                == split_api_version(field(other, "apiVersion"))
    }

    pub fn id(&self) -> ResId {
        ResId {
            gvk: self.gvk(),
            name: self.name().to_owned(),
            namespace: self.namespace().to_owned(),
        }
    }

    /// The id the object had before any transformer renamed it.
    pub fn original_id(&self) -> ResId {
        let mut id = self.id();
        if let Some((name, namespace)) = self.previous.first() {
            id.name.clone_from(name);
            id.namespace.clone_from(namespace);
        }
        id
    }

    /// Every name the object has had, the current one last.
    pub fn names(&self) -> impl Iterator<Item = (&str, &str)> {
        self.previous
            .iter()
            .map(|(name, namespace)| (name.as_str(), namespace.as_str()))
            .chain(std::iter::once((self.name(), self.namespace())))
    }

    /// Every id the object has had as `(kind, name, namespace)`, the current one last.
    pub fn ids(&self) -> impl Iterator<Item = (&str, &str, &str)> {
        let current = self.node.get_str("kind").unwrap_or("");
        self.names()
            .enumerate()
            .map(move |(at, (name, namespace))| {
                let kind = self
                    .previous_kinds
                    .iter()
                    .find(|(_, before)| at < *before)
                    .map_or(current, |(kind, _)| kind.as_str());
                (kind, name, namespace)
            })
    }

    /// Gives the object a new name and/or kind (a patch allowed to change them did), remembering
    /// its id before: `kind` is the node the patch wrote.
    pub fn change_identity(&mut self, name: Option<(String, Option<Origin>)>, kind: Option<Node>) {
        if name.is_none() && kind.is_none() {
            return;
        }
        let old_kind = self.node.get_str("kind").unwrap_or("").to_owned();
        self.previous
            .push((self.name().to_owned(), self.namespace().to_owned()));
        if let Some(kind) = kind {
            self.previous_kinds.push((old_kind, self.previous.len()));
            self.node.set("kind", kind);
        }
        if let Some((name, origin)) = name
            && let Some(metadata) = self.node.map_at("metadata", origin)
        {
            metadata.set("name", Node::string(name, origin));
        }
    }

    /// Renames the object, remembering the old name (and where the new one was written).
    pub fn rename(&mut self, name: String, origin: Option<Origin>) {
        if name == self.name() {
            return;
        }
        self.previous
            .push((self.name().to_owned(), self.namespace().to_owned()));
        if let Some(metadata) = self.node.map_at("metadata", origin) {
            metadata.set("name", Node::string(name, origin));
        }
    }

    /// Moves the object to another namespace, remembering the old one.
    pub fn set_namespace(&mut self, namespace: String, origin: Option<Origin>) {
        if namespace == self.namespace() {
            return;
        }
        self.previous
            .push((self.name().to_owned(), self.namespace().to_owned()));
        if let Some(metadata) = self.node.map_at("metadata", origin) {
            metadata.set("namespace", Node::string(namespace, origin));
        }
    }
}

/// Kinds printed first, in this order, by kustomize's legacy sort.
const ORDER_FIRST: &[&str] = &[
    "Namespace",
    "ResourceQuota",
    "StorageClass",
    "CustomResourceDefinition",
    "ServiceAccount",
    "PodSecurityPolicy",
    "Role",
    "ClusterRole",
    "RoleBinding",
    "ClusterRoleBinding",
    "ConfigMap",
    "Secret",
    "Endpoints",
    "Service",
    "LimitRange",
    "PriorityClass",
    "PersistentVolume",
    "PersistentVolumeClaim",
    "Deployment",
    "StatefulSet",
    "CronJob",
    "PodDisruptionBudget",
];

/// Kinds printed last, in this order.
const ORDER_LAST: &[&str] = &[
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

/// Kustomize's legacy order: kinds of [`ORDER_FIRST`] first, [`ORDER_LAST`] last, the rest in
/// between; within a rank by `group_version_kind`, then by namespace, then by name.
pub fn legacy_sort(resources: &mut [Resource]) {
    sort_by(resources, ORDER_FIRST, ORDER_LAST);
}

/// The legacy order with the kustomization's own `orderFirst` and `orderLast` lists.
pub fn sort_with(resources: &mut [Resource], first: &[String], last: &[String]) {
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    let last: Vec<&str> = last.iter().map(String::as_str).collect();
    sort_by(resources, &first, &last);
}

fn sort_by(resources: &mut [Resource], first: &[&str], last: &[&str]) {
    // kustomize's `typeOrders`: the kinds of `first` rank below every other kind, those of `last`
    // above (a kind in both, or twice, takes its last place); any other kind ranks 0.
    let mut ranks: std::collections::HashMap<&str, isize> = std::collections::HashMap::new();
    let len = isize::try_from(first.len()).unwrap_or(isize::MAX);
    for (at, kind) in (0..).zip(first) {
        ranks.insert(kind, at - len);
    }
    for (at, kind) in (1..).zip(last) {
        ranks.insert(kind, at);
    }
    let or = |part: &str, empty: &'static str| {
        if part.is_empty() {
            empty.to_owned()
        } else {
            part.to_owned()
        }
    };
    let mut keyed: Vec<(isize, Gvk, String, String, usize)> = resources
        .iter()
        .enumerate()
        .map(|(at, resource)| {
            let gvk = resource.gvk();
            let rank = ranks.get(gvk.kind.as_str()).copied().unwrap_or(0);
            let sort_key = gvk.sort_key();
            // `legacyResIDSortString` of two ids of one gvk compares `namespace|name`.
            let id = format!(
                "{}|{}",
                or(resource.namespace(), "~X"),
                or(resource.name(), "~N")
            );
            (rank, gvk, sort_key, id, at)
        })
        .collect();
    keyed.sort_by(|a, b| {
        let (rank_a, gvk_a, key_a, id_a, _) = a;
        let (rank_b, gvk_b, key_b, id_b, _) = b;
        if gvk_a == gvk_b {
            return id_a.cmp(id_b);
        }
        if rank_a != rank_b {
            return rank_a.cmp(rank_b);
        }
        // Namespaces of the core group go before those of other groups (kustomize reverses the
        // order of two Namespace kinds when either has no group).
        if gvk_a.kind == "Namespace"
            && gvk_b.kind == "Namespace"
            && (gvk_a.group.is_empty() || gvk_b.group.is_empty())
        {
            return key_b.cmp(key_a);
        }
        key_a.cmp(key_b)
    });
    let order: Vec<usize> = keyed.into_iter().map(|(.., at)| at).collect();
    permute(resources, &order);
}

/// Puts `resources` in the order of `order` (a permutation of their indexes).
fn permute(resources: &mut [Resource], order: &[usize]) {
    let mut taken: Vec<Option<Resource>> = resources
        .iter_mut()
        .map(|r| {
            Some(std::mem::replace(
                r,
                Resource::new(Node::null(None), r.file),
            ))
        })
        .collect();
    for (slot, &from) in resources.iter_mut().zip(order) {
        if let Some(resource) = taken.get_mut(from).and_then(Option::take) {
            *slot = resource;
        }
    }
}
