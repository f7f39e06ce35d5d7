use crate::object::{pods, scalar_text};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/default-service-account",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A pod runs as its namespace's default ServiceAccount"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "default-service-account",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a workload whose pod spec sets no `serviceAccountName` (or sets `default`).

Off by default, as in kube-linter: for a pod that never calls the API and does not mount the
token, the default account is harmless.

## Why is this bad?
Every pod of the namespace without an account of its own shares `default`: a permission granted
to one of them (often by a RoleBinding to `default` made for one tool) is granted to all.

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
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  serviceAccountName: web
  containers:
  - name: web
    image: nginx:1.27
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for (o, template) in pods(ctx.stream) {
        let doc = o.doc;
        let entry = doc
            .get(template.spec, "serviceAccountName")
            .or_else(|| doc.get(template.spec, "serviceAccount"));
        let name = entry.and_then(|e| scalar_text(doc, e.value));
        if name.is_some_and(|n| !n.is_empty() && n != "default") {
            continue;
        }
        out.push(Diagnostic::new(
            &RULE,
            "the pods run as the namespace's default ServiceAccount: whatever is granted to \
             `default` for one workload is granted to all of them",
            entry.map_or_else(|| o.anchor(), |e| doc.range(e.value)),
        ));
    }
}
