//! Drydock's core: parsers, rules and findings for Dockerfiles and Kubernetes manifests.
//!
//! This crate has no platform dependency (no wasm, DOM, terminal or file system): the CLI and the
//! web app are thin adapters around [`check`]. See ARCHITECTURE.md.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod diagnostic;
pub mod dockerfile;
pub mod incremental;
pub mod k8s;
pub mod layout;
pub mod parsed;
pub mod rules;
pub mod settings;
pub mod suppression;
pub mod text;
pub mod topology;
pub mod workspace;
pub mod yaml;

mod check;
mod fix;

pub use check::{
    check, check_file, check_file_in_workspace, check_file_with, check_parsed_file, check_with,
    check_workspace_rules, check_workspace_rules_parsed,
};
pub use diagnostic::{Diagnostic, Finding, Fix, Severity, TextEdit};
pub use fix::fix_all;
pub use k8s::relations::{RelationGraph, relations};
pub use parsed::ParsedFile;
pub use settings::Settings;
pub use text::{LineIndex, Position, TextRange};
pub use workspace::{FileKind, SourceFile, Workspace};
