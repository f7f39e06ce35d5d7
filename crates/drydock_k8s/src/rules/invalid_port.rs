use crate::apiserver::{containers, pod_specs, rejects};
use crate::names::{dns1123_label, iana_svc_name, is_placeholder};
use crate::object::{ContainerList, at, boolean, int, items, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_yaml::{Document, NodeId};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-port",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A port number out of range, or a port name the API server rejects",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "invalid-target-ports",
        },
        Mirror {
            tool: "kube-score",
            id: "container-ports-check",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Checks container and Service ports as the API server's validation does: `containerPort`, `port`
and a numeric `targetPort` between 1 and 65535, `hostPort` too when set; a container port's
`name` and a named `targetPort` are IANA service names (at most 15 lower-case letters, digits and
`-`, with a letter, no `--`); a Service port's `name` is an RFC 1123 label. A `nodePort` outside
30000–32767, the default `--service-node-port-range`, is reported too: a cluster can be configured
with another range, so that message says so.

As `validatePodHostNetworkDeps` and `ValidatePortNumOrName` do, it also reports a `hostPort`
other than its `containerPort` in a pod on the host's network (`hostNetwork: true`), and the
port of a probe's or lifecycle hook's `httpGet`, `tcpSocket` or `grpc` handler that is not a
number between 1 and 65535 or an IANA service name, and a Service port's `appProtocol` that is not
a qualified name (`http`, `kubernetes.io/h2c`).

## Why is this bad?
The API server rejects the object. Port names longer than 15 characters are a common surprise:
`metrics-endpoint` has 16.

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
    - name: metrics-endpoint
      containerPort: 80800
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
    - name: metrics
      containerPort: 8080
```
"#,
    ),
};

fn number(doc: &Document, port: NodeId, key: &str, zero_is_unset: bool, out: &mut Vec<Diagnostic>) {
    let Some(node) = at(doc, port, &[key]) else {
        return;
    };
    let Some(value) = int(doc, node) else {
        return;
    };
    // Beyond 32 bits is invalid-format's.
    if (zero_is_unset && value == 0)
        || (1..=65535).contains(&value)
        || i32::try_from(value).is_err()
    {
        return;
    }
    out.push(Diagnostic::new(
        &RULE,
        format!(
            "{key} is {value}: a port is between 1 and 65535, and the API server rejects the object"
        ),
        doc.range(node),
    ));
}

fn name(doc: &Document, port: NodeId, key: &str, service: bool, out: &mut Vec<Diagnostic>) {
    let Some(node) = at(doc, port, &[key]) else {
        return;
    };
    let Some(value) = doc.scalar(node).map(|s| s.value.as_str()) else {
        return;
    };
    if int(doc, node).is_some() || is_placeholder(value) {
        return;
    }
    let what = match (service, key) {
        (true, _) => "a Service port's name",
        (false, "targetPort") => "a named targetPort",
        (false, _) => "a container port's name",
    };
    let (result, syntax) = if service {
        (dns1123_label(value), "an RFC 1123 label")
    } else {
        (iana_svc_name(value), "an IANA service name")
    };
    if let Err(why) = result {
        out.push(Diagnostic::new(
            &RULE,
            format!("the port name `{value}` {why} ({what} is {syntax}): the API server rejects the object"),
            doc.range(node),
        ));
    }
}

/// What the API server's validation adds to this rule (see `crate::apiserver`): run where the
/// build has the `api-server` feature, by [`crate::rules::API_SERVER`].
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    pod_ports(ctx, out);
    app_protocols(ctx, out);
}

/// `ValidateService`: a port's `appProtocol` is a qualified name.
fn app_protocols(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "Service" {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec() else {
            continue;
        };
        for (index, &port) in items(doc, at(doc, spec, &["ports"])).iter().enumerate() {
            if let Some(node) = at(doc, port, &["appProtocol"])
                && let Some(value) = doc.scalar(node).map(|s| s.value.as_str())
                && !is_placeholder(value)
                && let Err(why) = crate::names::qualified_name(value)
            {
                out.push(Diagnostic::new(
                    &RULE,
                    format!(
                        "the appProtocol `{value}` {why} (an IANA service name such as `http`, or `example.com/proto`): the API server rejects the Service (`spec.ports[{index}].appProtocol: Invalid value: \"{value}\"`)"
                    ),
                    doc.range(node),
                ));
            }
        }
    }
}

/// The ports the API server checks in a pod spec beyond each port's own syntax.
fn pod_ports(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let kind = pod.object.kind;
        let host_network = at(doc, pod.template.spec, &["hostNetwork"])
            .and_then(|n| boolean(doc, n))
            .unwrap_or(false);
        for c in containers(doc, pod.template.spec) {
            let path = c.path(pod.path);
            if host_network && c.list == ContainerList::Containers {
                for (index, &port) in items(doc, at(doc, c.node, &["ports"])).iter().enumerate() {
                    let (Some(host), Some(container)) = (
                        doc.get(port, "hostPort"),
                        at(doc, port, &["containerPort"]).and_then(|n| int(doc, n)),
                    ) else {
                        continue;
                    };
                    let Some(value) = int(doc, host.value).filter(|&h| h != 0 && h != container)
                    else {
                        continue;
                    };
                    out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "hostPort {value} is not the containerPort {container}: on the host's network the container listens on the host's port itself, so {} (`{path}.ports[{index}].hostPort: Invalid value: {value}: must match `containerPort` when `hostNetwork` is true`)",
                            rejects(kind)
                        ),
                        doc.range(host.value),
                    ));
                }
            }
            let handlers = [
                ("livenessProbe", ["exec", "httpGet", "tcpSocket", "grpc"]),
                ("readinessProbe", ["exec", "httpGet", "tcpSocket", "grpc"]),
                ("startupProbe", ["exec", "httpGet", "tcpSocket", "grpc"]),
            ];
            let mut places: Vec<(Vec<&str>, String)> = Vec::new();
            for (probe, kinds) in handlers {
                for handler in kinds.iter().skip(1) {
                    places.push((vec![probe, handler], format!("{path}.{probe}.{handler}")));
                }
            }
            for hook in ["postStart", "preStop"] {
                for handler in ["httpGet", "tcpSocket"] {
                    places.push((
                        vec!["lifecycle", hook, handler],
                        format!("{path}.lifecycle.{hook}.{handler}"),
                    ));
                }
            }
            for (keys, handler_path) in places {
                let Some(port) = at(doc, c.node, &keys).and_then(|h| doc.get(h, "port")) else {
                    continue;
                };
                let Some(scalar) = doc.scalar(port.value) else {
                    continue;
                };
                let error = match int(doc, port.value) {
                    Some(n) if !(1..=65535).contains(&n) => Some(format!(
                        "Invalid value: {n}: must be between 1 and 65535, inclusive"
                    )),
                    Some(_) => None,
                    None if scalar.kind == drydock_yaml::ScalarKind::String
                        && !is_placeholder(&scalar.value) =>
                    {
                        iana_svc_name(&scalar.value)
                            .err()
                            .map(|why| format!("Invalid value: \"{}\": {why}", scalar.value))
                    }
                    None => None,
                };
                if let Some(error) = error {
                    out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "the handler's port is neither a port number nor a port name: {} (`{handler_path}.port: {error}`)",
                            rejects(kind)
                        ),
                        doc.range(port.value),
                    ));
                }
            }
        }
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
    for o in objects(ctx.stream) {
        let doc = o.doc;
        for (_, container) in o.containers() {
            for &port in items(doc, at(doc, container, &["ports"])) {
                number(doc, port, "containerPort", false, out);
                number(doc, port, "hostPort", true, out);
                name(doc, port, "name", false, out);
            }
        }
        if o.kind != "Service" {
            continue;
        }
        let Some(spec) = o.spec() else {
            continue;
        };
        for &port in items(doc, at(doc, spec, &["ports"])) {
            number(doc, port, "port", false, out);
            number(doc, port, "targetPort", true, out);
            name(doc, port, "targetPort", false, out);
            name(doc, port, "name", true, out);
            if let Some(node) = at(doc, port, &["nodePort"])
                && let Some(value) = int(doc, node)
                && value != 0
                && !(30000..=32767).contains(&value)
            {
                let message = if (1..=65535).contains(&value) {
                    format!(
                        "nodePort {value} is outside 30000–32767, the default node port range: the API server rejects it unless the cluster's --service-node-port-range includes it"
                    )
                } else {
                    format!(
                        "nodePort is {value}: a port is between 1 and 65535, and the API server rejects the object"
                    )
                };
                out.push(Diagnostic::new(&RULE, message, doc.range(node)));
            }
        }
    }
}
