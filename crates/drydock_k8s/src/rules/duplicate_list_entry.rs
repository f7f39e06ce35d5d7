use crate::ViolationKind;
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/duplicate-list-entry",
    language: Language::Kubernetes,
    summary: "Two entries of a keyed list share their key",
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubectl",
            id: "Duplicate value",
        },
        Mirror {
            tool: "kube-linter",
            id: "duplicate-env-var",
        },
        Mirror {
            tool: "kube-score",
            id: "environment-variable-key-duplication",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports an entry of a list whose entries are identified by keys — containers and env vars by `name`,
container ports by `containerPort` and `protocol` — that repeats an earlier entry's keys, and points
at the first one.

## Why is this bad?
The API server rejects duplicate container names and ports; for env vars and other merge lists, one
entry silently wins, and server-side apply refuses the object.

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
  - name: web
    image: busybox:1.36
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
  - name: sidecar
    image: busybox:1.36
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::DuplicateListEntry, &RULE, out);
}
