use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/duplicate-key",
    language: Language::Kustomize,
    summary: crate::rules::summary(
        "A mapping in a file the kustomization reads defines the same key twice",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a key written twice in one mapping of the kustomization file or of a file it reads.
kustomize reads a kustomization with go-yaml, which keeps the last value without a word; a
resource with a duplicate key is read too, and `kubectl kustomize` then fails when it prints the
result (`mapping key "env" already defined at line 16`). In a file whose name says it is YAML,
`yaml/duplicate-key` reports it already; this rule covers the others a kustomization reads, such
as JSON resources.

## Why is this bad?
One of the two values is silently lost. In a kustomization, the first `resources:` list is
dropped, and the objects it names disappear from the output.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- service.json
```

```json service.json
{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web", "name": "api"}}
```

## Valid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- service.json
```

```json service.json
{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"}}
```
"#,
    ),
};
