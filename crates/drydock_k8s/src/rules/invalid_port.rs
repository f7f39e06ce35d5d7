use crate::names::{dns1123_label, iana_svc_name, is_placeholder};
use crate::object::{at, int, items, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_yaml::{Document, NodeId};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-port",
    language: Language::Kubernetes,
    summary: "A port number out of range, or a port name the API server rejects",
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

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
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
