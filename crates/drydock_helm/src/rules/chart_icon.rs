use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/chart-icon",
    language: Language::Helm,
    summary: crate::rules::summary("The chart has no icon"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm lint",
        id: "Chart.yaml icon",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Notes a `Chart.yaml` without an `icon`, as `helm lint` does (`[INFO] icon is recommended`).

Off by default: an icon matters to charts published in a repository or on Artifact Hub, not to
the charts most repositories keep beside their code (24 of the 50 charts of Drydock's corpus
have none).

## Why is this bad?
Chart repositories and Artifact Hub show the chart without a picture.

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
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

```yaml templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
```
"#,
    ),
};
