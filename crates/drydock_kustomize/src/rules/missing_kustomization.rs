use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/missing-kustomization",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A folder listed in resources or components has no kustomization file, or several",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Follows every folder named in `resources` or `components` and looks for its kustomization file as
kustomize does: exactly one of `kustomization.yaml`, `kustomization.yml` or `Kustomization`.
kustomize stops with `unable to find one of 'kustomization.yaml', 'kustomization.yml' or
'Kustomization' in directory '…'` when there is none, and with `Found multiple kustomization
files under: …` when there are several.

## Why is this bad?
`kustomize build` fails. A folder of plain manifests cannot be listed as a resource: list its
files one by one, or give it a kustomization.

## Invalid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
```

```yaml base/deployment.yaml
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
"#,
    ),
};
