use std::collections::HashSet;

use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/replicas-with-hpa",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Deployment or StatefulSet that a HorizontalPodAutoscaler scales sets replicas",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "kube-score",
        id: "deployment-targeted-by-hpa-does-not-have-replicas-configured",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `spec.replicas` on a Deployment or StatefulSet that a HorizontalPodAutoscaler of the
workspace scales (its `scaleTargetRef`, in the same namespace, across all files). The fix removes
the line.

## Why is this bad?
The autoscaler owns the replica count. Each `kubectl apply` of the manifest sets it back to the
written number: a workload scaled out under load drops to `replicas` at the next deploy, until the
autoscaler catches up.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 3
  maxReplicas: 10
```

## Valid
```yaml
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
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 3
  maxReplicas: 10
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    let mut seen = HashSet::new();
    for edge in ctx.graph.edges_of(EdgeKind::ScaleTarget) {
        let (EdgeStatus::Resolved, Some(workload)) = (edge.status, edge.to) else {
            continue;
        };
        if !seen.insert(workload) {
            continue;
        }
        let Some((file, o)) = ctx.objects.get(workload) else {
            continue;
        };
        if !matches!(o.kind, "Deployment" | "StatefulSet") {
            continue;
        }
        let Some(replicas) = o.spec().and_then(|s| o.doc.get(s, "replicas")) else {
            continue;
        };
        let key = o.doc.range(replicas.key);
        let value = o.doc.range(replicas.value);
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!(
                "{} is scaled by {}, but sets replicas: each apply resets the autoscaler's count",
                ctx.describe(workload),
                ctx.describe_at(edge.from)
            ),
            TextRange::new(key.start, value.end),
        );
        if let Some(line) = ctx
            .workspace
            .files
            .get(*file)
            .and_then(|f| whole_line(&f.text, key, value))
        {
            diagnostic = diagnostic.with_fix(Fix::replace("Remove `replicas`", line, ""));
        }
        out.push(Placed {
            file: *file,
            diagnostic,
        });
    }
}

/// The line of an entry written alone on it in block style, with the line break.
fn whole_line(text: &str, key: TextRange, value: TextRange) -> Option<TextRange> {
    let line_start = text.get(..key.start)?.rfind('\n').map_or(0, |i| i + 1);
    if !text.get(line_start..key.start)?.chars().all(|c| c == ' ') {
        return None;
    }
    let rest = text.get(value.end..)?;
    let line_end = rest.find('\n').map_or(text.len(), |i| value.end + i + 1);
    if !text.get(value.end..line_end)?.trim().is_empty() {
        return None;
    }
    Some(TextRange::new(line_start, line_end))
}
