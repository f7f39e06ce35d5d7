use crate::apiserver::{containers, pod_specs, rejects};
use crate::object::{ContainerList, at, int, pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-probe",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A probe or lifecycle hook the API server rejects: no handler or more than one, a negative setting, or one on an init container",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `livenessProbe`, `readinessProbe` or `startupProbe` that sets none of `exec`,
`httpGet`, `tcpSocket` and `grpc`, or more than one of them, and a liveness or startup probe with
`successThreshold` other than 1 (0 is left unset, which means 1).

As `validateProbe`, `validateLifecycle` and `validateInitContainers` do, it also reports:
- an `httpGet` header name (of a probe or a lifecycle hook) that is not letters, digits and `-`;
- a negative `initialDelaySeconds`, `timeoutSeconds`, `periodSeconds`, `successThreshold` or
  `failureThreshold`, a probe's `terminationGracePeriodSeconds` that is not positive, and one on a
  readiness probe (where it means nothing);
- a `postStart` or `preStop` hook with no handler (`exec`, `httpGet`, `tcpSocket`, `sleep`) or
  more than one, and a `sleep` longer than the pod's `terminationGracePeriodSeconds` (30 unless
  set);
- a probe or lifecycle hook on an init container that is not a sidecar (`restartPolicy: Always`):
  init containers run to completion, one after another.

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
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
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
                // 0 is the unset value: the API server defaults it to 1.
                if key != "readinessProbe"
                    && let Some(threshold) = doc.get(entry.value, "successThreshold")
                    && int(doc, threshold.value).is_some_and(|n| n != 1 && n != 0)
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

fn api_error(kind: &str, range: TextRange, what: String, path: &str, error: &str) -> Diagnostic {
    Diagnostic::new(
        &RULE,
        format!("{what}: {} (`{path}: {error}`)", rejects(kind)),
        range,
    )
}

/// What `validateProbe`, `validateLifecycle` and `validateInitContainers` add to the handler
/// count above.
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let kind = pod.object.kind;
        let grace = at(doc, pod.template.spec, &["terminationGracePeriodSeconds"])
            .and_then(|n| int(doc, n))
            .unwrap_or(30);
        for c in containers(doc, pod.template.spec) {
            if c.list == ContainerList::EphemeralContainers {
                continue;
            }
            let path = c.path(pod.path);
            let sidecar = doc
                .get(c.node, "restartPolicy")
                .and_then(|e| scalar_text(doc, e.value))
                == Some("Always");
            if c.list == ContainerList::InitContainers && !sidecar {
                for key in [
                    "lifecycle",
                    "livenessProbe",
                    "readinessProbe",
                    "startupProbe",
                ] {
                    if let Some(entry) = doc.get(c.node, key) {
                        out.push(api_error(
                            kind,
                            doc.range(entry.key),
                            format!(
                                "an init container runs to completion before the others start: it takes no {key} (unless it is a sidecar, `restartPolicy: Always`)"
                            ),
                            &format!("{path}.{key}"),
                            "Forbidden: may not be set for init containers without restartPolicy=Always",
                        ));
                    }
                }
                continue;
            }
            for key in ["livenessProbe", "readinessProbe", "startupProbe"] {
                let Some(probe) = at(doc, c.node, &[key]).filter(|&p| doc.entries(p).is_some())
                else {
                    continue;
                };
                for field in [
                    "initialDelaySeconds",
                    "timeoutSeconds",
                    "periodSeconds",
                    "successThreshold",
                    "failureThreshold",
                ] {
                    if let Some(entry) = doc.get(probe, field)
                        && let Some(value) = int(doc, entry.value).filter(|&n| n < 0)
                    {
                        out.push(api_error(
                            kind,
                            doc.range(entry.value),
                            format!("{key}.{field} is negative"),
                            &format!("{path}.{key}.{field}"),
                            &format!("Invalid value: {value}: must be greater than or equal to 0"),
                        ));
                    }
                }
                http_headers(out, kind, doc, probe, &format!("{path}.{key}"));
                if let Some(entry) = doc.get(probe, "terminationGracePeriodSeconds")
                    && let Some(value) = int(doc, entry.value)
                {
                    let tgps = format!("{path}.{key}.terminationGracePeriodSeconds");
                    if key == "readinessProbe" {
                        out.push(api_error(
                            kind,
                            doc.range(entry.key),
                            "a readiness probe that fails stops traffic, not the container: it takes no terminationGracePeriodSeconds".to_owned(),
                            &tgps,
                            &format!("Invalid value: {value}: must not be set for readinessProbes"),
                        ));
                    } else if value <= 0 {
                        out.push(api_error(
                            kind,
                            doc.range(entry.value),
                            format!("{key}.terminationGracePeriodSeconds is {value}"),
                            &tgps,
                            &format!("Invalid value: {value}: must be greater than 0"),
                        ));
                    }
                }
            }
            for hook in ["postStart", "preStop"] {
                let Some(entry) = at(doc, c.node, &["lifecycle"]).and_then(|l| doc.get(l, hook))
                else {
                    continue;
                };
                if doc.entries(entry.value).is_none() {
                    continue;
                }
                let hook_path = format!("{path}.lifecycle.{hook}");
                http_headers(out, kind, doc, entry.value, &hook_path);
                let handlers: Vec<drydock_yaml::Entry> = ["exec", "httpGet", "tcpSocket", "sleep"]
                    .iter()
                    .filter_map(|h| doc.get(entry.value, h).copied())
                    .collect();
                match handlers.as_slice() {
                    [] => out.push(api_error(
                        kind,
                        doc.range(entry.key),
                        format!(
                            "the {hook} hook sets no handler (exec, httpGet, tcpSocket or sleep)"
                        ),
                        &hook_path,
                        "Required value: must specify a handler type",
                    )),
                    [_, rest @ ..] => {
                        for extra in rest {
                            let name = doc.key_str(extra).unwrap_or("");
                            out.push(api_error(
                                kind,
                                doc.range(extra.key),
                                format!("the {hook} hook sets more than one handler"),
                                &format!("{hook_path}.{name}"),
                                "Forbidden: may not specify more than 1 handler type",
                            ));
                        }
                    }
                }
                if let Some(sleep) = handlers.first().filter(|e| doc.key_str(e) == Some("sleep"))
                    && let Some(seconds) = doc.get(sleep.value, "seconds")
                    && let Some(value) = int(doc, seconds.value)
                    && (value < 0 || value > grace)
                {
                    out.push(api_error(
                        kind,
                        doc.range(seconds.value),
                        format!(
                            "the {hook} hook sleeps {value} seconds, and the pod gets {grace} to stop"
                        ),
                        &format!("{hook_path}.sleep"),
                        &format!(
                            "Invalid value: {value}: must be non-negative and less than terminationGracePeriodSeconds ({grace})"
                        ),
                    ));
                }
            }
        }
    }
}

/// `validateHTTPGetAction`'s header names (`IsHTTPHeaderName`), of a probe or a lifecycle hook
/// at `path`.
fn http_headers(
    out: &mut Vec<Diagnostic>,
    kind: &str,
    doc: &drydock_yaml::Document,
    handler: drydock_yaml::NodeId,
    path: &str,
) {
    for &header in crate::object::items(doc, at(doc, handler, &["httpGet", "httpHeaders"])) {
        let Some(name) = at(doc, header, &["name"]) else {
            continue;
        };
        let Some(text) = scalar_text(doc, name) else {
            continue;
        };
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            out.push(api_error(
                kind,
                doc.range(name),
                format!("`{text}` is not an HTTP header name (letters, digits and `-`)"),
                &format!("{path}.httpGet.httpHeaders"),
                &format!("Invalid value: \"{text}\": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"),
            ));
        }
    }
}
