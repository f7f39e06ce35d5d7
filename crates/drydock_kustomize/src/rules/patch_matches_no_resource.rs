use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/patch-matches-no-resource",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A strategic-merge patch without a target names no resource of the kustomization",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a strategic-merge patch without `target` (in `patches` or `patchesStrategicMerge`) whose
`apiVersion`, `kind`, `metadata.name` and `metadata.namespace` name no resource of the
kustomization, or name several. Such a patch finds its object by its own id, and kustomize fails
when it finds none: `no matches for Id Deployment.v1.apps/webapp.[noNs]; failed to find unique
target for patch Deployment.v1.apps/webapp.[noNs]`.

## Why is this bad?
`kustomize build` fails. A patch written against the base's name also breaks when a
`namePrefix` is added in between, or when the object moves to another namespace.

## Invalid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
patches:
- path: replicas.yaml
```

```yaml overlays/prod/replicas.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: webapp
spec:
  replicas: 3
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
  replicas: 1
```

## Valid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
patches:
- path: replicas.yaml
```

```yaml overlays/prod/replicas.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
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
  replicas: 1
```
"#,
    ),
};
