//! Rules about YAML itself, whatever the document holds. This table is the registry.

use crate::rules::{RuleMeta, YamlCheck};

pub mod duplicate_key;
pub mod syntax_error;

pub(crate) const RULES: &[(&RuleMeta, YamlCheck)] = &[
    (&syntax_error::RULE, syntax_error::check),
    (&duplicate_key::RULE, duplicate_key::check),
];
