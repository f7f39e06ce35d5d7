use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge, unmatched_selectors};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/dangling-network-policy",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A NetworkPolicy's podSelector matches no pods in its namespace",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "dangling-networkpolicy",
        },
        Mirror {
            tool: "kube-score",
            id: "networkpolicy-targets-pod",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a NetworkPolicy whose `podSelector` matches the pod labels of no workload in the workspace, in its
namespace (and says so when the only match is in another namespace).

Pods a Job creates carry its name (`job-name`). When a custom resource is in the namespace
(an operator's `Prometheus`, a `LeaderWorkerSet`), its controller may create the pods, so nothing
is reported there: on the shared corpus most findings before this exception were such pods.

## Why is this bad?
A policy that selects no pod isolates nothing: the traffic it was written to restrict still flows. An empty `podSelector: {}` (every pod) is not reported.

## Invalid
```yaml
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: website
  policyTypes:
  - Ingress
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
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: web
spec:
  podSelector:
    matchLabels:
      app: web
  policyTypes:
  - Ingress
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
    for edge in unmatched_selectors(ctx, EdgeKind::NetworkPolicy) {
        let namespace = edge.namespace.as_deref().unwrap_or("default");
        let message = match (edge.status, edge.to) {
            (EdgeStatus::OtherNamespace, Some(to)) => format!(
                "{} selects {}, which only {} has: it restricts no traffic in namespace {namespace}",
                ctx.describe(edge.from),
                edge.target,
                ctx.describe_at(to)
            ),
            _ => format!(
                "{} selects {}, but no workload in namespace {namespace} has such pods: it restricts no traffic",
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
