//! The Compose rules: what checking a Compose project can find wrong, each a file in `rules/`
//! with its metadata and documentation; this table is the registry. The checks run when a
//! workspace's projects are checked ([`crate::workspace`]), which reports each finding under one
//! of these ids.

pub use drydock_base::rule::{FixKind, Language, Mirror, RuleMeta, docs, summary};

pub mod build_arg_not_declared;
pub mod build_target;
pub mod cap_add_all;
pub mod consistency;
pub mod database_port_exposed;
pub mod dependency_cycle;
pub mod docker_socket;
pub mod dotenv_syntax;
pub mod duplicate_host_port;
pub mod duplicate_mount_target;
pub mod healthy_dependency_without_healthcheck;
pub mod host_namespace;
pub mod image_tag;
pub mod interpolation;
pub mod invalid_project_name;
pub mod invalid_restart;
pub mod links;
pub mod load;
pub mod obsolete_version;
pub mod override_without_project;
pub mod port_not_exposed;
pub mod privileged;
pub mod relative_mount_target;
pub mod schema;
pub mod secret_in_environment;
pub mod several_project_files;
pub mod undefined_reference;
pub mod unquoted_port;
pub mod unset_variable;
pub mod user_overrides_dockerfile;

/// The rules whose errors `docker compose config` does not share: what fails at `up` (or in
/// Drydock's link to the Dockerfile a service builds) although the reference accepts it. A
/// project that only these find wrong still renders.
pub const BEYOND_THE_REFERENCE: &[&str] = &[
    "compose/invalid-restart",
    "compose/healthy-dependency-without-healthcheck",
    "compose/duplicate-host-port",
    "compose/duplicate-mount-target",
    "compose/relative-mount-target",
    "compose/build-target",
    "compose/build-arg-not-declared",
];

/// Every Compose rule, in a stable order: finding the project's files, reading `.env`,
/// interpolating, what the loaded project refers to; then what fails at `up` although `config`
/// accepts it, and what hurts in production.
pub const RULES: &[&RuleMeta] = &[
    &several_project_files::RULE,
    &override_without_project::RULE,
    &dotenv_syntax::RULE,
    &invalid_project_name::RULE,
    &schema::RULE,
    &interpolation::RULE,
    &unset_variable::RULE,
    &undefined_reference::RULE,
    &dependency_cycle::RULE,
    &load::RULE,
    &consistency::RULE,
    &build_target::RULE,
    &build_arg_not_declared::RULE,
    &port_not_exposed::RULE,
    &user_overrides_dockerfile::RULE,
    &invalid_restart::RULE,
    &healthy_dependency_without_healthcheck::RULE,
    &duplicate_host_port::RULE,
    &duplicate_mount_target::RULE,
    &relative_mount_target::RULE,
    &obsolete_version::RULE,
    &unquoted_port::RULE,
    &image_tag::RULE,
    &database_port_exposed::RULE,
    &secret_in_environment::RULE,
    &privileged::RULE,
    &host_namespace::RULE,
    &cap_add_all::RULE,
    &docker_socket::RULE,
    &links::RULE,
];

/// The rule with id `id` (e.g. `compose/undefined-reference`).
pub fn by_id(id: &str) -> Option<&'static RuleMeta> {
    RULES.iter().copied().find(|rule| rule.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_well_formed_and_of_compose() {
        let mut seen = std::collections::HashSet::new();
        for rule in RULES {
            assert!(seen.insert(rule.id), "duplicate rule id {}", rule.id);
            let name = rule
                .id
                .strip_prefix("compose/")
                .unwrap_or_else(|| panic!("{} does not start with `compose/`", rule.id));
            assert!(
                !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_lowercase() || c == '-')
                    && !name.starts_with('-')
                    && !name.ends_with('-'),
                "{}",
                rule.id
            );
            assert_eq!(rule.language, Language::Compose, "{}", rule.id);
            assert_eq!(by_id(rule.id), Some(*rule));
        }
    }
}
