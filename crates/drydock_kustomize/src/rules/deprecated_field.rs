use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/deprecated-field",
    language: Language::Kustomize,
    summary: crate::rules::summary("A kustomization uses a field deprecated in kustomize v5"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports the fields kustomize v5 warns about on every build, with the same advice, e.g.
`# Warning: 'patchesStrategicMerge' is deprecated. Please use 'patches' instead. Run 'kustomize
edit fix' to update your Kustomization automatically.`:

- `bases` → `resources`
- `commonLabels` → `labels`
- `patchesStrategicMerge` → `patches`
- `patchesJson6902` → `patches`
- `vars` → `replacements` (kustomize says `[EXPERIMENTAL] Run 'kustomize edit fix'…`)
- `imageTags` → `images`

The fix makes the rewrite `kustomize edit fix` makes: `bases` joins `resources`; each
`patchesStrategicMerge` entry becomes a `patches` entry (`path:` for a file, `patch:` for inline
YAML); each `patchesJson6902` entry becomes a `patches` entry with its `target`; `imageTags`
becomes `images`; `commonLabels` becomes a `labels` entry with `includeSelectors: true`, so the
output does not change. `vars` has no fix: kustomize's own conversion to `replacements` is
experimental.

## Why is this bad?
Deprecated fields will be removed in a future kustomize, and every build prints the warning,
which hides the warnings that matter. `patches` also does what the two older patch fields did, in
one list.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.yaml
patchesStrategicMerge:
- replicas.yaml
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
