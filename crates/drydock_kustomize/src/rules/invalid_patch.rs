use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/invalid-patch",
    language: Language::Kustomize,
    summary: crate::rules::summary("A patch that kustomize cannot apply"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks each entry of `patches`, `patchesStrategicMerge` and `patchesJson6902` as kustomize's
patch transformer does: an entry needs exactly one of `path` and `patch` (kustomize: `must
specify one of patch and path`, `patch and path can't be set at the same time`); a JSON 6902
patch (a list of operations) needs a `target`; the target's fields must be strings and its
`name`/`namespace` valid patterns; the patch must parse; and each JSON 6902 operation must apply
to the objects it targets (`replace` and `remove` need the path to exist, `test` must hold).

## Why is this bad?
`kustomize build` fails on the first patch it cannot apply, so the whole overlay is unusable.

## Invalid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
patches:
- patch: |-
    - op: replace
      path: /spec/replicas
      value: 3
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
- target:
    kind: Deployment
    name: web
  patch: |-
    - op: replace
      path: /spec/replicas
      value: 3
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
