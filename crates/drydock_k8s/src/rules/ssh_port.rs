use crate::object::{at, int, items, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/ssh-port",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container exposes port 22 (SSH)"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "ssh-port",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container port 22 over TCP (the protocol's default).

## Why is this bad?
Port 22 is SSH. An SSH server in a container is a second way in, with its own keys and
passwords to manage, beside `kubectl exec`, which is authenticated and audited by the API
server. If the port is not SSH, the number still makes scanners and readers believe it is.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: git
spec:
  containers:
  - name: git
    image: gitea/gitea:1.22
    ports:
    - containerPort: 22
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: git
spec:
  containers:
  - name: git
    image: gitea/gitea:1.22
    ports:
    - containerPort: 2222
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            for &port in items(doc, at(doc, container, &["ports"])) {
                let Some(number) = at(doc, port, &["containerPort"]) else {
                    continue;
                };
                let tcp = doc.get_str(port, "protocol").is_none_or(|p| p == "TCP");
                if tcp && int(doc, number) == Some(22) {
                    out.push(Diagnostic::new(
                        &RULE,
                        "the container exposes port 22, SSH's: a second way into the container, \
                         beside the audited `kubectl exec`",
                        doc.range(number),
                    ));
                }
            }
        }
    }
}
