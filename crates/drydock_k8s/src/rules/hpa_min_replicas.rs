use crate::object::{int, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/hpa-min-replicas",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A HorizontalPodAutoscaler may scale down to a single replica"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "hpa-minimum-three-replicas",
        },
        Mirror {
            tool: "kube-score",
            id: "horizontalpodautoscaler-replicas",
        },
        Mirror {
            tool: "polaris",
            id: "hpaMinAvailability",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a HorizontalPodAutoscaler whose `minReplicas` is 1 or unset (which means 1).

Off by default (kube-score and Polaris have it on, kube-linter off): scaling to one replica at
night is exactly what many autoscalers are for, and the examples of the corpus do it on purpose.
kube-linter asks for three, kube-score and Polaris for two; so do we.

## Why is this bad?
At its minimum the workload is a single pod: draining or losing its node is an outage until the
autoscaler and the scheduler bring another one up.

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
  maxReplicas: 10
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
  minReplicas: 2
  maxReplicas: 10
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
        let Some(spec) = o.spec().filter(|&s| doc.entries(s).is_some()) else {
            continue;
        };
        let range = match doc.get(spec, "minReplicas") {
            None => o.anchor(),
            Some(entry) if int(doc, entry.value) == Some(1) => doc.range(entry.value),
            Some(_) => continue,
        };
        out.push(Diagnostic::new(
            &RULE,
            "the autoscaler may scale down to one replica: draining or losing that pod's node is \
             an outage",
            range,
        ));
    }
}
