use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/chart-version-semver",
    language: Language::Helm,
    summary: crate::rules::summary("The chart's version is not strict SemVer 2"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "helm lint",
        id: "Chart.yaml version SemVerV2",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a chart `version` that Helm reads (it coerces `v1.2` to `1.2.0`) but that is not a strict
SemVer 2 version: three numbers, no `v`, no leading zeros. `helm lint` warns of it.

## Why is this bad?
Chart repositories and OCI registries key charts by their version; a coerced version may not
sort or match as its author expects, and some tools refuse it.

## Invalid
```yaml Chart.yaml
apiVersion: v2
name: web
version: v1.2
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
version: 1.2.0
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
