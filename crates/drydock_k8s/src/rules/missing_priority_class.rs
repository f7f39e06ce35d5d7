use crate::object::pods;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-priority-class",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A workload sets no priorityClassName"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "priority-class-name",
        },
        Mirror {
            tool: "polaris",
            id: "priorityClassNotSet",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController whose pod
template sets no `priorityClassName`.

Off by default (Polaris has it on): priority classes are defined per cluster, most clusters have
none but the system ones, and without them every pod has the same priority anyway. kube-linter
checks the name against a list of accepted classes, a cluster setting.

## Why is this bad?
When a node runs out of resources, the scheduler preempts lower-priority pods first; without a
class, an important service competes on equal terms with every batch job and can be the one
evicted.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
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
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      priorityClassName: business-critical
      containers:
      - name: web
        image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        if !matches!(
            o.kind,
            "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet" | "ReplicationController"
        ) {
            continue;
        }
        if o.doc.get(template.spec, "priorityClassName").is_none() {
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "the {} sets no priorityClassName: under resource pressure its pods compete \
                     on equal terms with every batch job",
                    o.kind
                ),
                o.anchor(),
            ));
        }
    }
}
