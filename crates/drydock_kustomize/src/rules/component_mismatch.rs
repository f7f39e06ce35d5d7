use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/component-mismatch",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A Component is listed under resources, or a Kustomization or a file under components",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks that `resources` and `components` hold what each expects. A folder under `resources` must
hold a `kind: Kustomization` (kustomize: `expected kind != 'Component' for path '…'`); an entry
under `components` must be a folder whose kustomization is `kind: Component` with
`apiVersion: kustomize.config.k8s.io/v1alpha1` (kustomize: `expected kind 'Component' for path
'…' but got 'Kustomization'`, or `must build at directory: '…': file is not directory` for a
file).

## Why is this bad?
`kustomize build` fails. The two are built differently: a Kustomization is built on its own and
its output added, a Component transforms the resources of the kustomization that lists it.

## Invalid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
- ../../components/monitoring
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
```

```yaml components/monitoring/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
commonAnnotations:
  prometheus.io/scrape: "true"
```

## Valid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
components:
- ../../components/monitoring
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
```

```yaml components/monitoring/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1alpha1
kind: Component
commonAnnotations:
  prometheus.io/scrape: "true"
```
"#,
    ),
};
