use crate::object::{Object, at, items, objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_yaml::{NodeId, Stream};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/pod-exec-access",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Role or ClusterRole lets its subjects exec or attach into pods",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "polaris",
            id: "clusterrolePodExecAttach",
        },
        Mirror {
            tool: "polaris",
            id: "rolePodExecAttach",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a Role or ClusterRole rule that grants `create` (or `*`) on `pods/exec` or `pods/attach`
(or `pods/*`) in the core API group. A wildcard resource is `kubernetes/rbac-wildcard`'s.

Polaris also reports the bindings to such roles; here the role is reported where it is defined,
once, whatever binds it.

## Why is this bad?
Exec runs any command in any container of the namespace (or the cluster, for a ClusterRole):
the subject gets every Secret those containers mount, their ServiceAccount tokens and their
network position. It is the usual step from a leaked CI token to the cluster.

## Invalid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debug
rules:
- apiGroups: [""]
  resources: ["pods", "pods/exec"]
  verbs: ["get", "create"]
```

## Valid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debug
rules:
- apiGroups: [""]
  resources: ["pods", "pods/log"]
  verbs: ["get", "list"]
```
"#,
    ),
};

/// One grant of a Role or ClusterRole rule: the object, the resource's node and the verb.
pub(crate) struct Grant<'d> {
    pub object: Object<'d>,
    pub resource: NodeId,
    pub resource_name: &'d str,
    pub verb: &'d str,
}

/// The grants of `verbs` (or `*`) on the explicitly named `(API group, resource)` pairs, in every
/// Role and ClusterRole of the stream. A wildcard resource is not matched: that is
/// `kubernetes/rbac-wildcard`'s finding.
pub(crate) fn grants<'d>(
    stream: &'d Stream,
    resources: &[(&str, &str)],
    verbs: &[&str],
) -> Vec<Grant<'d>> {
    let mut out = Vec::new();
    for object in objects(stream) {
        if !matches!(object.kind, "Role" | "ClusterRole") {
            continue;
        }
        let doc = object.doc;
        for &rule in items(doc, at(doc, object.node, &["rules"])) {
            let texts = |key: &str| -> Vec<&'d str> {
                items(doc, at(doc, rule, &[key]))
                    .iter()
                    .filter_map(|&n| scalar_text(doc, n))
                    .collect()
            };
            let groups = texts("apiGroups");
            let Some(verb) = texts("verbs")
                .into_iter()
                .find(|v| *v == "*" || verbs.contains(v))
            else {
                continue;
            };
            for &resource in items(doc, at(doc, rule, &["resources"])) {
                let Some(name) = scalar_text(doc, resource) else {
                    continue;
                };
                let granted = resources.iter().any(|(group, wanted)| {
                    *wanted == name && groups.iter().any(|g| g == group || *g == "*")
                });
                if granted {
                    out.push(Grant {
                        object,
                        resource,
                        resource_name: name,
                        verb,
                    });
                }
            }
        }
    }
    out
}

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    let resources = [("", "pods/exec"), ("", "pods/attach"), ("", "pods/*")];
    for grant in grants(ctx.stream, &resources, &["create"]) {
        let kind = grant.object.kind;
        let scope = if kind == "ClusterRole" {
            "any pod of the cluster (or of a namespace it is bound in)"
        } else {
            "any pod of its namespace"
        };
        out.push(Diagnostic::new(
            &RULE,
            format!(
                "the {kind} grants {} on {}: its subjects can run commands in {scope}, with the \
                 Secrets and tokens mounted there",
                grant.verb, grant.resource_name
            ),
            grant.object.doc.range(grant.resource),
        ));
    }
}
