//! Drydock's façade: it checks a workspace. Settings, the per-file pass over each language's
//! rules, the cross-file pass, incremental checking and fixes live here; the languages live in
//! their own crates, re-exported below under the names the front ends use.
//!
//! This crate has no platform dependency (no wasm, DOM, terminal or file system): the CLI and the
//! web app are thin adapters around [`check`]. See ARCHITECTURE.md for the crate graph.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

pub mod api_server;
pub mod compose;
pub mod incremental;
pub mod kustomize;
pub mod parsed;
pub mod rules;
pub mod settings;

mod check;
mod fix;

pub use drydock_base::{diagnostic, rendered, text, workspace};
pub use drydock_dockerfile as dockerfile;
pub use drydock_dockerfile::suppression;
pub use drydock_helm as helm;
pub use drydock_k8s as k8s;
pub use drydock_links as links;
pub use drydock_yaml as yaml;

pub use check::{
    check, check_file, check_file_in_workspace, check_file_with, check_parsed_file,
    check_parsed_file_owned, check_with, check_workspace_rules, check_workspace_rules_parsed,
    check_workspace_rules_rendered, check_workspace_rules_with_renders, renders_of,
};
pub use diagnostic::{Diagnostic, Finding, Fix, Severity, TextEdit};
pub use fix::{compatible as compatible_fixes, fix_all};
pub use k8s::relations::{RelationGraph, relations};
pub use parsed::ParsedFile;
pub use settings::Settings;
pub use text::{LineIndex, Position, TextRange};
pub use workspace::{FileKind, SourceFile, Workspace};
