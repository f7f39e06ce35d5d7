use crate::object::{entry_at, objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/recreate-strategy",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Deployment replaces all its pods at once (strategy Recreate)",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "no-rolling-update-strategy",
        },
        Mirror {
            tool: "kube-score",
            id: "deployment-strategy",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Deployment whose `strategy.type` is `Recreate`.

Off by default (kube-score has it on for Deployments behind a Service): `Recreate` is the right
choice for an application that must never run twice at once, such as one that holds a
`ReadWriteOnce` volume or runs schema migrations at start.

## Why is this bad?
`Recreate` stops every old pod before starting any new one: each rollout is an outage for as
long as the new pods take to become ready, and a bad image leaves no pod running at all.

## Invalid
```yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  strategy:
    type: Recreate
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
  strategy:
    type: RollingUpdate
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
        if o.kind != "Deployment" {
            continue;
        }
        let doc = o.doc;
        if let Some(entry) = entry_at(doc, o.node, &["spec", "strategy", "type"])
            && scalar_text(doc, entry.value) == Some("Recreate")
        {
            out.push(Diagnostic::new(
                &RULE,
                "strategy Recreate stops every old pod before starting a new one: each rollout \
                 is an outage until the new pods are ready",
                doc.range(entry.value),
            ));
        }
    }
}
