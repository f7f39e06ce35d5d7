use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/undeclared-target-port",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Service's numeric targetPort is not among the container ports the selected pods declare",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Follows a Service port's numeric `targetPort` (or its `port`, when `targetPort` is absent) to the
workloads the Service selects, and reports it when a selected workload declares container ports but
none with that number and protocol. Workloads that declare no ports at all are not reported.

## Why is this bad?
Traffic goes to the number whether or not a container declares it, so this is not always wrong —
but when a container lists its ports and the Service targets another one, the usual cause is a
Service left behind when the application's port changed: connections are refused.

## Invalid
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
    targetPort: 8000
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 8080
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
    targetPort: 8080
---
apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 8080
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges_of(EdgeKind::TargetPort) {
        let (EdgeStatus::Missing, Some(to)) = (edge.status, edge.to) else {
            continue;
        };
        // Numbers only (`port 8080/TCP`), and only against workloads that declare ports.
        if !edge.target.contains('/') || edge.detail.as_deref() != Some("declared") {
            continue;
        }
        let declared: Vec<String> = ctx
            .graph
            .nodes
            .get(to)
            .map(|n| {
                n.containers
                    .iter()
                    .flat_map(|c| c.ports.iter())
                    .filter_map(|p| p.number.map(|n| format!("{n}/{}", p.protocol)))
                    .collect()
            })
            .unwrap_or_default();
        let message = format!(
            "targetPort is {}, but {} declares only {}: if the container listens where it \
             declares, connections through the Service are refused",
            edge.target,
            ctx.describe_at(to),
            declared.join(", ")
        );
        out.extend(at_edge(ctx, edge, &RULE, message, "the selected workload"));
    }
}
