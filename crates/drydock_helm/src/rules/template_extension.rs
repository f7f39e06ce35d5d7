use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/template-extension",
    language: Language::Helm,
    summary: crate::rules::summary("A file in `templates/` has an extension `helm lint` rejects"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm lint",
        id: "templates extension",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a file under `templates/` whose extension is not `.yaml`, `.yml`, `.tpl` or `.txt`, as
`helm lint` does.

## Why is this bad?
Helm renders every file under `templates/` whatever its name, and `helm lint` fails: a
`deployment.json` or a `README.md` left there becomes part of the release (or breaks it).
Files meant for `.Files` belong outside `templates/`.

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
icon: https://example.com/icon.png
```

```yaml templates/configmap.json
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
