use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use crate::rules::{Placed, WorkspaceContext, at_edge};
use drydock_base::diagnostic::Severity;
use drydock_k8s::relations::{EdgeKind, EdgeStatus};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-config-reference",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A pod references a ConfigMap, Secret or PersistentVolumeClaim that is not in the workspace",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "env-value-from",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Follows every ConfigMap and Secret a pod template uses (`env[].valueFrom`, `envFrom`, `configMap`,
`secret` and `projected` volumes, `imagePullSecrets`) and every `persistentVolumeClaim` volume to
the object in the pod's namespace. References marked `optional: true` are not reported; a
reference found only in another namespace is.

## Why is this bad?
A pod whose required ConfigMap, Secret or claim does not exist never starts
(`CreateContainerConfigError`, or `Pending` for a claim). Secrets and claims are often created
outside the repository (by a secret manager, by hand, by a StorageClass), so this is an info, not an
error: it lists what must exist in the cluster before the workload is applied. On the shared corpus
most findings are Secrets of that kind.

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
    envFrom:
    - configMapRef:
        name: web-config
```

## Valid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  MODE: production
---
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    envFrom:
    - configMapRef:
        name: web-config
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for edge in ctx.graph.edges.iter() {
        if !matches!(
            edge.kind,
            EdgeKind::ConfigMap | EdgeKind::Secret | EdgeKind::PersistentVolumeClaim
        ) || edge.optional
        {
            continue;
        }
        let place = edge.detail.as_deref().unwrap_or("the pod template");
        let namespace = edge.namespace.as_deref().unwrap_or("default");
        let message = match (edge.status, edge.to) {
            (EdgeStatus::Missing, _) => format!(
                "{place} uses {}, which is not in the workspace: it must exist in namespace \
                 {namespace} before the pod can start",
                edge.target
            ),
            (EdgeStatus::OtherNamespace, Some(to)) => format!(
                "{place} uses {}, but only {} is in the workspace: pods use objects of their own \
                 namespace ({namespace})",
                edge.target,
                ctx.describe_at(to)
            ),
            _ => continue,
        };
        out.extend(at_edge(ctx, edge, &RULE, message, "defined here"));
    }
}
