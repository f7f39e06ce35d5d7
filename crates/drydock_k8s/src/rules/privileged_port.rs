use crate::object::{at, int, items, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/privileged-port",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container listens on a port below 1024"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "privileged-ports",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `containerPort` from 1 to 1023.

Off by default, as in kube-linter: many official images listen on 80 or 443 and keep
`NET_BIND_SERVICE` for it, and runtimes that set `net.ipv4.ip_unprivileged_port_start=0` make the
question moot.

## Why is this bad?
Binding a port below 1024 needs root or the `NET_BIND_SERVICE` capability, so the container
cannot run as a non-root user with every capability dropped. A Service can map port 80 to 8080
instead.

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
    ports:
    - containerPort: 80
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
    image: nginxinc/nginx-unprivileged:1.27
    ports:
    - containerPort: 8080
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            for &port in items(doc, at(doc, container, &["ports"])) {
                let Some(node) = at(doc, port, &["containerPort"]) else {
                    continue;
                };
                if let Some(number) = int(doc, node).filter(|n| (1..1024).contains(n)) {
                    out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "port {number} is privileged: binding it needs root or \
                             NET_BIND_SERVICE, so the container cannot drop all capabilities"
                        ),
                        doc.range(node),
                    ));
                }
            }
        }
    }
}
