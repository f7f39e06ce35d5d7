use crate::apiserver::is_builtin;
use crate::object::{Object, at, int, objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarKind};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-workload-spec",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Deployment, StatefulSet, DaemonSet, ReplicaSet, Job or CronJob setting the API server rejects: a negative count, a contradictory rollout strategy, an empty selector",
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
- a long-running controller's pod template sets no `activeDeadlineSeconds`, no pod template sets
  `ephemeralContainers`, and a CronJob's `jobTemplate` sets no `selector` (it is generated).

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
                        None if !crate::names::is_placeholder(text) => self.push(
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
            "Job" => job(&mut checker, spec, "spec"),
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
                        && crate::object::boolean(doc, manual.value) == Some(true)
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
        ],
    );
}
