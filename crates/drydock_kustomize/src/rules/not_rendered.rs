use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/not-rendered",
    language: Language::Kustomize,
    summary: "A kustomization uses a feature Drydock does not render, so its output is checked without it",
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports the fields Drydock does not render: `vars`, `replacements`, `helmCharts` (and
`helmChartInflationGenerator`), and generator, transformer and validator plugins (`generators`,
`transformers`, `validators`). kustomize would run them (Helm charts only with `--enable-helm`,
plugins only with `--enable-alpha-plugins` or as KRM functions); Drydock renders the rest of the
kustomization and checks that output as if the field were absent.

## Why is this bad?
What Drydock checks is not exactly what kustomize outputs: values the field would have set are
missing, and findings about them may be wrong or missing. Where a patch can do the same work,
prefer it: it is rendered and checked.

## Invalid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
replacements:
- source:
    kind: ConfigMap
    name: web-config
    fieldPath: data.IMAGE
  targets:
  - select:
      kind: Deployment
      name: web
    fieldPaths:
    - spec.template.spec.containers.[name=web].image
```

```yaml base/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
- configmap.yaml
```

```yaml base/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
data:
  IMAGE: nginx:1.27
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
