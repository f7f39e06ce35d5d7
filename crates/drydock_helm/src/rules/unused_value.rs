use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/unused-value",
    language: Language::Helm,
    summary: crate::rules::summary("A value no template of the chart reads"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports each key of the chart's `values.yaml` that no template of the chart or of its subcharts
could read, in any branch: its name is written nowhere in them as a field (`.name`) or a string
(`index .Values "name"`), and no map above it is handed on whole (`toYaml .Values.resources`,
`range .Values.env`), which would read it with the rest. Only the topmost key of such a branch
is reported. `global`, `tags` and the sections of subcharts are read by Helm itself, and a chart
that hands `.Values` on whole is not judged.

## Why is this bad?
Changing the value changes nothing, though the chart's users will expect it to: it is a leftover
of a template that was removed, or a misspelling of the key the templates read (`replicas` where
they read `replicaCount`).

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/icon.png
```

```yaml values.yaml
replicas: 3
replicaCount: 1
image:
  repository: nginx
  tag: "1.27"
```

```yaml templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
```

## Valid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/icon.png
```

```yaml values.yaml
replicaCount: 3
image:
  repository: nginx
  tag: "1.27"
```

```yaml templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}-web
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
```
"#,
    ),
};
