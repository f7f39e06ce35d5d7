use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/dangling-role-ref",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A role binding's roleRef names a Role or ClusterRole that is not in the workspace",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Follows a RoleBinding's or ClusterRoleBinding's `roleRef` to the Role (in the binding's
namespace) or ClusterRole it names. The ClusterRoles every cluster has (`cluster-admin`, `admin`,
`edit`, `view`, `system:…`) are not reported.

## Why is this bad?
A binding to a missing role grants nothing, and `roleRef` cannot be changed after creation: the
binding must be deleted and created again once the name is fixed.

## Invalid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
subjects:
- kind: ServiceAccount
  name: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
```

## Valid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: pod-reader
rules:
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: reader
subjects:
- kind: ServiceAccount
  name: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: Role
  name: pod-reader
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges_of(EdgeKind::RoleRef) {
        let message = match (edge.status, edge.to) {
            (EdgeStatus::Missing, _) => format!(
                "roleRef names {}, which is not in the workspace{}: the binding grants nothing",
                edge.target,
                edge.namespace
                    .as_deref()
                    .map(|ns| format!(" (namespace {ns})"))
                    .unwrap_or_default()
            ),
            (EdgeStatus::OtherNamespace, Some(to)) => format!(
                "roleRef names {}, but only {} exists: a RoleBinding uses Roles of its own \
                 namespace",
                edge.target,
                ctx.describe_at(to)
            ),
            _ => continue,
        };
        out.extend(at_edge(ctx, edge, &RULE, message, "the role"));
    }
}
