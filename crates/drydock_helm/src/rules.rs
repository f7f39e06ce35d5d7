//! The Helm rules: what checking a chart can find wrong, each a file in `rules/` with its
//! metadata and documentation; this table is the registry. A chart is checked when a workspace's
//! charts are rendered ([`crate::workspace`]), which reports each finding under one of these ids.

pub use drydock_base::rule::{FixKind, Language, Mirror, RuleMeta, docs};

pub mod render;
pub mod values_schema;

/// Every Helm rule.
pub const RULES: &[&RuleMeta] = &[&render::RULE, &values_schema::RULE];

/// A Helm rule by its id.
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().copied().find(|rule| rule.id == id)
}
