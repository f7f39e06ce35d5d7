use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/resource-cycle",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "Kustomizations include each other through resources or components",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Follows `resources` and `components` from kustomization to kustomization and reports a folder
that is reached again while it is still being built, with the chain that leads back to it.
kustomize stops there too: `cycle detected: candidate root '…' contains visited root '…'` (it
also refuses a folder that contains one being built, such as `resources: [..]`).

## Why is this bad?
`kustomize build` fails: a kustomization that includes itself has no output to give. A cycle
usually comes from a base that lists one of its overlays, or a kustomization that lists its own
folder (`resources: [.]`).

## Invalid
```yaml base/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
- ../overlays/prod
```

```yaml base/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
```

```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
```

## Valid
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

```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
```
"#,
    ),
};
