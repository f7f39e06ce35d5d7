use crate::object::{entry_at, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/unmasked-proc-mount",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container unmasks /proc (procMount: Unmasked)"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "unsafe-proc-mount",
        },
        Mirror {
            tool: "polaris",
            id: "procMount",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports `securityContext.procMount: Unmasked` on a container. On by default as in Polaris
(kube-linter leaves it off).

## Why is this bad?
The container runtime masks and makes read-only the parts of `/proc` that expose the host
(`/proc/kcore`, `/proc/sys`, `/proc/sysrq-trigger`…). `Unmasked` removes that protection; only
nested container runtimes in user namespaces need it, and the baseline Pod Security Standard
forbids it.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
  - name: builder
    image: moby/buildkit:v0.16.0
    securityContext:
      procMount: Unmasked
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: builder
spec:
  containers:
  - name: builder
    image: moby/buildkit:v0.16.0
    securityContext:
      procMount: Default
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            if let Some(entry) = entry_at(doc, container, &["securityContext", "procMount"])
                && scalar_text(doc, entry.value) == Some("Unmasked")
            {
                out.push(Diagnostic::new(
                    &RULE,
                    "procMount: Unmasked exposes the host's /proc paths that the runtime \
                     otherwise masks (kcore, sysrq-trigger, sys)",
                    doc.range(entry.value),
                ));
            }
        }
    }
}
