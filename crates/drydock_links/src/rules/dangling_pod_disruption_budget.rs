use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge, unmatched_selectors};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/dangling-pod-disruption-budget",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A PodDisruptionBudget's selector matches no pods in its namespace",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a PodDisruptionBudget whose `selector` matches the pod labels of no workload in the workspace, in its
namespace (and says so when the only match is in another namespace).

Pods a Job creates carry its name (`job-name`). When a custom resource is in the namespace
(an operator's `Prometheus`, a `LeaderWorkerSet`), its controller may create the pods, so nothing
is reported there: on the shared corpus most findings before this exception were such pods.

## Why is this bad?
A budget that selects nothing protects nothing: a node drain can take every replica of the workload it was meant for at once. A selector left behind after relabelling is the usual cause.

## Invalid
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: website
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
```

## Valid
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web
---
apiVersion: v1
kind: Pod
metadata:
  name: web
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

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in unmatched_selectors(ctx, EdgeKind::DisruptionBudget) {
        let namespace = edge.namespace.as_deref().unwrap_or("default");
        let message = match (edge.status, edge.to) {
            (EdgeStatus::OtherNamespace, Some(to)) => format!(
                "{} selects {}, which only {} has: it protects no pod from eviction in namespace {namespace}",
                ctx.describe(edge.from),
                edge.target,
                ctx.describe_at(to)
            ),
            _ => format!(
                "{} selects {}, but no workload in namespace {namespace} has such pods: it protects no pod from eviction",
                ctx.describe(edge.from),
                edge.target
            ),
        };
        out.extend(at_edge(
            ctx,
            edge,
            &RULE,
            message,
            "pods in another namespace",
        ));
    }
}
