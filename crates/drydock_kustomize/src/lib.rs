//! Kustomize, rendered in Drydock: kustomizations built the way kustomize v5 builds them, every
//! rendered value with the place it was written, and the rules about kustomization files.
//!
//! The reference is `kubectl kustomize` (kustomize v5.7.1). A render reads files through
//! [`Files`] (the disk for the CLI, the workspace in the playground), and never fails: what it
//! cannot do becomes a [`Finding`] at the line that asked for it, and the rest is rendered.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod assist;
pub mod build;
pub mod emit;
pub mod files;
pub mod generate;
pub mod kustomization;
pub mod patch;
pub mod resource;
pub mod rules;
pub mod select;
pub mod transform;
pub mod value;
pub mod workspace;

pub use build::{Options, Render, render};
pub use files::{Files, SourceText, Sources};
pub use resource::{Gvk, ResId, Resource};
pub use value::{Entry, FileId, Node, Origin, Scalar, Value};

use drydock_base::Severity;

/// Something a render found wrong, at the place it was written.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    /// A stable rule id, e.g. `kustomize/missing-resource`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub origin: Origin,
    /// Text edits to the file of `origin` that resolve the finding, when they are mechanical.
    pub fix: Option<drydock_base::Fix>,
}

/// Renders the kustomization in `dir` and prints it: the form every front end checks
/// ([`drydock_base::rendered::Rendered`]: the text `kubectl kustomize` would print, each piece
/// with the place it was written, and what rendering found).
pub fn rendered(
    files: &dyn Files,
    dir: &str,
    options: Options,
) -> drydock_base::rendered::Rendered {
    use drydock_base::rendered::{RenderFinding, Rendered, Span};
    let render = render(files, dir, options);
    let objects: Vec<&Node> = render.resources.iter().map(|r| &r.node).collect();
    let printed = emit::to_yaml(&objects);
    let index = |file: FileId| file.0 as usize;
    let mut out = Rendered {
        name: dir.to_owned(),
        root: render.kustomization.map(index),
        sources: render.sources.iter().map(|(_, f)| f.path.clone()).collect(),
        text: printed.text,
        spans: printed
            .spans
            .iter()
            .map(|span| Span {
                rendered: span.range,
                file: index(span.origin.file),
                origin: span.origin.range,
            })
            .collect(),
        values: Vec::new(),
        findings: render
            .findings
            .into_iter()
            .map(|finding| RenderFinding {
                rule: finding.rule.to_owned(),
                severity: finding.severity,
                message: finding.message,
                file: index(finding.origin.file),
                range: finding.origin.range,
                fix: finding.fix,
            })
            .collect(),
    };
    out.sort_spans();
    out
}
