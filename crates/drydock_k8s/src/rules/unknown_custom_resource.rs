use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/unknown-custom-resource",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A custom resource has no CustomResourceDefinition in the workspace",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubeconform",
            id: "could not find schema",
        },
        Mirror {
            tool: "kubernetes-validate",
            id: "couldn't find schema",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Notes an object whose API group is not built into Kubernetes when no CustomResourceDefinition for it
is among the files checked. Add the CRD and the object is validated against its `openAPIV3Schema`,
with the same exact positions as built-in kinds.

## Why is this bad?
Nothing in the object can be checked without its schema; this says so rather than passing it
silently.

## Invalid
```yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
```

## Valid
```yaml
apiVersion: v1
kind: Namespace
metadata:
  name: monitoring
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::NoSchema, &RULE, out);
}
