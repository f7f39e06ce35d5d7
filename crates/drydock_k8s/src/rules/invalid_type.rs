use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-type",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A value of the wrong type"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "kubeconform",
            id: "expected integer, but got string",
        },
        Mirror {
            tool: "kubectl",
            id: "cannot unmarshal string into Go struct field",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a value whose type the schema does not allow: a quoted `"3"` for `replicas`, a number where
a string is needed (an env var's `value: 3`), a list where a mapping is expected, `yes` for a
boolean (Kubernetes reads YAML 1.2, where `yes` is a string). Fields that take an integer or a
string (`targetPort`) accept both. Where the change is mechanical (add or remove quotes, `yes` →
`true`) a fix is offered.

## Why is this bad?
The API server rejects the object with a decoding error that names a Go struct, not the line.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "3"
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
```

## Valid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::InvalidType, &RULE, out);
}
