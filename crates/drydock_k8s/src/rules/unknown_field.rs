use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/unknown-field",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A field that the object's schema does not define"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "kubectl",
            id: "unknown field",
        },
        Mirror {
            tool: "kubeconform",
            id: "additionalProperties not allowed",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a key that the schema of its object does not have — "unknown field `path` in ServicePort" —
on the key itself, with the closest field when it looks like a typo (`lables` → `labels`, fixed by
renaming).

## Why is this bad?
kubectl's strict field validation rejects the object; with validation off the field is silently
dropped, so the setting you wrote never applies.

## Invalid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
      path: /
```

## Valid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
    - port: 80
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::UnknownField, &RULE, out);
}
