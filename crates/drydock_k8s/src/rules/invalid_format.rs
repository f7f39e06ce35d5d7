use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-format",
    language: Language::Kubernetes,
    summary: "A value that does not have the field's format",
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubectl",
            id: "quantities must match the regular expression",
        },
        Mirror {
            tool: "kubeconform",
            id: "is not valid",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports values of the right type but the wrong form: a resource quantity such as `1GB` (Kubernetes
writes `1G` or `1Gi`), a port beyond 32 bits, Secret `data` that is not base64, a timestamp that is
not RFC 3339.

## Why is this bad?
The API server rejects the object, or (for quantities) the error only shows when the Pod is
scheduled.

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
    resources:
      limits:
        memory: 512MB
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
    resources:
      limits:
        memory: 512Mi
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::InvalidFormat, &RULE, out);
}
