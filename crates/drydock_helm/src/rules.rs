//! The Helm rules: what checking a chart can find wrong, each a file in `rules/` with its
//! metadata and documentation; this table is the registry. A chart is checked when a workspace's
//! charts are rendered ([`crate::workspace`]), which reports each finding under one of these ids.

pub use drydock_base::rule::{FixKind, Language, Mirror, RuleMeta, docs, summary};

pub mod chart_file;
pub mod chart_icon;
pub mod chart_version_semver;
pub mod crd_file;
pub mod hard_coded_namespace;
pub mod no_templates;
pub mod recommended_labels;
pub mod render;
pub mod template_extension;
pub mod template_indent;
pub mod undeclared_value;
pub mod unknown_chart_field;
pub mod unused_value;
pub mod values_schema;

/// Every Helm rule.
pub const RULES: &[&RuleMeta] = &[
    &render::RULE,
    &values_schema::RULE,
    &chart_file::RULE,
    &unknown_chart_field::RULE,
    &chart_version_semver::RULE,
    &chart_icon::RULE,
    &template_extension::RULE,
    &template_indent::RULE,
    &no_templates::RULE,
    &crd_file::RULE,
    &undeclared_value::RULE,
    &unused_value::RULE,
    &hard_coded_namespace::RULE,
    &recommended_labels::RULE,
];

/// A Helm rule by its id.
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().copied().find(|rule| rule.id == id)
}
