//! Dockerfile rules. Each rule is a file in `dockerfile/`; this table is the registry.

use crate::rules::{DockerfileCheck, RuleMeta};

pub mod syntax_error;
pub mod unknown_instruction;

/// Every Dockerfile rule with its check, in the order findings are documented.
pub(crate) const RULES: &[(&RuleMeta, DockerfileCheck)] = &[
    (&syntax_error::RULE, syntax_error::check),
    (&unknown_instruction::RULE, unknown_instruction::check),
];
