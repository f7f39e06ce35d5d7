use crate::rules::pod_exec_access::grants;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/pod-creation-access",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Role or ClusterRole lets its subjects create pods or workloads",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "access-to-create-pods",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Role or ClusterRole rule that grants `create` (or `*`) on pods, Deployments,
StatefulSets, ReplicaSets, DaemonSets, Jobs or CronJobs (CIS Benchmark 5.1.4).

Off by default, as in kube-linter: deployment tools and operators create workloads by design; the
rule is for reviewing who can.

## Why is this bad?
Whoever creates a pod chooses its ServiceAccount, its volumes and, unless admission stops it,
its privileges: creating pods is reading every Secret and using every ServiceAccount of the
namespace, and often the node.

## Invalid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: runner
rules:
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["create"]
```

## Valid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: runner
rules:
- apiGroups: ["batch"]
  resources: ["jobs"]
  verbs: ["get", "list", "watch"]
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    let resources = [
        ("", "pods"),
        ("apps", "deployments"),
        ("apps", "statefulsets"),
        ("apps", "replicasets"),
        ("apps", "daemonsets"),
        ("batch", "jobs"),
        ("batch", "cronjobs"),
    ];
    for grant in grants(ctx.stream, &resources, &["create"]) {
        out.push(Diagnostic::new(
            &RULE,
            format!(
                "the {} grants {} on {}: its subjects choose the pods' ServiceAccount, volumes \
                 and privileges",
                grant.object.kind, grant.verb, grant.resource_name
            ),
            grant.object.doc.range(grant.resource),
        ));
    }
}
