use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_k8s::object::{ContainerList, at, container_anchor};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/healthcheck-without-probe",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "The Dockerfile that builds the image has a HEALTHCHECK, but the container has no probe: Kubernetes ignores HEALTHCHECK",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
For a container whose image a Dockerfile of the workspace builds (linked as for
`kubernetes/image-runs-as-root`), reports a `HEALTHCHECK CMD …` in force in the Dockerfile's final
stage when the container has no `livenessProbe`, `readinessProbe` or `startupProbe`.

## Why is this bad?
Kubernetes does not run a Dockerfile's `HEALTHCHECK`: the kubelet never looks at it. Whoever wrote
it meant the application to be checked, and on Kubernetes that takes a probe — the same command as
an `exec` probe, or better, an `httpGet` on the endpoint it calls. Without one, a hung process keeps
receiving traffic and is never restarted.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: web:1.0
```
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
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
    image: web:1.0
    livenessProbe:
      httpGet:
        path: /
        port: 80
```
```dockerfile
FROM nginx:1.27
HEALTHCHECK CMD curl -f http://localhost/ || exit 1
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for (link, dockerfile) in ctx.dockerfiles.linked() {
        let Some(healthcheck) = &dockerfile.healthcheck else {
            continue;
        };
        let Some((file, object)) = ctx.objects.get(link.node) else {
            continue;
        };
        let doc = object.doc;
        let Some((ContainerList::Containers, container)) =
            object.containers().get(link.container).copied()
        else {
            continue;
        };
        let has_probe = ["livenessProbe", "readinessProbe", "startupProbe"]
            .iter()
            .any(|probe| at(doc, container, &[probe]).is_some());
        if has_probe {
            continue;
        }
        let message = format!(
            "{} has `HEALTHCHECK {}` (line {}), but Kubernetes ignores HEALTHCHECK and the \
             container has no probe: a hung process is neither restarted nor taken out of \
             its Services",
            dockerfile.path, healthcheck.value, healthcheck.line
        );
        out.push(Placed {
            file: *file,
            diagnostic: Diagnostic::new(&RULE, message, container_anchor(doc, container))
                .with_help(
                    "add a livenessProbe (and a readinessProbe) that checks what the HEALTHCHECK \
                     checks",
                ),
        });
    }
}
