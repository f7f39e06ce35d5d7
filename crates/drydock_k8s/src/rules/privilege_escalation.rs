use crate::object::{boolean, container_anchor, entry_at, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/privilege-escalation",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container does not forbid privilege escalation"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "privilege-escalation-container",
        },
        Mirror {
            tool: "polaris",
            id: "privilegeEscalationAllowed",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container whose `securityContext.allowPrivilegeEscalation` is not `false` (it is
`true`, or absent, which means true unless the container drops `SYS_ADMIN` and is not privileged).

## Why is this bad?
Without it, a process can gain more privileges than its parent (setuid binaries, file
capabilities): an attacker who gets a shell as an unprivileged user can become root in the container.

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
      allowPrivilegeEscalation: false
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            match entry_at(doc, container, &["securityContext", "allowPrivilegeEscalation"]) {
                Some(entry) if boolean(doc, entry.value) == Some(false) => {}
                Some(entry) => out.push(Diagnostic::new(
                    &RULE,
                    "allowPrivilegeEscalation is true: a process in the container can gain more \
                     privileges than its parent (setuid binaries, file capabilities)",
                    doc.range(entry.value),
                )),
                None => out.push(
                    Diagnostic::new(
                        &RULE,
                        "the container does not set allowPrivilegeEscalation: false, so its processes \
                         can gain privileges through setuid binaries",
                        container_anchor(doc, container),
                    )
                    .with_help("set `securityContext.allowPrivilegeEscalation: false`"),
                ),
            }
        }
    }
}
