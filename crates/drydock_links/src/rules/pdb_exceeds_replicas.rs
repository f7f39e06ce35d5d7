use std::collections::{HashMap, HashSet};

use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_k8s::object::{Object, int, scalar_text};
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/pdb-exceeds-replicas",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A PodDisruptionBudget's minAvailable is at least the replicas of a workload it selects",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "pdb-min-available",
        },
        Mirror {
            tool: "polaris",
            id: "pdbMinAvailableGreaterThanOrEqualToHPAMinReplicas",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Pairs each PodDisruptionBudget with the Deployments, StatefulSets and ReplicaSets whose pods it
selects (same namespace, across all files), and reports a `minAvailable` that is at least the
number of pods the workload may run with: its `replicas` (1 when not written), or, when a
HorizontalPodAutoscaler scales it, the autoscaler's `minReplicas` (1 when not written). A
percentage counts as Kubernetes counts it, rounded up; `minAvailable: 100%` is reported by
`kubernetes/pdb-blocks-eviction` instead.

## Why is this bad?
With as many pods required as there are, no pod may ever be evicted: `kubectl drain`, node
upgrades and the cluster autoscaler's scale-down block on this workload until someone deletes the
budget by hand.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
```

## Valid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 2
  selector:
    matchLabels:
      app: web
```
"#,
    ),
};

/// The kinds whose pod count is `spec.replicas`.
const REPLICATED: [&str; 4] = [
    "Deployment",
    "StatefulSet",
    "ReplicaSet",
    "ReplicationController",
];

/// How many pods a budget requires: a count, or a percentage of the pods.
enum Required {
    Count(i64),
    Percent(i64),
}

impl Required {
    /// The pods required out of `pods`, rounded up as the disruption controller rounds.
    fn of(&self, pods: i64) -> i64 {
        match *self {
            Required::Count(n) => n,
            Required::Percent(p) => (p.saturating_mul(pods).saturating_add(99)) / 100,
        }
    }
}

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    // The autoscaler of each workload (the first, if several name it).
    let mut autoscaler: HashMap<usize, usize> = HashMap::new();
    for edge in ctx.graph.edges_of(EdgeKind::ScaleTarget) {
        if let (EdgeStatus::Resolved, Some(to)) = (edge.status, edge.to) {
            autoscaler.entry(to).or_insert(edge.from);
        }
    }
    let mut seen = HashSet::new();
    for edge in ctx.graph.edges_of(EdgeKind::DisruptionBudget) {
        let (EdgeStatus::Resolved, Some(workload)) = (edge.status, edge.to) else {
            continue;
        };
        if !seen.insert((edge.from, workload)) {
            continue;
        }
        let (Some((file, pdb)), Some((_, target))) =
            (ctx.objects.get(edge.from), ctx.objects.get(workload))
        else {
            continue;
        };
        if !REPLICATED.contains(&target.kind) {
            continue;
        }
        let Some(min_available) = pdb.spec().and_then(|s| pdb.doc.get(s, "minAvailable")) else {
            continue;
        };
        let Some(required) = required(pdb, min_available.value) else {
            continue;
        };
        // The fewest pods the workload runs with, and what says so.
        let (pods, source) = match autoscaler.get(&workload) {
            Some(&hpa) => {
                let Some((_, h)) = ctx.objects.get(hpa) else {
                    continue;
                };
                let Some(min) = replicas(h, "minReplicas") else {
                    continue;
                };
                (
                    min,
                    format!(
                        "{} may run with {min}, the minReplicas of {}",
                        ctx.describe(workload),
                        ctx.describe_at(hpa)
                    ),
                )
            }
            None => {
                let Some(count) = replicas(target, "replicas") else {
                    continue;
                };
                (
                    count,
                    format!("{} runs {}", ctx.describe_at(workload), pods_text(count)),
                )
            }
        };
        // No pods: nothing to evict.
        if pods < 1 || required.of(pods) < pods {
            continue;
        }
        out.push(Placed {
            file: *file,
            diagnostic: Diagnostic::new(
                &RULE,
                format!(
                    "minAvailable keeps {} available, and {source}: no pod can ever be evicted, \
                     so node drains and upgrades block on this workload",
                    pods_text(required.of(pods))
                ),
                pdb.doc.range(min_available.value),
            )
            .with_help("use `maxUnavailable: 1`, or a minAvailable below the number of replicas"),
        });
    }
}

/// `minAvailable` as a count or a percentage below 100% (100% is `pdb-blocks-eviction`'s).
fn required(pdb: &Object<'_>, value: drydock_yaml::NodeId) -> Option<Required> {
    if let Some(n) = int(pdb.doc, value) {
        return Some(Required::Count(n));
    }
    let percent = scalar_text(pdb.doc, value)?
        .strip_suffix('%')?
        .parse::<i64>()
        .ok()?;
    (percent < 100).then_some(Required::Percent(percent))
}

/// An object's `spec.<field>`, 1 when it is not written; `None` when it is not a number (a
/// template placeholder).
fn replicas(o: &Object<'_>, field: &str) -> Option<i64> {
    match o.spec().and_then(|s| o.doc.get(s, field)) {
        Some(entry) => int(o.doc, entry.value),
        None => Some(1),
    }
}

fn pods_text(n: i64) -> String {
    if n == 1 {
        "1 pod".to_owned()
    } else {
        format!("{n} pods")
    }
}
