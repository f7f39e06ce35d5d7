use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/port-not-exposed",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A service maps a container port the Dockerfile it builds does not expose",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds the Dockerfile a service builds, in the workspace, as Compose resolves it, and compares the
container ports the service publishes (`ports`, the part after the last `:`) and `expose`s with
the `EXPOSE` instructions of the stage it builds (its `build.target`, else the last). When that
stage exposes some ports and the service maps another, the finding is on the port. A stage that
exposes nothing, or exposes a port through a variable, is not judged, nor a service with a
`command` or `entrypoint` of its own (it may listen elsewhere).

## Why is this bad?
`EXPOSE` says where the application listens. Publishing `8080:80` for an application that
listens on 3000 starts fine and then answers every request with a refused connection: a classic
of tutorials that change one side and not the other.

## Invalid
```yaml compose.yaml
services:
  web:
    build: .
    ports:
      - "8080:80"
```

```dockerfile Dockerfile
FROM node:22-alpine
COPY . /app
EXPOSE 3000
CMD ["node", "/app/server.js"]
```

## Valid
```yaml compose.yaml
services:
  web:
    build: .
    ports:
      - "8080:3000"
```

```dockerfile Dockerfile
FROM node:22-alpine
COPY . /app
EXPOSE 3000
CMD ["node", "/app/server.js"]
```
"#,
    ),
};
