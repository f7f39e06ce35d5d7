use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/dangling-hpa-target",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A HorizontalPodAutoscaler scales an object that is not in the workspace",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "dangling-horizontalpodautoscaler",
        },
        Mirror {
            tool: "kube-score",
            id: "horizontalpodautoscaler-has-target",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Follows a HorizontalPodAutoscaler's `scaleTargetRef` (kind and name) to the object it scales, in
the autoscaler's namespace.

## Why is this bad?
An autoscaler whose target does not exist does nothing; its status says `FailedGetScale` where
nobody looks. A renamed Deployment is the usual cause.

## Invalid
```yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: website
  minReplicas: 2
  maxReplicas: 5
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
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
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 2
  maxReplicas: 5
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
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
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges_of(EdgeKind::ScaleTarget) {
        let message = match (edge.status, edge.to) {
            (EdgeStatus::Missing, _) => format!(
                "scaleTargetRef names {}, which is not in the workspace (namespace {}): the \
                 autoscaler scales nothing",
                edge.target,
                edge.namespace.as_deref().unwrap_or("default")
            ),
            (EdgeStatus::OtherNamespace, Some(to)) => format!(
                "scaleTargetRef names {}, but only {} exists: an autoscaler scales objects of its \
                 own namespace",
                edge.target,
                ctx.describe_at(to)
            ),
            _ => continue,
        };
        out.extend(at_edge(ctx, edge, &RULE, message, "the target"));
    }
}
