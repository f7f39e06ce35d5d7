use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::EdgeKind;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/duplicate-object",
    language: Language::Kubernetes,
    summary: crate::rules::summary("The same object (kind, namespace, name) is defined twice"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports an object whose API group, kind, namespace and name repeat an earlier object's in the
same file, and names the first definition. Repeats in different files are in the relation graph
(`duplicate` edges) but not reported: on the shared corpus all 160 of them were alternatives kept
side by side on purpose (`job.yaml` and `job-patch.yaml`, one model server per variant) and applied
one at a time.

## Why is this bad?
`kubectl apply` applies both, and the last one silently wins; kustomize refuses the build. Either
way one of the two definitions is dead text that readers will take for the truth.

## Invalid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  MODE: production
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  MODE: staging
```

## Valid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: production
data:
  MODE: production
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: staging
data:
  MODE: staging
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges_of(EdgeKind::Duplicate) {
        let Some(first) = edge.to else {
            continue;
        };
        if ctx.file_of(first) != ctx.file_of(edge.from) {
            continue;
        }
        let message = format!(
            "{} is defined again here; the first definition is {}: applying both, the last one \
             silently wins",
            edge.target,
            ctx.describe_at(first)
        );
        out.extend(at_edge(ctx, edge, &RULE, message, "first defined here"));
    }
}
