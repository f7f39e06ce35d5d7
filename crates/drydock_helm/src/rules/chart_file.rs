use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/chart-file",
    language: Language::Helm,
    summary: crate::rules::summary("`Chart.yaml` says something `helm lint` rejects"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm lint",
        id: "Chart.yaml",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Checks `Chart.yaml` as `helm lint` does, in Helm's words: `version` and `appVersion` written as
strings (a YAML number is not: `1.10` is read as `1.1`), an `apiVersion` other than `v1` or `v2`,
a `version` that is not SemVer, maintainers without a name or with an e-mail address or URL that
is not one, `sources` and `icon` that are not URLs, a `type` or `dependencies` in an apiVersion
`v1` chart (they are `v2` fields), and subcharts in `charts/` that the metadata does not name.
Helm stops at the first bad maintainer or source; Drydock reports each.

What Helm refuses while it loads or renders the chart (a missing name, a dependency missing from
`charts/`) is `helm/render`.

## Why is this bad?
`helm lint` fails on the chart, and so does any CI that runs it; a number where Helm expects a
string is read as a float (`appVersion: 1.10` shows as `1.1`).

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: 1.0.0
appVersion: 1.10
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
appVersion: "1.10"
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
