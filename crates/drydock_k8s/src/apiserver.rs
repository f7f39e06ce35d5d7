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
        | "Namespace" => group.is_empty(),
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
