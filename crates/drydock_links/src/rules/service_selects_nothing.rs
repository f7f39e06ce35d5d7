use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge, unmatched_selectors};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/service-selects-nothing",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A Service's selector matches no pods in its namespace"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "dangling-service",
        },
        Mirror {
            tool: "kube-score",
            id: "service-targets-pod",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Service whose `selector` matches the pod labels of no workload in the workspace, in the
Service's namespace — and says so when the only match is in another namespace (a Service selects
pods of its own namespace only).

Pods a Job creates carry its name (`job-name`). When a custom resource is in the namespace
(an operator's `Prometheus`, a `LeaderWorkerSet`), its controller may create the pods, so nothing
is reported there: on the shared corpus most findings before this exception were such pods.

## Why is this bad?
A Service without matching pods has no endpoints: connections to it are refused or time out, and
nothing in `kubectl apply` says why. A typo in a label (`app: web` against `app: webapp`) is the
usual cause. Pods created outside the workspace (by an operator, a Helm chart) are not seen, which
is why this is a warning: silence it with `drydock.dev/ignore: service-selects-nothing` on such a
Service.

## Invalid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: webapp
  ports:
  - port: 80
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
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
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in unmatched_selectors(ctx, EdgeKind::ServiceSelector) {
        let service = ctx.describe(edge.from);
        let namespace = edge.namespace.as_deref().unwrap_or("default");
        let message = match edge.status {
            EdgeStatus::Missing => format!(
                "{service} selects {}, but no workload in namespace {namespace} has such pods: \
                 the Service has no endpoints",
                edge.target
            ),
            EdgeStatus::OtherNamespace => match edge.to {
                Some(to) => format!(
                    "{service} selects {}, which only {} has: a Service selects pods of its own \
                     namespace ({namespace}), so it has no endpoints",
                    edge.target,
                    ctx.describe_at(to)
                ),
                None => continue,
            },
            _ => continue,
        };
        out.extend(at_edge(
            ctx,
            edge,
            &RULE,
            message,
            "pods in another namespace",
        ));
    }
}
