use crate::rules::{FixKind, Language, RuleMeta};
use crate::rules::{Placed, WorkspaceContext};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "kubernetes/expose-mismatch",
    language: Language::Kubernetes,
    summary: crate::rules::summary(
        "A container's ports differ from what the Dockerfile that builds its image EXPOSEs",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
For a container whose image a Dockerfile of the workspace builds (linked as for
`kubernetes/image-runs-as-root`), compares its `ports` with the Dockerfile's `EXPOSE`s (those of
the final stage and of the stages it builds on): a `containerPort` the Dockerfile does not expose,
and a port the Dockerfile exposes that the container does not declare. Only when both sides list
ports: a Dockerfile without `EXPOSE` may rely on its base image's, and a container without `ports`
declares nothing to compare.

## Why is this bad?
Neither is enforced — Kubernetes ignores `EXPOSE`, and traffic reaches any port the process
listens on — but the two lists document the same fact, so a difference usually means one was not
updated when the application's port changed: a Service or probe that follows the manifest then
targets a port nothing listens on. An info, for a reviewer to look at.

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
    ports:
    - containerPort: 8080
```
```dockerfile
FROM node:22-slim
COPY . /app
EXPOSE 3000
CMD ["node", "/app/server.js"]
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
    ports:
    - containerPort: 3000
```
```dockerfile
FROM node:22-slim
COPY . /app
EXPOSE 3000
CMD ["node", "/app/server.js"]
```
"#,
    ),
};

pub fn check(ctx: &WorkspaceContext<'_>, out: &mut Vec<Placed>) {
    for (link, dockerfile) in ctx.dockerfiles.linked() {
        let Some(node) = ctx.graph.nodes.get(link.node) else {
            continue;
        };
        let Some(container) = node.containers.get(link.container) else {
            continue;
        };
        if dockerfile.exposes.is_empty() || container.ports.is_empty() {
            continue;
        }
        let exposed: Vec<String> = dockerfile
            .exposes
            .iter()
            .map(|e| format!("{}/{}", e.port, e.protocol))
            .collect();
        let mut declared = Vec::new();
        for port in &container.ports {
            let Some(number) = port.number else {
                continue;
            };
            let key = format!("{number}/{}", port.protocol.to_ascii_uppercase());
            if !exposed.contains(&key) {
                let message = format!(
                    "containerPort {key} is not among the ports {} EXPOSEs ({}): if the \
                     application listens where the Dockerfile says, nothing listens here",
                    dockerfile.path,
                    exposed.join(", ")
                );
                out.push(Placed {
                    file: node.file,
                    diagnostic: Diagnostic::new(&RULE, message, port.range),
                });
            }
            declared.push(key);
        }
        let Some(anchor) = container.image_range else {
            continue;
        };
        let mut seen = Vec::new();
        for (key, exposed) in exposed.iter().zip(&dockerfile.exposes) {
            if declared.contains(key) || seen.contains(key) {
                continue;
            }
            seen.push(key.clone());
            let message = format!(
                "{} EXPOSEs {key} (line {}), but the container built from it does not declare \
                 that port",
                dockerfile.path, exposed.line
            );
            out.push(Placed {
                file: node.file,
                diagnostic: Diagnostic::new(&RULE, message, anchor).with_help(format!(
                    "add `- containerPort: {}` to the container's ports, or remove the EXPOSE",
                    exposed.port
                )),
            });
        }
    }
}
