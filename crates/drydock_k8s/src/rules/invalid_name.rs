use crate::names::{dns1035_label, dns1123_label, dns1123_subdomain, is_placeholder};
use crate::object::objects;
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/invalid-name",
    language: Language::Kubernetes,
    summary: "metadata.name or metadata.namespace does not have the syntax the API server requires for the kind",
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
