//! Kubernetes rules: schema validation and API lifecycle. Each rule is a file in `kubernetes/`;
//! this table is the registry. The analysis behind them runs once per file
//! ([`crate::k8s::analyze`]); each rule reports its own kind of violation.

use crate::diagnostic::Diagnostic;
use crate::k8s::ViolationKind;
use crate::rules::{KubernetesCheck, KubernetesContext, RuleMeta};

pub mod deprecated_api;
pub mod duplicate_list_entry;
pub mod invalid_enum_value;
pub mod invalid_format;
pub mod invalid_type;
pub mod missing_required_field;
pub mod unavailable_api;
pub mod unknown_custom_resource;
pub mod unknown_field;
pub mod unknown_kind;
pub mod wrong_api_version;

/// Every Kubernetes rule with its check, in the order findings are documented.
pub(crate) const RULES: &[(&RuleMeta, KubernetesCheck)] = &[
    (&unknown_kind::RULE, unknown_kind::check),
    (&wrong_api_version::RULE, wrong_api_version::check),
    (&unavailable_api::RULE, unavailable_api::check),
    (&deprecated_api::RULE, deprecated_api::check),
    (
        &unknown_custom_resource::RULE,
        unknown_custom_resource::check,
    ),
    (&unknown_field::RULE, unknown_field::check),
    (&invalid_type::RULE, invalid_type::check),
    (&invalid_enum_value::RULE, invalid_enum_value::check),
    (&missing_required_field::RULE, missing_required_field::check),
    (&invalid_format::RULE, invalid_format::check),
    (&duplicate_list_entry::RULE, duplicate_list_entry::check),
];

/// Turns the analysis' violations of one kind into the rule's diagnostics.
pub(crate) fn report(
    ctx: &KubernetesContext<'_>,
    kind: ViolationKind,
    rule: &RuleMeta,
    out: &mut Vec<Diagnostic>,
) {
    for violation in ctx.analysis.violations.iter().filter(|v| v.kind == kind) {
        let mut diagnostic = Diagnostic::new(rule, violation.message.clone(), violation.range);
        if let Some((range, message)) = &violation.label {
            diagnostic = diagnostic.with_label(*range, message.clone());
        }
        if let Some(help) = &violation.help {
            diagnostic = diagnostic.with_help(help.clone());
        }
        if let Some(fix) = &violation.fix {
            diagnostic = diagnostic.with_fix(fix.clone());
        }
        out.push(diagnostic);
    }
}
