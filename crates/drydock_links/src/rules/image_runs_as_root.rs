use crate::dockerfile_link::ImageUser;
use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};
use drydock_k8s::object::{boolean, int, security_setting};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/image-runs-as-root",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "runAsNonRoot: true, but the image the workspace's Dockerfile builds runs as root (or as a user name): the pod never starts",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
For a container whose image a Dockerfile of the workspace builds (see below), compares
`runAsNonRoot: true` (of the container, else of the pod) with the final `USER` of the Dockerfile.
Unless a `runAsUser` is set, the kubelet starts the container as the image's user, and refuses to
when that user is root — `USER root`, `USER 0`, or no `USER` at all on a base image that runs as
root — or is a name (`USER app`), which it cannot verify is not root.

A container is linked to a Dockerfile by the settings' `images` map (image name without tag →
Dockerfile path), by the annotation `drydock.dev/dockerfile: <path>` on the workload, by name (the
image's last path segment is the Dockerfile's folder: `web/Dockerfile` builds `…/web`), or when
the workspace has exactly one Dockerfile and the image names no registry host.

## Why is this bad?
The pod never starts: the container stays in `CreateContainerConfigError` with `container has
runAsNonRoot and image will run as root` (or `image has non-numeric user (app), cannot verify user
is non-root`). Nothing in the manifest or the Dockerfile alone shows it; no other linter links the
two.

## Invalid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsNonRoot: true
  containers:
  - name: api
    image: api:1.0
```
```dockerfile
FROM python:3.13-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
```

## Valid
```yaml
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsNonRoot: true
  containers:
  - name: api
    image: api:1.0
```
```dockerfile
FROM python:3.13-slim
RUN useradd --uid 10001 app
COPY app.py /app/
USER 10001
CMD ["python", "/app/app.py"]
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for (link, dockerfile) in ctx.dockerfiles.linked() {
        let Some((file, object)) = ctx.objects.get(link.node) else {
            continue;
        };
        let doc = object.doc;
        let (Some(template), Some((_, container))) = (
            object.pod_template(),
            object.containers().get(link.container).copied(),
        ) else {
            continue;
        };
        let Some(non_root) = security_setting(doc, template.spec, container, "runAsNonRoot")
            .filter(|&n| boolean(doc, n) == Some(true))
        else {
            continue;
        };
        // A runAsUser decides the user: the image's does not matter (uid 0 is another rule's).
        if security_setting(doc, template.spec, container, "runAsUser")
            .and_then(|n| int(doc, n))
            .is_some()
        {
            continue;
        }
        let image = doc.get_str(container, "image").unwrap_or_default();
        let at = |line: usize| format!("{}:{line}", dockerfile.path);
        let why = match dockerfile.image_user() {
            ImageUser::Numeric => continue,
            ImageUser::Root => {
                let Some(user) = &dockerfile.user else {
                    continue;
                };
                format!(
                    "its image `{image}` is built by {} to run as root (`USER {}`, {}): the kubelet \
                     refuses to start it and the pod never runs",
                    dockerfile.path,
                    user.value,
                    at(user.line)
                )
            }
            ImageUser::Name(name) => {
                let line = dockerfile.user.as_ref().map_or(0, |u| u.line);
                format!(
                    "its image `{image}` is built by {} to run as the user name `{name}` ({}): the \
                     kubelet cannot verify a name is not root, refuses to start the container, \
                     and the pod never runs",
                    dockerfile.path,
                    at(line)
                )
            }
            ImageUser::Unset => {
                let base = match (&dockerfile.base_image, dockerfile.scratch) {
                    (_, true) => "scratch".to_owned(),
                    (Some(base), false) => {
                        let lower = base.to_ascii_lowercase();
                        if ["nonroot", "non-root", "rootless"]
                            .iter()
                            .any(|m| lower.contains(m))
                        {
                            continue;
                        }
                        format!("`{base}`")
                    }
                    (None, false) => continue,
                };
                format!(
                    "its image `{image}` is built by {}, which sets no USER: it runs as {base}'s \
                     user, root unless that image says otherwise, and then the kubelet refuses to \
                     start it and the pod never runs",
                    dockerfile.path
                )
            }
        };
        let message = format!("runAsNonRoot is true, but {why}");
        out.push(Placed {
            file: *file,
            diagnostic: Diagnostic::new(&RULE, message, doc.range(non_root))
                .with_label(
                    drydock_k8s::object::container_anchor(doc, container),
                    format!(
                        "this container (linked to {} {})",
                        dockerfile.path,
                        link.reason.describe()
                    ),
                )
                .with_help(
                    "add `USER <uid>` (a number) to the Dockerfile's final stage, or set a \
                     non-zero `runAsUser`",
                ),
        });
    }
}
