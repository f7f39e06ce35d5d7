use crate::object::{entry_at, objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/exposed-service",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Service is exposed outside the cluster (NodePort or LoadBalancer)",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "exposed-services",
        },
        Mirror {
            tool: "kube-score",
            id: "service-type",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Service of type `NodePort` or `LoadBalancer`.

Off by default (kube-score reports NodePort by default, kube-linter both, off by default): a
LoadBalancer is how most applications are published, and the dangerous case, a database exposed
that way, is `kubernetes/public-database`'s, on by default.

## Why is this bad?
A NodePort opens the port on every node of the cluster, usually around the firewall rules meant
for the load balancer; a LoadBalancer gets an address, often public. Anything behind them should
be meant to be reached from outside, and preferably through an Ingress or Gateway that terminates
TLS.

## Invalid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector:
    app: web
  ports:
  - port: 80
```

## Valid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "Service" {
            continue;
        }
        let doc = o.doc;
        let Some(entry) = entry_at(doc, o.node, &["spec", "type"]) else {
            continue;
        };
        let message = match scalar_text(doc, entry.value) {
            Some("NodePort") => {
                "type NodePort opens the port on every node of the cluster, usually around the \
                 firewall meant for the load balancer"
            }
            Some("LoadBalancer") => {
                "type LoadBalancer gives the Service an address outside the cluster, often a \
                 public one"
            }
            _ => continue,
        };
        out.push(Diagnostic::new(&RULE, message, doc.range(entry.value)));
    }
}
