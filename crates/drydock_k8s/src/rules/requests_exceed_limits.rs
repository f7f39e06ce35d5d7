use crate::object::{at, pods, string_map};
use crate::quantity;
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/requests-exceed-limits",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container requests more of a resource than its limit allows"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container whose `resources.requests` for a resource (cpu, memory, ephemeral storage,
…) is greater than its `resources.limits` for the same resource, comparing the quantities
(`500m` < `1`, `1Gi` > `1000Mi`).

## Why is this bad?
The API server rejects the pod (`must be less than or equal to memory limit`): a container can
never be guaranteed more than it may use.

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
    resources:
      requests:
        memory: 1Gi
      limits:
        memory: 512Mi
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
        memory: 256Mi
      limits:
        memory: 512Mi
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            let limits = string_map(doc, at(doc, container, &["resources", "limits"]));
            for (resource, request, _, request_node) in
                string_map(doc, at(doc, container, &["resources", "requests"]))
            {
                let Some((_, limit, _, limit_node)) = limits.iter().find(|(r, ..)| *r == resource)
                else {
                    continue;
                };
                let (Some(asked), Some(allowed)) =
                    (quantity::parse(request), quantity::parse(limit))
                else {
                    continue;
                };
                if asked > allowed {
                    out.push(
                        Diagnostic::new(
                            &RULE,
                            format!(
                                "the {resource} request ({request}) is greater than its limit ({limit}): \
                                 the API server rejects the pod"
                            ),
                            doc.range(request_node),
                        )
                        .with_label(doc.range(*limit_node), "the limit"),
                    );
                }
            }
        }
    }
}
