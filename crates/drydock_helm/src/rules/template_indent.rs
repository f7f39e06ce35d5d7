use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/template-indent",
    language: Language::Helm,
    summary: crate::rules::summary("A template's output starts indented"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm lint",
        id: "templates indent",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a template whose output's first line is indented, at the template text that wrote it,
as `helm lint` does.

## Why is this bad?
An indented first line makes the whole document one level deeper than the template meant: a
YAML parser reads it, but a later unindented line breaks it, and what the author sees is not
what Kubernetes gets. It usually comes from an `include` or `toYaml` at the top of a file
without a `-` to trim the line before it.

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
