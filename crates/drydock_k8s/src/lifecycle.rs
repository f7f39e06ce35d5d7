//! Which apiVersion serves each kind in every Kubernetes version from 1.16 to 1.37.
//!
//! 1.25 to 1.37 come from the 13 schema sets in the embedded schema. Before that, the served set
//! is 1.25's plus the APIs removed by 1.25, minus the APIs introduced after the target: both
//! tables below are from Kubernetes' deprecated API migration guide and release notes.

use crate::schema::{KindVersion, Schema};
use crate::version::KubernetesVersion;

/// APIs removed in 1.16, 1.22 and 1.25 (removals since are in the schema itself).
const REMOVED: &[(&str, &[&str], u16)] = &[
    (
        "extensions/v1beta1",
        &[
            "DaemonSet",
            "Deployment",
            "ReplicaSet",
            "NetworkPolicy",
            "PodSecurityPolicy",
        ],
        16,
    ),
    (
        "apps/v1beta1",
        &["Deployment", "StatefulSet", "ControllerRevision"],
        16,
    ),
    (
        "apps/v1beta2",
        &[
            "DaemonSet",
            "Deployment",
            "ReplicaSet",
            "StatefulSet",
            "ControllerRevision",
        ],
        16,
    ),
    ("extensions/v1beta1", &["Ingress"], 22),
    (
        "networking.k8s.io/v1beta1",
        &["Ingress", "IngressClass"],
        22,
    ),
    (
        "admissionregistration.k8s.io/v1beta1",
        &[
            "MutatingWebhookConfiguration",
            "ValidatingWebhookConfiguration",
        ],
        22,
    ),
    (
        "apiextensions.k8s.io/v1beta1",
        &["CustomResourceDefinition"],
        22,
    ),
    ("apiregistration.k8s.io/v1beta1", &["APIService"], 22),
    ("authentication.k8s.io/v1beta1", &["TokenReview"], 22),
    (
        "authorization.k8s.io/v1beta1",
        &[
            "LocalSubjectAccessReview",
            "SelfSubjectAccessReview",
            "SelfSubjectRulesReview",
            "SubjectAccessReview",
        ],
        22,
    ),
    (
        "certificates.k8s.io/v1beta1",
        &["CertificateSigningRequest"],
        22,
    ),
    ("coordination.k8s.io/v1beta1", &["Lease"], 22),
    (
        "rbac.authorization.k8s.io/v1beta1",
        &["ClusterRole", "ClusterRoleBinding", "Role", "RoleBinding"],
        22,
    ),
    ("scheduling.k8s.io/v1beta1", &["PriorityClass"], 22),
    (
        "storage.k8s.io/v1beta1",
        &["CSIDriver", "CSINode", "StorageClass", "VolumeAttachment"],
        22,
    ),
    ("batch/v1beta1", &["CronJob"], 25),
    ("discovery.k8s.io/v1beta1", &["EndpointSlice"], 25),
    ("events.k8s.io/v1beta1", &["Event"], 25),
    ("autoscaling/v2beta1", &["HorizontalPodAutoscaler"], 25),
    (
        "policy/v1beta1",
        &["PodDisruptionBudget", "PodSecurityPolicy"],
        25,
    ),
    ("node.k8s.io/v1beta1", &["RuntimeClass"], 25),
];

/// APIs that 1.25 serves but that appeared after 1.16, with the first version serving them.
const INTRODUCED: &[(&str, &[&str], u16)] = &[
    ("discovery.k8s.io/v1beta1", &["EndpointSlice"], 17),
    ("storage.k8s.io/v1", &["CSINode"], 17),
    ("storage.k8s.io/v1", &["CSIDriver"], 18),
    ("networking.k8s.io/v1beta1", &["IngressClass"], 18),
    ("networking.k8s.io/v1", &["Ingress", "IngressClass"], 19),
    ("events.k8s.io/v1", &["Event"], 19),
    ("certificates.k8s.io/v1", &["CertificateSigningRequest"], 19),
    ("node.k8s.io/v1", &["RuntimeClass"], 20),
    (
        "flowcontrol.apiserver.k8s.io/v1beta1",
        &["FlowSchema", "PriorityLevelConfiguration"],
        20,
    ),
    ("batch/v1", &["CronJob"], 21),
    ("policy/v1", &["PodDisruptionBudget"], 21),
    ("discovery.k8s.io/v1", &["EndpointSlice"], 21),
    ("storage.k8s.io/v1beta1", &["CSIStorageCapacity"], 21),
    ("autoscaling/v2", &["HorizontalPodAutoscaler"], 23),
    (
        "flowcontrol.apiserver.k8s.io/v1beta2",
        &["FlowSchema", "PriorityLevelConfiguration"],
        23,
    ),
    ("storage.k8s.io/v1", &["CSIStorageCapacity"], 24),
];

/// Whether `apiVersion`+`kind` is served by the target version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Availability {
    Served,
    /// Served, but a later version removes it.
    Deprecated {
        removed_in: KubernetesVersion,
    },
    /// A beta or alpha version, served, while a stable version of the same group serves the kind:
    /// Kubernetes deprecates such versions and removes them a few releases later.
    Superseded,
    Removed {
        removed_in: KubernetesVersion,
    },
    /// Not yet served by the target version.
    NotYet {
        introduced_in: KubernetesVersion,
    },
    /// No Kubernetes version from 1.16 on serves it.
    Never,
}

const FIRST_IN_SCHEMA: KubernetesVersion = KubernetesVersion::new(25);

fn table(
    table: &[(&str, &[&str], u16)],
    api_version: &str,
    kind: &str,
) -> Option<KubernetesVersion> {
    table
        .iter()
        .find(|(api, kinds, _)| *api == api_version && kinds.contains(&kind))
        .map(|(_, _, minor)| KubernetesVersion::new(*minor))
}

/// True when some version from 1.16 to 1.37 serves `api_version` `kind`.
pub fn known(schema: &Schema, api_version: &str, kind: &str) -> bool {
    schema.find(api_version, kind).is_some() || table(REMOVED, api_version, kind).is_some()
}

/// The groups of every API the tables name (the schema has the others).
pub fn removed_groups() -> impl Iterator<Item = &'static str> {
    REMOVED
        .iter()
        .map(|(api, _, _)| crate::schema::group_of(api))
}

pub fn availability(
    schema: &Schema,
    api_version: &str,
    kind: &str,
    target: KubernetesVersion,
) -> Availability {
    let introduced = table(INTRODUCED, api_version, kind);
    if let Some(removed_in) = table(REMOVED, api_version, kind) {
        return if target >= removed_in {
            Availability::Removed { removed_in }
        } else {
            Availability::Deprecated { removed_in }
        };
    }
    let Some(entry) = schema.find(api_version, kind) else {
        return Availability::Never;
    };
    let (Some(first), Some(last)) = (entry.versions.first(), entry.versions.last()) else {
        return Availability::Never;
    };
    let removed_in =
        (*last < KubernetesVersion::LATEST).then(|| KubernetesVersion::new(last.minor + 1));
    let introduced_in = if *first > FIRST_IN_SCHEMA {
        Some(*first)
    } else {
        introduced
    };
    if let Some(introduced_in) = introduced_in
        && target < introduced_in
    {
        return Availability::NotYet { introduced_in };
    }
    match removed_in {
        Some(removed_in) if target >= removed_in => Availability::Removed { removed_in },
        Some(removed_in) => Availability::Deprecated { removed_in },
        None if stability(api_version) > 0 && stable_sibling(schema, entry, target) => {
            Availability::Superseded
        }
        None => Availability::Served,
    }
}

/// Whether a stable version of `entry`'s group serves its kind in the target version.
fn stable_sibling(schema: &Schema, entry: &KindVersion, target: KubernetesVersion) -> bool {
    schema.kind_versions(&entry.kind).any(|k| {
        k.group() == entry.group() && stability(&k.api_version) == 0 && k.versions.contains(&target)
    })
}

/// The apiVersion that serves `kind` in the target version, preferring stable over beta over
/// alpha, and the group of `near` (the apiVersion written) when several groups serve the kind.
pub fn replacement<'s>(
    schema: &'s Schema,
    kind: &'s str,
    near: &str,
    target: KubernetesVersion,
) -> Option<&'s KindVersion> {
    let near_group = crate::schema::group_of(near);
    schema
        .kind_versions(kind)
        .filter(|k| {
            matches!(
                availability(schema, &k.api_version, kind, target),
                Availability::Served | Availability::Deprecated { .. } | Availability::Superseded
            )
        })
        .min_by_key(|k| {
            let deprecated = !matches!(
                availability(schema, &k.api_version, kind, target),
                Availability::Served
            );
            (
                deprecated,
                stability(&k.api_version),
                k.group() != near_group,
                // Core kinds (Event) before their copies in other groups.
                !k.group().is_empty(),
                std::cmp::Reverse(k.api_version.clone()),
            )
        })
}

/// 0 for stable, 1 for beta, 2 for alpha.
fn stability(api_version: &str) -> u8 {
    let version = api_version.rsplit('/').next().unwrap_or(api_version);
    if version.contains("alpha") {
        2
    } else if version.contains("beta") {
        1
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(api: &str, kind: &str, minor: u16) -> Availability {
        availability(Schema::builtin(), api, kind, KubernetesVersion::new(minor))
    }

    #[test]
    fn lifecycle_across_versions() {
        use Availability::*;
        let v = KubernetesVersion::new;
        assert_eq!(at("apps/v1", "Deployment", 37), Served);
        assert_eq!(at("apps/v1", "Deployment", 16), Served);
        assert_eq!(
            at("extensions/v1beta1", "Deployment", 37),
            Removed { removed_in: v(16) }
        );
        assert_eq!(
            at("extensions/v1beta1", "Ingress", 21),
            Deprecated { removed_in: v(22) }
        );
        assert_eq!(
            at("batch/v1beta1", "CronJob", 24),
            Deprecated { removed_in: v(25) }
        );
        assert_eq!(
            at("batch/v1", "CronJob", 20),
            NotYet {
                introduced_in: v(21)
            }
        );
        assert_eq!(
            at("autoscaling/v2beta2", "HorizontalPodAutoscaler", 25),
            Deprecated { removed_in: v(26) }
        );
        assert_eq!(
            at("autoscaling/v2beta2", "HorizontalPodAutoscaler", 30),
            Removed { removed_in: v(26) }
        );
        assert_eq!(
            at("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", 28),
            Deprecated { removed_in: v(32) }
        );
        assert_eq!(
            at("flowcontrol.apiserver.k8s.io/v1", "FlowSchema", 28),
            NotYet {
                introduced_in: v(29)
            }
        );
        assert_eq!(at("v1", "Deployment", 37), Never);
    }

    #[test]
    fn replacements_prefer_stable_apis_served_by_the_target() {
        let schema = Schema::builtin();
        let r = |kind, near, minor| {
            replacement(schema, kind, near, KubernetesVersion::new(minor))
                .map(|k| k.api_version.as_str())
        };
        assert_eq!(r("Deployment", "v1", 37), Some("apps/v1"));
        assert_eq!(
            r("Ingress", "extensions/v1beta1", 37),
            Some("networking.k8s.io/v1")
        );
        assert_eq!(r("CronJob", "batch/v1beta1", 20), None);
        assert_eq!(
            r("HorizontalPodAutoscaler", "autoscaling/v2beta1", 37),
            Some("autoscaling/v2")
        );
        assert_eq!(r("Event", "v2", 37), Some("v1"));
    }
}
