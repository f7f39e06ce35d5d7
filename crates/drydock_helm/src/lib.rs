//! Helm charts, rendered the way Helm v4 renders them.
//!
//! - [`template`]: Go's `text/template` (lexer, parser, executor) with Go's semantics for
//!   truthiness, comparison, printing and errors, positions kept for every node.
//! - [`funcs`]: Helm's function map (Go's builtins, Sprig's, Helm's own).
//! - [`chart`]: a chart rendered as `helm template` renders it ([`values`] read as Helm reads
//!   YAML, [`objects`] for `.Release`, `.Chart`, `.Capabilities` and `.Files`, [`yaml`] and
//!   [`json`] for `toYaml` and `toJson`).
//! - [`archive`]: subcharts vendored as `charts/*.tgz`, expanded into a chart's files as Helm
//!   reads them.
//!
//! The core never panics on any input: no `unwrap`, `expect` or indexing that input can break.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod archive;
pub mod assist;
pub mod chart;
pub mod conventions;
pub mod encoding;
pub mod funcs;
pub mod helmignore;
pub mod json;
pub mod lint;
pub mod objects;
pub mod rules;
pub mod schema;
pub mod strvals;
pub mod template;
pub mod values;
pub mod workspace;
pub mod yaml;
