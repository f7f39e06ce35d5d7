use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/duplicate-resource",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "Two resources of a kustomization have the same kind, name and namespace",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a resource whose id (group, version, kind, name and namespace) is already among the
resources the kustomization has gathered, whether the two come from files, from nested
kustomizations or from components. kustomize refuses it: `may not add resource with an already
registered id: Deployment.v1.apps/web.[noNs]`.

## Why is this bad?
`kustomize build` fails. The usual cause is two bases that both contain the same object, or a
file listed both directly and through a folder.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
- web.yaml
```

```yaml deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
```

```yaml web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
```

## Valid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
patches:
- path: replicas.yaml
```

```yaml deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
```

```yaml replicas.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 3
```
"#,
    ),
};
