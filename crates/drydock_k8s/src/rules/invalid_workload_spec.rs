use crate::apiserver::is_builtin;
use crate::names::{dns1123_label, dns1123_subdomain, is_placeholder, qualified_name};
use crate::object::{Object, at, boolean, int, items, objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarKind};
use std::collections::HashSet;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-workload-spec",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob setting the API server rejects: a negative count, a contradictory rollout strategy, an empty selector, a Job failure or success policy out of its rules",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks the workload controllers' own settings as `pkg/apis/apps/validation` and
`pkg/apis/batch/validation` do:
- counts and durations are not negative: `replicas`, `minReadySeconds`, `revisionHistoryLimit`,
  `progressDeadlineSeconds` (which must also exceed `minReadySeconds`), a StatefulSet's
  `ordinals.start` and rolling `partition`, a Job's `parallelism`, `completions`,
  `activeDeadlineSeconds`, `backoffLimit` and `ttlSecondsAfterFinished`, a CronJob's
  `startingDeadlineSeconds` and history limits;
- a Deployment's `strategy` and a DaemonSet's `updateStrategy`: no `rollingUpdate` with
  `type: Recreate`, `maxUnavailable` and `maxSurge` not both 0 (a DaemonSet's unset `maxSurge` is
  0), each a non-negative number or a percentage (`25%`), `maxUnavailable` at most 100%; a StatefulSet's `rollingUpdate` only with the `RollingUpdate` update strategy;
- a Deployment's, ReplicaSet's, StatefulSet's or DaemonSet's `selector` selects something (an
  empty one would adopt every pod of the namespace);
- a long-running controller's pod template sets no `activeDeadlineSeconds`, no pod template (and
  no Pod being created) sets `ephemeralContainers`, and a CronJob's `jobTemplate` sets no `selector` (it is generated).
- a Job's per-index failures and policies: `backoffLimitPerIndex` and `maxFailedIndexes` only in an
  Indexed Job (and `maxFailedIndexes` only with `backoffLimitPerIndex`, at most `completions`);
  an Indexed Job's limits (`parallelism` and `maxFailedIndexes` at most 100,000, at most 10,000
  above 100,000 completions with a per-index limit, which then needs `maxFailedIndexes`); the
  last pod's hostname (`<name>-<completions - 1>`) a DNS label;
- a Job's `podFailurePolicy`: at most 20 rules, each with `onExitCodes` or `onPodConditions`
  (not both); exit codes in increasing order, not 0 with `In`, naming a container
  the pod has; condition types qualified names; `FailIndex` only with `backoffLimitPerIndex`;
  the pods' `restartPolicy: Never`; `podReplacementPolicy: Failed`;
- a Job's `successPolicy`: only in an Indexed Job, 1 to 20 rules, each with `succeededIndexes`
  (increasing intervals below `completions`) or `succeededCount` (at most `completions` and the
  indexes named);
- a Job's own `selector` without `manualSelector: true` selects the labels the API server gives
  the Job's pods (`controller-uid`, `job-name`), which a selector of the user's labels never does.

Each message ends with the API server's own error and the field path it prints.

## Why is this bad?
The API server rejects the object. `maxUnavailable: 0` with `maxSurge: 0` would be a rollout
that can neither stop an old pod nor start a new one.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 0
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
```

## Valid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  strategy:
    rollingUpdate:
      maxUnavailable: 0
      maxSurge: 1
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
```
"#,
    ),
};

struct Spec<'a> {
    doc: &'a Document,
    kind: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Spec<'_> {
    fn push(&mut self, range: TextRange, what: String, path: &str, error: String) {
        self.out.push(Diagnostic::new(
            &RULE,
            format!(
                "{what}: the API server rejects the {} (`{path}: {error}`)",
                self.kind
            ),
            range,
        ));
    }

    /// `ValidateNonnegativeField` on each of `fields` under `node`.
    fn non_negative(&mut self, node: NodeId, path: &str, fields: &[&str]) {
        let doc = self.doc;
        for field in fields {
            let keys: Vec<&str> = field.split('.').collect();
            let Some(value_node) = at(doc, node, &keys) else {
                continue;
            };
            if let Some(value) = int(doc, value_node).filter(|&n| n < 0) {
                self.push(
                    doc.range(value_node),
                    format!("{field} is {value}"),
                    &format!("{path}.{field}"),
                    format!("Invalid value: {value}: must be greater than or equal to 0"),
                );
            }
        }
    }

    /// A Deployment's `strategy`.
    /// A Deployment's `strategy` or a DaemonSet's `updateStrategy` (`key`); `defaults` says
    /// whether an unset `maxUnavailable` and `maxSurge` count as 0 (a DaemonSet's `maxSurge`).
    fn strategy(&mut self, spec: NodeId, key: &str, defaults: [bool; 2]) {
        let doc = self.doc;
        let Some(strategy) = at(doc, spec, &[key]) else {
            return;
        };
        let base = format!("spec.{key}.rollingUpdate");
        let kind = doc.get_str(strategy, "type").unwrap_or("RollingUpdate");
        let Some(rolling) = doc.get(strategy, "rollingUpdate") else {
            return;
        };
        if doc.entries(rolling.value).is_none() {
            return;
        }
        if kind == "Recreate" {
            self.push(
                doc.range(rolling.key),
                "a Recreate rollout stops every pod before starting new ones: it takes no rollingUpdate".to_owned(),
                &base,
                "Forbidden: may not be specified when strategy `type` is 'Recreate'".to_owned(),
            );
            return;
        }
        let mut zero = defaults;
        for (index, key) in ["maxUnavailable", "maxSurge"].iter().enumerate() {
            let Some(entry) = doc.get(rolling.value, key) else {
                continue;
            };
            if let Some(z) = zero.get_mut(index) {
                *z = false;
            }
            let path = format!("{base}.{key}");
            let Some(scalar) = doc.scalar(entry.value) else {
                continue;
            };
            let range = doc.range(entry.value);
            match scalar.kind {
                ScalarKind::Int(n) if n < 0 => self.push(
                    range,
                    format!("{key} is {n}"),
                    &path,
                    format!("Invalid value: {n}: must be greater than or equal to 0"),
                ),
                ScalarKind::Int(n) => {
                    if let Some(z) = zero.get_mut(index) {
                        *z = n == 0;
                    }
                }
                ScalarKind::String => {
                    let text = scalar.value.as_str();
                    let percent = text
                        .strip_suffix('%')
                        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                        .and_then(|d| d.parse::<u64>().ok());
                    match percent {
                        None if !is_placeholder(text) => self.push(
                            range,
                            format!("`{text}` is neither a number nor a percentage such as `25%`"),
                            &path,
                            format!(
                                "Invalid value: \"{text}\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"
                            ),
                        ),
                        None => {}
                        Some(p) => {
                            if let Some(z) = zero.get_mut(index) {
                                *z = p == 0;
                            }
                            if *key == "maxUnavailable" && p > 100 {
                                self.push(
                                    range,
                                    format!("{key} is {text}, more than all the pods"),
                                    &path,
                                    format!("Invalid value: \"{text}\": must not be greater than 100%"),
                                );
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if zero == [true, true]
            && let Some(entry) = doc.get(rolling.value, "maxUnavailable")
        {
            let written = doc.scalar(entry.value).map_or("0", |s| s.value.as_str());
            let what = if doc.get(rolling.value, "maxSurge").is_some() {
                "with maxUnavailable and maxSurge both 0, a rollout can neither stop an old pod nor start a new one"
            } else {
                "with maxUnavailable 0 and maxSurge unset (0 for a DaemonSet), a rollout can neither stop an old pod nor start a new one"
            };
            self.push(
                doc.range(entry.value),
                what.to_owned(),
                &format!("{base}.maxUnavailable"),
                format!("Invalid value: {written}: may not be 0 when `maxSurge` is 0"),
            );
        }
    }

    /// An empty `selector` of an apps controller.
    fn selector(&mut self, o: &Object<'_>, spec: NodeId) {
        let doc = self.doc;
        // The beta APIs (extensions/v1beta1, apps/v1beta1) default an empty selector to the
        // template's labels.
        if !matches!(o.api_version, "apps/v1" | "apps/v1beta2") {
            return;
        }
        let Some(entry) = doc.get(spec, "selector") else {
            return;
        };
        let Some(entries) = doc.entries(entry.value) else {
            return;
        };
        let filled = |key: &str| {
            entries.iter().any(|e| {
                doc.key_str(e) == Some(key)
                    && (doc.entries(e.value).is_some_and(|m| !m.is_empty())
                        || doc.items(e.value).is_some_and(|i| !i.is_empty()))
            })
        };
        if !filled("matchLabels") && !filled("matchExpressions") {
            self.push(
                doc.range(entry.key),
                format!(
                    "an empty selector would select every pod of the namespace, not just the {}'s",
                    o.kind
                ),
                "spec.selector",
                format!(
                    "Invalid value: {{}}: empty selector is invalid for {}",
                    o.kind.to_ascii_lowercase()
                ),
            );
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if !is_builtin(&o) {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec().filter(|&s| doc.entries(s).is_some()) else {
            continue;
        };
        let mut checker = Spec {
            doc,
            kind: o.kind,
            out: &mut *out,
        };
        match o.kind {
            "Deployment" => {
                checker.non_negative(
                    spec,
                    "spec",
                    &[
                        "replicas",
                        "minReadySeconds",
                        "revisionHistoryLimit",
                        "progressDeadlineSeconds",
                    ],
                );
                let min_ready = at(doc, spec, &["minReadySeconds"])
                    .and_then(|n| int(doc, n))
                    .unwrap_or(0);
                if let Some(node) = at(doc, spec, &["progressDeadlineSeconds"])
                    && let Some(deadline) = int(doc, node).filter(|&d| d >= 0 && d <= min_ready)
                {
                    checker.push(
                        doc.range(node),
                        format!(
                            "the rollout is declared failed after {deadline} seconds, before a pod can even count as available ({min_ready})"
                        ),
                        "spec.progressDeadlineSeconds",
                        format!("Invalid value: {deadline}: must be greater than minReadySeconds"),
                    );
                }
                checker.strategy(spec, "strategy", [false, false]);
                checker.selector(&o, spec);
            }
            "ReplicaSet" | "ReplicationController" => {
                checker.non_negative(spec, "spec", &["replicas", "minReadySeconds"]);
                if o.kind == "ReplicaSet" {
                    checker.selector(&o, spec);
                }
            }
            "DaemonSet" => {
                checker.non_negative(spec, "spec", &["minReadySeconds", "revisionHistoryLimit"]);
                checker.selector(&o, spec);
                // A DaemonSet's maxSurge defaults to 0 (its maxUnavailable to 1).
                checker.strategy(spec, "updateStrategy", [false, true]);
            }
            "StatefulSet" => {
                checker.non_negative(
                    spec,
                    "spec",
                    &[
                        "replicas",
                        "minReadySeconds",
                        "ordinals.start",
                        "updateStrategy.rollingUpdate.partition",
                    ],
                );
                checker.selector(&o, spec);
                if let Some(strategy) = at(doc, spec, &["updateStrategy"])
                    && doc.get_str(strategy, "type") == Some("OnDelete")
                    && let Some(rolling) = doc.get(strategy, "rollingUpdate")
                    && doc.entries(rolling.value).is_some()
                {
                    checker.push(
                        doc.range(rolling.key),
                        "an OnDelete StatefulSet replaces pods only when they are deleted: it takes no rollingUpdate".to_owned(),
                        "spec.updateStrategy.rollingUpdate",
                        "Invalid value: \"object\": only allowed for updateStrategy 'RollingUpdate'".to_owned(),
                    );
                }
            }
            "Job" => {
                job(&mut checker, spec, "spec");
                generated_selector(&mut checker, &o, spec);
                indexed_hostname(&mut checker, &o, spec);
            }
            "CronJob" => {
                checker.non_negative(
                    spec,
                    "spec",
                    &[
                        "startingDeadlineSeconds",
                        "successfulJobsHistoryLimit",
                        "failedJobsHistoryLimit",
                    ],
                );
                if let Some(job_spec) = at(doc, spec, &["jobTemplate", "spec"]) {
                    job(&mut checker, job_spec, "spec.jobTemplate.spec");
                    if let Some(selector) = doc.get(job_spec, "selector") {
                        checker.push(
                            doc.range(selector.key),
                            "a CronJob's Jobs get a generated selector".to_owned(),
                            "spec.jobTemplate.spec.selector",
                            "Invalid value: \"object\": `selector` will be auto-generated"
                                .to_owned(),
                        );
                    }
                    if let Some(manual) = doc.get(job_spec, "manualSelector")
                        && boolean(doc, manual.value) == Some(true)
                    {
                        checker.push(
                            doc.range(manual.value),
                            "a CronJob's Jobs get a generated selector".to_owned(),
                            "spec.jobTemplate.spec.manualSelector",
                            "Unsupported value: true: supported values: \"nil\", \"false\""
                                .to_owned(),
                        );
                    }
                }
            }
            _ => {}
        }
        if o.kind == "Pod"
            && let Some(entry) = doc.get(spec, "ephemeralContainers")
            && !items(doc, Some(entry.value)).is_empty()
        {
            checker.push(
                doc.range(entry.key),
                "ephemeral containers are added to a running pod for debugging (`kubectl debug`), not created with it".to_owned(),
                "spec.ephemeralContainers",
                "Forbidden: cannot be set on create".to_owned(),
            );
        }
        if let Some(template) = o.pod_template().filter(|_| o.kind != "Pod") {
            let path = crate::apiserver::pod_spec_path(o.kind);
            if let Some(entry) = doc.get(template.spec, "ephemeralContainers") {
                checker.push(
                    doc.range(entry.key),
                    "ephemeral containers are added to running pods for debugging, never templated"
                        .to_owned(),
                    &format!("{path}.ephemeralContainers"),
                    "Forbidden: ephemeral containers not allowed in pod template".to_owned(),
                );
            }
            let long_running = match o.kind {
                "Deployment" | "ReplicaSet" => {
                    Some("activeDeadlineSeconds in ReplicaSet is not Supported")
                }
                "ReplicationController" => {
                    Some("activeDeadlineSeconds in ReplicationController is not Supported")
                }
                "StatefulSet" => Some("activeDeadlineSeconds in StatefulSet is not Supported"),
                "DaemonSet" => Some("activeDeadlineSeconds must be nil for DaemonSet"),
                _ => None,
            };
            if let Some(error) = long_running
                && let Some(entry) = doc.get(template.spec, "activeDeadlineSeconds")
                && scalar_text(doc, entry.value).is_some()
            {
                let verb = if o.kind == "DaemonSet" {
                    "Invalid value"
                } else {
                    "Forbidden"
                };
                checker.push(
                    doc.range(entry.key),
                    format!(
                        "activeDeadlineSeconds would kill the {}'s pods, which are meant to run until replaced",
                        o.kind
                    ),
                    &format!("{path}.activeDeadlineSeconds"),
                    format!("{verb}: {error}"),
                );
            }
        }
    }
}

/// The limits of an Indexed Job (`validateJobSpec`): the API server caps what the Job's status
/// must list, one entry per index.
const MAX_INDEXED_PARALLELISM: i64 = 100_000;
const MAX_FAILED_INDEXES: i64 = 100_000;
const COMPLETIONS_SOFT_LIMIT: i64 = 100_000;
const HIGH_COMPLETIONS_LIMIT: i64 = 10_000;
const MAX_POLICY_RULES: usize = 20;
const MAX_EXIT_CODES: usize = 255;
const MAX_CONDITION_PATTERNS: usize = 20;
const MAX_SUCCEEDED_INDEXES_LENGTH: usize = 64 * 1024;

/// A Job's spec, or a CronJob's `jobTemplate.spec` (`validateJobSpec`).
fn job(checker: &mut Spec<'_>, spec: NodeId, path: &str) {
    checker.non_negative(
        spec,
        path,
        &[
            "parallelism",
            "completions",
            "activeDeadlineSeconds",
            "backoffLimit",
            "ttlSecondsAfterFinished",
            "backoffLimitPerIndex",
            "maxFailedIndexes",
        ],
    );
    let doc = checker.doc;
    let number = |key: &str| {
        doc.get(spec, key)
            .and_then(|e| Some((e, int(doc, e.value)?)))
    };
    let set = |key: &str| {
        doc.get(spec, key).filter(|e| {
            doc.scalar(e.value)
                .is_none_or(|s| s.kind != ScalarKind::Null)
        })
    };
    let completions = number("completions");
    let parallelism = number("parallelism");
    let per_index = set("backoffLimitPerIndex");
    let max_failed = number("maxFailedIndexes");
    if let Some(entry) = set("maxFailedIndexes")
        && per_index.is_none()
    {
        checker.push(
            doc.range(entry.key),
            "maxFailedIndexes counts the indexes that used up their backoffLimitPerIndex, and there is no backoffLimitPerIndex".to_owned(),
            &format!("{path}.backoffLimitPerIndex"),
            "Required value: when maxFailedIndexes is specified".to_owned(),
        );
    }
    let mode = doc.get_str(spec, "completionMode").unwrap_or("NonIndexed");
    let indexed = mode == "Indexed";
    if indexed {
        if let Some((entry, p)) = parallelism.filter(|&(_, p)| p > MAX_INDEXED_PARALLELISM) {
            checker.push(
                doc.range(entry.value),
                format!("an Indexed Job runs at most {MAX_INDEXED_PARALLELISM} pods at once, not {p}"),
                &format!("{path}.parallelism"),
                format!("Invalid value: {p}: must be less than or equal to {MAX_INDEXED_PARALLELISM} when completion mode is Indexed"),
            );
        }
        if let Some((entry, m)) = max_failed {
            if let Some((_, c)) = completions.filter(|&(_, c)| m > c) {
                checker.push(
                    doc.range(entry.value),
                    format!("maxFailedIndexes is {m}, more than the Job's {c} indexes"),
                    &format!("{path}.maxFailedIndexes"),
                    format!("Invalid value: {m}: must be less than or equal to completions"),
                );
            }
            if m > MAX_FAILED_INDEXES {
                checker.push(
                    doc.range(entry.value),
                    format!("maxFailedIndexes is {m}, more than the {MAX_FAILED_INDEXES} the Job's status can list"),
                    &format!("{path}.maxFailedIndexes"),
                    format!("Invalid value: {m}: must be less than or equal to {MAX_FAILED_INDEXES}"),
                );
            }
        }
        if let Some((completions_entry, c)) = completions
            && c > COMPLETIONS_SOFT_LIMIT
            && per_index.is_some()
        {
            let high = format!(
                "when completions are above {COMPLETIONS_SOFT_LIMIT} and used with backoff limit per index"
            );
            match max_failed {
                None if set("maxFailedIndexes").is_none() => checker.push(
                    doc.range(completions_entry.value),
                    format!("a Job of {c} indexes with backoffLimitPerIndex must cap its failed indexes with maxFailedIndexes"),
                    &format!("{path}.maxFailedIndexes"),
                    format!("Required value: must be specified when completions is above {COMPLETIONS_SOFT_LIMIT}"),
                ),
                Some((entry, m)) if m > HIGH_COMPLETIONS_LIMIT => checker.push(
                    doc.range(entry.value),
                    format!("with {c} completions and backoffLimitPerIndex, maxFailedIndexes is at most {HIGH_COMPLETIONS_LIMIT}"),
                    &format!("{path}.maxFailedIndexes"),
                    format!("Invalid value: {m}: must be less than or equal to {HIGH_COMPLETIONS_LIMIT} {high}"),
                ),
                _ => {}
            }
            if let Some((entry, p)) = parallelism.filter(|&(_, p)| p > HIGH_COMPLETIONS_LIMIT) {
                checker.push(
                    doc.range(entry.value),
                    format!("with {c} completions and backoffLimitPerIndex, at most {HIGH_COMPLETIONS_LIMIT} pods run at once"),
                    &format!("{path}.parallelism"),
                    format!("Invalid value: {p}: must be less than or equal to {HIGH_COMPLETIONS_LIMIT} {high}"),
                );
            }
        }
    } else if matches!(mode, "NonIndexed") {
        for key in ["backoffLimitPerIndex", "maxFailedIndexes"] {
            if let Some(entry) = set(key) {
                let value = scalar_text(doc, entry.value).unwrap_or("0");
                checker.push(
                    doc.range(entry.key),
                    format!("{key} counts failures per index, and only an Indexed Job (`completionMode: Indexed`) has indexes"),
                    &format!("{path}.{key}"),
                    format!("Invalid value: {value}: requires indexed completion mode"),
                );
            }
        }
    }
    let failure_policy = set("podFailurePolicy");
    if let Some(policy) = failure_policy {
        pod_failure_policy(checker, spec, policy.value, per_index.is_some(), path);
        if let Some(entry) = at(doc, spec, &["template", "spec"])
            .and_then(|s| doc.get(s, "restartPolicy"))
            .filter(|e| scalar_text(doc, e.value) == Some("OnFailure"))
        {
            checker.push(
                doc.range(entry.value),
                "with a podFailurePolicy the Job judges every failed pod, so the kubelet must not restart its containers in place (`restartPolicy: Never`)".to_owned(),
                &format!("{path}.template.spec.restartPolicy"),
                "Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified".to_owned(),
            );
        }
    }
    if let Some(entry) = set("podReplacementPolicy")
        && failure_policy.is_some()
        && let Some(value) = scalar_text(doc, entry.value)
        && value != "Failed"
        && !is_placeholder(value)
    {
        checker.push(
            doc.range(entry.value),
            "with a podFailurePolicy a pod is replaced only once it has failed (`podReplacementPolicy: Failed`)".to_owned(),
            &format!("{path}.podReplacementPolicy"),
            format!("Unsupported value: \"{value}\": supported values: \"Failed\""),
        );
    }
    if let Some(policy) = set("successPolicy") {
        if indexed {
            success_policy(checker, *policy, completions.map(|(_, c)| c), path);
        } else if matches!(mode, "NonIndexed") {
            checker.push(
                doc.range(policy.key),
                "a successPolicy names indexes or counts succeeded ones, and only an Indexed Job (`completionMode: Indexed`) has indexes".to_owned(),
                &format!("{path}.successPolicy"),
                "Invalid value: \"object\": requires indexed completion mode".to_owned(),
            );
        }
    }
}

/// `validatePodFailurePolicy` and its rules.
fn pod_failure_policy(
    checker: &mut Spec<'_>,
    spec: NodeId,
    policy: NodeId,
    per_index: bool,
    path: &str,
) {
    let doc = checker.doc;
    let path = format!("{path}.podFailurePolicy.rules");
    let rules = items(doc, at(doc, policy, &["rules"]));
    if rules.len() > MAX_POLICY_RULES
        && let Some(entry) = doc.get(policy, "rules")
    {
        checker.push(
            doc.range(entry.key),
            format!(
                "a pod failure policy has at most {MAX_POLICY_RULES} rules, not {}",
                rules.len()
            ),
            &path,
            format!(
                "Too many: {}: must have at most {MAX_POLICY_RULES} items",
                rules.len()
            ),
        );
    }
    let containers: HashSet<&str> = ["containers", "initContainers"]
        .iter()
        .flat_map(|list| items(doc, at(doc, spec, &["template", "spec", list])))
        .filter_map(|&c| doc.get_str(c, "name"))
        .collect();
    for (index, &rule) in rules.iter().enumerate() {
        let rule_path = format!("{path}[{index}]");
        if let Some(entry) = doc.get(rule, "action")
            && let Some(action) = scalar_text(doc, entry.value)
        {
            match action {
                "FailIndex" if !per_index => checker.push(
                    doc.range(entry.value),
                    "FailIndex fails the pod's index, which only a Job with backoffLimitPerIndex counts".to_owned(),
                    &format!("{rule_path}.action"),
                    "Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set".to_owned(),
                ),
                "" => checker.push(
                    doc.range(entry.value),
                    "a pod failure policy rule needs an action".to_owned(),
                    &format!("{rule_path}.action"),
                    "Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]".to_owned(),
                ),
                _ => {}
            }
        }
        let exit_codes = doc
            .get(rule, "onExitCodes")
            .filter(|e| doc.entries(e.value).is_some());
        let conditions = doc.get(rule, "onPodConditions");
        let condition_count = conditions
            .and_then(|e| doc.items(e.value))
            .map_or(0, <[NodeId]>::len);
        if let Some(entry) = exit_codes {
            exit_codes_requirement(
                checker,
                entry.value,
                &containers,
                &format!("{rule_path}.onExitCodes"),
            );
        }
        if let Some(entry) = conditions.filter(|_| condition_count > 0) {
            pod_conditions(checker, *entry, &format!("{rule_path}.onPodConditions"));
        }
        match (exit_codes, condition_count > 0) {
            (Some(entry), true) => checker.push(
                doc.range(entry.key),
                "a pod failure policy rule matches on exit codes or on pod conditions, not both"
                    .to_owned(),
                &rule_path,
                "Invalid value: specifying both OnExitCodes and OnPodConditions is not supported"
                    .to_owned(),
            ),
            (None, false) => checker.push(
                doc.range(rule),
                "a pod failure policy rule matches nothing without onExitCodes or onPodConditions"
                    .to_owned(),
                &rule_path,
                "Invalid value: specifying one of OnExitCodes and OnPodConditions is required"
                    .to_owned(),
            ),
            _ => {}
        }
    }
}

/// `validatePodFailurePolicyRuleOnExitCodes`.
fn exit_codes_requirement(
    checker: &mut Spec<'_>,
    requirement: NodeId,
    containers: &HashSet<&str>,
    path: &str,
) {
    let doc = checker.doc;
    let operator = doc.get_str(requirement, "operator").unwrap_or("");
    if let Some(entry) = doc.get(requirement, "containerName")
        && let Some(name) = scalar_text(doc, entry.value)
        && !containers.contains(name)
        && !is_placeholder(name)
    {
        checker.push(
            doc.range(entry.value),
            format!("the Job's pod has no container or init container `{name}`"),
            &format!("{path}.containerName"),
            format!("Invalid value: \"{name}\": must be one of the container or initContainer names in the pod template"),
        );
    }
    let values_entry = doc.get(requirement, "values");
    let values: Vec<(NodeId, Option<i64>)> = items(doc, values_entry.map(|e| e.value))
        .iter()
        .map(|&v| (v, int(doc, v)))
        .collect();
    let values_path = format!("{path}.values");
    let anchor = values_entry.map_or_else(|| doc.range(requirement), |e| doc.range(e.key));
    let listed = || {
        let codes: Vec<String> = values
            .iter()
            .map(|(v, n)| {
                n.map_or_else(
                    || scalar_text(doc, *v).unwrap_or("").to_owned(),
                    |n| n.to_string(),
                )
            })
            .collect();
        format!("[]int32{{{}}}", codes.join(", "))
    };
    if values.is_empty() {
        checker.push(
            anchor,
            "an onExitCodes requirement needs at least one exit code".to_owned(),
            &values_path,
            "Invalid value: []int32{}: at least one value is required".to_owned(),
        );
    } else if values.len() > MAX_EXIT_CODES {
        checker.push(
            anchor,
            format!(
                "an onExitCodes requirement lists at most {MAX_EXIT_CODES} exit codes, not {}",
                values.len()
            ),
            &values_path,
            format!(
                "Too many: {}: must have at most {MAX_EXIT_CODES} items",
                values.len()
            ),
        );
    }
    // A code listed twice: `duplicate-list-entry` (the schema makes `values` a set).
    let mut ordered = true;
    let mut previous: Option<i64> = None;
    for (index, &(node, value)) in values.iter().enumerate() {
        let Some(value) = value else {
            continue;
        };
        if operator == "In" && value == 0 {
            checker.push(
                doc.range(node),
                "exit code 0 is success: a failed pod's containers never all exit with it, so `In` with 0 means nothing".to_owned(),
                &format!("{values_path}[{index}]"),
                "Invalid value: 0: must not be 0 for the In operator".to_owned(),
            );
        }
        if previous.is_some_and(|p| p > value) {
            ordered = false;
        }
        previous = Some(value);
    }
    if !ordered {
        checker.push(
            anchor,
            "the exit codes must be listed in increasing order".to_owned(),
            &values_path,
            format!("Invalid value: {}: must be ordered", listed()),
        );
    }
}

/// `validatePodFailurePolicyRuleOnPodConditions`.
fn pod_conditions(checker: &mut Spec<'_>, entry: drydock_yaml::Entry, path: &str) {
    let doc = checker.doc;
    let patterns = items(doc, Some(entry.value));
    if patterns.len() > MAX_CONDITION_PATTERNS {
        checker.push(
            doc.range(entry.key),
            format!(
                "a rule matches at most {MAX_CONDITION_PATTERNS} pod conditions, not {}",
                patterns.len()
            ),
            path,
            format!(
                "Too many: {}: must have at most {MAX_CONDITION_PATTERNS} items",
                patterns.len()
            ),
        );
    }
    for (index, &pattern) in patterns.iter().enumerate() {
        if let Some(kind) = doc.get(pattern, "type")
            && let Some(text) = scalar_text(doc, kind.value)
            && !is_placeholder(text)
            && let Err(why) = qualified_name(text)
        {
            checker.push(
                doc.range(kind.value),
                format!("the pod condition type `{text}` {why}"),
                &format!("{path}[{index}].type"),
                format!("Invalid value: \"{text}\""),
            );
        }
    }
}

/// `validateSuccessPolicy` and its rules, for an Indexed Job of `completions` indexes.
fn success_policy(
    checker: &mut Spec<'_>,
    policy: drydock_yaml::Entry,
    completions: Option<i64>,
    path: &str,
) {
    let doc = checker.doc;
    let path = format!("{path}.successPolicy.rules");
    let rules = items(doc, at(doc, policy.value, &["rules"]));
    if rules.is_empty() {
        checker.push(
            doc.range(policy.key),
            "a successPolicy needs at least one rule".to_owned(),
            &path,
            "Required value: at least one rules must be specified when the successPolicy is specified".to_owned(),
        );
    } else if rules.len() > MAX_POLICY_RULES
        && let Some(entry) = doc.get(policy.value, "rules")
    {
        checker.push(
            doc.range(entry.key),
            format!(
                "a successPolicy has at most {MAX_POLICY_RULES} rules, not {}",
                rules.len()
            ),
            &path,
            format!(
                "Too many: {}: must have at most {MAX_POLICY_RULES} items",
                rules.len()
            ),
        );
    }
    // Without completions the API server stops at `completions: Required value`.
    let Some(completions) = completions else {
        return;
    };
    for (index, &rule) in rules.iter().enumerate() {
        let rule_path = format!("{path}[{index}]");
        let indexes = doc.get(rule, "succeededIndexes");
        let count = doc.get(rule, "succeededCount");
        if indexes.is_none() && count.is_none() {
            checker.push(
                doc.range(rule),
                "a success rule needs succeededIndexes, succeededCount or both".to_owned(),
                &rule_path,
                "Required value: at least one of succeededCount or succeededIndexes must be specified".to_owned(),
            );
        }
        let mut total = 0;
        if let Some(entry) = indexes
            && let Some(text) = scalar_text(doc, entry.value)
        {
            let indexes_path = format!("{rule_path}.succeededIndexes");
            if text.len() > MAX_SUCCEEDED_INDEXES_LENGTH {
                checker.push(
                    doc.range(entry.value),
                    format!("succeededIndexes is {} bytes long", text.len()),
                    &indexes_path,
                    format!("Too long: may not be more than {MAX_SUCCEEDED_INDEXES_LENGTH} bytes"),
                );
            }
            match index_intervals(text, completions) {
                Ok(n) => total = n,
                Err(why) => checker.push(
                    doc.range(entry.value),
                    format!("succeededIndexes `{text}` is not a list of increasing indexes and ranges below {completions} (`0,2-4`)"),
                    &indexes_path,
                    format!("Invalid value: \"{text}\": error parsing succeededIndexes: {why}"),
                ),
            }
        }
        if let Some(entry) = count
            && let Some(n) = int(doc, entry.value)
        {
            let count_path = format!("{rule_path}.succeededCount");
            if n < 0 {
                checker.push(
                    doc.range(entry.value),
                    format!("succeededCount is {n}"),
                    &count_path,
                    format!("Invalid value: {n}: must be greater than or equal to 0"),
                );
            }
            if n > completions {
                checker.push(
                    doc.range(entry.value),
                    format!("succeededCount is {n}, more than the Job's {completions} indexes"),
                    &count_path,
                    format!("Invalid value: {n}: must be less than or equal to {completions} (the number of specified completions)"),
                );
            }
            if indexes.is_some() && n > total {
                checker.push(
                    doc.range(entry.value),
                    format!("succeededCount is {n}, more than the {total} indexes succeededIndexes names"),
                    &count_path,
                    format!("Invalid value: {n}: must be less than or equal to {total} (the number of indexes in the specified succeededIndexes field)"),
                );
            }
        }
    }
}

/// How many indexes `text` names (`1,3-5` names 4), read as `validateIndexesFormat` reads it:
/// intervals in increasing order, each index below `completions`.
fn index_intervals(text: &str, completions: i64) -> Result<i64, String> {
    if text.is_empty() {
        return Ok(0);
    }
    let mut last: Option<i64> = None;
    let mut total = 0;
    for interval in text.split(',') {
        let limits: Vec<&str> = interval.split('-').collect();
        if limits.len() > 2 {
            return Err(format!(
                "the fragment \"{interval}\" violates the requirement that an index interval can have at most two parts separated by '-'"
            ));
        }
        let index = |part: &str| -> Result<i64, String> {
            let n = go_atoi(part)
                .ok_or_else(|| format!("cannot convert string to integer for index: \"{part}\""))?;
            if n >= completions {
                return Err(format!("too large index: \"{part}\""));
            }
            Ok(n)
        };
        let first = index(limits.first().copied().unwrap_or(""))?;
        let end = match limits.get(1) {
            Some(part) => {
                let end = index(part)?;
                if first >= end {
                    return Err(format!(
                        "non-increasing order, previous: {first}, current: {end}"
                    ));
                }
                end
            }
            None => first,
        };
        if let Some(previous) = last
            && previous >= first
        {
            return Err(format!(
                "non-increasing order, previous: {previous}, current: {first}"
            ));
        }
        total += end - first + 1;
        last = Some(end);
    }
    Ok(total)
}

/// Go's `strconv.Atoi`: an optional sign and decimal digits.
fn go_atoi(text: &str) -> Option<i64> {
    let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

/// A Job's own `selector` without `manualSelector: true` (`validateGeneratedSelector`): the API
/// server keeps it, and it must select the labels it gives the Job's pods (`controller-uid`,
/// `job-name` and their `batch.kubernetes.io/` forms). A requirement on another label, or on
/// `job-name` with another name, never does.
fn generated_selector(checker: &mut Spec<'_>, o: &Object<'_>, spec: NodeId) {
    let doc = checker.doc;
    if at(doc, spec, &["manualSelector"]).and_then(|n| boolean(doc, n)) == Some(true) {
        return;
    }
    let Some(selector) = doc
        .get(spec, "selector")
        .filter(|e| doc.entries(e.value).is_some())
    else {
        return;
    };
    let name = o.name().filter(|n| !n.is_empty() && !is_placeholder(n));
    let uid = |key: &str| matches!(key, "controller-uid" | "batch.kubernetes.io/controller-uid");
    let job_name = |key: &str| matches!(key, "job-name" | "batch.kubernetes.io/job-name");
    let mut failing: Option<(TextRange, String)> = None;
    for (key, value, key_node, _) in
        crate::object::string_map(doc, at(doc, selector.value, &["matchLabels"]))
    {
        if uid(key) || is_placeholder(key) || is_placeholder(value) {
            continue;
        }
        if job_name(key) {
            if let Some(name) = name
                && value != name
            {
                failing.get_or_insert((
                    doc.range(key_node),
                    format!("`{key}: {value}` is not the Job's name `{name}`"),
                ));
            }
        } else {
            failing.get_or_insert((
                doc.range(key_node),
                format!("the label `{key}` is not one the API server gives the Job's pods"),
            ));
        }
    }
    for &requirement in items(doc, at(doc, selector.value, &["matchExpressions"])) {
        let Some(key) = doc.get_str(requirement, "key") else {
            continue;
        };
        let operator = doc.get_str(requirement, "operator").unwrap_or("");
        if uid(key) || is_placeholder(key) {
            continue;
        }
        let values: Vec<&str> = items(doc, at(doc, requirement, &["values"]))
            .iter()
            .filter_map(|&v| scalar_text(doc, v))
            .collect();
        let fails = if job_name(key) {
            match (operator, name) {
                ("In", Some(name)) => !values.contains(&name),
                ("NotIn", Some(name)) => values.contains(&name),
                ("DoesNotExist", _) => true,
                _ => false,
            }
        } else {
            matches!(operator, "In" | "Exists")
        };
        if fails {
            failing.get_or_insert((doc.range(requirement), format!("the requirement on `{key}` never matches the labels the API server gives the Job's pods")));
        }
    }
    if let Some((range, why)) = failing {
        checker.push(
            range,
            format!("{why}: a Job's selector is generated unless it sets `manualSelector: true`"),
            "spec.selector",
            "Invalid value: \"object\": `selector` not auto-generated".to_owned(),
        );
    }
}

/// An Indexed Job's pods are named `<job>-<index>` as their hostname (`ValidateJob`).
fn indexed_hostname(checker: &mut Spec<'_>, o: &Object<'_>, spec: NodeId) {
    let doc = checker.doc;
    if doc.get_str(spec, "completionMode") != Some("Indexed") {
        return;
    }
    let Some(completions) = at(doc, spec, &["completions"]).and_then(|n| int(doc, n)) else {
        return;
    };
    let (Some(name), Some(range)) = (o.name(), o.name_range()) else {
        return;
    };
    if completions <= 0 || is_placeholder(name) || dns1123_subdomain(name).is_err() {
        return;
    }
    let hostname = format!("{name}-{}", completions - 1);
    if let Err(why) = dns1123_label(&hostname) {
        checker.push(
            range,
            format!("the last pod's hostname `{hostname}` {why}, and an Indexed Job's pods are named after it"),
            "metadata.name",
            format!("Invalid value: \"{name}\": will not able to create pod with invalid DNS label: {hostname}"),
        );
    }
}
