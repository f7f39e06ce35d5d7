use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/invalid-field",
    language: Language::Kustomize,
    summary: crate::rules::summary("A kustomization field has the wrong type or shape"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a kustomization field whose value kustomize cannot read into its type: a string where a
list is expected (`resources: deployment.yaml`), a list where a mapping is expected
(`commonAnnotations`), an entry that lacks what it must have (a `replicas` entry without `count`,
an `images` entry without `name`). kustomize fails to unmarshal the file
(`cannot unmarshal string into Go struct field`) or rejects the entry when it runs the
transformer.

## Why is this bad?
`kustomize build` fails, so nothing of the kustomization is rendered or applied.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources: deployment.yaml
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
