use crate::object::objects;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/pdb-without-budget",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A PodDisruptionBudget sets neither minAvailable nor maxUnavailable",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-score",
        id: "poddisruptionbudget-has-policy",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a PodDisruptionBudget whose spec has neither `minAvailable` nor `maxUnavailable`.

## Why is this bad?
The budget is the number: without one, the disruption controller of `policy/v1` requires no pod
to stay up and allows every eviction (the old `policy/v1beta1` silently meant `minAvailable: 1`).
The object looks like protection and protects nothing.

## Invalid
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
```

## Valid
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  minAvailable: 1
  selector:
    matchLabels:
      app: web
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "PodDisruptionBudget" {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec().filter(|&s| doc.entries(s).is_some()) else {
            continue;
        };
        if doc.get(spec, "minAvailable").is_none() && doc.get(spec, "maxUnavailable").is_none() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    "the PodDisruptionBudget sets neither minAvailable nor maxUnavailable: it \
                     requires no pod to stay up and allows every eviction",
                    o.anchor(),
                )
                .with_help("set `maxUnavailable: 1` (or a `minAvailable` below the replicas)"),
            );
        }
    }
}
