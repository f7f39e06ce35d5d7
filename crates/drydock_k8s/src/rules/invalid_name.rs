use crate::apiserver::{containers, pod_specs, rejects};
use crate::names::{dns1035_label, dns1123_label, dns1123_subdomain, is_placeholder};
use crate::object::{at, items, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-name",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A name (metadata.name or namespace, a container's, a volume's, a pod's hostname) that does not have the syntax the API server requires",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kubectl",
        id: "a lowercase RFC 1123 subdomain must consist of",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Checks `metadata.name` by kind, as the API server's validation does (`pkg/apis/*/validation`):
- a Service's name is an RFC 1035 label: at most 63 lower-case letters, digits and `-`, starting
  with a letter (it becomes a DNS name and the prefix of environment variables);
- a Namespace's and a StatefulSet's name is an RFC 1123 label (at most 63 characters, no `.`);
- a CronJob's name is an RFC 1123 subdomain of at most 52 characters (its Jobs add 11);
- Roles, ClusterRoles and their bindings only may not contain `/` or `%`, nor be `.` or `..`;
- every other built-in kind's name is an RFC 1123 subdomain: at most 253 lower-case letters,
  digits, `-` and `.`, each part starting and ending with a letter or digit.

`metadata.namespace` must be an RFC 1123 label. Custom resources are not checked (their
definitions may say otherwise), nor are template placeholders (`{{ … }}`, `${…}`, `<name>`).

A built-in object's `metadata.finalizers` are qualified names, and one without a `/` is a
standard finalizer (`kubernetes`, `orphan`, `foregroundDeletion`; `validateKubeFinalizerName`).
`orphan` and `foregroundDeletion` are not both set. A LoadBalancer Service's
`loadBalancerClass` is a qualified name. A `generateName` is judged as the name's prefix
(a trailing `-` is fine).

In every workload's pod spec, as `ValidatePodSpec` does: a container's and a volume's `name`, the
pod's `hostname` and `subdomain` are RFC 1123 labels; `serviceAccountName`, `priorityClassName`
and `nodeName` are RFC 1123 subdomains. The message ends with the API server's own error
(`spec.template.spec.containers[0].name: Invalid value: "Web"`).

## Why is this bad?
The API server rejects the object: `kubectl apply` fails with `metadata.name: Invalid value`.

## Invalid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: Web_API
spec:
  selector:
    app: web
  ports:
  - port: 80
```

## Valid
```yaml
apiVersion: v1
kind: Service
metadata:
  name: web-api
spec:
  selector:
    app: web
  ports:
  - port: 80
```
"#,
    ),
};

/// The built-in kinds whose names are RFC 1123 subdomains.
const SUBDOMAIN_KINDS: [&str; 26] = [
    "Pod",
    "Deployment",
    "ReplicaSet",
    "DaemonSet",
    "ReplicationController",
    "Job",
    "ConfigMap",
    "Secret",
    "ServiceAccount",
    "PersistentVolumeClaim",
    "PersistentVolume",
    "Ingress",
    "IngressClass",
    "NetworkPolicy",
    "HorizontalPodAutoscaler",
    "PodDisruptionBudget",
    "StorageClass",
    "PriorityClass",
    "LimitRange",
    "ResourceQuota",
    "Endpoints",
    "PodTemplate",
    "RuntimeClass",
    "CustomResourceDefinition",
    "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration",
];

const RBAC_KINDS: [&str; 4] = ["Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding"];

fn check_name(kind: &str, name: &str) -> Result<(), String> {
    match kind {
        "Service" => dns1035_label(name)
            .map_err(|why| format!("{why} (a Service's name is an RFC 1035 label)")),
        "Namespace" | "StatefulSet" => dns1123_label(name)
            .map_err(|why| format!("{why} (a {kind}'s name is an RFC 1123 label)")),
        "CronJob" => {
            dns1123_subdomain(name)?;
            if name.len() > 52 {
                return Err(format!(
                    "is {} characters long, more than 52 (a CronJob's Jobs append 11)",
                    name.len()
                ));
            }
            Ok(())
        }
        kind if RBAC_KINDS.contains(&kind) => {
            if name == "." || name == ".." {
                return Err(format!("may not be `{name}`"));
            }
            match name.chars().find(|c| matches!(c, '/' | '%')) {
                Some(c) => Err(format!("may not contain `{c}`")),
                None => Ok(()),
            }
        }
        kind if SUBDOMAIN_KINDS.contains(&kind) => dns1123_subdomain(name)
            .map_err(|why| format!("{why} (a {kind}'s name is an RFC 1123 subdomain)")),
        _ => Ok(()),
    }
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    metadata(ctx, out);
    if cfg!(feature = "api-server") {
        check_api_server(ctx, out);
    }
}

/// What the API server's validation adds to this rule (see `crate::apiserver`): run where the
/// build has the `api-server` feature, by [`crate::rules::API_SERVER`].
pub fn check_api_server(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    finalizers(ctx, out);
    pod_names(ctx, out);
    generate_names(ctx, out);
    load_balancer_classes(ctx, out);
}

/// A LoadBalancer Service's `loadBalancerClass` is a qualified name (`validateLoadBalancerClassField`).
fn load_balancer_classes(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if o.kind != "Service" || !crate::apiserver::is_builtin(&o) {
            continue;
        }
        let doc = o.doc;
        let Some(spec) = o.spec() else {
            continue;
        };
        if doc.get_str(spec, "type") != Some("LoadBalancer") {
            continue;
        }
        let Some(node) = at(doc, spec, &["loadBalancerClass"]) else {
            continue;
        };
        let Some(value) = doc.scalar(node).map(|s| s.value.as_str()) else {
            continue;
        };
        if is_placeholder(value) {
            continue;
        }
        if let Err(why) = crate::names::qualified_name(value) {
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "the load balancer class `{value}` {why} (a class is a qualified name, `example.com/lb`): the API server rejects the Service (`spec.loadBalancerClass: Invalid value: \"{value}\"`)"
                ),
                doc.range(node),
            ));
        }
    }
}

/// `generateName` is judged as a prefix (`ValidateObjectMeta` with `prefix`): the name it makes
/// is the prefix and five random characters, so a trailing `-` is fine.
fn generate_names(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        let doc = o.doc;
        let Some(entry) = o.metadata.and_then(|m| doc.get(m, "generateName")) else {
            continue;
        };
        let Some(value) = doc.scalar(entry.value).map(|s| s.value.as_str()) else {
            continue;
        };
        if value.is_empty() || is_placeholder(value) {
            continue;
        }
        let masked = match value.strip_suffix('-') {
            Some(head) => format!("{head}a"),
            None => value.to_owned(),
        };
        // A CronJob's 52 characters are its name's (`ValidateCronJobCreate`), not the prefix's.
        let kind = if o.kind == "CronJob" { "Job" } else { o.kind };
        if let Err(why) = check_name(kind, &masked) {
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "the generateName prefix `{value}` {why}: the API server rejects the {} (`metadata.generateName: Invalid value: \"{value}\"`)",
                    o.kind
                ),
                doc.range(entry.value),
            ));
        }
    }
}

/// Names inside a pod spec: containers, volumes, the hostname and the references the API server
/// checks for syntax.
fn pod_names(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for pod in pod_specs(ctx.stream) {
        let doc = pod.object.doc;
        let kind = pod.object.kind;
        let mut judge =
            |node: Option<drydock_yaml::NodeId>, path: String, what: &str, label: bool| {
                let Some(node) = node else {
                    return;
                };
                let Some(value) = doc.scalar(node).map(|s| s.value.as_str()) else {
                    return;
                };
                if value.is_empty() || is_placeholder(value) {
                    return;
                }
                let result = if label {
                    dns1123_label(value)
                        .map_err(|why| format!("{why} ({what} is an RFC 1123 label)"))
                } else {
                    dns1123_subdomain(value)
                        .map_err(|why| format!("{why} ({what} is an RFC 1123 subdomain)"))
                };
                if let Err(why) = result {
                    out.push(Diagnostic::new(
                        &RULE,
                        format!(
                            "`{value}` {why}: {} (`{path}: Invalid value: \"{value}\"`)",
                            rejects(kind)
                        ),
                        doc.range(node),
                    ));
                }
            };
        for c in containers(doc, pod.template.spec) {
            judge(
                at(doc, c.node, &["name"]),
                format!("{}.name", c.path(pod.path)),
                "a container's name",
                true,
            );
        }
        for (index, &volume) in items(doc, at(doc, pod.template.spec, &["volumes"]))
            .iter()
            .enumerate()
        {
            judge(
                at(doc, volume, &["name"]),
                format!("{}.volumes[{index}].name", pod.path),
                "a volume's name",
                true,
            );
        }
        for (key, label) in [
            ("hostname", true),
            ("subdomain", true),
            ("serviceAccountName", false),
            ("priorityClassName", false),
            ("nodeName", false),
        ] {
            judge(
                at(doc, pod.template.spec, &[key]),
                format!("{}.{key}", pod.path),
                &format!("`{key}`"),
                label,
            );
        }
    }
}

/// `validateKubeFinalizerName`: qualified names, standard ones without a domain.
fn finalizers(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if !crate::apiserver::is_builtin(&o) {
            continue;
        }
        let doc = o.doc;
        let Some(metadata) = o.metadata else {
            continue;
        };
        let list = items(doc, at(doc, metadata, &["finalizers"]));
        let has = |name: &str| {
            list.iter()
                .any(|&n| doc.scalar(n).is_some_and(|s| s.value == name))
        };
        if has("orphan")
            && has("foregroundDeletion")
            && let Some(entry) = doc.get(metadata, "finalizers")
        {
            let names: Vec<String> = list
                .iter()
                .map(|&n| format!("{:?}", doc.scalar(n).map_or("", |s| s.value.as_str())))
                .collect();
            out.push(Diagnostic::new(
                &RULE,
                format!(
                    "`orphan` keeps the dependents when the object is deleted and `foregroundDeletion` deletes them first: the API server rejects the {} (`metadata.finalizers: Invalid value: []string{{{}}}: finalizer orphan and foregroundDeletion cannot be both set`)",
                    o.kind,
                    names.join(", ")
                ),
                doc.range(entry.key),
            ));
        }
        for (index, &node) in list.iter().enumerate() {
            let Some(value) = doc.scalar(node).map(|s| s.value.as_str()) else {
                continue;
            };
            if is_placeholder(value) {
                continue;
            }
            let why = match crate::names::qualified_name(value) {
                Err(why) => Some(why),
                Ok(()) if !value.contains('/')
                    && !matches!(value, "kubernetes" | "orphan" | "foregroundDeletion") =>
                {
                    Some("is neither a standard finalizer name nor is it fully qualified (`example.com/name`)".to_owned())
                }
                Ok(()) => None,
            };
            if let Some(why) = why {
                out.push(Diagnostic::new(
                    &RULE,
                    format!(
                        "the finalizer `{value}` {why}: the API server rejects the {} (`metadata.finalizers[{index}]: Invalid value: \"{value}\"`)",
                        o.kind
                    ),
                    doc.range(node),
                ));
            }
        }
    }
}

fn metadata(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        let doc = o.doc;
        let Some(metadata) = o.metadata else {
            continue;
        };
        for (key, is_namespace) in [("name", false), ("namespace", true)] {
            let Some(entry) = doc.get(metadata, key) else {
                continue;
            };
            let Some(value) = doc.scalar(entry.value).map(|s| s.value.as_str()) else {
                continue;
            };
            if is_placeholder(value) {
                continue;
            }
            let result = if is_namespace {
                dns1123_label(value)
                    .map_err(|why| format!("{why} (a namespace is an RFC 1123 label)"))
            } else {
                check_name(o.kind, value)
            };
            if let Err(why) = result {
                out.push(Diagnostic::new(
                    &RULE,
                    format!("the {key} `{value}` {why}: the API server rejects the object"),
                    doc.range(entry.value),
                ));
            }
        }
    }
}
