//! compose-go's `types` package as data: each Go struct the model binds to, as the list of its
//! JSON fields in the order Go prints them, each with how its value is read from the dict and
//! whether an empty value is left out.
//!
//! The order is compose-go v2.16.1's, read from the reference's output: there a service is three
//! structs, its own fields (`deploy` … `pre_stop`, in the schema's order) and then the embedded
//! container specification (shared with `pre_start` hooks and jobs) and workload specification
//! (`build` … `tty`), each in the order compose-go's `ServiceConfig` had them. Fields the outputs
//! never show keep their place in compose-go's sources; `pull_refresh_after`, jobs' `triggers`
//! and hooks' `per_replica` are guesses from the schema.

/// How a field's value is read from the dict and printed: a Go type and its decoder.
#[derive(Debug)]
pub(super) enum Kind {
    /// `string`: a string, or an integer written in decimal (compose-go's `cast` hook).
    Str,
    /// `int`, `int64`: an integer, a float (truncated) or a decimal string.
    Int,
    /// `uint16`, `uint32`, `uint64` (the width in bits): a non-negative integer or float.
    Uint(u32),
    /// `float32`, printed with 32-bit precision.
    Float32,
    /// `bool`: a boolean, or a string YAML 1.1 would read as one (`yes`, `off`, …).
    Bool,
    /// `OptOut`: a boolean whose default is `true`, left out when true (`omitzero`).
    OptOut,
    /// `UnitBytes`: a byte count or a size such as `512m`, printed as a decimal string.
    Bytes,
    /// `Duration`: Go's duration syntax (with `d` and `w`), printed as Go prints durations.
    Duration,
    /// `NanoCPUs`: a number or a numeric string, a `float32`.
    NanoCpus,
    /// `DeviceCount`: a number, or `all` for -1.
    DeviceCount,
    /// `FileMode`: a number, or a string in octal; printed as an octal string (`"0440"`).
    FileMode,
    /// A pointer: absent and null are `nil` (left out or `null`), anything else is set.
    Ptr(&'static Kind),
    /// A struct: a mapping of its fields.
    Struct(&'static Struct),
    /// A slice of one kind.
    List(&'static Kind),
    /// A `map[string]…`, printed with its keys sorted.
    Map(&'static Kind),
    /// `Mapping`: a mapping of scalars or a list of `key=value` (no `=`: an empty value).
    Mapping,
    /// `Options`: a mapping of scalars only.
    Options,
    /// `Labels`: like `Mapping`.
    Labels,
    /// `MappingWithEquals`: like `Mapping`, but a null value or a `KEY` without `=` stays null.
    MappingWithEquals,
    /// `MultiOptions`: a mapping whose values are scalars or lists of scalars.
    MultiOptions,
    /// `HostsList`: `host=ip` / `host:ip` items or a mapping; printed as a sorted `host=ip` list.
    HostsList,
    /// `ShellCommand`: a list of strings, or a string split as a shell would.
    ShellCommand,
    /// `StringList`: a string or a list of strings.
    StringList,
    /// `StringOrNumberList`: a string or a list of scalars, printed as strings.
    StringOrNumberList,
    /// `HealthCheckTest`: a list of strings, or a string run with `CMD-SHELL`.
    HealthCheckTest,
    /// `*UlimitsConfig`: a number (soft and hard) or `{soft, hard}`.
    Ulimit,
    /// `SSHConfig`: a mapping of key ids to paths.
    Ssh,
}

/// When an empty value is left out of the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Omit {
    /// No `omitempty`: always printed.
    Never,
    /// `omitempty`: false, 0, "", nil pointers, empty lists and maps are left out (structs never).
    Empty,
    /// `omitzero`, on an `OptOut`: left out when true.
    Zero,
}

/// What a struct's own `MarshalJSON` changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Special {
    None,
    /// `SecretConfig`: its `content` is never printed.
    Secret,
    /// `ConfigObjConfig`: its `content` is not printed when it came from `environment`.
    Config,
    /// A watch `Trigger`: the legacy extension `x-initialSync` sets `initial_sync` (the
    /// reference prints `initial_sync: true` for it).
    Trigger,
}

#[derive(Debug)]
pub(super) struct Field {
    /// The JSON name; also the dict key (mapstructure matches it ignoring case when it must).
    pub name: &'static str,
    pub kind: Kind,
    pub omit: Omit,
}

#[derive(Debug)]
pub(super) struct Struct {
    /// The fields, in order; embedded structs are further parts.
    pub parts: &'static [&'static [Field]],
    pub special: Special,
}

const fn f(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        omit: Omit::Empty,
    }
}

const fn keep(name: &'static str, kind: Kind) -> Field {
    Field {
        name,
        kind,
        omit: Omit::Never,
    }
}

const fn opt_out(name: &'static str) -> Field {
    Field {
        name,
        kind: Kind::OptOut,
        omit: Omit::Zero,
    }
}

const fn plain(parts: &'static [&'static [Field]]) -> Struct {
    Struct {
        parts,
        special: Special::None,
    }
}

use Kind::{
    Bool, Bytes, Duration, Float32, Int, List, Map, Mapping, MappingWithEquals, Options, Ptr,
    ShellCommand, Str, StringList,
};

const STRINGS: Kind = List(&Str);

/// A service's own fields (`ServiceConfig` without its embedded specifications).
static SERVICE_OWN: &[Field] = &[
    f("deploy", Ptr(&Kind::Struct(&DEPLOY))),
    f("develop", Ptr(&Kind::Struct(&DEVELOP))),
    f("profiles", STRINGS),
    f("restart", Str),
    f("scale", Ptr(&Int)),
    f("attach", Ptr(&Bool)),
    f("container_name", Str),
    f("provider", Ptr(&Kind::Struct(&PROVIDER))),
    f("extends", Ptr(&Kind::Struct(&EXTENDS))),
    f("links", STRINGS),
    f("external_links", STRINGS),
    f("pre_start", List(&Kind::Struct(&PRE_START_HOOK))),
    f("post_start", List(&Kind::Struct(&HOOK))),
    f("pre_stop", List(&Kind::Struct(&HOOK))),
];

/// The container specification, shared by services, jobs and `pre_start` hooks.
static CONTAINER_SPEC: &[Field] = &[
    f("annotations", Mapping),
    f("blkio_config", Ptr(&Kind::Struct(&BLKIO))),
    f("cap_add", STRINGS),
    f("cap_drop", STRINGS),
    f("cgroup_parent", Str),
    f("cgroup", Str),
    f("cpu_count", Int),
    f("cpu_percent", Float32),
    f("cpu_period", Int),
    f("cpu_quota", Int),
    f("cpu_rt_period", Int),
    f("cpu_rt_runtime", Int),
    f("cpus", Float32),
    f("cpuset", Str),
    f("cpu_shares", Int),
    keep("command", ShellCommand),
    f("configs", List(&Kind::Struct(&FILE_REFERENCE))),
    f("credential_spec", Ptr(&Kind::Struct(&CREDENTIAL_SPEC))),
    f("device_cgroup_rules", STRINGS),
    f("devices", List(&Kind::Struct(&DEVICE_MAPPING))),
    f("dns", StringList),
    f("dns_opt", STRINGS),
    f("dns_search", StringList),
    f("dockerfile", Str),
    f("domainname", Str),
    keep("entrypoint", ShellCommand),
    f("environment", MappingWithEquals),
    f("env_file", List(&Kind::Struct(&ENV_FILE))),
    f("extra_hosts", Kind::HostsList),
    f("group_add", STRINGS),
    f("gpus", List(&Kind::Struct(&DEVICE_REQUEST))),
    f("hostname", Str),
    f("image", Str),
    f("init", Ptr(&Bool)),
    f("ipc", Str),
    f("isolation", Str),
    f("labels", Kind::Labels),
    f("label_file", STRINGS),
    f("logging", Ptr(&Kind::Struct(&LOGGING))),
    f("log_driver", Str),
    f("log_opt", Map(&Str)),
    f("mem_limit", Bytes),
    f("mem_reservation", Bytes),
    f("memswap_limit", Bytes),
    f("mem_swappiness", Bytes),
    f("mac_address", Str),
    f("models", Map(&Ptr(&Kind::Struct(&SERVICE_MODEL)))),
    f("net", Str),
    f("network_mode", Str),
    f("networks", Map(&Ptr(&Kind::Struct(&SERVICE_NETWORK)))),
    f("oom_kill_disable", Bool),
    f("oom_score_adj", Int),
    f("pid", Str),
    f("pids_limit", Int),
    f("platform", Str),
    f("privileged", Bool),
    f("pull_policy", Str),
    f("pull_refresh_after", Str),
    f("read_only", Bool),
    f("runtime", Str),
    f("secrets", List(&Kind::Struct(&FILE_REFERENCE))),
    f("security_opt", STRINGS),
    f("shm_size", Bytes),
    f("stop_grace_period", Ptr(&Duration)),
    f("stop_signal", Str),
    f("storage_opt", Map(&Str)),
    f("sysctls", Mapping),
    f("tmpfs", StringList),
    f("ulimits", Map(&Kind::Ulimit)),
    f("use_api_socket", Bool),
    f("user", Str),
    f("userns_mode", Str),
    f("uts", Str),
    f("volume_driver", Str),
    f("volumes", List(&Kind::Struct(&SERVICE_VOLUME))),
    f("volumes_from", STRINGS),
    f("working_dir", Str),
];

/// The workload specification, shared by services and jobs.
static WORKLOAD_SPEC: &[Field] = &[
    f("build", Ptr(&Kind::Struct(&BUILD))),
    f("depends_on", Map(&Kind::Struct(&DEPENDENCY))),
    f("expose", Kind::StringOrNumberList),
    f("healthcheck", Ptr(&Kind::Struct(&HEALTHCHECK))),
    f("ports", List(&Kind::Struct(&PORT))),
    f("stdin_open", Bool),
    f("tty", Bool),
];

static SERVICE: Struct = plain(&[SERVICE_OWN, CONTAINER_SPEC, WORKLOAD_SPEC]);

static JOB: Struct = plain(&[
    &[
        f("profiles", STRINGS),
        f("triggers", Kind::Struct(&TRIGGERS)),
    ],
    CONTAINER_SPEC,
    WORKLOAD_SPEC,
]);

static TRIGGERS: Struct = plain(&[&[
    f("manual", Ptr(&Bool)),
    f("schedule", List(&Kind::Struct(&SCHEDULE))),
]]);

static SCHEDULE: Struct = plain(&[&[
    f("cron", Str),
    f("timezone", Str),
    f("concurrency", Str),
    f("missed_fires", Str),
]]);

static PRE_START_HOOK: Struct = plain(&[CONTAINER_SPEC, &[f("per_replica", Bool)]]);

static HOOK: Struct = plain(&[&[
    keep("command", ShellCommand),
    f("image", Str),
    f("user", Str),
    f("privileged", Bool),
    f("working_dir", Str),
    f("environment", MappingWithEquals),
    f("per_replica", Bool),
]]);

static PROVIDER: Struct = plain(&[&[f("type", Str), f("options", Kind::MultiOptions)]]);

static EXTENDS: Struct = plain(&[&[f("file", Str), f("service", Str)]]);

static DEVELOP: Struct = plain(&[&[f("watch", List(&Kind::Struct(&TRIGGER)))]]);

static TRIGGER: Struct = Struct {
    special: Special::Trigger,
    parts: &[&[
        keep("path", Str),
        keep("action", Str),
        f("target", Str),
        f("exec", Kind::Struct(&HOOK)),
        f("include", STRINGS),
        f("ignore", STRINGS),
        f("initial_sync", Bool),
    ]],
};

static BLKIO: Struct = plain(&[&[
    f("weight", Kind::Uint(16)),
    f("weight_device", List(&Kind::Struct(&WEIGHT_DEVICE))),
    f("device_read_bps", List(&Kind::Struct(&THROTTLE_DEVICE))),
    f("device_read_iops", List(&Kind::Struct(&THROTTLE_DEVICE))),
    f("device_write_bps", List(&Kind::Struct(&THROTTLE_DEVICE))),
    f("device_write_iops", List(&Kind::Struct(&THROTTLE_DEVICE))),
]]);

/// No JSON tags in Go: printed under the Go field names.
static WEIGHT_DEVICE: Struct = plain(&[&[keep("Path", Str), keep("Weight", Kind::Uint(16))]]);

static THROTTLE_DEVICE: Struct = plain(&[&[keep("Path", Str), keep("Rate", Bytes)]]);

static DEVICE_MAPPING: Struct =
    plain(&[&[f("source", Str), f("target", Str), f("permissions", Str)]]);

static LOGGING: Struct = plain(&[&[f("driver", Str), f("options", Options)]]);

static DEPLOY: Struct = plain(&[&[
    f("mode", Str),
    f("replicas", Ptr(&Int)),
    f("labels", Kind::Labels),
    f("update_config", Ptr(&Kind::Struct(&UPDATE))),
    f("rollback_config", Ptr(&Kind::Struct(&UPDATE))),
    f("resources", Kind::Struct(&RESOURCES)),
    f("restart_policy", Ptr(&Kind::Struct(&RESTART_POLICY))),
    f("placement", Kind::Struct(&PLACEMENT)),
    f("endpoint_mode", Str),
]]);

static UPDATE: Struct = plain(&[&[
    f("parallelism", Ptr(&Kind::Uint(64))),
    f("delay", Duration),
    f("failure_action", Str),
    f("monitor", Duration),
    f("max_failure_ratio", Float32),
    f("order", Str),
]]);

static RESOURCES: Struct = plain(&[&[
    f("limits", Ptr(&Kind::Struct(&RESOURCE))),
    f("reservations", Ptr(&Kind::Struct(&RESOURCE))),
]]);

static RESOURCE: Struct = plain(&[&[
    f("cpus", Kind::NanoCpus),
    f("memory", Bytes),
    f("pids", Int),
    f("devices", List(&Kind::Struct(&DEVICE_REQUEST))),
    f("generic_resources", List(&Kind::Struct(&GENERIC_RESOURCE))),
]]);

static GENERIC_RESOURCE: Struct = plain(&[&[f(
    "discrete_resource_spec",
    Ptr(&Kind::Struct(&DISCRETE_RESOURCE)),
)]]);

static DISCRETE_RESOURCE: Struct = plain(&[&[keep("kind", Str), keep("value", Int)]]);

static RESTART_POLICY: Struct = plain(&[&[
    f("condition", Str),
    f("delay", Ptr(&Duration)),
    f("max_attempts", Ptr(&Kind::Uint(64))),
    f("window", Ptr(&Duration)),
]]);

static PLACEMENT: Struct = plain(&[&[
    f("constraints", STRINGS),
    f("preferences", List(&Kind::Struct(&PLACEMENT_PREFERENCE))),
    f("max_replicas_per_node", Kind::Uint(64)),
]]);

static PLACEMENT_PREFERENCE: Struct = plain(&[&[f("spread", Str)]]);

static DEVICE_REQUEST: Struct = plain(&[&[
    f("capabilities", STRINGS),
    f("driver", Str),
    f("count", Kind::DeviceCount),
    f("device_ids", STRINGS),
    f("options", Mapping),
]]);

static SERVICE_NETWORK: Struct = plain(&[&[
    f("aliases", STRINGS),
    f("driver_opts", Options),
    f("gw_priority", Int),
    f("interface_name", Str),
    f("ipv4_address", Str),
    f("ipv6_address", Str),
    f("link_local_ips", STRINGS),
    f("mac_address", Str),
    f("priority", Int),
]]);

static SERVICE_MODEL: Struct = plain(&[&[f("endpoint_var", Str), f("model_var", Str)]]);

static PORT: Struct = plain(&[&[
    f("name", Str),
    f("mode", Str),
    f("host_ip", Str),
    f("target", Kind::Uint(32)),
    f("published", Str),
    f("protocol", Str),
    f("app_protocol", Str),
]]);

static SERVICE_VOLUME: Struct = plain(&[&[
    f("type", Str),
    f("source", Str),
    f("target", Str),
    f("read_only", Bool),
    f("consistency", Str),
    f("bind", Ptr(&Kind::Struct(&VOLUME_BIND))),
    f("volume", Ptr(&Kind::Struct(&VOLUME_VOLUME))),
    f("tmpfs", Ptr(&Kind::Struct(&VOLUME_TMPFS))),
    f("image", Ptr(&Kind::Struct(&VOLUME_IMAGE))),
]]);

static VOLUME_BIND: Struct = plain(&[&[
    f("selinux", Str),
    f("propagation", Str),
    opt_out("create_host_path"),
    f("recursive", Str),
]]);

static VOLUME_VOLUME: Struct =
    plain(&[&[f("labels", Mapping), f("nocopy", Bool), f("subpath", Str)]]);

static VOLUME_TMPFS: Struct = plain(&[&[f("size", Bytes), f("mode", Kind::Uint(32))]]);

static VOLUME_IMAGE: Struct = plain(&[&[f("subpath", Str)]]);

static FILE_REFERENCE: Struct = plain(&[&[
    f("source", Str),
    f("target", Str),
    f("uid", Str),
    f("gid", Str),
    f("mode", Ptr(&Kind::FileMode)),
]]);

static CREDENTIAL_SPEC: Struct = plain(&[&[f("config", Str), f("file", Str), f("registry", Str)]]);

static ENV_FILE: Struct = plain(&[&[f("path", Str), opt_out("required"), f("format", Str)]]);

static DEPENDENCY: Struct = plain(&[&[
    f("condition", Str),
    f("restart", Bool),
    keep("required", Bool),
]]);

static HEALTHCHECK: Struct = plain(&[&[
    f("test", Kind::HealthCheckTest),
    f("timeout", Ptr(&Duration)),
    f("interval", Ptr(&Duration)),
    f("retries", Ptr(&Kind::Uint(64))),
    f("start_period", Ptr(&Duration)),
    f("start_interval", Ptr(&Duration)),
    f("disable", Bool),
]]);

static BUILD: Struct = plain(&[&[
    f("context", Str),
    f("dockerfile", Str),
    f("dockerfile_inline", Str),
    f("entitlements", STRINGS),
    f("args", MappingWithEquals),
    f("provenance", Str),
    f("sbom", Str),
    f("ssh", Kind::Ssh),
    f("labels", Kind::Labels),
    f("cache_from", StringList),
    f("cache_to", StringList),
    f("no_cache", Bool),
    f("no_cache_filter", StringList),
    f("additional_contexts", Mapping),
    f("pull", Bool),
    f("extra_hosts", Kind::HostsList),
    f("isolation", Str),
    f("network", Str),
    f("target", Str),
    f("secrets", List(&Kind::Struct(&FILE_REFERENCE))),
    f("shm_size", Bytes),
    f("tags", StringList),
    f("ulimits", Map(&Kind::Ulimit)),
    f("platforms", StringList),
    f("privileged", Bool),
]]);

static NETWORK: Struct = plain(&[&[
    f("name", Str),
    f("driver", Str),
    f("driver_opts", Options),
    f("ipam", Kind::Struct(&IPAM)),
    f("external", Bool),
    f("internal", Bool),
    f("attachable", Bool),
    f("labels", Kind::Labels),
    f("enable_ipv4", Ptr(&Bool)),
    f("enable_ipv6", Ptr(&Bool)),
]]);

static IPAM: Struct = plain(&[&[
    f("driver", Str),
    f("config", List(&Ptr(&Kind::Struct(&IPAM_POOL)))),
    f("options", Options),
]]);

static IPAM_POOL: Struct = plain(&[&[
    f("subnet", Str),
    f("gateway", Str),
    f("ip_range", Str),
    f("aux_addresses", Mapping),
]]);

static VOLUME: Struct = plain(&[&[
    f("name", Str),
    f("driver", Str),
    f("driver_opts", Options),
    f("external", Bool),
    f("labels", Kind::Labels),
]]);

static FILE_OBJECT: &[Field] = &[
    f("name", Str),
    f("file", Str),
    f("environment", Str),
    f("content", Str),
    f("external", Bool),
    f("labels", Kind::Labels),
    f("driver", Str),
    f("driver_opts", Map(&Str)),
    f("template_driver", Str),
];

static SECRET: Struct = Struct {
    parts: &[FILE_OBJECT],
    special: Special::Secret,
};

static CONFIG: Struct = Struct {
    parts: &[FILE_OBJECT],
    special: Special::Config,
};

/// The top level's maps: `services`, `networks`, `volumes`, `secrets`, `configs`, `jobs`.
pub(super) static SERVICES: Kind = Map(&Kind::Struct(&SERVICE));
pub(super) static NETWORKS: Kind = Map(&Kind::Struct(&NETWORK));
pub(super) static VOLUMES: Kind = Map(&Kind::Struct(&VOLUME));
pub(super) static SECRETS: Kind = Map(&Kind::Struct(&SECRET));
pub(super) static CONFIGS: Kind = Map(&Kind::Struct(&CONFIG));
pub(super) static JOBS: Kind = Map(&Kind::Struct(&JOB));
