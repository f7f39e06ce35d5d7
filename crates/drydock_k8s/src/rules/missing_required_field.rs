use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-required-field",
    language: Language::Kubernetes,
    summary: "A required field is missing",
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubeconform",
            id: "missing properties",
        },
        Mirror {
            tool: "kubectl",
            id: "Required value",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a required field that is absent — a Deployment without `spec`, a container without `name`, a
Service port without `port`, an object without `apiVersion` or `kind` — on the key of the object
that lacks it.

## Why is this bad?
The API server rejects the object with "Required value".

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - image: nginx:1.27
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
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::MissingRequired, &RULE, out);
}
