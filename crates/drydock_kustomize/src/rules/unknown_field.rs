use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/unknown-field",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A kustomization sets a field that kustomization files do not have",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a top-level field of a kustomization or component that kustomize v5 does not know, and
suggests the field that was probably meant (`resource` → `resources`, `patchesStrategicMerges` →
`patchesStrategicMerge`). kustomize reads the file strictly and stops with
`json: unknown field "resource"`. The fix renames the field to the suggestion when there is one.

## Why is this bad?
`kustomize build` fails. With a tool that reads the file leniently, the misspelled field would be
ignored instead, and what it was meant to add silently left out.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resource:
- deployment.yaml
```

```yaml deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
