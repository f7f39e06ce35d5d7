use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/invalid-kustomization",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A kustomization file is not one mapping of kind Kustomization or Component",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a kustomization file that kustomize cannot read as a kustomization: a document that is
not a mapping (a list, a string), several YAML documents in one file, or a `kind` other than
`Kustomization` or `Component`. kustomize unmarshals the file into its `Kustomization` type and
fails on each of these.

## Why is this bad?
`kustomize build` fails. A common cause is a manifest saved as `kustomization.yaml`, or two
kustomizations pasted into one file with `---`.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Deployment
resources:
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
