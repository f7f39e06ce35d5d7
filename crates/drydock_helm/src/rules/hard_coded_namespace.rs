use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "helm/hard-coded-namespace",
    language: Language::Helm,
    summary: crate::rules::summary("A template puts its object in a namespace it names itself"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a rendered object whose `metadata.namespace` was written into the template as it
stands, at that text, with a fix that uses the release's namespace (`{{ .Release.Namespace }}`).
A namespace that comes from the values or from `.Release.Namespace` is not reported, nor are
`kube-system` and `kube-public`: what a chart puts there (a RoleBinding to
`extension-apiserver-authentication-reader`) must be there.

## Why is this bad?
`helm install --namespace team-a` installs the release in `team-a`, but this object goes to the
namespace the template names: the release is split across namespaces, a second release of the
chart collides with the first, and `helm uninstall` leaves nothing behind only where it looks.

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
  namespace: production
  labels:
    app.kubernetes.io/name: web
    app.kubernetes.io/instance: {{ .Release.Name }}
    app.kubernetes.io/managed-by: {{ .Release.Service }}
    helm.sh/chart: web-1.0.0
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
  namespace: {{ .Release.Namespace }}
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
