use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/invalid-resource",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A resource file holds a document that kustomize cannot take as an object",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks each document of a file listed in `resources` as kustomize does when it reads it into its
resource map: the document must be a mapping with a `kind` and a `metadata.name` (a `List`
counts by its items). A kustomization file listed as a file (`base/kustomization.yaml` instead of
`base`) is reported too: kustomize would take it for an object, not build it.

## Why is this bad?
`kustomize build` fails on such a document. A kustomization file listed as a resource is worse:
its base is not built at all.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
```

```yaml deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
```

## Valid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
```

```yaml deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
```
"#,
    ),
};
