use crate::rules::pod_exec_access::grants;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/secret-access",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A Role or ClusterRole lets its subjects read Secrets"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "access-to-secrets",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Role or ClusterRole rule that grants `get`, `list` or `watch` (or `*`) on `secrets` in
the core API group (CIS Benchmark 5.1.2).

Off by default, as in kube-linter: controllers, operators and ingress controllers read Secrets by
design; the rule is for reviewing who can.

## Why is this bad?
Reading Secrets is reading every password, token and key stored in them; `list` and `watch`
return their contents too, not just their names.

## Invalid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
- apiGroups: [""]
  resources: ["secrets"]
  verbs: ["list"]
```

## Valid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
- apiGroups: [""]
  resources: ["configmaps"]
  verbs: ["list"]
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for grant in grants(ctx.stream, &[("", "secrets")], &["get", "list", "watch"]) {
        out.push(Diagnostic::new(
            &RULE,
            format!(
                "the {} grants {} on secrets: its subjects can read every credential stored in \
                 them",
                grant.object.kind, grant.verb
            ),
            grant.object.doc.range(grant.resource),
        ));
    }
}
