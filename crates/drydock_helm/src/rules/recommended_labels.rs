use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/recommended-labels",
    language: Language::Helm,
    summary: crate::rules::summary("An object of the chart lacks the labels Helm recommends"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Notes a rendered object whose labels lack one of those Helm's best practices recommend on every
object of a chart: `app.kubernetes.io/name`, `app.kubernetes.io/instance`,
`app.kubernetes.io/managed-by` and `helm.sh/chart`, at its `labels` (or `metadata`) in the
template.

Off by default: charts written for one team's own use often label otherwise, and the labels
matter most to charts others install.

## Why is this bad?
Without them, `kubectl get -l app.kubernetes.io/instance=<release>` does not find what a release
installed, dashboards and tools that group by them miss the objects, and two releases of the
chart cannot be told apart.

## Invalid
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
data:
  level: info
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
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/instance: {{ .Release.Name }}
    app.kubernetes.io/managed-by: {{ .Release.Service }}
    helm.sh/chart: web-1.0.0
data:
  level: info
```
"#,
    ),
};
