//! Dockerfile rules. Each rule is a file in `dockerfile/`; this table is the registry.

use crate::rules::{DockerfileCheck, RuleMeta};

pub mod consistent_instruction_casing;
pub mod duplicate_stage_name;
pub mod expose_invalid_format;
pub mod expose_proto_casing;
pub mod from_as_casing;
pub mod from_platform_flag_const_disallowed;
pub mod invalid_default_arg_in_from;
pub mod json_args_recommended;
pub mod legacy_key_value_format;
pub mod maintainer_deprecated;
pub mod multiple_instructions_disallowed;
pub mod no_empty_continuation;
pub mod redundant_target_platform;
pub mod reserved_stage_name;
pub mod secrets_used_in_arg_or_env;
pub mod stage_name_casing;
pub mod syntax_error;
pub mod undefined_arg_in_from;
pub mod undefined_var;
pub mod unknown_instruction;
pub mod workdir_relative_path;

mod suggest;

/// Every Dockerfile rule with its check, in the order findings are documented.
pub(crate) const RULES: &[(&RuleMeta, DockerfileCheck)] = &[
    (&syntax_error::RULE, syntax_error::check),
    (&unknown_instruction::RULE, unknown_instruction::check),
    // BuildKit's build checks.
    (&stage_name_casing::RULE, stage_name_casing::check),
    (&from_as_casing::RULE, from_as_casing::check),
    (&no_empty_continuation::RULE, no_empty_continuation::check),
    (
        &consistent_instruction_casing::RULE,
        consistent_instruction_casing::check,
    ),
    (&duplicate_stage_name::RULE, duplicate_stage_name::check),
    (&reserved_stage_name::RULE, reserved_stage_name::check),
    (&json_args_recommended::RULE, json_args_recommended::check),
    (&maintainer_deprecated::RULE, maintainer_deprecated::check),
    (&undefined_arg_in_from::RULE, undefined_arg_in_from::check),
    (&workdir_relative_path::RULE, workdir_relative_path::check),
    (&undefined_var::RULE, undefined_var::check),
    (
        &multiple_instructions_disallowed::RULE,
        multiple_instructions_disallowed::check,
    ),
    (
        &legacy_key_value_format::RULE,
        legacy_key_value_format::check,
    ),
    (
        &redundant_target_platform::RULE,
        redundant_target_platform::check,
    ),
    (
        &secrets_used_in_arg_or_env::RULE,
        secrets_used_in_arg_or_env::check,
    ),
    (
        &invalid_default_arg_in_from::RULE,
        invalid_default_arg_in_from::check,
    ),
    (
        &from_platform_flag_const_disallowed::RULE,
        from_platform_flag_const_disallowed::check,
    ),
    (&expose_proto_casing::RULE, expose_proto_casing::check),
    (&expose_invalid_format::RULE, expose_invalid_format::check),
];
