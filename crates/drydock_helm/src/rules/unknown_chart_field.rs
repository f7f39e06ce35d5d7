use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/unknown-chart-field",
    language: Language::Helm,
    summary: crate::rules::summary("`Chart.yaml` has a field Helm does not know"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm lint",
        id: "Chart.yaml strict",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports each field of `Chart.yaml` (and of its maintainers and dependencies) that Helm's strict
reading does not know, with the field it most likely meant. `helm lint` warns of the first one.

## Why is this bad?
Helm ignores the field: a misspelt `appVerison` or `dependancies` silently does nothing.

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
appVerison: "2.1.0"
icon: https://example.com/icon.png
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
appVersion: "2.1.0"
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
