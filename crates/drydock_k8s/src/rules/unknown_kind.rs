use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/unknown-kind",
    language: Language::Kubernetes,
    summary: crate::rules::summary("The kind is not one Kubernetes serves"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "kubeconform",
            id: "could not find schema",
        },
        Mirror {
            tool: "kubectl",
            id: "no matches for kind",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `kind` that no Kubernetes version from 1.16 to 1.37 serves in the object's API group (nor
any CustomResourceDefinition in the workspace), with the closest known kind when it looks like a
typo (`Deploymnet` → `Deployment`).

## Why is this bad?
`kubectl apply` fails with "no matches for kind", and nothing in the object is checked until the
kind is right.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deploymnet
metadata:
  name: web
```

## Valid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::UnknownKind, &RULE, out);
}
