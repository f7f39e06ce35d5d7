//! Kustomize's patches applied to a [`Node`]: strategic merge patches (kyaml's `merge2`, as
//! kustomize's `PatchStrategicMerge` filter runs it) and JSON 6902 patches (as kustomize applies
//! them with evanphx/json-patch). Choosing the resources a patch applies to is the builder's job.

mod json6902;
mod merge_keys;
pub mod openapi;
mod smp;

pub use json6902::json6902;
pub use openapi::CustomSchema;
pub use smp::{strategic_merge, strategic_merge_with};

use crate::value::{Node, Origin};

/// A patch kustomize would refuse, with the place in the patch that caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct PatchError {
    pub message: String,
    pub origin: Option<Origin>,
}

impl PatchError {
    fn new(message: impl Into<String>, origin: Option<Origin>) -> Self {
        PatchError {
            message: message.into(),
            origin,
        }
    }
}

impl std::fmt::Display for PatchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for PatchError {}

/// True when a strategic merge patch deletes the whole resource it targets (`$patch: delete` at
/// its top level), which kustomize does by dropping the resource from the output.
pub fn is_delete_patch(patch: &Node) -> bool {
    patch.get_str("$patch") == Some("delete")
}

/// Deeper than any real manifest; bounds recursion on adversarial patches.
const MAX_DEPTH: usize = 200;
