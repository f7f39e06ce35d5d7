use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::object::at;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/governing-service",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A StatefulSet's serviceName is not a headless Service in the workspace",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-score",
        id: "statefulset-has-servicename",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Follows a StatefulSet's `serviceName` to the Service in its namespace and checks that the Service
is headless (`clusterIP: None`).

## Why is this bad?
The governing Service gives each pod its stable DNS name (`db-0.db`). Without it, or with a
Service that has a cluster IP, those names do not resolve, and peers that find each other by them
(database replicas, clustered queues) cannot form a cluster.

## Invalid
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  selector:
    app: db
  ports:
  - port: 5432
```

## Valid
```yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: postgres:16
---
apiVersion: v1
kind: Service
metadata:
  name: db
spec:
  clusterIP: None
  selector:
    app: db
  ports:
  - port: 5432
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges_of(EdgeKind::GoverningService) {
        let namespace = edge.namespace.as_deref().unwrap_or("default");
        let message = match (edge.status, edge.to) {
            (EdgeStatus::Missing, _) => format!(
                "serviceName names {}, which is not in the workspace (namespace {namespace}): \
                 the pods get no stable DNS names",
                edge.target
            ),
            (EdgeStatus::OtherNamespace, Some(to)) => format!(
                "serviceName names {}, but only {} exists: the governing Service must be in the \
                 StatefulSet's namespace ({namespace})",
                edge.target,
                ctx.describe_at(to)
            ),
            (EdgeStatus::Resolved, Some(to)) => {
                let Some((_, service)) = ctx.objects.get(to) else {
                    continue;
                };
                let headless = service
                    .spec()
                    .and_then(|s| at(service.doc, s, &["clusterIP"]))
                    .and_then(|n| service.doc.scalar(n))
                    .is_some_and(|s| s.value == "None");
                if headless {
                    continue;
                }
                format!(
                    "serviceName names {}, which is not headless (it has no `clusterIP: None`): \
                     the pods get no stable DNS names",
                    ctx.describe_at(to)
                )
            }
            _ => continue,
        };
        out.extend(at_edge(ctx, edge, &RULE, message, "the Service"));
    }
}
