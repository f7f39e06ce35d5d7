use crate::object::{int, pods};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-probe",
    language: Language::Kubernetes,
    summary: "A probe sets no handler, or more than one",
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `livenessProbe`, `readinessProbe` or `startupProbe` that sets none of `exec`,
`httpGet`, `tcpSocket` and `grpc`, or more than one of them, and a liveness or startup probe with
`successThreshold` other than 1.

## Why is this bad?
The API server rejects the pod: a probe must say how to probe, in exactly one way
(`must specify a handler type`, `may not specify more than 1 handler type`), and liveness and startup
probes succeed on the first success.

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
    livenessProbe:
      initialDelaySeconds: 5
      periodSeconds: 10
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
    livenessProbe:
      httpGet:
        path: /healthz
        port: 80
      initialDelaySeconds: 5
      periodSeconds: 10
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, _) in pods(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
                let Some(entry) = doc.get(container, key) else {
                    continue;
                };
                if doc.entries(entry.value).is_none() {
                    continue;
                }
                let handlers: Vec<&str> = ["exec", "httpGet", "tcpSocket", "grpc"]
                    .into_iter()
                    .filter(|h| doc.get(entry.value, h).is_some())
                    .collect();
                let message = match handlers.as_slice() {
                    [] => Some(format!(
                        "{key} sets no handler (exec, httpGet, tcpSocket or grpc): the API server \
                         rejects the pod"
                    )),
                    [_] => None,
                    many => Some(format!(
                        "{key} sets {} handlers ({}): a probe probes one way, and the API server \
                         rejects the pod",
                        many.len(),
                        many.join(", ")
                    )),
                };
                if let Some(message) = message {
                    out.push(Diagnostic::new(&RULE, message, doc.range(entry.key)));
                }
                if key != "readinessProbe"
                    && let Some(threshold) = doc.get(entry.value, "successThreshold")
                    && int(doc, threshold.value).is_some_and(|n| n != 1)
                {
                    out.push(Diagnostic::new(
                        &RULE,
                        format!("{key}.successThreshold must be 1: the API server rejects any other value"),
                        doc.range(threshold.value),
                    ));
                }
            }
        }
    }
}
