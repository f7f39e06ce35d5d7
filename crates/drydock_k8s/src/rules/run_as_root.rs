use crate::object::{boolean, container_anchor, int, pods, security_setting};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/run-as-root",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container may run as root"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-linter",
            id: "run-as-non-root",
        },
        Mirror {
            tool: "kube-score",
            id: "container-security-context-user-group-id",
        },
        Mirror {
            tool: "polaris",
            id: "runAsRootAllowed",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container that neither the container's nor the pod's `securityContext` keeps from
running as root: no `runAsNonRoot: true` and no non-zero `runAsUser`, or an explicit
`runAsUser: 0`.

## Why is this bad?
Root in a container is root on the node's kernel: a container escape, a writable host mount or
a kernel bug then gives full control of the node. Most images run fine as another user.

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
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
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
        for (_, container) in o.containers() {
            let user = security_setting(doc, template.spec, container, "runAsUser");
            let non_root = security_setting(doc, template.spec, container, "runAsNonRoot")
                .and_then(|n| boolean(doc, n));
            match user.and_then(|n| int(doc, n)) {
                Some(0) => {
                    if let Some(node) = user {
                        out.push(Diagnostic::new(
                            &RULE,
                            "runAsUser is 0: the container runs as root, which is root on the node's \
                             kernel should it escape",
                            doc.range(node),
                        ));
                    }
                }
                Some(_) => {}
                None if non_root == Some(true) => {}
                None => out.push(
                    Diagnostic::new(
                        &RULE,
                        "neither the container nor the pod sets runAsNonRoot: true or a non-zero \
                         runAsUser: the container runs as root if its image does",
                        container_anchor(doc, container),
                    )
                    .with_help("set `securityContext.runAsNonRoot: true` (and a `runAsUser` if the image's user is a name)"),
                ),
            }
        }
    }
}
