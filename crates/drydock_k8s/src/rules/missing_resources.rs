use crate::object::{ContainerList, at, container_anchor, pods};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-resources",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container sets no CPU or memory request, or no memory limit"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "unset-cpu-requirements",
        },
        Mirror {
            tool: "kube-linter",
            id: "unset-memory-requirements",
        },
        Mirror {
            tool: "kube-score",
            id: "container-resources",
        },
        Mirror {
            tool: "polaris",
            id: "cpuRequestsMissing",
        },
        Mirror {
            tool: "polaris",
            id: "memoryRequestsMissing",
        },
        Mirror {
            tool: "polaris",
            id: "memoryLimitsMissing",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container without `resources.requests.cpu`, `resources.requests.memory` or
`resources.limits.memory`, naming the ones missing. A CPU limit is not required: it throttles a
container even when the node is idle.

## Why is this bad?
The scheduler places pods by their requests: without them it packs a node until it runs out of
memory, and the pod is the first evicted (`BestEffort`). Without a memory limit one leaking
container can take the whole node's memory.

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
        cpu: 100m
        memory: 128Mi
      limits:
        memory: 256Mi
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
            let missing: Vec<&str> = [
                (["resources", "requests", "cpu"], "CPU request"),
                (["resources", "requests", "memory"], "memory request"),
                (["resources", "limits", "memory"], "memory limit"),
            ]
            .into_iter()
            .filter(|(path, _)| at(doc, container, path).is_none())
            .map(|(_, what)| what)
            .collect();
            if missing.is_empty() {
                continue;
            }
            let range = doc
                .get(container, "resources")
                .map_or_else(|| container_anchor(doc, container), |e| doc.range(e.key));
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "the container has no {}: the scheduler cannot place it by what it needs, and a \
                     node under memory pressure evicts it first",
                    match missing.split_last() {
                    Some((last, [])) => (*last).to_owned(),
                    Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
                    None => String::new(),
                }
                ),
                range,
            ));
        }
    }
}
