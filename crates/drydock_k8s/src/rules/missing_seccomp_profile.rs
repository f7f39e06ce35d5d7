use crate::object::{ContainerList, container_anchor, pods, scalar_text, security_setting};
use crate::rules::{FixKind, KubernetesContext, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/missing-seccomp-profile",
    language: Language::Kubernetes,
    summary: crate::rules::summary("A container runs without a seccomp profile"),
    severity: Severity::Info,
    enabled_by_default: false,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kube-score",
            id: "container-seccomp-profile",
        },
        Mirror {
            tool: "polaris",
            id: "linuxHardening",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a container for which neither its own nor the pod's `securityContext` sets a
`seccompProfile` of type `RuntimeDefault` or `Localhost`, and one that sets `Unconfined`.

Off by default, as in kube-score (Polaris has its broader `linuxHardening` on, which also accepts
AppArmor, SELinux options or dropping every capability): kubelets started with `--seccomp-default`
apply `RuntimeDefault` to every pod, which a manifest does not show. The restricted Pod Security
Standard asks for it explicitly.

## Why is this bad?
Without a profile, Kubernetes runs containers `Unconfined`: every system call of the kernel is
open to them, including the rarely used ones most kernel exploits go through. `RuntimeDefault`
blocks those and breaks almost nothing.

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
    seccompProfile:
      type: RuntimeDefault
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
        for (list, container) in o.containers() {
            if list == ContainerList::EphemeralContainers {
                continue;
            }
            let profile = security_setting(doc, template.spec, container, "seccompProfile");
            let kind = profile
                .and_then(|p| doc.get(p, "type"))
                .map(|e| (scalar_text(doc, e.value), e.value));
            match kind {
                Some((Some("RuntimeDefault" | "Localhost"), _)) => {}
                Some((Some("Unconfined"), node)) => out.push(Diagnostic::new(
                    &RULE,
                    "seccompProfile Unconfined opens every system call of the kernel to the \
                     container",
                    doc.range(node),
                )),
                _ => out.push(
                    Diagnostic::new(
                        &RULE,
                        "the container has no seccomp profile, so it runs Unconfined: every \
                         system call of the kernel is open to it",
                        container_anchor(doc, container),
                    )
                    .with_help(
                        "set `securityContext.seccompProfile.type: RuntimeDefault` in the pod spec",
                    ),
                ),
            }
        }
    }
}
