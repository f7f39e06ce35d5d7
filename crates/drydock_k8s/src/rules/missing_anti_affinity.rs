use crate::object::{at, int, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-anti-affinity",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Deployment or StatefulSet with several replicas that does not spread its pods across nodes",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "no-anti-affinity",
        },
        Mirror {
            tool: "kube-score",
            id: "deployment-has-host-podantiaffinity",
        },
        Mirror {
            tool: "kube-score",
            id: "statefulset-has-host-podantiaffinity",
        },
        Mirror {
            tool: "kube-score",
            id: "pod-topology-spread-constraints",
        },
        Mirror {
            tool: "polaris",
            id: "topologySpreadConstraint",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Deployment or StatefulSet with more than one replica whose pod template has neither a
`podAntiAffinity` nor `topologySpreadConstraints`.

Opt-in: kube-linter and kube-score report it by default, but since Kubernetes 1.24 the scheduler's
default `PodTopologySpread` constraints already spread a workload's pods over nodes and zones on
most clusters (as a preference), which is what most applications need. kube-score's
`pod-topology-spread-constraints` and Polaris's `topologySpreadConstraint` ask for the constraints
themselves; either field spreads the replicas, so either satisfies this rule.

## Why is this bad?
Without a spread, the scheduler may place every replica on one node: the node's failure or drain
takes the whole workload down, replicas and all.

## Invalid
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
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector:
          matchLabels:
            app: web
      containers:
      - name: web
        image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if !matches!(o.kind, "Deployment" | "StatefulSet") {
            continue;
        }
        let doc = o.doc;
        let Some(replicas) = o.spec().and_then(|s| doc.get(s, "replicas")) else {
            continue;
        };
        let Some(count) = int(doc, replicas.value).filter(|&n| n > 1) else {
            continue;
        };
        let Some(template) = o.pod_template() else {
            continue;
        };
        if at(doc, template.spec, &["affinity", "podAntiAffinity"]).is_some()
            || at(doc, template.spec, &["topologySpreadConstraints"]).is_some()
        {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                format!(
                    "{count} replicas, but no podAntiAffinity or topologySpreadConstraints: the \
                     scheduler may put them all on one node, and that node's failure takes them \
                     all down"
                ),
                doc.range(replicas.value),
            )
            .with_help(
                "add `topologySpreadConstraints` on `kubernetes.io/hostname`, or a \
                 preferred podAntiAffinity on the pod labels",
            ),
        );
    }
}
