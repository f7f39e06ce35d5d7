use crate::object::objects;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/pdb-unhealthy-pod-eviction-policy",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A PodDisruptionBudget does not say whether unhealthy pods may be evicted",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "pdb-unhealthy-pod-eviction-policy",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a PodDisruptionBudget without `spec.unhealthyPodEvictionPolicy`.

Off by default (kube-linter has it on): the API's default, `IfHealthyBudget`, is the cautious
choice, and `AlwaysAllow`, which kube-linter recommends, is wrong for applications whose
not-ready pods still hold data they must hand over. The rule asks for a decision to be written
down, which is a review question rather than a defect.

## Why is this bad?
With the default, a pod that is running but never becomes ready (a crash loop, a bad
configuration) counts against the budget and cannot be evicted while the budget is exhausted: a
node drain waits on a pod that will never be healthy.

## Invalid
```yaml
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: web
spec:
  maxUnavailable: 1
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
  maxUnavailable: 1
  unhealthyPodEvictionPolicy: AlwaysAllow
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
        if doc.get(spec, "unhealthyPodEvictionPolicy").is_none() {
            out.push(Diagnostic::new(
                &RULE,
                "the budget sets no unhealthyPodEvictionPolicy: a pod that never becomes ready \
                 counts against it and can block node drains",
                o.anchor(),
            ));
        }
    }
}
