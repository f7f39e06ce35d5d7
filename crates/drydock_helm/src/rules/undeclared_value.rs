use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/undeclared-value",
    language: Language::Helm,
    summary: crate::rules::summary("A template reads a value no values file sets"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports each field of `.Values` a template reads (itself or through the templates it includes)
that the chart's values do not hold when it renders, at the template text that reads it, with
the key the values do hold that it most likely meant. Only what the render runs is read: a
value read in a branch the default values do not take is not judged. `.Values.global` is left
alone (a parent chart sets it).

## Why is this bad?
Helm prints nothing for a missing value, and Kubernetes fills the gap with its default: a
misspelt `replicaCout` deploys one replica whatever `values.yaml` says, and a value the chart
never declares is one its users cannot discover.

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/icon.png
```

```yaml values.yaml
replicas: 3
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
          image: nginx:1.27
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
          image: nginx:1.27
```
"#,
    ),
};
