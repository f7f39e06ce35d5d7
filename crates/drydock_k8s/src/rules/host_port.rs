use crate::object::{at, boolean, int, items, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/host-port",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container binds a port on its node (hostPort)"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "polaris",
        id: "hostPortSet",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container port with a non-zero `hostPort`. Pods with `hostNetwork: true` are left to
`kubernetes/host-namespaces` (their ports are the node's anyway).

## Why is this bad?
The port is opened on the node's own address: the pod is reachable from outside the cluster
network, around Services and often around NetworkPolicies, and only one such pod fits on each
node, so a rollout or a second replica stays Pending when the nodes run out.

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
      hostPort: 80
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
    ports:
    - containerPort: 80
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        if at(doc, template.spec, &["hostNetwork"]).and_then(|n| boolean(doc, n)) == Some(true) {
            continue;
        }
        for (_, container) in o.containers() {
            for &port in items(doc, at(doc, container, &["ports"])) {
                let Some(entry) = doc.get(port, "hostPort") else {
                    continue;
                };
                let Some(number) = int(doc, entry.value).filter(|&n| n != 0) else {
                    continue;
                };
                out.push(Diagnostic::new(
                    &RULE,
                    format!(
                        "hostPort {number} opens the port on the node's address: the pod is \
                         reachable around Services, and only one such pod fits on each node"
                    ),
                    doc.range(entry.key),
                ));
            }
        }
    }
}
