use crate::object::{entry_at, objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/cluster-admin-binding",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A binding grants the cluster-admin ClusterRole"),
    severity: Severity::Warning,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "cluster-admin-role-binding",
        },
        Mirror {
            tool: "polaris",
            id: "clusterrolebindingClusterAdmin",
        },
        Mirror {
            tool: "polaris",
            id: "rolebindingClusterAdminClusterRole",
        },
        Mirror {
            tool: "polaris",
            id: "rolebindingClusterAdminRole",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a RoleBinding or ClusterRoleBinding whose `roleRef` is the ClusterRole `cluster-admin`.
Off by default, as in kube-linter: installers of cluster software legitimately need it.

## Why is this bad?
`cluster-admin` can do anything to any object; a compromised pod of a bound ServiceAccount owns
the cluster (CIS Benchmark 5.1.1).

## Invalid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci
subjects:
- kind: ServiceAccount
  name: ci
  namespace: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-admin
```

## Valid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: ci
subjects:
- kind: ServiceAccount
  name: ci
  namespace: default
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: edit
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if !matches!(o.kind, "RoleBinding" | "ClusterRoleBinding") {
            continue;
        }
        let doc = o.doc;
        if let Some(entry) = entry_at(doc, o.node, &["roleRef", "name"])
            && scalar_text(doc, entry.value) == Some("cluster-admin")
        {
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "{} grants cluster-admin: its subjects can do anything to any object",
                    o.kind
                ),
                doc.range(entry.value),
            ));
        }
    }
}
