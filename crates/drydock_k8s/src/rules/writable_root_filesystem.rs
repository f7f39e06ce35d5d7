use crate::object::{boolean, container_anchor, entry_at, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/writable-root-filesystem",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container's root filesystem is writable"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "no-read-only-root-fs",
        },
        Mirror {
            tool: "kube-score",
            id: "container-security-context-readonlyrootfilesystem",
        },
        Mirror {
            tool: "polaris",
            id: "notReadOnlyRootFilesystem",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container without `securityContext.readOnlyRootFilesystem: true`.

## Why is this bad?
A writable root filesystem lets an attacker modify binaries and drop tools in the container,
and hides state in a place that disappears with the pod. Write to mounted volumes
(`emptyDir` for scratch space) instead.

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
    securityContext:
      readOnlyRootFilesystem: true
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            match entry_at(doc, container, &["securityContext", "readOnlyRootFilesystem"]) {
                Some(entry) if boolean(doc, entry.value) == Some(true) => {}
                Some(entry) => out.push(Diagnostic::new(
                    &RULE,
                    "readOnlyRootFilesystem is false: processes in the container can rewrite its \
                     binaries and configuration",
                    doc.range(entry.value),
                )),
                None => out.push(
                    Diagnostic::new(
                        &RULE,
                        "the container's root filesystem is writable: processes in it can rewrite its \
                         binaries and configuration",
                        container_anchor(doc, container),
                    )
                    .with_help("set `securityContext.readOnlyRootFilesystem: true` and mount an emptyDir where the application writes"),
                ),
            }
        }
    }
}
