use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-service-account",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A pod or role binding names a ServiceAccount that is not in the workspace",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "non-existent-service-account",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Follows a pod template's `serviceAccountName` (and the deprecated `serviceAccount`) and every
ServiceAccount subject of a RoleBinding or ClusterRoleBinding to the ServiceAccount, in the
namespace it is looked up in. The `default` ServiceAccount exists in every namespace and is never
reported.

## Why is this bad?
The API server refuses to create pods for a ServiceAccount that does not exist (the workload's
ReplicaSet reports `serviceaccount not found`), and a binding to a missing account grants nothing.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccountName: web
  containers:
  - name: web
    image: nginx:1.27
```

## Valid
```yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccountName: web
  containers:
  - name: web
    image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges.iter() {
        if !matches!(edge.kind, EdgeKind::ServiceAccount | EdgeKind::RoleSubject) {
            continue;
        }
        let namespace = edge.namespace.as_deref().unwrap_or("default");
        let message = match (edge.status, edge.to) {
            (EdgeStatus::Missing, _) => format!(
                "{} is not in the workspace (namespace {namespace}): {}",
                edge.target,
                if edge.kind == EdgeKind::ServiceAccount {
                    "the API server refuses to create the pods until it exists"
                } else {
                    "the binding grants nothing until it exists"
                }
            ),
            (EdgeStatus::OtherNamespace, Some(to)) => format!(
                "{} is looked up in namespace {namespace}, but only {} exists",
                edge.target,
                ctx.describe_at(to)
            ),
            _ => continue,
        };
        out.extend(at_edge(ctx, edge, &RULE, message, "defined here"));
    }
}
