//! Kubernetes rules: schema validation, API lifecycle and best practices, per file. Each rule is
//! a file in `rules/`; this table is the registry. The analysis behind them runs once per file
//! ([`crate::analyze`]); each rule reports its own kind of violation. The cross-file rules are in
//! `drydock_links`.

use drydock_base::diagnostic::Diagnostic;
pub use drydock_base::rule::{FixKind, Language, Mirror, RuleMeta, docs, summary};

use crate::ViolationKind;

/// What a Kubernetes rule sees: the file's documents and the analysis of its objects.
pub struct KubernetesContext<'a> {
    pub text: &'a str,
    pub stream: &'a drydock_yaml::Stream,
    pub analysis: &'a crate::Analysis,
}

pub type KubernetesCheck = fn(&KubernetesContext<'_>, &mut Vec<Diagnostic>);

pub mod automount_service_account_token;
pub mod capabilities_not_dropped;
pub mod cluster_admin_binding;
pub mod cronjob_starting_deadline;
pub mod dangerous_capabilities;
pub mod database_without_volume;
pub mod default_namespace;
pub mod default_service_account;
pub mod deprecated_api;
pub mod deprecated_service_account_field;
pub mod duplicate_list_entry;
pub mod exposed_service;
pub mod host_namespaces;
pub mod host_path_volume;
pub mod host_port;
pub mod host_process;
pub mod hpa_min_replicas;
pub mod hpa_replica_range;
pub mod image_pull_policy;
pub mod image_tag;
pub mod ingress_without_tls;
pub mod invalid_config_data;
pub mod invalid_cron_schedule;
pub mod invalid_enum_value;
pub mod invalid_env;
pub mod invalid_format;
pub mod invalid_label;
pub mod invalid_name;
pub mod invalid_pod_spec;
pub mod invalid_port;
pub mod invalid_probe;
pub mod invalid_resources;
pub mod invalid_restart_policy;
pub mod invalid_type;
pub mod invalid_volume;
pub mod invalid_workload_spec;
pub mod job_ttl;
pub mod missing_anti_affinity;
pub mod missing_ephemeral_storage;
pub mod missing_priority_class;
pub mod missing_probes;
pub mod missing_required_field;
pub mod missing_resources;
pub mod missing_seccomp_profile;
pub mod missing_volume;
pub mod pdb_blocks_eviction;
pub mod pdb_unhealthy_pod_eviction_policy;
pub mod pdb_without_budget;
pub mod pod_creation_access;
pub mod pod_exec_access;
pub mod privilege_escalation;
pub mod privileged_container;
pub mod privileged_port;
pub mod probe_port;
pub mod rbac_escalation;
pub mod rbac_wildcard;
pub mod recreate_strategy;
pub mod requests_exceed_limits;
pub mod run_as_root;
pub mod secret_access;
pub mod secret_env_reference;
pub mod secret_in_config_map;
pub mod secret_in_env;
pub mod selector_mismatch;
pub mod service_type_mismatch;
pub mod single_replica;
pub mod ssh_port;
pub mod unavailable_api;
pub mod unknown_custom_resource;
pub mod unknown_field;
pub mod unknown_kind;
pub mod unmasked_proc_mount;
pub mod unsafe_sysctl;
pub mod writable_host_mount;
pub mod writable_root_filesystem;
pub mod wrong_api_version;

/// Every per-file Kubernetes rule with its check, in the order findings are documented. The
/// checks of the API server's validation are in it only where the build has the `api-server`
/// feature (see [`API_SERVER`]).
pub const RULES: &[(&RuleMeta, KubernetesCheck)] = &[
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
    (&invalid_name::RULE, invalid_name::check),
    (&invalid_label::RULE, invalid_label::check),
    (&invalid_port::RULE, invalid_port::check),
    (&service_type_mismatch::RULE, service_type_mismatch::check),
    (&duplicate_list_entry::RULE, duplicate_list_entry::check),
    (&selector_mismatch::RULE, selector_mismatch::check),
    (&missing_volume::RULE, missing_volume::check),
    (&invalid_env::RULE, api_server(invalid_env::check)),
    (
        &invalid_config_data::RULE,
        api_server(invalid_config_data::check),
    ),
    (&invalid_volume::RULE, api_server(invalid_volume::check)),
    (
        &invalid_workload_spec::RULE,
        api_server(invalid_workload_spec::check),
    ),
    (&invalid_pod_spec::RULE, api_server(invalid_pod_spec::check)),
    (&invalid_probe::RULE, invalid_probe::check),
    (&requests_exceed_limits::RULE, requests_exceed_limits::check),
    (
        &invalid_resources::RULE,
        api_server(invalid_resources::check),
    ),
    (&hpa_replica_range::RULE, hpa_replica_range::check),
    (&invalid_cron_schedule::RULE, invalid_cron_schedule::check),
    (&privileged_container::RULE, privileged_container::check),
    (&privilege_escalation::RULE, privilege_escalation::check),
    (&run_as_root::RULE, run_as_root::check),
    (
        &writable_root_filesystem::RULE,
        writable_root_filesystem::check,
    ),
    (&dangerous_capabilities::RULE, dangerous_capabilities::check),
    (&host_namespaces::RULE, host_namespaces::check),
    (&host_path_volume::RULE, host_path_volume::check),
    (&image_tag::RULE, image_tag::check),
    (&image_pull_policy::RULE, image_pull_policy::check),
    (&secret_in_env::RULE, secret_in_env::check),
    (
        &automount_service_account_token::RULE,
        automount_service_account_token::check,
    ),
    (&default_namespace::RULE, default_namespace::check),
    (&missing_anti_affinity::RULE, missing_anti_affinity::check),
    (&missing_resources::RULE, missing_resources::check),
    (&missing_probes::RULE, missing_probes::check),
    (&rbac_wildcard::RULE, rbac_wildcard::check),
    (&rbac_escalation::RULE, rbac_escalation::check),
    (&cluster_admin_binding::RULE, cluster_admin_binding::check),
    (&probe_port::RULE, probe_port::check),
    (
        &deprecated_service_account_field::RULE,
        deprecated_service_account_field::check,
    ),
    (&ssh_port::RULE, ssh_port::check),
    (&unsafe_sysctl::RULE, unsafe_sysctl::check),
    (&unmasked_proc_mount::RULE, unmasked_proc_mount::check),
    (&host_port::RULE, host_port::check),
    (&host_process::RULE, host_process::check),
    (&invalid_restart_policy::RULE, invalid_restart_policy::check),
    (&pdb_blocks_eviction::RULE, pdb_blocks_eviction::check),
    (&pdb_without_budget::RULE, pdb_without_budget::check),
    (&pod_exec_access::RULE, pod_exec_access::check),
    (&secret_access::RULE, secret_access::check),
    (&pod_creation_access::RULE, pod_creation_access::check),
    (&secret_in_config_map::RULE, secret_in_config_map::check),
    (
        &capabilities_not_dropped::RULE,
        capabilities_not_dropped::check,
    ),
    (
        &default_service_account::RULE,
        default_service_account::check,
    ),
    (&privileged_port::RULE, privileged_port::check),
    (&secret_env_reference::RULE, secret_env_reference::check),
    (&writable_host_mount::RULE, writable_host_mount::check),
    (&job_ttl::RULE, job_ttl::check),
    (
        &cronjob_starting_deadline::RULE,
        cronjob_starting_deadline::check,
    ),
    (&missing_priority_class::RULE, missing_priority_class::check),
    (&ingress_without_tls::RULE, ingress_without_tls::check),
    (
        &missing_ephemeral_storage::RULE,
        missing_ephemeral_storage::check,
    ),
    (&recreate_strategy::RULE, recreate_strategy::check),
    (&single_replica::RULE, single_replica::check),
    (&hpa_min_replicas::RULE, hpa_min_replicas::check),
    (&exposed_service::RULE, exposed_service::check),
    (
        &missing_seccomp_profile::RULE,
        missing_seccomp_profile::check,
    ),
    (
        &pdb_unhealthy_pod_eviction_policy::RULE,
        pdb_unhealthy_pod_eviction_policy::check,
    ),
    (
        &database_without_volume::RULE,
        database_without_volume::check,
    ),
];

/// A check of the API server's validation (`pkg/apis/*/validation`, see `APISERVER.md`): itself
/// where the build has the `api-server` feature, else one that finds nothing, so that the code
/// is left out of the binary. The playground's page is built without it (its first load has no
/// room for it) and asks the API-server engine, a web worker, for these findings.
const fn api_server(check: KubernetesCheck) -> KubernetesCheck {
    if cfg!(feature = "api-server") {
        check
    } else {
        nothing
    }
}

fn nothing(_: &KubernetesContext<'_>, _: &mut Vec<Diagnostic>) {}

/// The checks of the API server's validation alone: the rules only it makes, and what it adds to
/// the others (each rule's `check_api_server`). [`RULES`] runs them all already; this is for the
/// playground's API-server engine, which reports only what the page, built without the feature,
/// cannot find.
#[cfg(feature = "api-server")]
pub const API_SERVER: &[(&RuleMeta, KubernetesCheck)] = &[
    (&invalid_name::RULE, invalid_name::check_api_server),
    (&invalid_label::RULE, invalid_label::check_api_server),
    (&invalid_format::RULE, invalid_format::check_api_server),
    (&invalid_port::RULE, invalid_port::check_api_server),
    (
        &service_type_mismatch::RULE,
        service_type_mismatch::check_api_server,
    ),
    (
        &duplicate_list_entry::RULE,
        duplicate_list_entry::check_api_server,
    ),
    (
        &missing_required_field::RULE,
        missing_required_field::check_api_server,
    ),
    (&invalid_env::RULE, invalid_env::check),
    (&invalid_config_data::RULE, invalid_config_data::check),
    (&invalid_volume::RULE, invalid_volume::check),
    (&invalid_workload_spec::RULE, invalid_workload_spec::check),
    (&invalid_pod_spec::RULE, invalid_pod_spec::check),
    (&invalid_probe::RULE, invalid_probe::check_api_server),
    (&invalid_resources::RULE, invalid_resources::check),
    (
        &invalid_restart_policy::RULE,
        invalid_restart_policy::check_api_server,
    ),
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
