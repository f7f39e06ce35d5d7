//! The types every Drydock crate shares and none owns: text ranges and line positions
//! ([`text`]), the one diagnostic type ([`diagnostic`]), what a rule is ([`rule`]), the workspace
//! of named files ([`workspace`]), "did you mean" ([`suggest`]), and JSON written and read by hand
//! ([`json`]).
//!
//! It knows no language and no rule: the language crates build on it, never the other way round
//! (ARCHITECTURE.md draws the graph). No platform dependency.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod diagnostic;
pub mod diff;
pub mod json;
pub mod rendered;
pub mod rule;
pub mod severity;
pub mod suggest;
pub mod text;
pub mod wire;
pub mod workspace;

pub use diagnostic::{Diagnostic, Finding, Fix, Label, Severity, TextEdit};
pub use rule::RuleMeta;
pub use text::{LineIndex, Position, TextRange};
pub use workspace::{FileKind, SourceFile, Workspace};
