use crate::ViolationKind;
use crate::apiserver::{containers, is_builtin, pod_specs, rejects};
use crate::object::{ContainerList, at, int, items, objects, scalar_text};
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;
use std::collections::HashMap;

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/duplicate-list-entry",
    language: Language::Kubernetes,
    summary: crate::rules::summary("Two entries of a keyed list share their key"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubectl",
            id: "Duplicate value",
        },
        Mirror {
            tool: "kube-linter",
            id: "duplicate-env-var",
        },
        Mirror {
            tool: "kube-score",
            id: "environment-variable-key-duplication",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports an entry of a list whose entries are identified by keys — containers and env vars by `name`,
container ports by `containerPort` and `protocol` — that repeats an earlier entry's keys, and points
at the first one.

It also reports the repeats the API server's validation refuses across lists or on other keys
(`Duplicate value`): a name shared by a regular and an init (or ephemeral) container, a port
`name` used twice in one container, two ports of one Service with the same `name` or
`nodePort`, and two containers that bind the same `hostPort` (with the same protocol and
`hostIP`; init containers run one at a time, so each is checked on its own).

## Why is this bad?
The API server rejects duplicate container names and ports; for env vars and other merge lists, one
entry silently wins, and server-side apply refuses the object.

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
  - name: web
    image: busybox:1.36
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
  - name: sidecar
    image: busybox:1.36
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::DuplicateListEntry, &RULE, out);
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
}

/// Remembers the first occurrence of each key and reports the later ones.
struct Seen<'k> {
    first: HashMap<String, TextRange>,
    what: &'k str,
}

impl<'k> Seen<'k> {
    fn new(what: &'k str) -> Self {
        Seen {
            first: HashMap::new(),
            what,
        }
    }

    /// Reports `key` at `range` when it was seen before; `shown` is the value in the message,
    /// `printed` the one the API server prints.
    #[allow(clippy::too_many_arguments)]
    fn add(
        &mut self,
        key: String,
        shown: &str,
        printed: &str,
        range: TextRange,
        path: &str,
        kind: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        if let Some(first) = self.first.get(&key) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    format!(
                        "{} {shown} is used twice: {} (`{path}: Duplicate value: {printed}`)",
                        self.what,
                        rejects(kind)
                    ),
                    range,
                )
                .with_label(*first, "first used here"),
            );
        } else {
            self.first.insert(key, range);
        }
    }
}

/// The repeats `ValidatePodSpec` and `ValidateService` refuse that are not one list's keys.
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let kind = pod.object.kind;
        let all = containers(doc, pod.template.spec);
        // Regular containers' names are one list's keys (the schema's); init and ephemeral
        // containers may not reuse them either.
        let mut names = Seen::new("the container name");
        for list in [
            ContainerList::Containers,
            ContainerList::InitContainers,
            ContainerList::EphemeralContainers,
        ] {
            let mut own = std::collections::HashSet::new();
            for c in all.iter().filter(|c| c.list == list) {
                let Some(entry) = doc.get(c.node, "name") else {
                    continue;
                };
                let Some(name) = scalar_text(doc, entry.value) else {
                    continue;
                };
                // A repeat within one list is the schema's finding.
                if !own.insert(name) {
                    continue;
                }
                let range = doc.range(entry.value);
                if list == ContainerList::Containers {
                    names.first.entry(name.to_owned()).or_insert(range);
                } else {
                    names.add(
                        name.to_owned(),
                        &format!("`{name}`"),
                        &format!("\"{name}\""),
                        range,
                        &format!("{}.name", c.path(pod.path)),
                        kind,
                        out,
                    );
                }
            }
        }
        let mut host_ports = Seen::new("the host port");
        for c in &all {
            let mut port_names = Seen::new("the port name");
            // Init containers run one at a time: each has its own host ports.
            let mut own_host_ports = Seen::new("the host port");
            for (index, &port) in items(doc, at(doc, c.node, &["ports"])).iter().enumerate() {
                let path = format!("{}.ports[{index}]", c.path(pod.path));
                if let Some(entry) = doc.get(port, "name")
                    && let Some(name) = scalar_text(doc, entry.value)
                    && crate::names::iana_svc_name(name).is_ok()
                {
                    port_names.add(
                        name.to_owned(),
                        &format!("`{name}`"),
                        &format!("\"{name}\""),
                        doc.range(entry.value),
                        &format!("{path}.name"),
                        kind,
                        out,
                    );
                }
                let Some(entry) = doc.get(port, "hostPort") else {
                    continue;
                };
                let Some(number) = int(doc, entry.value).filter(|&n| n != 0) else {
                    continue;
                };
                let protocol = doc.get_str(port, "protocol").unwrap_or("TCP");
                let ip = doc.get_str(port, "hostIP").unwrap_or("");
                let key = format!("{protocol}/{ip}/{number}");
                let seen = match c.list {
                    ContainerList::Containers => &mut host_ports,
                    _ => &mut own_host_ports,
                };
                let printed = format!("\"{key}\"");
                seen.add(
                    key,
                    &number.to_string(),
                    &printed,
                    doc.range(entry.value),
                    &format!("{path}.hostPort"),
                    kind,
                    out,
                );
            }
        }
    }
    for o in objects(ctx.stream) {
        if o.kind != "Service" || !is_builtin(&o) {
            continue;
        }
        let doc = o.doc;
        let mut names = Seen::new("the port name");
        let mut node_ports = Seen::new("the nodePort");
        let ports = items(doc, o.spec().and_then(|s| at(doc, s, &["ports"])));
        for (index, &port) in ports.iter().enumerate() {
            if let Some(entry) = doc.get(port, "name")
                && let Some(name) = scalar_text(doc, entry.value)
            {
                names.add(
                    name.to_owned(),
                    &format!("`{name}`"),
                    &format!("\"{name}\""),
                    doc.range(entry.value),
                    &format!("spec.ports[{index}].name"),
                    "Service",
                    out,
                );
            }
            if let Some(entry) = doc.get(port, "nodePort")
                && let Some(number) = int(doc, entry.value).filter(|&n| n != 0)
            {
                let protocol = doc.get_str(port, "protocol").unwrap_or("TCP");
                node_ports.add(
                    format!("{protocol}/{number}"),
                    &number.to_string(),
                    &number.to_string(),
                    doc.range(entry.value),
                    &format!("spec.ports[{index}].nodePort"),
                    "Service",
                    out,
                );
            }
        }
    }
}
