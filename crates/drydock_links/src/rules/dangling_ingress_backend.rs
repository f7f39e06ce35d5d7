use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/dangling-ingress-backend",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "An Ingress backend names a Service or Service port that is not in the workspace",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "dangling-ingress",
        },
        Mirror {
            tool: "kube-score",
            id: "ingress-targets-service",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Follows every Ingress backend (the default backend and each path's) to the Service it names, in
the Ingress's namespace, and then to the Service port it names (by number or by name).

## Why is this bad?
A backend whose Service or port does not exist answers every request with 503. The Service may be
created elsewhere (by another repository or a chart), which is why this is a warning.

## Invalid
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 8080
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
```

## Valid
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 80
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges.iter() {
        let message = match (edge.kind, edge.status, edge.to) {
            (EdgeKind::IngressBackend, EdgeStatus::Missing, _) => format!(
                "the backend names {}, which is not in the workspace (namespace {}): requests to \
                 this path get 503",
                edge.target,
                edge.namespace.as_deref().unwrap_or("default")
            ),
            (EdgeKind::IngressBackend, EdgeStatus::OtherNamespace, Some(to)) => format!(
                "the backend names {}, but only {} exists: an Ingress reaches Services of its own \
                 namespace only",
                edge.target,
                ctx.describe_at(to)
            ),
            (EdgeKind::IngressBackendPort, EdgeStatus::Missing, Some(to)) => format!(
                "the backend names {}, but {} has no such port: requests to this path get 503",
                edge.target,
                ctx.describe_at(to)
            ),
            _ => continue,
        };
        out.extend(at_edge(ctx, edge, &RULE, message, "the Service"));
    }
}
