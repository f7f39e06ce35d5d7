use crate::object::{ContainerList, at, container_anchor, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-ephemeral-storage",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container sets no ephemeral-storage request or limit"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-score",
        id: "container-ephemeral-storage-request-and-limit",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container (init containers included) without `resources.requests.ephemeral-storage`
or `resources.limits.ephemeral-storage`, naming the ones missing.

Off by default (kube-score has it on): most applications write little to local disk, and sizing
it takes measurements few teams have; on the corpus 369 containers lack it.

## Why is this bad?
Logs, caches and `emptyDir` volumes share the node's disk. Without a request the scheduler does
not count the disk a pod needs; without a limit one pod can fill the disk and the kubelet then
evicts pods that did nothing wrong.

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
    resources:
      requests:
        ephemeral-storage: 100Mi
      limits:
        ephemeral-storage: 1Gi
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (list, container) in o.containers() {
            if list == ContainerList::EphemeralContainers {
                continue;
            }
            let missing: Vec<&str> = ["requests", "limits"]
                .into_iter()
                .filter(|kind| {
                    at(doc, container, &["resources", kind, "ephemeral-storage"]).is_none()
                })
                .collect();
            if missing.is_empty() {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "the container sets no ephemeral-storage {}: its logs, caches and emptyDirs \
                     can fill the node's disk, and the kubelet then evicts other pods",
                    missing.join(" or ")
                ),
                container_anchor(doc, container),
            ));
        }
    }
}
