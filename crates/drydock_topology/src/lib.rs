//! Topology diagrams as data: what a workspace deploys, built from the same analysis the rules
//! use — the Kubernetes relation graph ([`drydock_k8s::relations`]) and the Dockerfile stage
//! analysis ([`drydock_dockerfile::semantic`]).
//!
//! A [`Topology`] is plain data (nodes with kind, label, details, group, findings and source
//! range; edges with labels and a broken flag). [`draw`] sizes every box from its text and lays
//! it out with [`drydock_layout`]; the exporters turn the result into SVG, Mermaid or Graphviz DOT.
//! Front ends draw and interact; they compute nothing here.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use serde::Serialize;

use drydock_base::diagnostic::{Finding, Severity};
use drydock_base::rendered::{self, Rendered};
use drydock_base::text::TextRange;
use drydock_base::workspace::{SourceFile, Workspace};
use drydock_layout::{self as layout, Layout, Size};

mod compose;
mod dockerfile;
pub mod export;
mod kubernetes;
mod metrics;
#[cfg(test)]
mod tests;
pub mod wire;

pub use export::{Fixed, SvgTheme, to_dot, to_mermaid, to_svg};
pub use metrics::{
    DETAIL_FONT, DETAIL_LINE, EDGE_LABEL_HEIGHT, KIND_FONT, NAME_FONT, NODE_PAD_X, detail_baseline,
    kind_baseline, name_baseline, text_width,
};

/// Which diagram.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum View {
    /// Exposure → Ingress → Service → workload → configuration, by namespace.
    #[default]
    Kubernetes,
    /// Build stages, their base images and what they copy from each other.
    Dockerfile,
    /// Dockerfile → image → the workloads that run it, then the Kubernetes view.
    Together,
    /// Each Compose project's services, what they publish, depend on and mount.
    Compose,
}

impl View {
    pub const ALL: [View; 4] = [
        View::Kubernetes,
        View::Dockerfile,
        View::Together,
        View::Compose,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            View::Kubernetes => "kubernetes",
            View::Dockerfile => "dockerfile",
            View::Together => "together",
            View::Compose => "compose",
        }
    }

    pub fn parse(name: &str) -> Option<View> {
        View::ALL
            .into_iter()
            .find(|v| v.as_str().eq_ignore_ascii_case(name))
    }
}

/// What a node stands for; front ends pick its colour and icon from this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum NodeKind {
    /// The outside world, where a LoadBalancer, NodePort or Ingress is reachable from.
    Internet,
    Ingress,
    Service,
    /// Deployment, StatefulSet, DaemonSet, Job, CronJob, Pod…
    Workload,
    ConfigMap,
    Secret,
    Volume,
    ServiceAccount,
    /// HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy.
    Policy,
    /// Roles and bindings.
    Access,
    /// Any other object.
    Object,
    /// A Dockerfile build stage.
    Stage,
    /// An image pulled from a registry (a base image, or what a container runs).
    Image,
    /// Something referenced but not in the workspace.
    Ghost,
}

impl NodeKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            NodeKind::Internet => "internet",
            NodeKind::Ingress => "ingress",
            NodeKind::Service => "service",
            NodeKind::Workload => "workload",
            NodeKind::ConfigMap => "config-map",
            NodeKind::Secret => "secret",
            NodeKind::Volume => "volume",
            NodeKind::ServiceAccount => "service-account",
            NodeKind::Policy => "policy",
            NodeKind::Access => "access",
            NodeKind::Object => "object",
            NodeKind::Stage => "stage",
            NodeKind::Image => "image",
            NodeKind::Ghost => "ghost",
        }
    }
}

/// Where a node or edge comes from in the workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Source {
    pub path: String,
    /// What clicking selects (a name, a `FROM` line, a `targetPort`).
    pub range: TextRange,
    /// What the node covers: the editor's cursor anywhere in it highlights the node.
    pub span: TextRange,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Node {
    /// Stable across edits that do not rename: `k8s:default/Deployment/web`.
    pub id: String,
    pub kind: NodeKind,
    /// The first line: `Deployment · apps/v1`, `stage 1`, `base image`.
    pub kind_label: String,
    /// The name.
    pub label: String,
    /// One line each: replicas, containers with image and ports, the `FROM` image.
    pub details: Vec<String>,
    /// An index into [`Topology::groups`].
    pub group: Option<usize>,
    /// Findings inside the node's span.
    pub findings: usize,
    pub worst: Option<Severity>,
    pub source: Option<Source>,
    /// A badge: `final` for the stage a build produces, `exposed`.
    pub badge: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edge {
    pub from: usize,
    pub to: usize,
    /// Drawn on the edge: `80 → 8080/TCP`, `COPY --from`.
    pub label: Option<String>,
    /// Shown on hover: `selector app=web`, `envFrom`.
    pub details: Vec<String>,
    /// A reference that does not resolve: drawn in the error colour to a ghost node.
    pub broken: bool,
    pub source: Option<Source>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    pub id: String,
    /// `namespace default`, `Dockerfile`.
    pub label: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Topology {
    pub view: View,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub groups: Vec<Group>,
}

impl Topology {
    /// The node whose span holds `offset` in `path` (the smallest, when spans nest).
    pub fn node_at(&self, path: &str, offset: usize) -> Option<usize> {
        self.nodes
            .iter()
            .enumerate()
            .filter_map(|(i, n)| n.source.as_ref().map(|s| (i, s)))
            .filter(|(_, s)| s.path == path && s.span.start <= offset && offset <= s.span.end)
            .min_by_key(|(i, s)| (s.span.len(), *i))
            .map(|(i, _)| i)
    }

    fn group(&mut self, id: String, label: String) -> usize {
        if let Some(index) = self.groups.iter().position(|g| g.id == id) {
            return index;
        }
        self.groups.push(Group { id, label });
        self.groups.len() - 1
    }

    /// Adds a node, or returns the one with the same id.
    fn node(&mut self, node: Node) -> usize {
        if let Some(index) = self.nodes.iter().position(|n| n.id == node.id) {
            return index;
        }
        self.nodes.push(node);
        self.nodes.len() - 1
    }

    fn edge(&mut self, edge: Edge) {
        self.edges.push(edge);
    }

    /// Counts the findings inside each node's span (anew: earlier counts are dropped). A
    /// topology built without findings (as the playground's diagram engine builds it) gets them
    /// here, from the findings the front end already has.
    pub fn count_findings(&mut self, findings: &[Finding]) {
        for node in &mut self.nodes {
            node.findings = 0;
            node.worst = None;
        }
        for node in &mut self.nodes {
            let Some(source) = &node.source else {
                continue;
            };
            for finding in findings {
                if finding.path == source.path && source.span.contains_range(finding.range) {
                    node.findings += 1;
                    node.worst = node.worst.max(Some(finding.severity));
                }
            }
        }
    }
}

fn node(
    id: String,
    kind: NodeKind,
    kind_label: impl Into<String>,
    label: impl Into<String>,
) -> Node {
    Node {
        id,
        kind,
        kind_label: kind_label.into(),
        label: label.into(),
        details: Vec::new(),
        group: None,
        findings: 0,
        worst: None,
        source: None,
        badge: None,
    }
}

fn edge(from: usize, to: usize, label: Option<String>) -> Edge {
    Edge {
        from,
        to,
        label,
        details: Vec::new(),
        broken: false,
        source: None,
    }
}

/// The diagram `view` of `workspace`, with each node's share of `findings` (from
/// `drydock_core::check` on the same workspace).
pub fn build(workspace: &Workspace, findings: &[Finding], view: View) -> Topology {
    let mut topology = Topology {
        view,
        ..Topology::default()
    };
    match view {
        View::Kubernetes => {
            kubernetes::add(&mut topology, workspace, None);
        }
        View::Dockerfile => {
            dockerfile::add(&mut topology, workspace);
        }
        View::Together => {
            let outputs = dockerfile::add(&mut topology, workspace);
            let images = kubernetes::add(&mut topology, workspace, None);
            link_images(&mut topology, &outputs, &images);
        }
        View::Compose => compose::add(&mut topology, workspace),
    }
    topology.count_findings(findings);
    topology
}

/// [`build`], with what `renders` deploy in place of the files they read: each render (a
/// kustomization's) is one group of the objects it renders, which see only each other, and
/// every node and edge points at the line that wrote it (the base's, the patch's, the
/// kustomization's). The files the renders read are not drawn as they are (a patch is no
/// object); the other files are, as [`build`] draws them.
pub fn build_rendered(
    workspace: &Workspace,
    renders: &[Rendered],
    findings: &[Finding],
    view: View,
) -> Topology {
    // The renders are kustomizations': the Compose view has none of their objects.
    if renders.is_empty() || view == View::Compose {
        return build(workspace, findings, view);
    }
    let owned = rendered::owned(renders);
    let plain = Workspace {
        files: workspace
            .files
            .iter()
            .filter(|f| !rendered::owns(&owned, &f.name))
            .cloned()
            .collect(),
    };
    let mut topology = Topology {
        view,
        ..Topology::default()
    };
    let outputs = match view {
        View::Dockerfile => {
            dockerfile::add(&mut topology, &plain);
            topology.count_findings(findings);
            return topology;
        }
        View::Together => dockerfile::add(&mut topology, &plain),
        View::Kubernetes | View::Compose => Vec::new(),
    };
    let mut images = kubernetes::add(&mut topology, &plain, None);
    for render in renders {
        let (first_node, first_edge) = (topology.nodes.len(), topology.edges.len());
        // The render as a manifest of its own, read as the workspace's files are.
        let name = format!("{}/kustomize-build.yaml", render.name);
        let alone = Workspace {
            files: vec![SourceFile {
                name: name.clone(),
                text: render.text.clone(),
            }],
        };
        let scope = kubernetes::Scope {
            id: format!("render:{}", render.name),
            label: if render.is_chart() {
                format!("helm template {}", render.name)
            } else {
                format!("kustomize build {}", render.name)
            },
        };
        let mut added = kubernetes::add(&mut topology, &alone, Some(&scope));
        let index = render.index();
        let origin = |source: &mut Source| {
            if source.path == name {
                *source = origin_of(render, &index, source);
            }
        };
        for node in topology.nodes.get_mut(first_node..).unwrap_or_default() {
            node.source.as_mut().map(origin);
        }
        for edge in topology.edges.get_mut(first_edge..).unwrap_or_default() {
            edge.source.as_mut().map(origin);
        }
        for image in &mut added {
            origin(&mut image.source);
        }
        images.append(&mut added);
    }
    if view == View::Together {
        link_images(&mut topology, &outputs, &images);
    }
    topology.count_findings(findings);
    topology
}

/// Where the rendered text at `source` was written. The span (a whole object) leads: the node
/// is where its object was written, and its range is the origin of the range when that lies in
/// the object as written (a name a `namePrefix` changed was written in the kustomization: the
/// object is then selected whole). Text no file wrote falls back to the kustomization's start.
fn origin_of(render: &Rendered, index: &rendered::SpanIndex<'_>, source: &Source) -> Source {
    let at = |range: TextRange| {
        index
            .origin_at(range)
            .and_then(|(file, origin)| Some((render.sources.get(file)?, origin)))
    };
    match (at(source.span), at(source.range)) {
        (Some((path, span)), range) => {
            let range = match range {
                Some((range_path, range)) if range_path == path && span.contains_range(range) => {
                    range
                }
                _ => span,
            };
            Source {
                path: path.clone(),
                range,
                span,
            }
        }
        (None, Some((path, range))) => Source {
            path: path.clone(),
            range,
            span: range,
        },
        (None, None) => Source {
            path: render
                .root
                .and_then(|root| render.sources.get(root).cloned())
                .unwrap_or_else(|| render.name.clone()),
            range: TextRange::empty(0),
            span: TextRange::empty(0),
        },
    }
}

/// Dockerfile → image → workloads: each Dockerfile's final stage feeds the container images
/// whose name matches where the Dockerfile sits (`web/Dockerfile`, `Dockerfile.web` and
/// `…/web:1.4` all say `web`); an image nothing builds stays a plain registry image.
fn link_images(
    topology: &mut Topology,
    outputs: &[dockerfile::Output],
    images: &[kubernetes::ContainerImage],
) {
    for image in images {
        let name = image_name(&image.image);
        let built_by = outputs
            .iter()
            .filter(|o| o.names.iter().any(|n| n.eq_ignore_ascii_case(name)))
            .collect::<Vec<_>>();
        let mut image_node = node(
            format!("image:{}", image.image),
            NodeKind::Image,
            if built_by.is_empty() {
                "registry image".to_owned()
            } else {
                "built image".to_owned()
            },
            image.image.clone(),
        );
        image_node.source = Some(image.source.clone());
        let index = topology.node(image_node);
        for output in built_by {
            let mut e = edge(output.stage, index, Some("builds".into()));
            e.details
                .push(format!("{} builds {}", output.path, image.image));
            topology.edge(e);
        }
        let mut e = edge(index, image.workload, Some("runs".into()));
        e.source = Some(image.source.clone());
        e.details.push(format!("container {}", image.container));
        if !topology
            .edges
            .iter()
            .any(|x| x.from == index && x.to == image.workload)
        {
            topology.edge(e);
        }
    }
}

/// The repository's last component: `web` for `registry.example.com/shop/web:1.4.2`.
fn image_name(image: &str) -> &str {
    let without_digest = image.split('@').next().unwrap_or(image);
    let last = without_digest.rsplit('/').next().unwrap_or(without_digest);
    last.split(':').next().unwrap_or(last)
}

/// Sizes every box from its text and lays the diagram out.
pub fn draw(topology: &Topology) -> Layout {
    layout::layout(&layout_graph(topology))
}

/// The layout engine's input for `topology`: box sizes from [`metrics`].
pub fn layout_graph(topology: &Topology) -> layout::Graph {
    layout::Graph {
        nodes: topology
            .nodes
            .iter()
            .map(|n| layout::Node {
                size: metrics::node_size(n),
                group: n.group,
            })
            .collect(),
        edges: topology
            .edges
            .iter()
            .map(|e| layout::Edge {
                from: e.from,
                to: e.to,
                label: e.label.as_deref().map(metrics::edge_label_size),
            })
            .collect(),
        groups: topology
            .groups
            .iter()
            .map(|g| Size::new(metrics::group_title_width(&g.label), 16.0))
            .collect(),
    }
}

/// A diagram and its layout, as `drydock graph --format json` prints it.
#[derive(Debug, Clone, Serialize)]
pub struct Drawing {
    pub topology: Topology,
    pub layout: Layout,
}

impl Drawing {
    pub fn new(workspace: &Workspace, findings: &[Finding], view: View) -> Drawing {
        Drawing::new_rendered(workspace, &[], findings, view)
    }

    /// [`build_rendered`], laid out.
    pub fn new_rendered(
        workspace: &Workspace,
        renders: &[Rendered],
        findings: &[Finding],
        view: View,
    ) -> Drawing {
        let topology = build_rendered(workspace, renders, findings, view);
        let layout = draw(&topology);
        Drawing { topology, layout }
    }
}
