use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/common-labels-on-selector",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "Labels the kustomization adds also go into workload and Service selectors",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports `commonLabels`, and `labels` entries with `includeSelectors: true`, when the
kustomization's output has objects with selectors. kustomize adds such labels not only to
`metadata.labels` but to selectors too: a Deployment's, StatefulSet's, DaemonSet's or ReplicaSet's
`spec.selector.matchLabels` and pod template labels, a Service's `spec.selector`, a Job's
template, a PodDisruptionBudget's or NetworkPolicy's selectors.

## Why is this bad?
A Deployment's (or StatefulSet's, DaemonSet's) selector is immutable. Adding or changing such a
label once the workload is deployed makes `kubectl apply` fail with `field is immutable`, and the
workload must be deleted and created again. A selector that changes also stops matching the pods
already running. Use `labels` without `includeSelectors` (with `includeTemplates: true` to label
the pods as well).

## Invalid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
commonLabels:
  team: shop
```

```yaml base/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
```

```yaml base/deployment.yaml
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
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
labels:
- pairs:
    team: shop
  includeTemplates: true
```

```yaml base/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
```

```yaml base/deployment.yaml
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
