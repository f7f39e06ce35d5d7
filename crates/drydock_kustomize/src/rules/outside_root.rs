use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/outside-root",
    language: Language::Kustomize,
    summary: crate::rules::summary("A kustomization reads a file outside its own folder"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Applies kustomize's load restrictor: a file named in a kustomization (a resource, a patch, a
generator's file) must be in or below the kustomization's folder. kustomize refuses the others
with `security; file '…' is not in or below '…'`. Folders that have their own kustomization may
be anywhere, so a base is shared by listing its folder, not its files. The restriction is lifted
by `--load-restrictor LoadRestrictionsNone`, and Drydock's `unrestricted` render option does the
same.

## Why is this bad?
`kustomize build` fails with its default settings, which are what `kubectl apply -k`, Argo CD and
Flux use.

## Invalid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base/deployment.yaml
```

```yaml base/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
```

## Valid
```yaml overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
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
```
"#,
    ),
};
