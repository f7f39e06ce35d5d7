//! The Dockerfile view: build stages, their base images, and what stages copy or mount from each
//! other, straight from the stage analysis the rules use.

use super::metrics::{MAX_DETAIL_CHARS, clip};
use super::{Edge, NodeKind, Source, Topology, edge, node};
use drydock_base::text::TextRange;
use drydock_base::workspace::{FileKind, Workspace};
use drydock_dockerfile::semantic::{Base, ReferenceKind, Target};

/// A Dockerfile's final stage, and the names its image may go by (for the Together view).
pub(super) struct Output {
    pub path: String,
    pub stage: usize,
    pub names: Vec<String>,
}

pub(super) fn add(topology: &mut Topology, workspace: &Workspace) -> Vec<Output> {
    let mut outputs = Vec::new();
    for file in &workspace.files {
        if FileKind::detect(&file.name, &file.text) != FileKind::Dockerfile {
            continue;
        }
        let path = file.name.as_str();
        let tree = drydock_dockerfile::parse(&file.text);
        let semantic = drydock_dockerfile::analyze(&file.text, &tree);
        let group = topology.group(format!("dockerfile:{path}"), path.to_owned());
        let source = |range: TextRange, span: TextRange| Source {
            path: path.to_owned(),
            range,
            span,
        };
        let instruction_range = |index: usize| tree.instructions.get(index).map(|i| i.range);

        let mut stage_nodes = Vec::with_capacity(semantic.stages.len());
        let last = semantic.stages.len().saturating_sub(1);
        for stage in &semantic.stages {
            let from = instruction_range(stage.from).unwrap_or_default();
            let end = stage
                .end
                .checked_sub(1)
                .and_then(instruction_range)
                .map_or(from.end, |r| r.end);
            let label = stage
                .name_word
                .as_ref()
                .map_or_else(|| "unnamed".to_owned(), |w| w.value.clone());
            let mut n = node(
                format!("docker:{path}/stage/{}", stage.index),
                NodeKind::Stage,
                format!("build stage {}", stage.index),
                clip(&label, 40),
            );
            n.group = Some(group);
            if let Some(base) = &stage.base_word {
                n.details
                    .push(clip(&format!("FROM {}", base.value), MAX_DETAIL_CHARS));
            }
            if let Some(platform) = stage.platform.as_ref().and_then(|p| p.value.as_ref()) {
                n.details.push(clip(
                    &format!("--platform={}", platform.value),
                    MAX_DETAIL_CHARS,
                ));
            }
            let count = stage.end.saturating_sub(stage.from + 1);
            n.details.push(match count {
                1 => "1 instruction".to_owned(),
                n => format!("{n} instructions"),
            });
            if stage.index == last {
                n.badge = Some("final".into());
            }
            n.source = Some(source(from, TextRange::new(from.start, end)));
            stage_nodes.push(topology.node(n));
        }

        for (stage, &index) in semantic.stages.iter().zip(&stage_nodes) {
            let from_range = stage.base_expanded.as_ref().map_or_else(
                || instruction_range(stage.from).unwrap_or_default(),
                |w| w.range,
            );
            let span = instruction_range(stage.from).unwrap_or(from_range);
            let (base, broken) = match &stage.base {
                Base::Stage(base) => (stage_nodes.get(*base).copied(), None),
                Base::Scratch => {
                    let mut n = node(
                        "image:scratch".into(),
                        NodeKind::Image,
                        "empty base",
                        "scratch",
                    );
                    n.group = Some(group);
                    (Some(topology.node(n)), None)
                }
                Base::Image(image) => (Some(image_node(topology, &image.text, group)), None),
                Base::Invalid(message) => {
                    let raw = stage.base_word.as_ref().map_or("", |w| w.value.as_str());
                    let mut n = node(
                        format!("ghost:{path}/from/{}", stage.index),
                        NodeKind::Ghost,
                        "invalid image",
                        clip(if raw.is_empty() { "(none)" } else { raw }, 40),
                    );
                    n.source = Some(source(from_range, span));
                    (Some(topology.node(n)), Some(message.clone()))
                }
            };
            if let Some(base) = base {
                topology.edge(Edge {
                    broken: broken.is_some(),
                    details: broken.into_iter().collect(),
                    source: Some(source(from_range, span)),
                    ..edge(base, index, Some("FROM".into()))
                });
            }
        }

        for reference in &semantic.references {
            let Some(to) = semantic
                .instructions
                .get(reference.instruction)
                .and_then(|i| i.stage)
                .and_then(|s| stage_nodes.get(s).copied())
            else {
                continue;
            };
            let label = match reference.kind {
                ReferenceKind::From => continue,
                ReferenceKind::CopyFrom => "COPY --from",
                ReferenceKind::MountFrom => "RUN --mount",
            };
            let span = instruction_range(reference.instruction).unwrap_or(reference.range);
            let (from, problem) = match &reference.target {
                Target::Stage(s) => (stage_nodes.get(*s).copied(), None),
                Target::Image(image) => (Some(image_node(topology, &image.text, group)), None),
                Target::MissingIndex(i) => (None, Some(format!("no stage {i}"))),
                Target::Invalid(message) => (None, Some(message.clone())),
            };
            let from = match (from, &problem) {
                (Some(from), _) => from,
                (None, _) => {
                    let mut n = node(
                        format!("ghost:{path}/ref/{}", reference.range.start),
                        NodeKind::Ghost,
                        "missing stage",
                        clip(&reference.value, 40),
                    );
                    n.source = Some(source(reference.range, span));
                    topology.node(n)
                }
            };
            topology.edge(Edge {
                broken: problem.is_some(),
                details: problem.into_iter().collect(),
                source: Some(source(reference.range, span)),
                ..edge(from, to, Some(label.into()))
            });
        }

        if let Some(&stage) = stage_nodes.last() {
            outputs.push(Output {
                path: path.to_owned(),
                stage,
                names: image_names(path),
            });
        }
    }
    outputs
}

/// A base image, drawn in the group of the first Dockerfile that uses it.
fn image_node(topology: &mut Topology, image: &str, group: usize) -> usize {
    let mut n = node(
        format!("image:{image}"),
        NodeKind::Image,
        "base image",
        clip(image, 44),
    );
    n.group = Some(group);
    topology.node(n)
}

/// What the image a Dockerfile builds is likely called: its directory (`web/Dockerfile`), or
/// its suffix or prefix (`Dockerfile.web`, `web.dockerfile`).
fn image_names(path: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut parts = path.rsplit(['/', '\\']);
    let base = parts.next().unwrap_or(path);
    if let Some(directory) = parts.next().filter(|d| !d.is_empty() && *d != ".") {
        names.push(directory.to_owned());
    }
    let lower = base.to_ascii_lowercase();
    for prefix in ["dockerfile.", "containerfile."] {
        if let Some(rest) = lower.strip_prefix(prefix) {
            names.push(rest.to_owned());
        }
    }
    for suffix in [".dockerfile", ".containerfile"] {
        if let Some(rest) = lower.strip_suffix(suffix) {
            names.push(rest.to_owned());
        }
    }
    names
}
