use crate::apiserver::{containers, is_builtin, pod_specs, rejects};
use crate::names::{dns1123_label, dns1123_subdomain, is_placeholder, qualified_name};
use crate::object::{at, items, objects, scalar_text};
use crate::quantity;
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId};
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-resources",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A resource amount the API server rejects: a container resource with an unknown name, a negative or fractional amount or a GPU request without the same limit; a resource claim it cannot find; a LimitRange or ResourceQuota out of order",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks a container's `resources.requests` and `resources.limits` as
`ValidateContainerResourceRequirements` does:
- a resource without a domain is `cpu`, `memory`, `ephemeral-storage` or `hugepages-<size>`;
  others are qualified names with a domain (`nvidia.com/gpu`);
- no amount is negative, and an extended resource's is a whole number;
- a resource that cannot be overcommitted (extended resources such as GPUs, and huge pages) is
  requested exactly as much as its limit, and has a limit;
- huge pages come with a cpu or memory request or limit, in a whole number of pages (`3Mi` of
  `hugepages-2Mi` is refused).

A pod's `resourceClaims` (Dynamic Resource Allocation, `validatePodResourceClaims`): names are
RFC 1123 labels with exactly one of `resourceClaimName` and
`resourceClaimTemplateName` (RFC 1123 subdomains); a container's `resources.claims` name one of
them.

A LimitRange (`ValidateLimitRange`): each limit's type `Container`, `Pod`,
`PersistentVolumeClaim` or a qualified name, and once; its resources a container's for `Container`
and `Pod` limits, known or qualified for the others; a `Pod` limit without `default` or
`defaultRequest`; a `PersistentVolumeClaim` limit with a `min` or `max` storage; per resource,
`min` ≤ `defaultRequest` ≤ `default` ≤ `max`, a `maxLimitRequestRatio` of at least 1 and at
most max/min, and `default` equal to `defaultRequest` for resources that cannot be
overcommitted. A ResourceQuota (`ValidateResourceQuota`): no negative `hard` amount, object
counts in whole numbers, `hard` resources the quota system knows (or qualified names); `scopes`
and the `scopeSelector`'s scope names known, applying to the quota's resources (`BestEffort`
counts pods only; `Terminating`, `NotTerminating`, `NotBestEffort`, `PriorityClass` and
`CrossNamespacePodAffinity` pods, cpu and memory; `VolumeAttributesClass` claims and their
storage, `persistentvolumeclaims` and `requests.storage`), not both `BestEffort` and
`NotBestEffort` (or `Terminating` and `NotTerminating`); a selector's yes-or-no scopes with
`operator: Exists`, `In`/`NotIn` with values, `Exists`/`DoesNotExist` without.

(A request above its limit is `kubernetes/requests-exceed-limits`.) Each message ends with the
API server's own error and the field path it prints.

## Why is this bad?
The API server rejects the workload. `limits: {storage: 1Gi}` is a common slip: a container's
disk is `ephemeral-storage`; `storage` is what a PersistentVolumeClaim requests.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: trainer
spec:
  containers:
  - name: trainer
    image: example/trainer:1.0
    resources:
      requests:
        nvidia.com/gpu: 1
      limits:
        nvidia.com/gpu: 2
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: trainer
spec:
  containers:
  - name: trainer
    image: example/trainer:1.0
    resources:
      limits:
        nvidia.com/gpu: 2
```
"#,
    ),
};

/// Native resources (no domain, or one under `kubernetes.io`) may be overcommitted, except huge
/// pages (`IsOvercommitAllowed`).
fn overcommit_allowed(name: &str) -> bool {
    let native = !name.contains('/') || name.contains("kubernetes.io/");
    native && !name.starts_with("hugepages-")
}

/// Why a container resource name is refused (`validateContainerResourceName`).
fn resource_name(name: &str) -> Option<String> {
    if let Err(why) = qualified_name(name) {
        return Some(format!("the name {why}"));
    }
    if !name.contains('/') {
        let standard = matches!(name, "cpu" | "memory" | "ephemeral-storage")
            || name.starts_with("hugepages-");
        return (!standard).then(|| "must be a standard resource for containers".to_owned());
    }
    None
}

/// Resources the quota system knows (`IsStandardQuotaResourceName`), huge pages among them.
fn standard_quota_resource(name: &str) -> bool {
    matches!(
        name,
        "cpu"
            | "memory"
            | "ephemeral-storage"
            | "requests.cpu"
            | "requests.memory"
            | "requests.storage"
            | "requests.ephemeral-storage"
            | "limits.cpu"
            | "limits.memory"
            | "limits.ephemeral-storage"
            | "pods"
            | "resourcequotas"
            | "services"
            | "replicationcontrollers"
            | "secrets"
            | "persistentvolumeclaims"
            | "configmaps"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || name.starts_with("hugepages-")
        || name.starts_with("requests.hugepages-")
}

/// Why a resource name is refused where any known resource may be named
/// (`validateResourceName`): a qualified name, and without a domain a standard resource
/// (`IsStandardResourceName`: the quota's, and `storage`).
fn any_resource_name(name: &str) -> Option<String> {
    if let Err(why) = qualified_name(name) {
        return Some(format!("the name {why}"));
    }
    (!name.contains('/') && !standard_quota_resource(name) && name != "storage")
        .then(|| "must be a standard resource type or fully qualified".to_owned())
}

/// Why a ResourceQuota's `hard` resource is refused (`ValidateResourceQuotaResourceName`).
fn quota_resource_name(name: &str) -> Option<String> {
    any_resource_name(name).or_else(|| {
        (!name.contains('/') && !standard_quota_resource(name))
            .then(|| "must be a standard resource for quota".to_owned())
    })
}

/// The scopes a ResourceQuota may name (`IsStandardResourceQuotaScope`).
const QUOTA_SCOPES: [&str; 7] = [
    "Terminating",
    "NotTerminating",
    "BestEffort",
    "NotBestEffort",
    "PriorityClass",
    "CrossNamespacePodAffinity",
    "VolumeAttributesClass",
];

/// Whether a scope applies to a standard quota resource (`IsResourceQuotaScopeValidForResource`):
/// the pod scopes (`PriorityClass` and `CrossNamespacePodAffinity` among them) count pods and
/// their cpu and memory, `BestEffort` pods alone, `VolumeAttributesClass` claims and their
/// storage requests; any other scope (one the API server refuses by name) applies to all.
fn scope_allows(scope: &str, resource: &str) -> bool {
    let pods = resource == "pods";
    let compute = matches!(
        resource,
        "cpu" | "memory" | "limits.cpu" | "limits.memory" | "requests.cpu" | "requests.memory"
    );
    match scope {
        "Terminating"
        | "NotTerminating"
        | "NotBestEffort"
        | "PriorityClass"
        | "CrossNamespacePodAffinity" => pods || compute,
        "BestEffort" => pods,
        "VolumeAttributesClass" => {
            matches!(resource, "persistentvolumeclaims" | "requests.storage")
        }
        _ => true,
    }
}

/// Why a scope does not apply to a quota resource, in words (`scope_allows` said it does not).
fn scope_mismatch(scope: &str, resource: &str) -> String {
    if scope == "VolumeAttributesClass" {
        format!(
            "the scope VolumeAttributesClass narrows the quota to claims of a volume attributes class, and {resource} is not among what a quota with that scope counts (persistentvolumeclaims and requests.storage)"
        )
    } else {
        format!(
            "the scope {scope} narrows the quota to some pods, and {resource} is not among the pod resources a quota with that scope counts"
        )
    }
}

/// Go's `%#v` of a `[]core.ResourceQuotaScope`, as `field.Invalid` prints it.
fn go_scopes(scopes: &[&str]) -> String {
    if scopes.is_empty() {
        return "[]core.ResourceQuotaScope(nil)".to_owned();
    }
    let listed: Vec<String> = scopes.iter().map(|s| format!("{s:?}")).collect();
    format!("[]core.ResourceQuotaScope{{{}}}", listed.join(", "))
}

/// Go's `%#v` of a `[]string`.
fn go_strings(values: &[&str]) -> String {
    if values.is_empty() {
        return "[]string(nil)".to_owned();
    }
    let listed: Vec<String> = values.iter().map(|s| format!("{s:?}")).collect();
    format!("[]string{{{}}}", listed.join(", "))
}

struct Resources<'a> {
    doc: &'a Document,
    kind: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Resources<'_> {
    fn push(&mut self, range: TextRange, what: String, path: &str, error: String) {
        self.out.push(Diagnostic::new(
            &RULE,
            format!("{what}: {} (`{path}: {error}`)", rejects(self.kind)),
            range,
        ));
    }

    fn container(&mut self, container: NodeId, path: &str) {
        let doc = self.doc;
        let Some(resources) = at(doc, container, &["resources"]) else {
            return;
        };
        let path = format!("{path}.resources");
        let bag = |key: &str| -> Vec<(&str, NodeId, TextRange)> {
            at(doc, resources, &[key])
                .and_then(|b| doc.entries(b))
                .map(|entries| {
                    entries
                        .iter()
                        .filter_map(|e| Some((doc.key_str(e)?, e.value, doc.range(e.key))))
                        .collect()
                })
                .unwrap_or_default()
        };
        let limits = bag("limits");
        let requests = bag("requests");
        let mut compute = false;
        let mut huge = None;
        for (bag_key, entries) in [("limits", &limits), ("requests", &requests)] {
            for &(name, value, key_range) in entries.iter() {
                if is_placeholder(name) {
                    continue;
                }
                let entry_path = format!("{path}.{bag_key}[{name}]");
                if let Some(error) = resource_name(name) {
                    let hint = match name {
                        "storage" => " (a container's disk is `ephemeral-storage`)",
                        "gpu" | "nvidia-gpu" => {
                            " (a GPU is an extended resource such as `nvidia.com/gpu`)"
                        }
                        _ => "",
                    };
                    self.push(
                        key_range,
                        format!(
                            "`{name}` is not a resource a container can {}{hint}",
                            if bag_key == "limits" {
                                "be limited in"
                            } else {
                                "request"
                            }
                        ),
                        &entry_path,
                        format!("Invalid value: \"{name}\": {error}"),
                    );
                    continue;
                }
                if matches!(name, "cpu" | "memory") {
                    compute = true;
                }
                if name.starts_with("hugepages-") {
                    huge.get_or_insert(key_range);
                }
                let Some(text) = scalar_text(doc, value) else {
                    continue;
                };
                let Some(amount) = quantity::parse(text) else {
                    continue;
                };
                if amount < 0.0 {
                    self.push(
                        doc.range(value),
                        format!(
                            "the {name} {} is negative",
                            if bag_key == "limits" {
                                "limit"
                            } else {
                                "request"
                            }
                        ),
                        &entry_path,
                        format!("Invalid value: \"{text}\": must be greater than or equal to 0"),
                    );
                } else if let Some(page) = name
                    .strip_prefix("hugepages-")
                    .and_then(quantity::parse)
                    .filter(|&p| p > 0.0)
                    && (amount / page).fract() != 0.0
                {
                    self.push(
                        doc.range(value),
                        format!("{text} is not a whole number of {} pages", name.trim_start_matches("hugepages-")),
                        &entry_path,
                        format!("Invalid value: \"{text}\": {text} is not positive integer multiple of {name}"),
                    );
                } else if !overcommit_allowed(name)
                    && !name.starts_with("hugepages-")
                    && amount.fract() != 0.0
                {
                    self.push(
                        doc.range(value),
                        format!("{name} is counted in whole units, not {text}"),
                        &entry_path,
                        format!("Invalid value: \"{text}\": must be an integer"),
                    );
                }
            }
        }
        // By name, so that many resources stay linear.
        let limit_of: HashMap<&str, NodeId> =
            limits.iter().map(|&(name, node, _)| (name, node)).collect();
        for &(name, value, key_range) in &requests {
            if overcommit_allowed(name) || resource_name(name).is_some() || is_placeholder(name) {
                continue;
            }
            let request = scalar_text(doc, value).unwrap_or("");
            match limit_of.get(name) {
                None => self.push(
                    key_range,
                    format!("{name} cannot be overcommitted: a request needs an equal limit (setting only the limit requests as much)"),
                    &format!("{path}.limits"),
                    "Required value: Limit must be set for non overcommitable resources".to_owned(),
                ),
                Some(&limit_node) => {
                    let limit = scalar_text(doc, limit_node).unwrap_or("");
                    let equal = match (quantity::parse(request), quantity::parse(limit)) {
                        (Some(a), Some(b)) => a == b,
                        _ => true,
                    };
                    if !equal {
                        self.push(
                            doc.range(value),
                            format!("{name} cannot be overcommitted: its request ({request}) must equal its limit ({limit})"),
                            &format!("{path}.requests"),
                            format!("Invalid value: \"{request}\": must be equal to {name} limit of {limit}"),
                        );
                    }
                }
            }
        }
        if let Some(range) = huge
            && !compute
        {
            self.push(
                range,
                "huge pages come with a cpu or memory request or limit".to_owned(),
                &path,
                "Forbidden: HugePages require cpu or memory".to_owned(),
            );
        }
    }
}

/// A quantity of a LimitRange or ResourceQuota: its node, text and value.
type Amount<'d> = (NodeId, &'d str, f64);

/// The amounts of the map at `node`, by resource name.
fn amounts<'d>(doc: &'d Document, node: Option<NodeId>) -> Vec<(&'d str, Amount<'d>)> {
    crate::object::string_map(doc, node)
        .into_iter()
        .filter(|&(key, value, ..)| !is_placeholder(key) && !is_placeholder(value))
        .filter_map(|(key, value, _, value_node)| {
            Some((key, (value_node, value, quantity::parse(value)?)))
        })
        .collect()
}

/// The amount of `key` in `map`.
fn find<'d>(map: &HashMap<&str, Amount<'d>>, key: &str) -> Option<Amount<'d>> {
    map.get(key).copied()
}

/// `ValidateLimitRange`: each limit's type once, `default`/`defaultRequest` not for `Pod`, a
/// claim's storage bounded, and per resource min ≤ defaultRequest ≤ default ≤ max, a ratio of
/// at least 1 and at most max/min, and default equal to defaultRequest where overcommitting is
/// not allowed.
fn limit_range(o: &crate::object::Object<'_>, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    let Some(spec) = o.spec() else {
        return;
    };
    let mut checker = Resources {
        doc,
        kind: o.kind,
        out,
    };
    let mut types = std::collections::HashSet::new();
    for (index, &limit) in items(doc, at(doc, spec, &["limits"])).iter().enumerate() {
        let path = format!("spec.limits[{index}]");
        let kind = doc.get_str(limit, "type").unwrap_or("");
        if let Some(entry) = doc.get(limit, "type")
            && !kind.is_empty()
            && !types.insert(kind)
        {
            checker.push(
                doc.range(entry.value),
                format!("the LimitRange already has limits of type {kind}"),
                &format!("{path}.type"),
                format!("Duplicate value: \"{kind}\""),
            );
        }
        if let Some(entry) = doc.get(limit, "type")
            && !kind.is_empty()
            && !is_placeholder(kind)
        {
            let error = match qualified_name(kind) {
                Err(why) => Some(format!("the name {why}")),
                Ok(()) => (!kind.contains('/')
                    && !matches!(kind, "Pod" | "Container" | "PersistentVolumeClaim"))
                .then(|| "must be a standard limit type or fully qualified".to_owned()),
            };
            if let Some(error) = error {
                checker.push(
                    doc.range(entry.value),
                    format!("`{kind}` is not a limit type (`Container`, `Pod` or `PersistentVolumeClaim`)"),
                    &format!("{path}.type"),
                    format!("Invalid value: \"{kind}\": {error}"),
                );
            }
        }
        // `validateLimitRangeResourceName`: a container's resources for `Pod` and `Container`
        // limits, any known resource for the others.
        for key in [
            "max",
            "min",
            "default",
            "defaultRequest",
            "maxLimitRequestRatio",
        ] {
            for (name, _, key_node, _) in crate::object::string_map(doc, at(doc, limit, &[key])) {
                if is_placeholder(name) {
                    continue;
                }
                let container = matches!(kind, "Pod" | "Container");
                let error = if container {
                    resource_name(name)
                } else {
                    any_resource_name(name)
                };
                if let Some(error) = error {
                    let what = if container {
                        format!(
                            "`{name}` is not a resource of containers, which a {kind} limit bounds"
                        )
                    } else {
                        format!(
                            "`{name}` is not a resource Kubernetes knows, nor a qualified extended resource"
                        )
                    };
                    checker.push(
                        doc.range(key_node),
                        what,
                        &format!("{path}.{key}[{name}]"),
                        format!("Invalid value: \"{name}\": {error}"),
                    );
                }
            }
        }
        let map = |key: &str| -> HashMap<&str, Amount<'_>> {
            amounts(doc, at(doc, limit, &[key])).into_iter().collect()
        };
        let (min, max, default, request, ratio) = (
            map("min"),
            map("max"),
            map("default"),
            map("defaultRequest"),
            map("maxLimitRequestRatio"),
        );
        if kind == "Pod" {
            for key in ["default", "defaultRequest"] {
                if let Some(entry) = doc.get(limit, key)
                    && doc.entries(entry.value).is_some_and(|e| !e.is_empty())
                {
                    checker.push(
                        doc.range(entry.key),
                        format!("a Pod limit bounds the sum of its containers' resources, and {key} is set per container"),
                        &format!("{path}.{key}"),
                        "Forbidden: may not be specified when `type` is 'Pod'".to_owned(),
                    );
                }
            }
        }
        if kind == "PersistentVolumeClaim" && !min.iter().chain(&max).any(|(k, _)| *k == "storage")
        {
            checker.push(
                doc.range(limit),
                "a PersistentVolumeClaim limit bounds storage, and sets neither its min nor its max".to_owned(),
                &format!("{path}.limits"),
                "Required value: either minimum or maximum storage value is required, but neither was provided".to_owned(),
            );
        }
        // In the order they are written, each once.
        let mut seen = std::collections::HashSet::new();
        let keys: Vec<&str> = [
            "min",
            "max",
            "default",
            "defaultRequest",
            "maxLimitRequestRatio",
        ]
        .iter()
        .flat_map(|key| amounts(doc, at(doc, limit, &[key])))
        .map(|(k, _)| k)
        .filter(|k| seen.insert(*k))
        .collect();
        for key in keys {
            let (lo, hi, def, req, rat) = (
                find(&min, key),
                find(&max, key),
                find(&default, key),
                find(&request, key),
                find(&ratio, key),
            );
            // (whose node and field path, the value printed, the error)
            let mut errors: Vec<(Amount<'_>, &str, Amount<'_>, String)> = Vec::new();
            if let (Some(lo), Some(hi)) = (lo, hi)
                && lo.2 > hi.2
            {
                errors.push((
                    lo,
                    "min",
                    lo,
                    format!("min value {} is greater than max value {}", lo.1, hi.1),
                ));
            }
            if let Some(req) = req {
                if let Some(lo) = lo.filter(|lo| lo.2 > req.2) {
                    errors.push((
                        req,
                        "defaultRequest",
                        req,
                        format!(
                            "min value {} is greater than default request value {}",
                            lo.1, req.1
                        ),
                    ));
                }
                if let Some(hi) = hi.filter(|hi| req.2 > hi.2) {
                    errors.push((
                        req,
                        "defaultRequest",
                        req,
                        format!(
                            "default request value {} is greater than max value {}",
                            req.1, hi.1
                        ),
                    ));
                }
                if let Some(def) = def.filter(|def| req.2 > def.2) {
                    errors.push((
                        req,
                        "defaultRequest",
                        req,
                        format!(
                            "default request value {} is greater than default limit value {}",
                            req.1, def.1
                        ),
                    ));
                }
            }
            if let Some(def) = def {
                if let Some(lo) = lo.filter(|lo| lo.2 > def.2) {
                    errors.push((
                        def,
                        "default",
                        lo,
                        format!("min value {} is greater than default value {}", lo.1, def.1),
                    ));
                }
                if let Some(hi) = hi.filter(|hi| def.2 > hi.2) {
                    errors.push((
                        def,
                        "default",
                        hi,
                        format!("default value {} is greater than max value {}", def.1, hi.1),
                    ));
                }
            }
            if let Some(rat) = rat {
                if rat.2 < 1.0 {
                    errors.push((
                        rat,
                        "maxLimitRequestRatio",
                        rat,
                        format!("ratio {} is less than 1", rat.1),
                    ));
                }
                if let (Some(lo), Some(hi)) = (lo, hi)
                    && lo.2 > 0.0
                    && rat.2 > hi.2 / lo.2
                {
                    errors.push((
                        rat,
                        "maxLimitRequestRatio",
                        rat,
                        format!(
                            "ratio {} is greater than max/min = {:.6}",
                            rat.1,
                            hi.2 / lo.2
                        ),
                    ));
                }
            }
            if !overcommit_allowed(key)
                && let (Some(def), Some(req)) = (def, req)
                && def.2 != req.2
            {
                errors.push((
                    req,
                    "defaultRequest",
                    req,
                    format!(
                        "default value {} must equal to defaultRequest value {} in {key}",
                        def.1, req.1
                    ),
                ));
            }
            for (at_amount, field, printed, error) in errors {
                checker.push(
                    doc.range(at_amount.0),
                    format!("the {key} bounds of the {kind} limit contradict each other"),
                    &format!("{path}.{field}[{key}]"),
                    format!("Invalid value: \"{}\": {error}", printed.1),
                );
            }
        }
    }
}

/// Resources a quota counts in whole objects (`IsIntegerResourceName`), besides extended ones.
fn integer_resource(name: &str) -> bool {
    matches!(
        name,
        "pods"
            | "services"
            | "replicationcontrollers"
            | "resourcequotas"
            | "secrets"
            | "configmaps"
            | "persistentvolumeclaims"
            | "services.nodeports"
            | "services.loadbalancers"
    ) || name.starts_with("count/")
        || (name.contains('/')
            && !name.contains("kubernetes.io/")
            && !name.starts_with("requests."))
        || name
            .strip_prefix("requests.")
            .is_some_and(|n| n.contains('/') && !n.contains("kubernetes.io/"))
}

/// `ValidateResourceQuotaSpec`'s amounts and scopes: no negative amount, whole numbers of
/// objects, no scope with its opposite.
fn resource_quota(o: &crate::object::Object<'_>, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    let Some(spec) = o.spec() else {
        return;
    };
    let mut checker = Resources {
        doc,
        kind: o.kind,
        out,
    };
    for (key, (node, text, value)) in amounts(doc, at(doc, spec, &["hard"])) {
        let path = format!("spec.hard[{key}]");
        if value < 0.0 {
            checker.push(
                doc.range(node),
                format!("the quota allows {text} of {key}"),
                &path,
                format!("Invalid value: \"{text}\": must be greater than or equal to 0"),
            );
        } else if integer_resource(key) && value.fract() != 0.0 {
            checker.push(
                doc.range(node),
                format!("{key} is counted in whole numbers, not {text}"),
                &path,
                format!("Invalid value: \"{text}\": must be an integer"),
            );
        }
    }
    let hard: Vec<(&str, NodeId)> = crate::object::string_map(doc, at(doc, spec, &["hard"]))
        .into_iter()
        .filter(|&(key, ..)| !is_placeholder(key))
        .map(|(key, _, key_node, _)| (key, key_node))
        .collect();
    for &(name, key_node) in &hard {
        if let Some(error) = quota_resource_name(name) {
            checker.push(
                doc.range(key_node),
                format!("`{name}` is not a resource a quota can count (`requests.cpu`, `pods`, `count/deployments.apps`, or a qualified extended resource)"),
                &format!("spec.hard[{name}]"),
                format!("Invalid value: \"{name}\": {error}"),
            );
        }
    }
    let scopes_entry = doc.get(spec, "scopes");
    let scope_nodes = items(doc, scopes_entry.map(|e| e.value));
    let scopes: Vec<&str> = scope_nodes
        .iter()
        .filter_map(|&s| scalar_text(doc, s))
        .collect();
    if scopes.iter().any(|s| is_placeholder(s)) {
        return;
    }
    for &node in scope_nodes {
        let Some(scope) = scalar_text(doc, node) else {
            continue;
        };
        if !QUOTA_SCOPES.contains(&scope) {
            checker.push(
                doc.range(node),
                format!(
                    "`{scope}` is not a quota scope ({})",
                    QUOTA_SCOPES.join(", ")
                ),
                "spec.scopes",
                format!("Invalid value: {}: unsupported scope", go_scopes(&scopes)),
            );
        }
        for &(name, key_node) in &hard {
            if standard_quota_resource(name) && !scope_allows(scope, name) {
                checker.out.push(
                    Diagnostic::new(
                        &RULE,
                        format!(
                            "{}: {} (`spec.scopes: Invalid value: {}: unsupported scope applied to resource`)",
                            scope_mismatch(scope, name),
                            rejects(checker.kind),
                            go_scopes(&scopes)
                        ),
                        doc.range(key_node),
                    )
                    .with_label(doc.range(node), "the scope"),
                );
            }
        }
    }
    scope_selector(&mut checker, spec, &hard, &scopes);
    for (a, b) in [
        ("BestEffort", "NotBestEffort"),
        ("Terminating", "NotTerminating"),
    ] {
        if scopes.contains(&a)
            && scopes.contains(&b)
            && let Some(entry) = scopes_entry
        {
            let listed: Vec<String> = scopes.iter().map(|s| format!("{s:?}")).collect();
            checker.push(
                doc.range(entry.key),
                format!("the scopes {a} and {b} select no pod together"),
                "spec.scopes",
                format!(
                    "Invalid value: []core.ResourceQuotaScope{{{}}}: conflicting scopes",
                    listed.join(", ")
                ),
            );
        }
    }
}

/// Go's `%#v` of a ResourceQuota's `scopeSelector`, as `field.Invalid` prints it.
fn go_scope_selector(doc: &Document, expressions: &[NodeId]) -> String {
    let requirements: Vec<String> = expressions
        .iter()
        .map(|&e| {
            let field = |key: &str| doc.get_str(e, key).unwrap_or("");
            let values: Vec<&str> = items(doc, at(doc, e, &["values"]))
                .iter()
                .filter_map(|&v| scalar_text(doc, v))
                .collect();
            format!(
                "core.ScopedResourceSelectorRequirement{{ScopeName:{:?}, Operator:{:?}, Values:{}}}",
                field("scopeName"),
                field("operator"),
                go_strings(&values)
            )
        })
        .collect();
    format!(
        "core.ScopeSelector{{MatchExpressions:[]core.ScopedResourceSelectorRequirement{{{}}}}}",
        requirements.join(", ")
    )
}

/// `validateScopedResourceSelectorRequirement`: each expression's scope a quota scope that
/// applies to the quota's resources, `Exists` for the scopes that are yes-or-no, values exactly
/// with `In` and `NotIn`, and no scope with its opposite.
fn scope_selector(
    checker: &mut Resources<'_>,
    spec: NodeId,
    hard: &[(&str, NodeId)],
    scopes: &[&str],
) {
    let doc = checker.doc;
    let expressions = items(doc, at(doc, spec, &["scopeSelector", "matchExpressions"]));
    let path = "spec.scopeSelector.matchExpressions";
    let mut named: Vec<&str> = Vec::new();
    for &expression in expressions {
        let scope_entry = doc.get(expression, "scopeName");
        let scope = scope_entry
            .and_then(|e| scalar_text(doc, e.value))
            .unwrap_or("");
        let operator_entry = doc.get(expression, "operator");
        let operator = operator_entry
            .and_then(|e| scalar_text(doc, e.value))
            .unwrap_or("");
        if is_placeholder(scope) || is_placeholder(operator) {
            return;
        }
        let values_entry = doc.get(expression, "values");
        let values: Vec<&str> = items(doc, values_entry.map(|e| e.value))
            .iter()
            .filter_map(|&v| scalar_text(doc, v))
            .collect();
        if let Some(entry) = scope_entry {
            if !QUOTA_SCOPES.contains(&scope) {
                checker.push(
                    doc.range(entry.value),
                    format!(
                        "`{scope}` is not a quota scope ({})",
                        QUOTA_SCOPES.join(", ")
                    ),
                    &format!("{path}.scopeName"),
                    format!("Invalid value: \"{scope}\": unsupported scope"),
                );
            }
            for &(name, key_node) in hard {
                if standard_quota_resource(name) && !scope_allows(scope, name) {
                    checker.out.push(
                        Diagnostic::new(
                            &RULE,
                            format!(
                                "{}: {} (`{path}: Invalid value: {}: unsupported scope applied to resource`)",
                                scope_mismatch(scope, name),
                                rejects(checker.kind),
                                go_scope_selector(doc, expressions)
                            ),
                            doc.range(key_node),
                        )
                        .with_label(doc.range(entry.value), "the scope"),
                    );
                }
            }
        }
        let yes_or_no = matches!(
            scope,
            "BestEffort"
                | "NotBestEffort"
                | "Terminating"
                | "NotTerminating"
                | "CrossNamespacePodAffinity"
        );
        if yes_or_no
            && operator != "Exists"
            && let Some(entry) = operator_entry
        {
            checker.push(
                doc.range(entry.value),
                format!("a pod is {scope} or not, so the expression takes `operator: Exists`, not {operator}"),
                &format!("{path}.operator"),
                format!("Invalid value: \"{operator}\": must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity"),
            );
        }
        match operator {
            "In" | "NotIn" => {
                if values.is_empty()
                    && let Some(entry) = operator_entry
                {
                    checker.push(
                        doc.range(entry.value),
                        format!("`operator: {operator}` compares the scope with `values`, and there are none"),
                        &format!("{path}.values"),
                        "Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector".to_owned(),
                    );
                }
            }
            "Exists" | "DoesNotExist" => {
                if !values.is_empty()
                    && let Some(entry) = values_entry
                {
                    checker.push(
                        doc.range(entry.key),
                        format!("`operator: {operator}` takes no `values`"),
                        &format!("{path}.values"),
                        format!("Invalid value: {}: must be no value when `operator` is 'Exist' or 'DoesNotExist' for scope selector", go_strings(&values)),
                    );
                }
            }
            _ => {
                if let Some(entry) = operator_entry {
                    checker.push(
                        doc.range(entry.value),
                        format!("`{operator}` is not a scope selector operator (In, NotIn, Exists, DoesNotExist)"),
                        &format!("{path}.operator"),
                        format!("Invalid value: \"{operator}\": not a valid selector operator"),
                    );
                }
            }
        }
        named.push(scope);
    }
    for (a, b) in [
        ("BestEffort", "NotBestEffort"),
        ("Terminating", "NotTerminating"),
    ] {
        if named.contains(&a)
            && named.contains(&b)
            && let Some(entry) = doc.get(spec, "scopeSelector")
        {
            checker.push(
                doc.range(entry.key),
                format!("the scopes {a} and {b} select no pod together"),
                path,
                format!("Invalid value: {}: conflicting scopes", go_scopes(scopes)),
            );
        }
    }
}

/// `validatePodResourceClaims` and each container's `resources.claims`
/// (`validateResourceClaimNames`): the pod's claims are DNS labels, once each, with one of
/// `resourceClaimName` (a subdomain) or `resourceClaimTemplateName` (a subdomain, and the
/// claim made from it, `<pod>-<claim>`, one too); a container's claim names one of them.
fn resource_claims(checker: &mut Resources<'_>, pod_name: Option<&str>, spec: NodeId, path: &str) {
    let doc = checker.doc;
    let mut names: std::collections::BTreeSet<&str> = std::collections::BTreeSet::new();
    for (index, &claim) in items(doc, at(doc, spec, &["resourceClaims"]))
        .iter()
        .enumerate()
    {
        let claim_path = format!("{path}.resourceClaims[{index}]");
        let reference = |key: &str| {
            doc.get(claim, key)
                .and_then(|e| Some((e.value, scalar_text(doc, e.value)?)))
        };
        let (by_name, by_template) = (
            reference("resourceClaimName"),
            reference("resourceClaimTemplateName"),
        );
        if let Some(entry) = doc.get(claim, "name")
            && let Some(name) = scalar_text(doc, entry.value)
            && !name.is_empty()
            && !is_placeholder(name)
        {
            let name_path = format!("{claim_path}.name");
            // A name used twice: `duplicate-list-entry` (the schema's list-map key).
            let first = !names.contains(name);
            if first && let Err(why) = dns1123_label(name) {
                checker.push(
                    doc.range(entry.value),
                    format!("the resource claim name `{name}` {why} (it is an RFC 1123 label)"),
                    &name_path,
                    format!("Invalid value: \"{name}\""),
                );
            } else if first
                && by_template.is_some()
                && let Some(pod) = pod_name.filter(|p| !is_placeholder(p))
                && let Err(why) = dns1123_subdomain(&format!("{pod}-{name}"))
            {
                checker.push(
                    doc.range(entry.value),
                    format!("the claim made from the template, `{pod}-{name}`, {why}"),
                    &name_path,
                    format!("Invalid value: \"{pod}-{name}\": final ResourceClaim name: {why}"),
                );
            }
            names.insert(name);
        }
        match (by_name, by_template) {
            (Some(_), Some((node, _))) => checker.push(
                doc.range(node),
                "a pod's resource claim is an existing claim or one made from a template, not both".to_owned(),
                &claim_path,
                "Invalid value: \"object\": at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified".to_owned(),
            ),
            (None, None) => checker.push(
                doc.range(claim),
                "a pod's resource claim names an existing claim (`resourceClaimName`) or a template (`resourceClaimTemplateName`)".to_owned(),
                &claim_path,
                "Invalid value: \"object\": must specify one of: `resourceClaimName`, `resourceClaimTemplateName`".to_owned(),
            ),
            _ => {}
        }
        for (key, reference) in [
            ("resourceClaimName", by_name),
            ("resourceClaimTemplateName", by_template),
        ] {
            if let Some((node, text)) = reference
                && !is_placeholder(text)
                && let Err(why) = dns1123_subdomain(text)
            {
                checker.push(
                    doc.range(node),
                    format!("`{text}` {why} (an object's name is an RFC 1123 subdomain)"),
                    &format!("{claim_path}.{key}"),
                    format!("Invalid value: \"{text}\""),
                );
            }
        }
    }
    // Sorted, as Go's `sets.List` gives them.
    let sorted: Vec<&str> = names.iter().copied().collect();
    let known = if sorted.is_empty() {
        "must be one of the names in pod.spec.resourceClaims which is empty".to_owned()
    } else {
        format!(
            "must be one of the names in pod.spec.resourceClaims: {}",
            sorted.join(", ")
        )
    };
    for c in containers(doc, spec) {
        // A claim used twice: `duplicate-list-entry` (the schema's list-map key).
        for (index, &claim) in items(doc, at(doc, c.node, &["resources", "claims"]))
            .iter()
            .enumerate()
        {
            let Some(entry) = doc.get(claim, "name") else {
                continue;
            };
            let Some(name) = scalar_text(doc, entry.value).filter(|n| !n.is_empty()) else {
                continue;
            };
            if is_placeholder(name) {
                continue;
            }
            let claim_path = format!("{}.resources.claims[{index}]", c.path(path));
            if !names.contains(name) {
                checker.push(
                    doc.range(entry.value),
                    format!("the pod has no resource claim `{name}` (`spec.resourceClaims`)"),
                    &claim_path,
                    format!("Not found: \"{name}\": {known}"),
                );
            }
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if !is_builtin(&o) {
            continue;
        }
        match o.kind {
            "LimitRange" => limit_range(&o, out),
            "ResourceQuota" => resource_quota(&o, out),
            _ => {}
        }
    }
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let mut resources = Resources {
            doc,
            kind: pod.object.kind,
            out: &mut *out,
        };
        for c in containers(doc, pod.template.spec) {
            resources.container(c.node, &c.path(pod.path));
        }
        // A Pod's claims made from templates are named after it; a template's pods are not
        // named yet.
        let pod_name = (pod.object.kind == "Pod")
            .then(|| pod.object.name())
            .flatten();
        resource_claims(&mut resources, pod_name, pod.template.spec, pod.path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert!(resource_name("cpu").is_none());
        assert!(resource_name("hugepages-2Mi").is_none());
        assert!(resource_name("nvidia.com/gpu").is_none());
        assert!(resource_name("storage").is_some());
        assert!(resource_name("gpu").is_some());
        assert!(overcommit_allowed("memory"));
        assert!(!overcommit_allowed("nvidia.com/gpu"));
        assert!(!overcommit_allowed("hugepages-1Gi"));
    }

    #[test]
    fn scopes_and_the_resources_they_count() {
        for resource in ["pods", "requests.cpu", "limits.memory"] {
            assert!(scope_allows("PriorityClass", resource), "{resource}");
        }
        assert!(!scope_allows(
            "CrossNamespacePodAffinity",
            "requests.storage"
        ));
        assert!(scope_allows(
            "VolumeAttributesClass",
            "persistentvolumeclaims"
        ));
        assert!(scope_allows("VolumeAttributesClass", "requests.storage"));
        for resource in ["pods", "cpu", "storage", "services", "hugepages-2Mi"] {
            assert!(
                !scope_allows("VolumeAttributesClass", resource),
                "{resource}"
            );
        }
        assert!(scope_allows("Ephemeral", "services"));
    }
}
