//! What the rules that mirror the API server's own validation (`pkg/apis/*/validation`) share:
//! which objects it validates as built-in kinds, the field path it prints for a value
//! (`spec.template.spec.containers[0].image`), and whom it rejects. `APISERVER.md` lists every
//! check of that validation and the rule that makes it.

use crate::object::{ContainerList, Object, PodTemplate, items, objects};
use drydock_yaml::{Document, NodeId, Stream};

/// True when the object's apiVersion is a built-in group that serves its kind: the API
/// server's validation of a `Service` says nothing about Knative's `serving.knative.dev/v1`
/// Service, nor about any other custom resource that reuses a built-in kind's name.
pub fn is_builtin(o: &Object<'_>) -> bool {
    let group = o
        .api_version
        .rsplit_once('/')
        .map_or("", |(group, _)| group);
    match o.kind {
        "Pod"
        | "Service"
        | "ConfigMap"
        | "Secret"
        | "ReplicationController"
        | "PodTemplate"
        | "PersistentVolumeClaim"
        | "ServiceAccount"
        | "Namespace"
        | "LimitRange"
        | "ResourceQuota" => group.is_empty(),
        "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" => {
            matches!(group, "apps" | "extensions")
        }
        "Job" | "CronJob" => group == "batch",
        _ => false,
    }
}

/// The path of a workload's pod spec, as the API server prints it.
pub fn pod_spec_path(kind: &str) -> &'static str {
    match kind {
        "Pod" => "spec",
        "CronJob" => "spec.jobTemplate.spec.template.spec",
        _ => "spec.template.spec",
    }
}

/// What happens to an object whose pod spec the API server refuses. It validates a
/// StatefulSet's template only for its labels and annotations (`ValidateStatefulSetSpec`), so
/// the StatefulSet is stored and every pod its controller creates is refused.
pub fn rejects(kind: &str) -> String {
    if kind == "StatefulSet" {
        "the API server rejects every pod the StatefulSet creates".to_owned()
    } else {
        format!("the API server rejects the {kind}")
    }
}

/// A built-in workload's pod spec, with the path the API server prints for it.
#[derive(Debug, Clone, Copy)]
pub struct PodSpec<'d> {
    pub object: Object<'d>,
    pub template: PodTemplate,
    /// `spec`, `spec.template.spec` or `spec.jobTemplate.spec.template.spec`.
    pub path: &'static str,
}

/// Every built-in workload of the stream with its pod spec.
pub fn pod_specs(stream: &Stream) -> Vec<PodSpec<'_>> {
    objects(stream)
        .into_iter()
        .filter(is_builtin)
        .filter_map(|object| {
            let template = object.pod_template()?;
            object.doc.entries(template.spec)?;
            Some(PodSpec {
                object,
                template,
                path: pod_spec_path(object.kind),
            })
        })
        .collect()
}

/// One container of a pod spec, with its list and index.
#[derive(Debug, Clone, Copy)]
pub struct Container {
    pub list: ContainerList,
    pub index: usize,
    pub node: NodeId,
}

impl Container {
    /// `spec.template.spec.initContainers[1]`.
    pub fn path(&self, spec_path: &str) -> String {
        format!("{spec_path}.{}[{}]", self.list.key(), self.index)
    }
}

/// The containers of a pod spec (init, regular, ephemeral), each a mapping.
pub fn containers(doc: &Document, spec: NodeId) -> Vec<Container> {
    let mut out = Vec::new();
    for list in [
        ContainerList::InitContainers,
        ContainerList::Containers,
        ContainerList::EphemeralContainers,
    ] {
        let nodes = items(doc, doc.get(spec, list.key()).map(|e| e.value));
        for (index, &node) in nodes.iter().enumerate() {
            if doc.entries(node).is_some() {
                out.push(Container { list, index, node });
            }
        }
    }
    out
}

/// Why the API server refuses `divisor` for a downward API `resource`
/// (`validateContainerResourceDivisor`), in its words; `None` when it accepts it. It compares
/// the divisor's canonical form (`1000m` is `1`, `1024Ki` is `1Mi`) with a short list: `1m` and
/// `1` for cpu, `1` and a power of 1000 or 1024 up to `E`/`Ei` for the others.
pub fn divisor_error(resource: &str, divisor: &str) -> Option<&'static str> {
    let divisor = divisor.trim();
    let value = crate::quantity::parse(divisor)?;
    // An unset divisor is zero, and zero is never judged.
    if value == 0.0 {
        return None;
    }
    let binary = divisor.ends_with('i');
    let exponent = divisor.contains(['e', 'E']) && !divisor.ends_with('E');
    let close = |target: f64| (value - target).abs() <= target * 1e-12;
    let byte_unit = || {
        if exponent {
            return close(1.0);
        }
        let base: f64 = if binary { 1024.0 } else { 1000.0 };
        (0..=6).any(|n| close(base.powi(n)))
    };
    let (ok, error) = match resource {
        "limits.cpu" | "requests.cpu" => (
            !binary && (close(1.0) || (!exponent && close(0.001))),
            "only divisor's values 1m and 1 are supported with the cpu resource",
        ),
        "limits.memory" | "requests.memory" => (
            byte_unit(),
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource",
        ),
        "limits.ephemeral-storage" | "requests.ephemeral-storage" => (
            byte_unit(),
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource",
        ),
        r if r.starts_with("limits.hugepages-") || r.starts_with("requests.hugepages-") => (
            byte_unit(),
            "only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource",
        ),
        _ => (true, ""),
    };
    (!ok).then_some(error)
}

/// A downward API `fieldPath` with a subscript (`metadata.labels['app']`), as
/// `validateObjectFieldSelector` judges it: only labels and annotations take one, and it is a
/// qualified name (an annotation's lower-cased). `Err((what, error, on_field_path))`: the
/// error is printed at the selector's path, or at its `fieldPath` when `on_field_path`.
pub fn field_subscript(field_path: &str) -> Result<(), (String, String, bool)> {
    let Some(inner) = field_path.strip_suffix("']") else {
        return Ok(());
    };
    let Some((path, subscript)) = inner.split_once("['").filter(|(p, _)| !p.is_empty()) else {
        return Ok(());
    };
    let judged = match path {
        "metadata.labels" => subscript.to_owned(),
        "metadata.annotations" => subscript.to_ascii_lowercase(),
        _ => {
            return Err((
                format!(
                    "`{path}` is not a map: only `metadata.labels` and `metadata.annotations` take a subscript"
                ),
                format!(
                    "Invalid value: \"{field_path}\": error converting fieldPath: field label does not support subscript: {field_path}"
                ),
                true,
            ));
        }
    };
    if crate::names::is_placeholder(subscript) {
        return Ok(());
    }
    crate::names::qualified_name(&judged).map_err(|why| {
        (
            format!("the key `{subscript}` in `{field_path}` {why}"),
            format!("Invalid value: \"{judged}\""),
            false,
        )
    })
}

/// The annotation that did what a Service's `loadBalancerSourceRanges` does, still read when the
/// field is empty (`AnnotationLoadBalancerSourceRangesKey`).
pub const SOURCE_RANGES_ANNOTATION: &str = "service.beta.kubernetes.io/load-balancer-source-ranges";

/// A Service's cluster IPs as the API server validates them on create: `clusterIPs`, or
/// `[clusterIP]` when only `clusterIP` is written (`normalizeClusterIPs` fills the list from
/// the single field, never the other way). Each with the node written; `None` when a value
/// is not a scalar or is a template placeholder, which nothing here judges.
pub fn cluster_ips(doc: &Document, spec: NodeId) -> Option<Vec<(NodeId, &str)>> {
    let text = |node: NodeId| {
        crate::object::scalar_text(doc, node).filter(|t| !crate::names::is_placeholder(t))
    };
    let list = items(doc, doc.get(spec, "clusterIPs").map(|e| e.value));
    if list.is_empty() {
        return match doc.get(spec, "clusterIP") {
            None => Some(Vec::new()),
            Some(entry) if crate::object::scalar_text(doc, entry.value).is_none() => {
                Some(Vec::new())
            }
            Some(entry) => {
                let ip = text(entry.value)?;
                Some(if ip.is_empty() {
                    Vec::new()
                } else {
                    vec![(entry.value, ip)]
                })
            }
        };
    }
    list.iter()
        .map(|&node| text(node).map(|t| (node, t)))
        .collect()
}
