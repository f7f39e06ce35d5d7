//! Rules about YAML itself, whatever the document holds. This table is the registry.

use drydock_base::diagnostic::Diagnostic;
pub use drydock_base::rule::{FixKind, Language, Mirror, RuleMeta, docs, summary};

pub mod duplicate_key;
pub mod syntax_error;

/// What a YAML rule sees.
pub struct YamlContext<'a> {
    pub text: &'a str,
    /// The file's documents, parsed once.
    pub stream: &'a crate::Stream,
}

pub type YamlCheck = fn(&YamlContext<'_>, &mut Vec<Diagnostic>);

/// Every YAML rule with its check, in a stable order.
pub const RULES: &[(&RuleMeta, YamlCheck)] = &[
    (&syntax_error::RULE, syntax_error::check),
    (&duplicate_key::RULE, duplicate_key::check),
];
