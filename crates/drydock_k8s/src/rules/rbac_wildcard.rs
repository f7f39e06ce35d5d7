use crate::object::{at, items, objects, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/rbac-wildcard",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A Role or ClusterRole grants a wildcard verb, resource or API group",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "wildcard-in-rules",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `"*"` in the `verbs`, `resources` or `apiGroups` of a rule of a Role or ClusterRole.

## Why is this bad?
A wildcard grants everything, including what is added later (new resources, `escalate`,
`impersonate`, `pods/exec`): the role quietly becomes cluster-admin of its scope. List what is
needed.

## Invalid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
rules:
- apiGroups: ["apps"]
  resources: ["*"]
  verbs: ["*"]
```

## Valid
```yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: deployer
rules:
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "update", "patch"]
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if !matches!(o.kind, "Role" | "ClusterRole") {
            continue;
        }
        let doc = o.doc;
        for &rule in items(doc, at(doc, o.node, &["rules"])) {
            for key in ["verbs", "resources", "apiGroups"] {
                for &item in items(doc, at(doc, rule, &[key])) {
                    if scalar_text(doc, item) == Some("*") {
                        out.push(Diagnostic::new(
                            &RULE,
                            format!(
                                "{} {} grants every {}, including ones added later: list what is needed",
                                o.kind,
                                o.name().unwrap_or("(unnamed)"),
                                match key {
                                    "verbs" => "verb",
                                    "resources" => "resource",
                                    _ => "API group",
                                }
                            ),
                            doc.range(item),
                        ));
                    }
                }
            }
        }
    }
}
