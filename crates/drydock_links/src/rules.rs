//! Cross-file rules: they run once per workspace, with the relation graph
//! ([`drydock_k8s::relations`]), and place each finding in the file it is about. Their ids are
//! `kubernetes/…` like the per-file Kubernetes rules; this table is their registry.

use drydock_base::diagnostic::Diagnostic;
pub use drydock_base::rule::{FixKind, Language, Mirror, RuleMeta, docs, summary};
use drydock_base::workspace::Workspace;
use drydock_k8s::object::Object;
use drydock_k8s::relations::RelationGraph;

use crate::parsed::ParsedWorkspace;

pub mod args_with_entrypoint;
pub mod dangling_hpa_target;
pub mod dangling_ingress_backend;
pub mod dangling_network_policy;
pub mod dangling_network_policy_peer;
pub mod dangling_pod_disruption_budget;
pub mod dangling_role_ref;
pub mod duplicate_object;
pub mod expose_mismatch;
pub mod governing_service;
pub mod healthcheck_without_probe;
pub mod image_runs_as_root;
pub mod missing_config_reference;
pub mod missing_network_policy;
pub mod missing_pod_disruption_budget;
pub mod missing_service_account;
pub mod pdb_exceeds_replicas;
pub mod public_database;
pub mod replicas_with_hpa;
pub mod service_selects_nothing;
pub mod undeclared_target_port;
pub mod unknown_target_port;

/// What a workspace rule sees: every Kubernetes object of the workspace and the graph of their
/// references, computed once per workspace.
pub struct WorkspaceContext<'a> {
    pub workspace: &'a Workspace,
    pub parsed: &'a ParsedWorkspace<'a>,
    /// `(file index, object)`, aligned with [`RelationGraph::nodes`].
    pub objects: &'a [(usize, Object<'a>)],
    pub graph: &'a RelationGraph,
    /// The workspace's Dockerfiles and the containers whose images they build.
    pub dockerfiles: &'a crate::dockerfile_link::Dockerfiles,
}

/// A diagnostic and the file (index in [`Workspace::files`]) it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    pub file: usize,
    pub diagnostic: Diagnostic,
}

pub type WorkspaceCheck = fn(&WorkspaceContext<'_>, &mut Vec<Placed>);

/// Every cross-file rule with its check.
pub const RULES: &[(&RuleMeta, WorkspaceCheck)] = &[
    (
        &service_selects_nothing::RULE,
        service_selects_nothing::check,
    ),
    (&unknown_target_port::RULE, unknown_target_port::check),
    (&undeclared_target_port::RULE, undeclared_target_port::check),
    (
        &dangling_ingress_backend::RULE,
        dangling_ingress_backend::check,
    ),
    (&dangling_hpa_target::RULE, dangling_hpa_target::check),
    (
        &dangling_pod_disruption_budget::RULE,
        dangling_pod_disruption_budget::check,
    ),
    (
        &dangling_network_policy::RULE,
        dangling_network_policy::check,
    ),
    (
        &missing_config_reference::RULE,
        missing_config_reference::check,
    ),
    (
        &missing_service_account::RULE,
        missing_service_account::check,
    ),
    (&governing_service::RULE, governing_service::check),
    (&dangling_role_ref::RULE, dangling_role_ref::check),
    (&duplicate_object::RULE, duplicate_object::check),
    (&public_database::RULE, public_database::check),
    (&image_runs_as_root::RULE, image_runs_as_root::check),
    (&expose_mismatch::RULE, expose_mismatch::check),
    (
        &healthcheck_without_probe::RULE,
        healthcheck_without_probe::check,
    ),
    (&args_with_entrypoint::RULE, args_with_entrypoint::check),
    (
        &missing_pod_disruption_budget::RULE,
        missing_pod_disruption_budget::check,
    ),
    (&missing_network_policy::RULE, missing_network_policy::check),
    (&pdb_exceeds_replicas::RULE, pdb_exceeds_replicas::check),
    (&replicas_with_hpa::RULE, replicas_with_hpa::check),
    (
        &dangling_network_policy_peer::RULE,
        dangling_network_policy_peer::check,
    ),
];

/// The same rules' metadata alone, in the same order: for front ends that list or configure the
/// cross-file rules without running them here (the playground runs them in a worker), so that
/// their checks stay out of the front end's code.
pub const METAS: &[&RuleMeta] = &[
    &service_selects_nothing::RULE,
    &unknown_target_port::RULE,
    &undeclared_target_port::RULE,
    &dangling_ingress_backend::RULE,
    &dangling_hpa_target::RULE,
    &dangling_pod_disruption_budget::RULE,
    &dangling_network_policy::RULE,
    &missing_config_reference::RULE,
    &missing_service_account::RULE,
    &governing_service::RULE,
    &dangling_role_ref::RULE,
    &duplicate_object::RULE,
    &public_database::RULE,
    &image_runs_as_root::RULE,
    &expose_mismatch::RULE,
    &healthcheck_without_probe::RULE,
    &args_with_entrypoint::RULE,
    &missing_pod_disruption_budget::RULE,
    &missing_network_policy::RULE,
    &pdb_exceeds_replicas::RULE,
    &replicas_with_hpa::RULE,
    &dangling_network_policy_peer::RULE,
];

impl WorkspaceContext<'_> {
    /// The file index of graph node `node`.
    pub fn file_of(&self, node: usize) -> Option<usize> {
        self.graph.nodes.get(node).map(|n| n.file)
    }

    /// `Kind name` of a node, for messages.
    pub fn describe(&self, node: usize) -> String {
        self.graph.nodes.get(node).map_or_else(String::new, |n| {
            format!("{} {}", n.kind, n.name.as_deref().unwrap_or("(unnamed)"))
        })
    }

    /// `Kind name in namespace ns (file)`, for labels that point into another file.
    pub fn describe_at(&self, node: usize) -> String {
        self.graph.nodes.get(node).map_or_else(String::new, |n| {
            format!(
                "{} {}{} ({})",
                n.kind,
                n.name.as_deref().unwrap_or("(unnamed)"),
                n.namespace
                    .as_deref()
                    .map(|ns| format!(" in namespace {ns}"))
                    .unwrap_or_default(),
                n.path
            )
        })
    }
}

/// The selector edges of `kind` that match no pod of their own namespace, one per selector (a
/// selector may match pods in several other namespaces). A namespace holding a custom resource is
/// left out when nothing matched at all: its operator may create the pods.
pub(crate) fn unmatched_selectors<'g>(
    ctx: &'g WorkspaceContext<'_>,
    kind: drydock_k8s::relations::EdgeKind,
) -> impl Iterator<Item = &'g drydock_k8s::relations::Edge> + 'g {
    use drydock_k8s::relations::EdgeStatus;
    let mut seen = std::collections::HashSet::new();
    // The namespaces holding a custom resource (`None`: a cluster-scoped one, which counts for
    // every namespace), collected once rather than per selector.
    let custom: std::collections::HashSet<Option<&str>> = ctx
        .graph
        .nodes
        .iter()
        .filter(|n| n.custom)
        .map(|n| n.namespace.as_deref())
        .collect();
    ctx.graph.edges_of(kind).filter(move |edge| {
        edge.status != EdgeStatus::Resolved
            && seen.insert((edge.from, edge.from_range))
            && !(edge.status == EdgeStatus::Missing
                && (custom.contains(&None) || custom.contains(&edge.namespace.as_deref())))
    })
}

/// A diagnostic at the referring end of `edge`, in its file; when the other end is in the same
/// file, a label points at it (labels cannot point into another file: the message names it).
pub(crate) fn at_edge(
    ctx: &WorkspaceContext<'_>,
    edge: &drydock_k8s::relations::Edge,
    rule: &RuleMeta,
    message: String,
    label: &str,
) -> Option<Placed> {
    let file = ctx.file_of(edge.from)?;
    let mut diagnostic = Diagnostic::new(rule, message, edge.from_range);
    if let (Some(to), Some(range)) = (edge.to, edge.to_range)
        && ctx.file_of(to) == Some(file)
        && range != edge.from_range
    {
        diagnostic = diagnostic.with_label(range, label.to_owned());
    }
    Some(Placed { file, diagnostic })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_metadata_list_is_the_registry_s() {
        let registry: Vec<&str> = RULES.iter().map(|(meta, _)| meta.id).collect();
        let metas: Vec<&str> = METAS.iter().map(|meta| meta.id).collect();
        assert_eq!(registry, metas);
    }
}
