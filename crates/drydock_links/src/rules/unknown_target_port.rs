use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/unknown-target-port",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Service's named targetPort is not a port name of the pods it selects",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Follows a Service port's `targetPort`, when it is a name, to the containers of every workload the
Service selects, and reports it when a selected workload has no container port of that name (and
protocol).

## Why is this bad?
A named `targetPort` is resolved per pod, against the names of its container ports. A pod without
that name gets no endpoint for the port: the Service silently sends it no traffic. The schema
cannot see this, and no other linter follows the name across objects.

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
    targetPort: http
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
    - name: web
      containerPort: 8080
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
    targetPort: http
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
    - name: http
      containerPort: 8080
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges_of(EdgeKind::TargetPort) {
        let (EdgeStatus::Missing, Some(to)) = (edge.status, edge.to) else {
            continue;
        };
        if edge.target.starts_with("port ") && edge.target.contains('/') {
            continue; // A number: `undeclared-target-port`.
        }
        let names: Vec<String> = ctx
            .graph
            .nodes
            .get(to)
            .map(|n| {
                n.containers
                    .iter()
                    .flat_map(|c| c.ports.iter())
                    .filter_map(|p| p.name.clone())
                    .collect()
            })
            .unwrap_or_default();
        let message = format!(
            "targetPort names {}, but no container of {} has a port of that name ({}): the \
             Service gets no endpoint there",
            edge.target,
            ctx.describe_at(to),
            if names.is_empty() {
                "it names none".to_owned()
            } else {
                format!("it has {}", names.join(", "))
            }
        );
        out.extend(at_edge(ctx, edge, &RULE, message, "the selected workload"));
    }
}
