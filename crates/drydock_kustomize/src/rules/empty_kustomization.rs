use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/empty-kustomization",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A kustomization file says nothing: no resources, no generators, no transformations",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a kustomization file that is empty, or holds nothing but `apiVersion` and `kind` (what
`kustomize create` writes in an empty folder). kustomize refuses to build it:
`kustomization.yaml is empty`. An explicit empty list (`resources: []`) is content, as it is for
kustomize.

## Why is this bad?
`kustomize build` fails, and so does every overlay that lists the folder in its `resources`.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
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
```
"#,
    ),
};
