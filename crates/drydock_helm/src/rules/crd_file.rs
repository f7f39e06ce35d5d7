use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/crd-file",
    language: Language::Helm,
    summary: crate::rules::summary("A file in `crds/` is not a CustomResourceDefinition"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm lint",
        id: "crds",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Checks every YAML file under `crds/` as `helm lint` does: each document is YAML, of apiVersion
`apiextensions.k8s.io/...`, of kind `CustomResourceDefinition`.

## Why is this bad?
Helm installs what is in `crds/` before anything else, without templating, and never upgrades
or deletes it: anything other than a CRD there is installed once and then forgotten by Helm.

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/icon.png
```

```yaml crds/config.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
```

```yaml templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
```

## Valid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/icon.png
```

```yaml crds/widgets.yaml
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names:
    kind: Widget
    plural: widgets
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
```

```yaml templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
```
"#,
    ),
};
