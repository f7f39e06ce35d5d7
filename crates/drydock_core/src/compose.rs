//! Docker Compose projects in a workspace, found as Compose finds them and checked by
//! `drydock_compose` ([`render_workspace`]). Each project is a
//! [`drydock_base::rendered::Rendered`] whose findings are in the files it reads (the project
//! file, its override, its `.env`), placed like the findings of a kustomization's render.
//!
//! Checking is [`render_workspace`] here (the CLI, tests) or an engine's work (the playground).

pub use drydock_compose as language;
pub use drydock_compose::workspace::{
    has_compose_files, render_files, render_workspace, render_workspace_with,
};
