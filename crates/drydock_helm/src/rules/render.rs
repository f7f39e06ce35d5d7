use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/render",
    language: Language::Helm,
    summary: crate::rules::summary("The chart does not render: `helm template` refuses it"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Renders the chart the way `helm template` does (release `release` in namespace `default`) and
reports, in Helm's words, why it refuses the chart: a template that does not parse (an `if` never
closed, a function that does not exist), a template that fails while it runs (a field of a value
that is not there, `required` and `fail` messages, a function given the wrong type), output that
is not YAML, a `Chart.yaml` Helm does not accept, a dependency missing from `charts/`. The finding
is at the place Helm names: the template's line and column.

## Why is this bad?
`helm install` and `helm template` refuse the chart: nothing is deployed, and no rule can check
what the chart would deploy.

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 0.1.0
```

```yaml templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  level: {{ .Values.log.level }}
```

## Valid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 0.1.0
```

```yaml values.yaml
log:
  level: info
```

```yaml templates/configmap.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-config
data:
  level: {{ .Values.log.level }}
```
"#,
    ),
};
