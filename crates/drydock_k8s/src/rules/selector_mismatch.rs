use crate::object::{Selector, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/selector-mismatch",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A workload's selector does not match its pod template's labels",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "mismatching-selector",
        },
        Mirror {
            tool: "kube-score",
            id: "deployment-pod-selector-labels-match-template-metadata-labels",
        },
        Mirror {
            tool: "kube-score",
            id: "statefulset-pod-selector-labels-match-template-metadata-labels",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Deployment, StatefulSet, DaemonSet, ReplicaSet or ReplicationController whose `selector`
(`matchLabels` and `matchExpressions`) does not select the labels of its own pod template.

## Why is this bad?
The API server rejects the object (`selector does not match template labels`): a controller
must own the pods it creates. Usually a label was renamed in one place only.

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
        app: website
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
      containers:
      - name: web
        image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        let doc = o.doc;
        let plain = o.kind == "ReplicationController";
        if !plain
            && !matches!(
                o.kind,
                "Deployment" | "StatefulSet" | "DaemonSet" | "ReplicaSet"
            )
        {
            continue;
        }
        let (Some(entry), Some(template)) = (
            o.spec().and_then(|s| doc.get(s, "selector")),
            o.pod_template(),
        ) else {
            continue;
        };
        let selector = if plain {
            Selector::from_map(doc, entry.value)
        } else {
            Selector::from_label_selector(doc, entry.value)
        };
        if selector.is_empty() {
            continue;
        }
        let labels = o.pod_labels();
        if selector.matches(labels.iter().map(|(k, v, _, _)| (*k, *v))) {
            continue;
        }
        let shown: Vec<String> = labels
            .iter()
            .map(|(k, v, _, _)| format!("{k}={v}"))
            .collect();
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!(
                "the selector {selector} does not match the pod template's labels ({}): the API \
                 server rejects a {} whose selector does not select its own pods",
                if shown.is_empty() {
                    "none".to_owned()
                } else {
                    shown.join(",")
                },
                o.kind
            ),
            doc.range(entry.key),
        );
        if let Some(labels) = template.labels {
            diagnostic = diagnostic.with_label(doc.range(labels), "the template's labels");
        }
        out.push(diagnostic);
    }
}
