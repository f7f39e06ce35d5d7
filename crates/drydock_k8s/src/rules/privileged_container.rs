use crate::object::{boolean, entry_at, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/privileged-container",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container runs privileged"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "privileged-container",
        },
        Mirror {
            tool: "kube-score",
            id: "container-security-context-privileged",
        },
        Mirror {
            tool: "polaris",
            id: "runAsPrivileged",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container with `securityContext.privileged: true`.

## Why is this bad?
A privileged container has every capability and every device of the node: escaping it is
trivial, so whoever controls the container controls the node.

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
    securityContext:
      privileged: true
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
      privileged: false
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            if let Some(entry) = entry_at(doc, container, &["securityContext", "privileged"])
                && boolean(doc, entry.value) == Some(true)
            {
                out.push(Diagnostic::new(
                    &RULE,
                    "the container runs privileged: it has every capability and device of the node, so \
                     a compromise of the container is a compromise of the node",
                    doc.range(entry.value),
                ));
            }
        }
    }
}
