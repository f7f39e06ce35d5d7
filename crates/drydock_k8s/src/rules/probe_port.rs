use crate::object::{at, items, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_yaml::ScalarKind;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/probe-port",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A probe names a port that none of the container's ports has"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "liveness-port",
        },
        Mirror {
            tool: "kube-linter",
            id: "readiness-port",
        },
        Mirror {
            tool: "kube-linter",
            id: "startup-port",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a liveness, readiness or startup probe (`httpGet`, `tcpSocket`) whose port is a name that
none of the container's `ports` has.

kube-linter also reports a probe on a port *number* the container does not list. We do not:
`ports` is informational and the probe reaches the port whether it is listed or not. On the
corpus all 8 such probes were deliberate (controller-runtime's health port 8081 beside a listed
webhook port, a model server's HTTP port beside its listed gRPC port).

## Why is this bad?
A port name is resolved against the container's own `ports`: an unknown name makes the probe fail
every time, so a liveness probe restarts the container forever, a startup probe never lets it
start and a readiness probe keeps it out of every Service.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 8080
    livenessProbe:
      httpGet:
        path: /healthz
        port: web
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - name: http
      containerPort: 8080
    livenessProbe:
      httpGet:
        path: /healthz
        port: http
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            let ports_entry = doc.get(container, "ports");
            let names: Vec<&str> = items(doc, ports_entry.map(|e| e.value))
                .iter()
                .filter_map(|&p| doc.get_str(p, "name"))
                .collect();
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                for handler in ["httpGet", "tcpSocket"] {
                    let Some(port) = at(doc, container, &[probe, handler, "port"]) else {
                        continue;
                    };
                    if doc
                        .scalar(port)
                        .is_none_or(|s| !matches!(s.kind, ScalarKind::String))
                    {
                        continue;
                    }
                    let Some(name) = scalar_text(doc, port).filter(|n| !names.contains(n)) else {
                        continue;
                    };
                    let declared = if names.is_empty() {
                        String::from(" (its ports have no names)")
                    } else {
                        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
                        format!(" (they are named {})", names.join(", "))
                    };
                    let mut diagnostic = Diagnostic::new(
                        &RULE,
                        format!(
                            "the {probe} checks port `{name}`, a name none of the container's \
                             ports has{declared}: the probe fails every time"
                        ),
                        doc.range(port),
                    );
                    if let Some(entry) = ports_entry {
                        diagnostic =
                            diagnostic.with_label(doc.range(entry.key), "the container's ports");
                    }
                    out.push(diagnostic);
                }
            }
        }
    }
}
