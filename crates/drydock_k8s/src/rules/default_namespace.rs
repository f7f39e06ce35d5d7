use crate::object::{is_cluster_scoped, objects};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/default-namespace",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A namespaced object in the default namespace (written, or by leaving metadata.namespace out)",
    ),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kube-linter",
        id: "use-namespace",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a namespaced object whose `metadata.namespace` is `default`, or is not written (then
`kubectl apply` puts it in the current context's namespace, usually `default`).

Opt-in, as in kube-linter: many repositories leave the namespace to `kubectl -n`, kustomize's
`namespace:` or Helm's `--namespace`, and for them the finding is noise. Turn it on where
manifests are meant to say where they go.

## Why is this bad?
The `default` namespace is shared by everything nobody placed: resource quotas, network policies
and RBAC are hard to scope there, and a second application's objects can collide by name.

## Invalid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
```

## Valid
```yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
```
"#,
    ),
};

pub fn check(ctx: &KubernetesContext<'_>, out: &mut Vec<Diagnostic>) {
    for o in objects(ctx.stream) {
        if is_cluster_scoped(o.kind) {
            continue;
        }
        let message = match o.namespace() {
            Some("default") => "the object is in the default namespace",
            None => {
                "the object names no namespace: it goes to the current context's, usually default"
            }
            Some(_) => continue,
        };
        let range = o
            .metadata
            .and_then(|m| o.doc.get(m, "namespace"))
            .map_or(o.anchor(), |e| o.doc.range(e.value));
        out.push(
            Diagnostic::new(&RULE, message, range)
                .with_help("set `metadata.namespace` to the application's namespace"),
        );
    }
}
