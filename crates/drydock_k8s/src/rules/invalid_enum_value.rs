use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-enum-value",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A value outside the field's allowed values"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "kubeconform",
            id: "value must be one of",
        },
        Mirror {
            tool: "kubectl",
            id: "Unsupported value",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a value that the field does not accept — `imagePullPolicy`, `restartPolicy`, a port's
`protocol`, a Service's `type`, a strategy's `type` and the other enumerations of the Kubernetes API
— listing the accepted values, and fixing a wrong case (`always` → `Always`).

## Why is this bad?
The API server rejects the object with "Unsupported value".

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    imagePullPolicy: always
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    imagePullPolicy: Always
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::InvalidEnum, &RULE, out);
}
