use crate::object::{int, objects};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/hpa-replica-range",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A HorizontalPodAutoscaler's minReplicas exceeds its maxReplicas",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a HorizontalPodAutoscaler whose `minReplicas` is greater than its `maxReplicas`, or
below 1.

## Why is this bad?
The API server rejects it (`must be greater than or equal to minReplicas`; scaling to zero needs
an alpha feature gate).

## Invalid
```yaml
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: apps/v1
    kind: Deployment
    name: web
  minReplicas: 5
  maxReplicas: 3
```

## Valid
```yaml
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
  maxReplicas: 5
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "HorizontalPodAutoscaler" {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec() else {
            continue;
        };
        let min = doc.get(spec, "minReplicas");
        let max = doc.get(spec, "maxReplicas");
        let min_value = min.and_then(|e| int(doc, e.value));
        let max_value = max.and_then(|e| int(doc, e.value));
        if let (Some(entry), Some(n)) = (min, min_value)
            && n < 1
        {
            out.push(Diagnostic::new(
                &RULE,
                format!("minReplicas is {n}: it must be at least 1 (scaling to zero needs the alpha HPAScaleToZero gate)"),
                doc.range(entry.value),
            ));
        }
        if let (Some(min_entry), Some(lo), Some(max_entry), Some(hi)) =
            (min, min_value, max, max_value)
            && lo > hi
        {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!("minReplicas ({lo}) is greater than maxReplicas ({hi}): the API server rejects the autoscaler"),
                    doc.range(min_entry.value),
                )
                .with_label(doc.range(max_entry.value), "maxReplicas"),
            );
        }
    }
}
