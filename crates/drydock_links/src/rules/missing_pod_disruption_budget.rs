use std::collections::HashSet;

use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_k8s::object::int;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-pod-disruption-budget",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Deployment or StatefulSet with several replicas that no PodDisruptionBudget of the workspace covers",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-score",
            id: "deployment-has-poddisruptionbudget",
        },
        Mirror {
            tool: "kube-score",
            id: "statefulset-has-poddisruptionbudget",
        },
        Mirror {
            tool: "polaris",
            id: "missingPodDisruptionBudget",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Deployment or StatefulSet with more than one replica whose pods no PodDisruptionBudget
of the workspace selects, in the same namespace (across all files).

Opt-in: a budget matters for clusters that are drained (node upgrades, autoscaler scale-down),
and it is often created by a platform team outside the application's repository, where this rule
cannot see it.

## Why is this bad?
`kubectl drain` and the cluster autoscaler evict pods with no regard for the workload: without a
budget, an upgrade may evict every replica at once.

## Invalid
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
  maxUnavailable: 1
  selector:
    matchLabels:
      app: web
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    // Collected once: the workloads a budget selects, and the namespaces where a budget with an
    // empty selector covers every pod (no graph edge).
    let covered: HashSet<usize> = ctx
        .graph
        .edges_of(EdgeKind::DisruptionBudget)
        .filter(|e| e.status == EdgeStatus::Resolved)
        .filter_map(|e| e.to)
        .collect();
    let covers_all: HashSet<Option<&str>> = ctx
        .objects
        .iter()
        .enumerate()
        .filter(|(_, (_, p))| {
            p.kind == "PodDisruptionBudget"
                && p.spec()
                    .and_then(|s| p.doc.get(s, "selector"))
                    .and_then(|e| p.doc.entries(e.value))
                    .is_some_and(<[_]>::is_empty)
        })
        .map(|(other, _)| {
            ctx.graph
                .nodes
                .get(other)
                .and_then(|n| n.namespace.as_deref())
        })
        .collect();
    for (index, (file, o)) in ctx.objects.iter().enumerate() {
        if !matches!(o.kind, "Deployment" | "StatefulSet") {
            continue;
        }
        let doc = o.doc;
        let Some(replicas) = o.spec().and_then(|s| doc.get(s, "replicas")) else {
            continue;
        };
        let Some(count) = int(doc, replicas.value).filter(|&n| n > 1) else {
            continue;
        };
        let namespace = ctx
            .graph
            .nodes
            .get(index)
            .and_then(|n| n.namespace.as_deref());
        if covered.contains(&index) || covers_all.contains(&namespace) {
            continue;
        }
        out.push(Placed {
            file: *file,
            diagnostic: Diagnostic::new(
                &RULE,
                format!(
                    "{} has {count} replicas, but no PodDisruptionBudget of the workspace selects \
                     its pods: a node drain may evict them all at once",
                    ctx.describe(index)
                ),
                doc.range(replicas.value),
            )
            .with_help(
                "add a PodDisruptionBudget with `maxUnavailable: 1` and the pod labels as selector",
            ),
        });
    }
}
