use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/no-templates",
    language: Language::Helm,
    summary: crate::rules::summary("The chart has no `templates/` folder"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm lint",
        id: "templates/ directory",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a chart without any file under `templates/`, as `helm lint` does (`templates/: directory
does not exist`), at the top of its `Chart.yaml`.

## Why is this bad?
A chart with no templates installs nothing but its CRDs: usually its templates are in a folder
Helm does not read (`template/`, `manifests/`).

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/icon.png
```

```yaml template/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
```

## Valid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/icon.png
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
