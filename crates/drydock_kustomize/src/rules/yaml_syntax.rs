use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "kustomize/yaml-syntax",
    language: Language::Kustomize,
    summary: crate::rules::summary("A file the kustomization reads is not valid YAML"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports YAML syntax errors in the kustomization file and in every file it reads: resources,
patches, components' kustomizations. kustomize parses each of them with go-yaml and stops at the
first error (`MalformedYAMLError: yaml: line 8: did not find expected key`); Drydock reports the
error where it is and renders the rest. A file whose name says it is YAML (`.yaml`, `.yml`) has
its syntax reported by `yaml/syntax-error` already; this rule covers the others a kustomization
reads, such as JSON resources and patches.

## Why is this bad?
`kustomize build` (and `kubectl apply -k`) fails: nothing of the overlay is rendered or applied.

## Invalid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.json
```

```json deployment.json
{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"
```

## Valid
```yaml kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- deployment.json
```

```json deployment.json
{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"}}
```
"#,
    ),
};
