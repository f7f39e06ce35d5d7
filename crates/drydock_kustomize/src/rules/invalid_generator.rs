use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/invalid-generator",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A configMapGenerator or secretGenerator entry that kustomize rejects",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reads each `configMapGenerator` and `secretGenerator` entry as kustomize does and reports what
makes it fail: a missing `name`; a file in `files` or `envs` that does not exist; a literal that
is not `key=value` (kustomize: `invalid literal source LOG_LEVEL, expected key=value`); a key
that is not a valid ConfigMap or Secret key (letters, digits, `-`, `_` and `.`); the same key
twice in one generator; a line of an env file whose key is not a valid variable name. A line of
an env file without `=` is not an error: kustomize v5 gives the key an empty value.

## Why is this bad?
`kustomize build` fails, and with it every overlay built on this kustomization.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
configMapGenerator:
- name: web-config
  literals:
  - LOG_LEVEL
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
configMapGenerator:
- name: web-config
  literals:
  - LOG_LEVEL=info
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
