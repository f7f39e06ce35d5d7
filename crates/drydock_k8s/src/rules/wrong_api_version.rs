use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/wrong-api-version",
    language: Language::Kubernetes,
    summary: crate::rules::summary("The apiVersion does not serve the kind"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "kubernetes-validate",
            id: "couldn't find schema for kind",
        },
        Mirror {
            tool: "kubectl",
            id: "no matches for kind",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports an `apiVersion` that never served the object's kind, and names the one that does:
"Deployment is served by apps/v1, not v1". The fix replaces the apiVersion when the object is valid
under it; the object is validated against that version either way, so its other problems show at
once.

## Why is this bad?
The API server rejects the object ("no matches for kind Deployment in version v1"); other tools only
say that they found no schema.

## Invalid
```yaml
apiVersion: v1
kind: Deployment
metadata:
  name: web
spec:
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
    report(ctx, ViolationKind::WrongApiVersion, &RULE, out);
}
