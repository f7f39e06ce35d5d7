use crate::object::{at, int, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/single-replica",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A Deployment or StatefulSet runs a single replica"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "minimum-three-replicas",
        },
        Mirror {
            tool: "kube-score",
            id: "deployment-replicas",
        },
        Mirror {
            tool: "polaris",
            id: "deploymentMissingReplicas",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Deployment or StatefulSet with `replicas: 1`, or without `replicas` (which means 1),
unless a HorizontalPodAutoscaler of the same file scales it. `replicas: 0` is a deliberate
scale-down and is not reported.

Off by default (Polaris and kube-score have it on, kube-linter off): examples, development
overlays, singletons such as schedulers, and workloads scaled by an autoscaler defined elsewhere
run one replica on purpose. On the corpus most single-replica workloads are such examples.
kube-linter asks for three replicas, kube-score and Polaris for two; so do we.

## Why is this bad?
One replica is an outage whenever its node is drained, upgraded or lost, and on every rollout
that cannot surge.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
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
```

## Valid
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
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    let all = objects(ctx.stream);
    let scaled: Vec<(&str, &str)> = all
        .iter()
        .filter(|o| o.kind == "HorizontalPodAutoscaler")
        .filter_map(|o| {
            let target = at(o.doc, o.node, &["spec", "scaleTargetRef"])?;
            Some((
                o.doc.get_str(target, "kind")?,
                o.doc.get_str(target, "name")?,
            ))
        })
        .collect();
    for o in &all {
        if !matches!(o.kind, "Deployment" | "StatefulSet") {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec().filter(|&s| doc.entries(s).is_some()) else {
            continue;
        };
        if o.name()
            .is_some_and(|name| scaled.contains(&(o.kind, name)))
        {
            continue;
        }
        let replicas = doc.get(spec, "replicas");
        let (message, range) = match replicas.map(|e| (int(doc, e.value), e)) {
            None => ("sets no replicas, so it runs one", o.anchor()),
            Some((Some(1), entry)) => ("runs one replica", doc.range(entry.value)),
            Some(_) => continue,
        };
        out.push(Diagnostic::new(
            &RULE,
            format!(
                "the {} {message}: draining or losing its node, or a rollout that cannot surge, \
                 is an outage",
                o.kind
            ),
            range,
        ));
    }
}
