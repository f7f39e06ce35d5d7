//! Where kustomize's strategic merge finds merge keys: the `x-kubernetes-patch-strategy`,
//! `x-kubernetes-patch-merge-key` and `x-kubernetes-list-map-keys` extensions of the OpenAPI
//! document kustomize embeds (Kubernetes v1.21.2), reduced to what changes a merge.
//!
//! Kustomize merges without inferring keys (`InferAssociativeLists` is off), so a list is merged
//! element by element only when its schema says `merge`; every other list, including every list of
//! a kind the document does not know (CRDs, old `extensions/v1beta1` Deployments), is replaced
//! by the patch's list. A list replaced wholesale is never looked into, so only the paths that lead
//! to a `merge` list are kept here. Types with the same relevant fields share one entry; `Meta` is
//! every type whose only relevant field is `metadata`. Schemas are looked up by exact
//! `apiVersion` and `kind`, as kustomize does.

/// What a field's schema says about merging it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Field {
    /// An object of the named type.
    Object(&'static str),
    /// A list merged element by element, matched by these keys (none: a list of scalars merged
    /// as a set, like `finalizers`), its elements of the named type when that matters.
    Merge(&'static [&'static str], Option<&'static str>),
}

use Field::{Merge, Object};

/// The relevant fields of an object type.
pub(super) fn object(name: &str) -> Option<&'static [(&'static str, Field)]> {
    TYPES
        .iter()
        .find(|(type_name, _)| *type_name == name)
        .map(|(_, fields)| *fields)
}

/// The type of a resource's root, by exact `apiVersion` and `kind`.
pub(super) fn resource(api_version: &str, kind: &str) -> Option<&'static [(&'static str, Field)]> {
    let (_, _, name) = RESOURCES
        .iter()
        .find(|(a, k, _)| *a == api_version && *k == kind)?;
    object(name)
}

// Generated from kyaml/openapi/kubernetesapi (v1.21.2); `*List` kinds left out.
#[rustfmt::skip]
pub(super) static TYPES: &[(&str, &[(&str, Field)])] = &[
    ("Meta", &[("metadata", Object("ObjectMeta"))]),
    ("CSINode", &[("metadata", Object("ObjectMeta")), ("spec", Object("CSINodeSpec"))]),
    ("CSINodeSpec", &[("drivers", Merge(&["name"], None))]),
    ("ComponentStatus", &[("conditions", Merge(&["type"], None)), ("metadata", Object("ObjectMeta"))]),
    ("Conditions", &[("conditions", Merge(&["type"], None))]),
    ("Container", &[("env", Merge(&["name"], None)), ("ports", Merge(&["containerPort", "protocol"], None)), ("volumeDevices", Merge(&["devicePath"], None)), ("volumeMounts", Merge(&["mountPath"], None))]),
    ("CronJob", &[("metadata", Object("ObjectMeta")), ("spec", Object("CronJobSpec"))]),
    ("CronJobSpec", &[("jobTemplate", Object("JobTemplateSpec"))]),
    ("EphemeralContainer", &[("env", Merge(&["name"], None)), ("volumeDevices", Merge(&["devicePath"], None)), ("volumeMounts", Merge(&["mountPath"], None))]),
    ("EphemeralVolumeSource", &[("volumeClaimTemplate", Object("Meta"))]),
    ("JobTemplateSpec", &[("metadata", Object("ObjectMeta")), ("spec", Object("WorkloadSpec"))]),
    ("StatusConditions", &[("metadata", Object("ObjectMeta")), ("status", Object("Conditions"))]),
    ("Node", &[("metadata", Object("ObjectMeta")), ("spec", Object("NodeSpec")), ("status", Object("NodeStatus"))]),
    ("NodeSpec", &[("podCIDRs", Merge(&[], None))]),
    ("NodeStatus", &[("addresses", Merge(&["type"], None)), ("conditions", Merge(&["type"], None))]),
    ("ObjectMeta", &[("finalizers", Merge(&[], None)), ("ownerReferences", Merge(&["uid"], None))]),
    ("Pod", &[("metadata", Object("ObjectMeta")), ("spec", Object("PodSpec")), ("status", Object("PodStatus"))]),
    ("PodSpec", &[("containers", Merge(&["name"], Some("Container"))), ("ephemeralContainers", Merge(&["name"], Some("EphemeralContainer"))), ("hostAliases", Merge(&["ip"], None)), ("imagePullSecrets", Merge(&["name"], None)), ("initContainers", Merge(&["name"], Some("Container"))), ("topologySpreadConstraints", Merge(&["topologyKey", "whenUnsatisfiable"], None)), ("volumes", Merge(&["name"], Some("Volume")))]),
    ("PodStatus", &[("conditions", Merge(&["type"], None)), ("podIPs", Merge(&["ip"], None))]),
    ("PodTemplate", &[("metadata", Object("ObjectMeta")), ("template", Object("PodTemplateSpec"))]),
    ("PodTemplateSpec", &[("metadata", Object("ObjectMeta")), ("spec", Object("PodSpec"))]),
    ("Service", &[("metadata", Object("ObjectMeta")), ("spec", Object("ServiceSpec")), ("status", Object("Conditions"))]),
    ("ServiceAccount", &[("metadata", Object("ObjectMeta")), ("secrets", Merge(&["name"], None))]),
    ("ServiceSpec", &[("ports", Merge(&["port", "protocol"], None))]),
    ("Volume", &[("ephemeral", Object("EphemeralVolumeSource"))]),
    ("WebhookConfiguration", &[("metadata", Object("ObjectMeta")), ("webhooks", Merge(&["name"], None))]),
    ("Workload", &[("metadata", Object("ObjectMeta")), ("spec", Object("WorkloadSpec")), ("status", Object("Conditions"))]),
    ("WorkloadSpec", &[("template", Object("PodTemplateSpec"))]),
];
#[rustfmt::skip]
pub(super) static RESOURCES: &[(&str, &str, &str)] = &[
    ("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "WebhookConfiguration"),
    ("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", "WebhookConfiguration"),
    ("admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration", "WebhookConfiguration"),
    ("admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration", "WebhookConfiguration"),
    ("apiextensions.k8s.io/v1", "CustomResourceDefinition", "Meta"),
    ("apiextensions.k8s.io/v1beta1", "CustomResourceDefinition", "Meta"),
    ("apiregistration.k8s.io/v1", "APIService", "StatusConditions"),
    ("apiregistration.k8s.io/v1beta1", "APIService", "StatusConditions"),
    ("apps/v1", "ControllerRevision", "Meta"),
    ("apps/v1", "DaemonSet", "Workload"),
    ("apps/v1", "Deployment", "Workload"),
    ("apps/v1", "ReplicaSet", "Workload"),
    ("apps/v1", "StatefulSet", "Workload"),
    ("authentication.k8s.io/v1", "TokenRequest", "Meta"),
    ("authentication.k8s.io/v1", "TokenReview", "Meta"),
    ("authentication.k8s.io/v1beta1", "TokenReview", "Meta"),
    ("authorization.k8s.io/v1", "LocalSubjectAccessReview", "Meta"),
    ("authorization.k8s.io/v1", "SelfSubjectAccessReview", "Meta"),
    ("authorization.k8s.io/v1", "SelfSubjectRulesReview", "Meta"),
    ("authorization.k8s.io/v1", "SubjectAccessReview", "Meta"),
    ("authorization.k8s.io/v1beta1", "LocalSubjectAccessReview", "Meta"),
    ("authorization.k8s.io/v1beta1", "SelfSubjectAccessReview", "Meta"),
    ("authorization.k8s.io/v1beta1", "SelfSubjectRulesReview", "Meta"),
    ("authorization.k8s.io/v1beta1", "SubjectAccessReview", "Meta"),
    ("autoscaling/v1", "HorizontalPodAutoscaler", "Meta"),
    ("autoscaling/v1", "Scale", "Meta"),
    ("autoscaling/v2beta1", "HorizontalPodAutoscaler", "Meta"),
    ("autoscaling/v2beta2", "HorizontalPodAutoscaler", "Meta"),
    ("batch/v1", "CronJob", "CronJob"),
    ("batch/v1", "Job", "Workload"),
    ("batch/v1beta1", "CronJob", "CronJob"),
    ("certificates.k8s.io/v1", "CertificateSigningRequest", "Meta"),
    ("certificates.k8s.io/v1beta1", "CertificateSigningRequest", "Meta"),
    ("coordination.k8s.io/v1", "Lease", "Meta"),
    ("coordination.k8s.io/v1beta1", "Lease", "Meta"),
    ("discovery.k8s.io/v1", "EndpointSlice", "Meta"),
    ("discovery.k8s.io/v1beta1", "EndpointSlice", "Meta"),
    ("events.k8s.io/v1", "Event", "Meta"),
    ("events.k8s.io/v1beta1", "Event", "Meta"),
    ("extensions/v1beta1", "Ingress", "Meta"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema", "Meta"),
    ("flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration", "Meta"),
    ("networking.k8s.io/v1", "Ingress", "Meta"),
    ("networking.k8s.io/v1", "IngressClass", "Meta"),
    ("networking.k8s.io/v1", "NetworkPolicy", "Meta"),
    ("networking.k8s.io/v1beta1", "Ingress", "Meta"),
    ("networking.k8s.io/v1beta1", "IngressClass", "Meta"),
    ("node.k8s.io/v1", "RuntimeClass", "Meta"),
    ("node.k8s.io/v1beta1", "RuntimeClass", "Meta"),
    ("policy/v1", "PodDisruptionBudget", "StatusConditions"),
    ("policy/v1beta1", "Eviction", "Meta"),
    ("policy/v1beta1", "PodDisruptionBudget", "StatusConditions"),
    ("policy/v1beta1", "PodSecurityPolicy", "Meta"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole", "Meta"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "Meta"),
    ("rbac.authorization.k8s.io/v1", "Role", "Meta"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding", "Meta"),
    ("rbac.authorization.k8s.io/v1beta1", "ClusterRole", "Meta"),
    ("rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding", "Meta"),
    ("rbac.authorization.k8s.io/v1beta1", "Role", "Meta"),
    ("rbac.authorization.k8s.io/v1beta1", "RoleBinding", "Meta"),
    ("scheduling.k8s.io/v1", "PriorityClass", "Meta"),
    ("scheduling.k8s.io/v1beta1", "PriorityClass", "Meta"),
    ("storage.k8s.io/v1", "CSIDriver", "Meta"),
    ("storage.k8s.io/v1", "CSINode", "CSINode"),
    ("storage.k8s.io/v1", "StorageClass", "Meta"),
    ("storage.k8s.io/v1", "VolumeAttachment", "Meta"),
    ("storage.k8s.io/v1beta1", "CSIDriver", "Meta"),
    ("storage.k8s.io/v1beta1", "CSINode", "CSINode"),
    ("storage.k8s.io/v1beta1", "CSIStorageCapacity", "Meta"),
    ("storage.k8s.io/v1beta1", "StorageClass", "Meta"),
    ("storage.k8s.io/v1beta1", "VolumeAttachment", "Meta"),
    ("v1", "Binding", "Meta"),
    ("v1", "ComponentStatus", "ComponentStatus"),
    ("v1", "ConfigMap", "Meta"),
    ("v1", "Endpoints", "Meta"),
    ("v1", "Event", "Meta"),
    ("v1", "LimitRange", "Meta"),
    ("v1", "Namespace", "StatusConditions"),
    ("v1", "Node", "Node"),
    ("v1", "PersistentVolume", "Meta"),
    ("v1", "PersistentVolumeClaim", "StatusConditions"),
    ("v1", "Pod", "Pod"),
    ("v1", "PodTemplate", "PodTemplate"),
    ("v1", "ReplicationController", "Workload"),
    ("v1", "ResourceQuota", "Meta"),
    ("v1", "Secret", "Meta"),
    ("v1", "Service", "Service"),
    ("v1", "ServiceAccount", "ServiceAccount"),
];
