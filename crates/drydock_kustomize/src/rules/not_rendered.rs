use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/not-rendered",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A kustomization uses a feature Drydock does not render, so its output is checked without it",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports what Drydock does not render: `helmCharts` (and `helmChartInflationGenerator`), and
generator, transformer and validator plugins that are not kustomize's builtins (exec and KRM
function plugins). kustomize would run them (Helm charts only with `--enable-helm`,
plugins only with `--enable-alpha-plugins` or as KRM functions); Drydock renders the rest of the
kustomization and checks that output as if the field were absent.

## Why is this bad?
What Drydock checks is not exactly what kustomize outputs: values the field would have set are
missing, and findings about them may be wrong or missing. Where a patch can do the same work,
prefer it: it is rendered and checked.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
helmCharts:
- name: redis
  repo: https://charts.bitnami.com/bitnami
  version: 19.0.0
```

```yaml deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
```

## Valid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
images:
- name: nginx
  newTag: "1.27"
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
  template:
    spec:
      containers:
      - name: web
        image: nginx
```
"#,
    ),
};
