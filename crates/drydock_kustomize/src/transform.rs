//! kustomize's builtin transformers, on the resources of one kustomization.
//!
//! A kustomization runs them in this order (kustomize v5.7.1,
//! `api/internal/target/kusttarget_configplugin.go`): patches, **namespace**, **namePrefix**,
//! **nameSuffix**, **labels** (each `labels:` entry, then `commonLabels`), **commonAnnotations**,
//! JSON 6902 patches, **replicas**, **images** (one entry after the other), **replacements**
//! ([`replacements`]). Name references are fixed after all of them ([`fix_name_references`]),
//! then `vars` are expanded ([`vars`]).
//!
//! Every value a transformer sets carries the [`Origin`] of the kustomization text that asked
//! for it, so that a finding on the rendered object points at that line. None of them fails:
//! where kustomize would stop the build (a path through a scalar, an ambiguous reference) the
//! field is left alone, and what the caller should report is returned.

mod defaults;
pub mod fieldspec;
pub mod images;
pub mod nameref;
pub mod replacements;
pub mod vars;

pub use fieldspec::{
    BackReference, Configurations, FieldSpec, Leaf, apply, apply_creating, parse_configurations,
    parse_field_spec, split_path,
};
pub use images::{ImageRule, images};
pub use nameref::{Ambiguity, fix_name_references};

use crate::resource::{Gvk, Resource};
use crate::value::{Node, Origin, Scalar, Value};
use fieldspec::{merge_specs, set_entry, set_string};

/// kustomize's cluster-scoped types (kyaml's precomputed table for its built-in OpenAPI data): by
/// API version *and* kind, so that a custom resource called `Namespace` in another group is
/// namespaced. [`Gvk::is_cluster_scoped`] goes by kind alone; the transformers need the exact
/// rule.
const CLUSTER_SCOPED: &[(&str, &[&str])] = &[
    (
        "APIService",
        &[
            "apiregistration.k8s.io/v1",
            "apiregistration.k8s.io/v1beta1",
        ],
    ),
    (
        "CSIDriver",
        &["storage.k8s.io/v1", "storage.k8s.io/v1beta1"],
    ),
    ("CSINode", &["storage.k8s.io/v1", "storage.k8s.io/v1beta1"]),
    (
        "CertificateSigningRequest",
        &["certificates.k8s.io/v1", "certificates.k8s.io/v1beta1"],
    ),
    (
        "ClusterRole",
        &[
            "rbac.authorization.k8s.io/v1",
            "rbac.authorization.k8s.io/v1beta1",
        ],
    ),
    (
        "ClusterRoleBinding",
        &[
            "rbac.authorization.k8s.io/v1",
            "rbac.authorization.k8s.io/v1beta1",
        ],
    ),
    ("ComponentStatus", &["v1"]),
    (
        "CustomResourceDefinition",
        &["apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1"],
    ),
    ("FlowSchema", &["flowcontrol.apiserver.k8s.io/v1beta1"]),
    (
        "IngressClass",
        &["networking.k8s.io/v1", "networking.k8s.io/v1beta1"],
    ),
    (
        "MutatingWebhookConfiguration",
        &[
            "admissionregistration.k8s.io/v1",
            "admissionregistration.k8s.io/v1beta1",
        ],
    ),
    ("Namespace", &["v1"]),
    ("Node", &["v1"]),
    ("NodeProxyOptions", &["v1"]),
    ("PersistentVolume", &["v1"]),
    ("PodSecurityPolicy", &["policy/v1beta1"]),
    (
        "PriorityClass",
        &["scheduling.k8s.io/v1", "scheduling.k8s.io/v1beta1"],
    ),
    (
        "PriorityLevelConfiguration",
        &["flowcontrol.apiserver.k8s.io/v1beta1"],
    ),
    ("RuntimeClass", &["node.k8s.io/v1", "node.k8s.io/v1beta1"]),
    (
        "StorageClass",
        &["storage.k8s.io/v1", "storage.k8s.io/v1beta1"],
    ),
    (
        "ValidatingWebhookConfiguration",
        &[
            "admissionregistration.k8s.io/v1",
            "admissionregistration.k8s.io/v1beta1",
        ],
    ),
    (
        "VolumeAttachment",
        &["storage.k8s.io/v1", "storage.k8s.io/v1beta1"],
    ),
];

/// True when kustomize v5.7.1 treats objects of this type as cluster-scoped.
pub fn is_cluster_scoped(gvk: &Gvk) -> bool {
    let api_version = gvk.api_version();
    CLUSTER_SCOPED
        .iter()
        .any(|(kind, versions)| *kind == gvk.kind && versions.contains(&api_version.as_str()))
}

/// True for what kustomize calls an empty object (null, or a mapping with no fields): the
/// namespace transformer leaves those alone.
fn is_empty(node: &Node) -> bool {
    node.is_null() || node.entries().is_some_and(<[_]>::is_empty)
}

/// Which subjects of (Cluster)RoleBindings take the namespace (kustomize's
/// `setRoleBindingSubjects`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SubjectMode {
    /// Subjects named `default` (the default).
    #[default]
    DefaultOnly,
    /// Every subject of kind `ServiceAccount`.
    AllServiceAccounts,
    /// None.
    None,
}

/// How a `NamespaceTransformer` sets namespaces.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct NamespaceOptions {
    /// Only where no namespace is set yet (kustomize's `unsetOnly`).
    pub unset_only: bool,
    pub subjects: SubjectMode,
}

/// kustomize's `namespace:`: every namespaced object moves to `ns` (`metadata/namespace`, created
/// when absent); the fields of the `namespace` table take it too (a `v1` Namespace's own name,
/// an APIService's service, a CRD's conversion webhook); in (Cluster)RoleBindings the subjects
/// named `default` get it (kustomize's default `setRoleBindingSubjects: defaultOnly`).
///
/// Every object's name and namespace before the move is kept in `previous`, moved or not, as
/// kustomize stores a previous id for each: name references find their targets through it.
pub fn namespace(resources: &mut [Resource], ns: &str, origin: Origin, config: &Configurations) {
    namespace_with(
        resources,
        ns,
        origin,
        &config.namespace,
        NamespaceOptions::default(),
    );
}

/// kustomize's `NamespaceTransformer` with its own field specs and options (what
/// [`namespace`] runs with the `namespace` table).
pub fn namespace_with(
    resources: &mut [Resource],
    ns: &str,
    origin: Origin,
    specs: &[FieldSpec],
    options: NamespaceOptions,
) {
    if ns.is_empty() {
        return;
    }
    let origin = Some(origin);
    let mut set = |n: &mut Node| {
        let empty = n
            .as_scalar()
            .is_none_or(|s| s.is_null() || s.text.is_empty());
        if !options.unset_only || empty {
            set_string(n, ns, origin);
        }
    };
    for resource in resources.iter_mut() {
        if is_empty(&resource.node) {
            continue;
        }
        let (name, namespace) = (resource.name().to_owned(), resource.namespace().to_owned());
        resource.previous.push((name, namespace));
        let gvk = resource.gvk();
        let api_version = resource.node.get_str("apiVersion").unwrap_or("").to_owned();
        let node = &mut resource.node;
        if !is_cluster_scoped(&gvk) {
            let spec = FieldSpec::new("metadata/namespace", true);
            apply_creating(node, &spec, Some(Leaf::String), origin, &mut set);
        }
        let binding = gvk.kind == "RoleBinding" || gvk.kind == "ClusterRoleBinding";
        if binding && let Some(subjects) = node.get_mut("subjects").and_then(Node::items_mut) {
            for subject in subjects.iter_mut().filter(|s| match options.subjects {
                SubjectMode::DefaultOnly => s.get_str("name") == Some("default"),
                SubjectMode::AllServiceAccounts => s.get_str("kind") == Some("ServiceAccount"),
                SubjectMode::None => false,
            }) {
                if subject.is_map() {
                    if subject.get("namespace").is_none() {
                        subject.set("namespace", Node::null(origin));
                    }
                    if let Some(field) = subject.get_mut("namespace") {
                        set(field);
                    }
                }
            }
        }
        for spec in specs {
            // `metadata/namespace` was handled above; `metadata/name` is a Namespace's own name,
            // renamed only for core `v1` objects; subjects' namespaces follow the rule above.
            if spec.path_is(&["metadata", "namespace"])
                || (api_version != "v1" && spec.path_is(&["metadata", "name"]))
                || (binding
                    && spec.path_is(&["subjects", "namespace"])
                    && matches!(
                        spec.kind.as_deref(),
                        Some("RoleBinding" | "ClusterRoleBinding")
                    ))
            {
                continue;
            }
            apply_creating(node, spec, Some(Leaf::String), origin, &mut set);
        }
    }
}

/// Kinds whose names keep no prefix or suffix: their names mean something to the API server.
fn keeps_name(gvk: &Gvk) -> bool {
    gvk.kind == "CustomResourceDefinition"
        || gvk.kind == "Namespace"
        || (gvk.kind == "APIService" && gvk.group == "apiregistration.k8s.io")
}

/// kustomize's `namePrefix:` then `nameSuffix:` (two transformers, each remembering the name it
/// changed in `previous`, and the prefix or suffix in `prefixes`/`suffixes`, which name references
/// use to tell apart objects of the same original name). CustomResourceDefinitions, Namespaces
/// and APIServices keep their names.
pub fn prefix_suffix(
    resources: &mut [Resource],
    prefix: &str,
    suffix: &str,
    origin: Origin,
    config: &Configurations,
) {
    if !prefix.is_empty() {
        affix(resources, prefix, true, origin, &config.name_prefix);
    }
    if !suffix.is_empty() {
        affix(resources, suffix, false, origin, &config.name_suffix);
    }
}

fn affix(
    resources: &mut [Resource],
    text: &str,
    prefix: bool,
    origin: Origin,
    specs: &[FieldSpec],
) {
    let origin = Some(origin);
    for resource in resources.iter_mut() {
        let gvk = resource.gvk();
        if keeps_name(&gvk) {
            continue;
        }
        for spec in specs.iter().filter(|spec| spec.selects(&gvk)) {
            if spec.path_is(&["metadata", "name"]) {
                if prefix {
                    resource.prefixes.push(text.to_owned());
                } else {
                    resource.suffixes.push(text.to_owned());
                }
                let (name, namespace) =
                    (resource.name().to_owned(), resource.namespace().to_owned());
                resource.previous.push((name, namespace));
            }
            apply_creating(
                &mut resource.node,
                spec,
                Some(Leaf::String),
                origin,
                &mut |n| {
                    let Some(old) = n
                        .as_scalar()
                        .filter(|s| !s.is_null())
                        .map(|s| s.text.clone())
                    else {
                        return;
                    };
                    let new = if prefix {
                        format!("{text}{old}")
                    } else {
                        format!("{old}{text}")
                    };
                    set_string(n, &new, origin);
                },
            );
        }
    }
}

/// A label or annotation to set, with the kustomization line that wrote it.
pub type Pair = (String, String, Origin);

/// kustomize's `commonLabels:`: the labels go to metadata, pod templates and selectors (the whole
/// `commonLabels` table).
pub fn common_labels(resources: &mut [Resource], labels: &[Pair], config: &Configurations) {
    set_pairs(resources, labels, &config.common_labels);
}

/// One entry of kustomize's `labels:`: metadata only by default; `includeTemplates` adds the pod
/// templates, `includeSelectors` the selectors and templates (the `commonLabels` table); `fields`
/// and the configuration files' `labels` section add their own fields.
pub fn labels(
    resources: &mut [Resource],
    labels: &[Pair],
    include_selectors: bool,
    include_templates: bool,
    fields: &[FieldSpec],
    config: &Configurations,
) {
    let mut specs = fields.to_vec();
    merge_specs(&mut specs, config.labels.clone());
    if include_selectors {
        merge_specs(&mut specs, config.common_labels.clone());
    } else {
        if include_templates {
            merge_specs(&mut specs, config.template_labels.clone());
        }
        merge_specs(&mut specs, vec![FieldSpec::new("metadata/labels", true)]);
    }
    set_pairs(resources, labels, &specs);
}

/// kustomize's `commonAnnotations:`.
pub fn annotations(resources: &mut [Resource], annotations: &[Pair], config: &Configurations) {
    set_pairs(resources, annotations, &config.common_annotations);
}

fn set_pairs(resources: &mut [Resource], pairs: &[Pair], specs: &[FieldSpec]) {
    if pairs.is_empty() {
        return;
    }
    // kustomize sets the keys in sorted order (a later duplicate key wins, as in its map).
    let mut sorted: Vec<&Pair> = pairs.iter().collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    for resource in resources.iter_mut() {
        for (key, value, origin) in &sorted {
            let origin = Some(*origin);
            for spec in specs {
                apply_creating(
                    &mut resource.node,
                    spec,
                    Some(Leaf::Map),
                    origin,
                    &mut |n| {
                        set_entry(n, key, value, origin);
                    },
                );
            }
        }
    }
}

/// kustomize's `replicas:`: for each rule (name, count), the `replicas` fields of the objects of
/// that name — current or any earlier name — in the kinds of the `replicas` table. Returns the
/// indexes of the rules that matched no object (kustomize fails the build on those).
pub fn replicas(
    resources: &mut [Resource],
    rules: &[(String, i64, Origin)],
    config: &Configurations,
) -> Vec<usize> {
    let mut unmatched = Vec::new();
    for (at, (name, count, origin)) in rules.iter().enumerate() {
        let origin = Some(*origin);
        let mut found = false;
        for spec in &config.replicas {
            for resource in resources.iter_mut() {
                if is_empty(&resource.node)
                    || !spec.selects(&resource.gvk())
                    || !resource.names().any(|(n, _)| n == name)
                {
                    continue;
                }
                found = true;
                apply_creating(
                    &mut resource.node,
                    spec,
                    Some(Leaf::Int),
                    origin,
                    &mut |n| {
                        if let Value::Scalar(_) = n.value {
                            *n = Node::scalar(Scalar::int(*count), origin);
                        }
                    },
                );
            }
        }
        if !found {
            unmatched.push(at);
        }
    }
    unmatched
}
