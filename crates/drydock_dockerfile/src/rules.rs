//! Dockerfile rules. Each rule is a file in `rules/`; this table is the registry.

use drydock_base::diagnostic::Diagnostic;
pub use drydock_base::rule::{FixKind, Language, Mirror, RuleMeta, docs, summary};

use crate::{Dockerfile, Semantic};

/// What a Dockerfile rule sees.
pub struct DockerfileContext<'a> {
    pub text: &'a str,
    pub tree: &'a Dockerfile,
    /// Stages, variables and stage references, computed once per file.
    pub semantic: &'a Semantic,
    /// Every `RUN` with the shell commands it runs, parsed once per file.
    pub runs: &'a [crate::command::Run<'a>],
    /// The registries `FROM` images may come from (the settings' `trusted_registries`); empty
    /// means any.
    pub trusted_registries: &'a [String],
}

pub type DockerfileCheck = fn(&DockerfileContext<'_>, &mut Vec<Diagnostic>);

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

pub mod apk_missing_no_cache;
pub mod apk_unpinned_package;
pub mod apk_upgrade;
pub mod apt_get_dist_upgrade;
pub mod apt_get_missing_yes;
pub mod apt_get_no_install_recommends;
pub mod apt_get_unpinned_package;
pub mod apt_instead_of_apt_get;
pub mod apt_lists_not_removed;
pub mod dnf_clean_missing;
pub mod dnf_missing_yes;
pub mod dnf_unpinned_package;
pub mod dnf_update;
pub mod gem_unpinned_package;
pub mod go_install_unpinned;
pub mod npm_unpinned_package;
pub mod pip_cache_dir;
pub mod pip_unpinned_package;
pub mod yarn_cache_clean_missing;
pub mod yum_clean_missing;
pub mod yum_missing_yes;
pub mod yum_unpinned_package;
pub mod yum_update;
pub mod zypper_clean_missing;
pub mod zypper_dist_upgrade;
pub mod zypper_missing_non_interactive;
pub mod zypper_unpinned_package;

pub mod cd_instead_of_workdir;
pub mod consecutive_run;
pub mod pipefail_missing;
pub mod pointless_command;
pub mod shell_undefined_var;
pub mod shell_via_ln;
pub mod sudo;
pub mod useradd_high_uid;
pub mod wget_and_curl;
pub mod wget_progress;

pub mod add_instead_of_copy;
pub mod copy_from_self;
pub mod copy_from_unknown_stage;
pub mod copy_multiple_sources_dest_slash;
pub mod copy_relative_without_workdir;
pub mod copy_whole_filesystem;
pub mod env_self_reference;
pub mod final_stage_runs_as_root;
pub mod image_latest_tag;
pub mod image_untagged;
pub mod instruction_before_from;
pub mod last_user_root;
pub mod multiple_cmd;
pub mod multiple_entrypoint;
pub mod multiple_healthcheck;
pub mod user_non_numeric;

pub mod copy_archive_then_extract;
pub mod copy_context_before_install;
pub mod inline_ignore_pragma;
pub mod npm_install_instead_of_ci;
pub mod remote_script_piped_to_shell;
pub mod untrusted_registry;

pub mod tool_missing_from_base_image;

pub mod add_url_without_checksum;
pub mod exec_form_not_json;
pub mod invalid_argument_count;
pub mod invalid_expose;
pub mod invalid_flag;
pub mod invalid_healthcheck;
pub mod invalid_mount;
pub mod invalid_onbuild;
pub mod invalid_stopsignal;
pub mod shell_requires_json;

mod suggest;
mod unpinned;

/// Every Dockerfile rule with its check, in the order findings are documented.
/// Every Dockerfile rule with its check, in a stable order.
pub const RULES: &[(&RuleMeta, DockerfileCheck)] = &[
    (&syntax_error::RULE, syntax_error::check),
    (&unknown_instruction::RULE, unknown_instruction::check),
    (&inline_ignore_pragma::RULE, inline_ignore_pragma::check),
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
    (
        &apt_get_unpinned_package::RULE,
        apt_get_unpinned_package::check,
    ),
    (&apk_unpinned_package::RULE, apk_unpinned_package::check),
    (&npm_unpinned_package::RULE, npm_unpinned_package::check),
    (&gem_unpinned_package::RULE, gem_unpinned_package::check),
    (&go_install_unpinned::RULE, go_install_unpinned::check),
    (&yum_unpinned_package::RULE, yum_unpinned_package::check),
    (&dnf_unpinned_package::RULE, dnf_unpinned_package::check),
    (
        &zypper_unpinned_package::RULE,
        zypper_unpinned_package::check,
    ),
    (
        &apt_get_no_install_recommends::RULE,
        apt_get_no_install_recommends::check,
    ),
    (&apt_get_missing_yes::RULE, apt_get_missing_yes::check),
    (&apk_missing_no_cache::RULE, apk_missing_no_cache::check),
    (&yum_missing_yes::RULE, yum_missing_yes::check),
    (&dnf_missing_yes::RULE, dnf_missing_yes::check),
    (
        &zypper_missing_non_interactive::RULE,
        zypper_missing_non_interactive::check,
    ),
    (&yum_clean_missing::RULE, yum_clean_missing::check),
    (&dnf_clean_missing::RULE, dnf_clean_missing::check),
    (&zypper_clean_missing::RULE, zypper_clean_missing::check),
    (
        &yarn_cache_clean_missing::RULE,
        yarn_cache_clean_missing::check,
    ),
    (&apt_get_dist_upgrade::RULE, apt_get_dist_upgrade::check),
    (&apk_upgrade::RULE, apk_upgrade::check),
    (&yum_update::RULE, yum_update::check),
    (&dnf_update::RULE, dnf_update::check),
    (&zypper_dist_upgrade::RULE, zypper_dist_upgrade::check),
    (&apt_lists_not_removed::RULE, apt_lists_not_removed::check),
    (&apt_instead_of_apt_get::RULE, apt_instead_of_apt_get::check),
    (&pip_unpinned_package::RULE, pip_unpinned_package::check),
    (&pip_cache_dir::RULE, pip_cache_dir::check),
    (&pointless_command::RULE, pointless_command::check),
    (&cd_instead_of_workdir::RULE, cd_instead_of_workdir::check),
    (&sudo::RULE, sudo::check),
    (&wget_and_curl::RULE, wget_and_curl::check),
    (&shell_via_ln::RULE, shell_via_ln::check),
    (&pipefail_missing::RULE, pipefail_missing::check),
    (&shell_undefined_var::RULE, shell_undefined_var::check),
    (&wget_progress::RULE, wget_progress::check),
    (&useradd_high_uid::RULE, useradd_high_uid::check),
    (&consecutive_run::RULE, consecutive_run::check),
    (&last_user_root::RULE, last_user_root::check),
    (
        &final_stage_runs_as_root::RULE,
        final_stage_runs_as_root::check,
    ),
    (&image_untagged::RULE, image_untagged::check),
    (&untrusted_registry::RULE, untrusted_registry::check),
    (&image_latest_tag::RULE, image_latest_tag::check),
    (&multiple_cmd::RULE, multiple_cmd::check),
    (&multiple_entrypoint::RULE, multiple_entrypoint::check),
    (&multiple_healthcheck::RULE, multiple_healthcheck::check),
    (&add_instead_of_copy::RULE, add_instead_of_copy::check),
    (
        &copy_archive_then_extract::RULE,
        copy_archive_then_extract::check,
    ),
    (
        &copy_multiple_sources_dest_slash::RULE,
        copy_multiple_sources_dest_slash::check,
    ),
    (
        &copy_from_unknown_stage::RULE,
        copy_from_unknown_stage::check,
    ),
    (&copy_from_self::RULE, copy_from_self::check),
    (
        &copy_relative_without_workdir::RULE,
        copy_relative_without_workdir::check,
    ),
    (
        &instruction_before_from::RULE,
        instruction_before_from::check,
    ),
    (&user_non_numeric::RULE, user_non_numeric::check),
    (&copy_whole_filesystem::RULE, copy_whole_filesystem::check),
    (&env_self_reference::RULE, env_self_reference::check),
    (
        &remote_script_piped_to_shell::RULE,
        remote_script_piped_to_shell::check,
    ),
    (
        &npm_install_instead_of_ci::RULE,
        npm_install_instead_of_ci::check,
    ),
    (
        &copy_context_before_install::RULE,
        copy_context_before_install::check,
    ),
    (
        &tool_missing_from_base_image::RULE,
        tool_missing_from_base_image::check,
    ),
    // Instruction validation: what BuildKit rejects before it builds.
    (&invalid_flag::RULE, invalid_flag::check),
    (&invalid_argument_count::RULE, invalid_argument_count::check),
    (&invalid_mount::RULE, invalid_mount::check),
    (&invalid_healthcheck::RULE, invalid_healthcheck::check),
    (&invalid_expose::RULE, invalid_expose::check),
    (&invalid_stopsignal::RULE, invalid_stopsignal::check),
    (&shell_requires_json::RULE, shell_requires_json::check),
    (&exec_form_not_json::RULE, exec_form_not_json::check),
    (
        &add_url_without_checksum::RULE,
        add_url_without_checksum::check,
    ),
    (&invalid_onbuild::RULE, invalid_onbuild::check),
];
