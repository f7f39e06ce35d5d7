use crate::object::{boolean, entry_at, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/host-process",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A Windows pod or container runs as a host process"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "polaris",
        id: "hostProcess",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `securityContext.windowsOptions.hostProcess: true` in a pod spec or a container.

## Why is this bad?
A HostProcess container is not a container: it runs directly on the Windows node, in the host's
network namespace, with access to its file system and, as `SYSTEM`, full control of it. The
baseline Pod Security Standard forbids it; only node agents need it.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  securityContext:
    windowsOptions:
      hostProcess: true
      runAsUserName: "NT AUTHORITY\\SYSTEM"
  hostNetwork: true
  containers:
  - name: agent
    image: mcr.microsoft.com/windows/nanoserver:ltsc2022
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  containers:
  - name: agent
    image: mcr.microsoft.com/windows/nanoserver:ltsc2022
```
"#,
    ),
};

const PATH: [&str; 3] = ["securityContext", "windowsOptions", "hostProcess"];

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        let nodes =
            std::iter::once(template.spec).chain(o.containers().into_iter().map(|(_, c)| c));
        for node in nodes {
            if let Some(entry) = entry_at(doc, node, &PATH)
                && boolean(doc, entry.value) == Some(true)
            {
                out.push(Diagnostic::new(
                    &RULE,
                    "hostProcess: true runs the container directly on the Windows node, with the \
                     node's network and file system",
                    doc.range(entry.key),
                ));
            }
        }
    }
}
