use crate::ViolationKind;
use crate::apiserver::{containers, is_builtin, pod_specs, rejects};
use crate::object::{at, container_anchor, items, objects, scalar_text};
use crate::rules::report;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use crate::validate::first_line;
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_base::text::TextRange;
use drydock_yaml::{Document, NodeId, ScalarKind};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-required-field",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A required field is missing"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kubeconform",
            id: "missing properties",
        },
        Mirror {
            tool: "kubectl",
            id: "Required value",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a required field that is absent — a Deployment without `spec`, a container without `name`, a
Service port without `port`, an object without `apiVersion` or `kind` — on the key of the object
that lacks it.

It also reports what the API server's validation requires and the OpenAPI schema leaves
optional (each message ends with the API server's own error, `field: Required value`):
- a container (regular or init) without `image`, in every workload's pod template;
- a built-in object without `metadata.name` (and no `generateName`);
- a Service without `ports` (unless headless or `ExternalName`), and a port without `name` when
  the Service has more than one;
- a Secret of a `type` without the keys it requires (`tls.crt` and `tls.key`, `.dockerconfigjson`,
  `.dockercfg`, `username` or `password`, `ssh-privatekey`), in `data` or `stringData`, and a
  service-account-token Secret without its `kubernetes.io/service-account.name` annotation;
- `dnsPolicy: None` without `dnsConfig.nameservers`;
- a `secret` volume without `secretName`, a `configMap` volume or projection without `name`;
- an `exec` probe or hook without `command`;
- a PersistentVolumeClaim without `accessModes` or `resources.requests.storage`, and so an
  ephemeral volume's `volumeClaimTemplate` (which is required) and a StatefulSet's
  `volumeClaimTemplates` (since Kubernetes 1.34);
- an Indexed Job without `completions`.

## Why is this bad?
The API server rejects the object with "Required value".

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - image: nginx:1.27
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
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    report(ctx, ViolationKind::MissingRequired, &RULE, out);
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
}

/// One `Required value` of the API server's validation, with its field path.
fn required(range: TextRange, what: String, kind: &str, path: &str, detail: &str) -> Diagnostic {
    required_as(range, what, &rejects(kind), path, detail)
}

/// [`required`], saying what the API server does as `rejected` does.
fn required_as(
    range: TextRange,
    what: String,
    rejected: &str,
    path: &str,
    detail: &str,
) -> Diagnostic {
    let detail = if detail.is_empty() {
        String::new()
    } else {
        format!(": {detail}")
    };
    Diagnostic::new(
        &RULE,
        format!("{what}: {rejected} (`{path}: Required value{detail}`)"),
        range,
    )
}

/// Whether a key holds something other than null, `""` or an empty collection.
fn set(doc: &Document, node: NodeId, key: &str) -> bool {
    let Some(entry) = doc.get(node, key) else {
        return false;
    };
    if let Some(items) = doc.items(entry.value) {
        return !items.is_empty();
    }
    if let Some(entries) = doc.entries(entry.value) {
        return !entries.is_empty();
    }
    scalar_text(doc, entry.value).is_some_and(|s| !s.is_empty())
}

/// The checks of `pkg/apis/core/validation` (and apps, batch) that end in `Required value`
/// where the OpenAPI schema has the field optional.
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    ephemeral_volumes(ctx, out);
    for o in objects(ctx.stream) {
        if !is_builtin(&o) {
            continue;
        }
        let doc = o.doc;
        let named = o
            .metadata
            .is_some_and(|m| set(doc, m, "name") || set(doc, m, "generateName"));
        if !named {
            let range = doc
                .get(o.node, "metadata")
                .map_or(o.kind_range, |e| doc.range(e.key));
            out.push(required(
                range,
                format!("the {} has no name", o.kind),
                o.kind,
                "metadata.name",
                "name or generateName is required",
            ));
        }
        match o.kind {
            "Service" => service(ctx, &o, out),
            "Secret" => secret(&o, out),
            "PersistentVolumeClaim" => claim(&o, out),
            "StatefulSet" => claim_templates(&o, out),
            "Job" | "CronJob" => {
                let spec = if o.kind == "Job" {
                    o.spec()
                } else {
                    at(doc, o.node, &["spec", "jobTemplate", "spec"])
                };
                let path = if o.kind == "Job" {
                    "spec"
                } else {
                    "spec.jobTemplate.spec"
                };
                if let Some(spec) = spec
                    && let Some(mode) = doc.get(spec, "completionMode")
                    && scalar_text(doc, mode.value) == Some("Indexed")
                    && !set(doc, spec, "completions")
                {
                    out.push(required(
                        doc.range(mode.value),
                        "an Indexed Job needs `completions`, the number of indexes".to_owned(),
                        o.kind,
                        &format!("{path}.completions"),
                        "when completion mode is Indexed",
                    ));
                }
            }
            _ => {}
        }
    }
    for pod in pod_specs(ctx.stream) {
        let o = pod.object;
        let doc = o.doc;
        let spec = pod.template.spec;
        for c in containers(doc, spec) {
            let path = c.path(pod.path);
            let image = match doc.get(c.node, "image") {
                None => Some(container_anchor(doc, c.node)),
                Some(e) => doc
                    .scalar(e.value)
                    .filter(|s| s.kind == ScalarKind::String && s.value.is_empty())
                    .map(|_| doc.range(e.value)),
            };
            if let Some(range) = image {
                let name = doc.get_str(c.node, "name").unwrap_or("");
                out.push(required(
                    range,
                    format!("container `{name}` sets no image"),
                    o.kind,
                    &format!("{path}.image"),
                    "",
                ));
            }
            for probe in ["livenessProbe", "readinessProbe", "startupProbe"] {
                exec_command(
                    doc,
                    c.node,
                    &[probe],
                    &format!("{path}.{probe}"),
                    o.kind,
                    out,
                );
            }
            for hook in ["postStart", "preStop"] {
                exec_command(
                    doc,
                    c.node,
                    &["lifecycle", hook],
                    &format!("{path}.lifecycle.{hook}"),
                    o.kind,
                    out,
                );
            }
        }
        if let Some(policy) = doc.get(spec, "dnsPolicy")
            && scalar_text(doc, policy.value) == Some("None")
        {
            let config = at(doc, spec, &["dnsConfig"]).filter(|&c| doc.entries(c).is_some());
            let (field, detail) = match config {
                None => (
                    "dnsConfig",
                    "must provide `dnsConfig` when `dnsPolicy` is None",
                ),
                Some(config) if !set(doc, config, "nameservers") => (
                    "dnsConfig.nameservers",
                    "must provide at least one DNS nameserver when `dnsPolicy` is None",
                ),
                Some(_) => ("", ""),
            };
            if !field.is_empty() {
                out.push(required(
                    doc.range(policy.value),
                    "with `dnsPolicy: None` the pod takes its DNS servers from `dnsConfig`, which names none".to_owned(),
                    o.kind,
                    &format!("{}.{field}", pod.path),
                    detail,
                ));
            }
        }
        for (index, &volume) in items(doc, at(doc, spec, &["volumes"])).iter().enumerate() {
            let path = format!("{}.volumes[{index}]", pod.path);
            let name = doc.get_str(volume, "name").unwrap_or("");
            if let Some(source) = doc.get(volume, "secret")
                && doc.entries(source.value).is_some()
                && !set(doc, source.value, "secretName")
            {
                out.push(required(
                    doc.range(source.key),
                    format!("secret volume `{name}` names no Secret"),
                    o.kind,
                    &format!("{path}.secret.secretName"),
                    "",
                ));
            }
            if let Some(source) = doc.get(volume, "configMap")
                && doc.entries(source.value).is_some()
                && !set(doc, source.value, "name")
            {
                out.push(required(
                    doc.range(source.key),
                    format!("configMap volume `{name}` names no ConfigMap"),
                    o.kind,
                    &format!("{path}.configMap.name"),
                    "",
                ));
            }
            for (i, &projection) in items(doc, at(doc, volume, &["projected", "sources"]))
                .iter()
                .enumerate()
            {
                for (key, what) in [("secret", "Secret"), ("configMap", "ConfigMap")] {
                    if let Some(source) = doc.get(projection, key)
                        && doc.entries(source.value).is_some()
                        && !set(doc, source.value, "name")
                    {
                        out.push(required(
                            doc.range(source.key),
                            format!("a {key} projection of volume `{name}` names no {what}"),
                            o.kind,
                            &format!("{path}.projected.sources[{i}].{key}.name"),
                            "",
                        ));
                    }
                }
            }
        }
    }
}

/// An `exec` handler without a command.
fn exec_command(
    doc: &Document,
    container: NodeId,
    handler: &[&str],
    path: &str,
    kind: &str,
    out: &mut Vec<Diagnostic>,
) {
    let Some(handler) = at(doc, container, handler) else {
        return;
    };
    if let Some(exec) = doc.get(handler, "exec")
        && doc
            .entries(exec.value)
            .is_some_and(|_| !set(doc, exec.value, "command"))
    {
        out.push(required(
            doc.range(exec.key),
            "an exec handler runs nothing: it has no `command`".to_owned(),
            kind,
            &format!("{path}.exec.command"),
            "",
        ));
    }
}

fn service(ctx: &KubernetesContext<'_>, o: &crate::object::Object<'_>, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    let spec = o.spec();
    let kind = spec
        .and_then(|s| doc.get_str(s, "type"))
        .unwrap_or("ClusterIP");
    let headless = spec.is_some_and(|s| {
        doc.get_str(s, "clusterIP") == Some("None")
            || items(doc, at(doc, s, &["clusterIPs"]))
                .first()
                .is_some_and(|&ip| doc.scalar(ip).is_some_and(|ip| ip.value == "None"))
    });
    let ports = items(doc, spec.and_then(|s| at(doc, s, &["ports"])));
    if ports.is_empty() && !headless && kind != "ExternalName" {
        let range = doc
            .get(o.node, "spec")
            .map_or_else(|| o.anchor(), |e| doc.range(e.key));
        out.push(
            required(
                range,
                format!("a {kind} Service needs at least one port"),
                "Service",
                "spec.ports",
                "",
            )
            .with_help("list the ports it serves; a Service without ports is headless (`clusterIP: None`) or `type: ExternalName`"),
        );
    }
    if ports.len() > 1 {
        for (index, &port) in ports.iter().enumerate() {
            if doc.entries(port).is_some() && !set(doc, port, "name") {
                let range = doc.get(port, "port").map_or_else(
                    || first_line(doc.range(port), ctx.text),
                    |e| doc.range(e.value),
                );
                out.push(required(
                    range,
                    "a Service with several ports names each of them".to_owned(),
                    "Service",
                    &format!("spec.ports[{index}].name"),
                    "",
                ));
            }
        }
    }
}

fn secret(o: &crate::object::Object<'_>, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    let Some(type_entry) = doc.get(o.node, "type") else {
        return;
    };
    let Some(kind) = scalar_text(doc, type_entry.value) else {
        return;
    };
    let has = |key: &str| {
        ["data", "stringData"]
            .iter()
            .any(|bag| at(doc, o.node, &[bag]).is_some_and(|b| doc.get(b, key).is_some()))
    };
    let non_empty = |key: &str| {
        ["data", "stringData"].iter().any(|bag| {
            at(doc, o.node, &[bag]).is_some_and(|b| {
                doc.get(b, key)
                    .and_then(|e| scalar_text(doc, e.value))
                    .is_some_and(|v| !v.is_empty())
            })
        })
    };
    let range = doc.range(type_entry.value);
    let mut missing = |key: &str| {
        out.push(required(
            range,
            format!("a Secret of type {kind} holds the key `{key}`"),
            "Secret",
            &format!("data[{key}]"),
            "",
        ));
    };
    match kind {
        "kubernetes.io/tls" => {
            for key in ["tls.crt", "tls.key"] {
                if !has(key) {
                    missing(key);
                }
            }
        }
        "kubernetes.io/dockerconfigjson" if !has(".dockerconfigjson") => {
            missing(".dockerconfigjson")
        }
        "kubernetes.io/dockercfg" if !has(".dockercfg") => missing(".dockercfg"),
        "kubernetes.io/basic-auth" if !has("username") && !has("password") => {
            missing("username");
            missing("password");
        }
        "kubernetes.io/ssh-auth" if !non_empty("ssh-privatekey") => missing("ssh-privatekey"),
        "kubernetes.io/service-account-token" => {
            let named = o
                .metadata
                .and_then(|m| {
                    at(
                        doc,
                        m,
                        &["annotations", "kubernetes.io/service-account.name"],
                    )
                })
                .and_then(|n| scalar_text(doc, n))
                .is_some_and(|n| !n.is_empty());
            if !named {
                out.push(required(
                    range,
                    "a service-account-token Secret names its ServiceAccount in the annotation `kubernetes.io/service-account.name`".to_owned(),
                    "Secret",
                    "metadata.annotations[kubernetes.io/service-account.name]",
                    "",
                ));
            }
        }
        _ => {}
    }
}

fn claim(o: &crate::object::Object<'_>, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    let Some(spec) = o.spec() else {
        return;
    };
    let anchor = doc
        .get(o.node, "spec")
        .map_or_else(|| o.anchor(), |e| doc.range(e.key));
    claim_spec(doc, spec, anchor, &rejects(o.kind), "spec", out);
}

/// A StatefulSet's `volumeClaimTemplates`, each spec judged as a claim's since Kubernetes 1.34
/// (kubernetes/kubernetes#132212).
fn claim_templates(o: &crate::object::Object<'_>, out: &mut Vec<Diagnostic>) {
    let doc = o.doc;
    for (index, &template) in items(doc, at(doc, o.node, &["spec", "volumeClaimTemplates"]))
        .iter()
        .enumerate()
    {
        if doc.entries(template).is_none() {
            continue;
        }
        let (spec, anchor) = match doc.get(template, "spec") {
            Some(entry) => (entry.value, doc.range(entry.key)),
            // No spec is an empty one: the template itself, judged as a spec, holds neither
            // field.
            None => (
                template,
                at(doc, template, &["metadata", "name"])
                    .map_or_else(|| doc.range(template), |n| doc.range(n)),
            ),
        };
        claim_spec(
            doc,
            spec,
            anchor,
            crate::rules::invalid_volume::CLAIM_TEMPLATE_REJECTED,
            &format!("spec.volumeClaimTemplates[{index}].spec"),
            out,
        );
    }
}

/// A claim's spec (`ValidatePersistentVolumeClaimSpec`), of a PersistentVolumeClaim or of an
/// ephemeral volume's `volumeClaimTemplate` at `path`.
fn claim_spec(
    doc: &Document,
    spec: NodeId,
    anchor: TextRange,
    rejected: &str,
    path: &str,
    out: &mut Vec<Diagnostic>,
) {
    if !set(doc, spec, "accessModes") {
        out.push(required_as(
            anchor,
            "the claim names no access mode (ReadWriteOnce, ReadOnlyMany, ReadWriteMany or ReadWriteOncePod)".to_owned(),
            rejected,
            &format!("{path}.accessModes"),
            "at least 1 access mode is required",
        ));
    }
    let storage = at(doc, spec, &["resources", "requests", "storage"])
        .and_then(|n| scalar_text(doc, n))
        .is_some();
    if !storage {
        out.push(required_as(
            anchor,
            "the claim requests no storage size (`resources.requests.storage`)".to_owned(),
            rejected,
            &format!("{path}.resources[storage]"),
            "",
        ));
    }
}

/// `validateEphemeralVolumeSource`: an ephemeral volume's claim template, and its claim spec.
fn ephemeral_volumes(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        for (index, &volume) in items(doc, at(doc, pod.template.spec, &["volumes"]))
            .iter()
            .enumerate()
        {
            let Some(ephemeral) = doc.get(volume, "ephemeral") else {
                continue;
            };
            if doc.entries(ephemeral.value).is_none() {
                continue;
            }
            let path = format!(
                "{}.volumes[{index}].ephemeral.volumeClaimTemplate",
                pod.path
            );
            let Some(template) = doc
                .get(ephemeral.value, "volumeClaimTemplate")
                .filter(|e| doc.entries(e.value).is_some())
            else {
                out.push(required(
                    doc.range(ephemeral.key),
                    "an ephemeral volume is made from a claim template (`volumeClaimTemplate`), and there is none".to_owned(),
                    pod.object.kind,
                    &path,
                    "",
                ));
                continue;
            };
            let Some(spec) = doc.get(template.value, "spec") else {
                out.push(required(
                    doc.range(template.key),
                    "the claim template has no spec (access modes and storage size)".to_owned(),
                    pod.object.kind,
                    &format!("{path}.spec.accessModes"),
                    "at least 1 access mode is required",
                ));
                continue;
            };
            claim_spec(
                doc,
                spec.value,
                doc.range(spec.key),
                &rejects(pod.object.kind),
                &format!("{path}.spec"),
                out,
            );
        }
    }
}
