use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/build-arg-not-declared",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A build arg the Dockerfile the service builds does not declare",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds the Dockerfile a service builds, in the workspace, as Compose resolves it, and checks each
of `build.args` against its `ARG` instructions (in any stage, or before the first `FROM`). The
proxy arguments BuildKit predefines (`HTTP_PROXY` and the like) and `BUILDKIT_*` need no `ARG`.

## Why is this bad?
BuildKit ignores an argument nothing declares, and only warns that a build arg was not consumed:
a misspelt `VERSOIN` leaves the image built with the default `VERSION`.

## Invalid
```yaml compose.yaml
services:
  api:
    build:
      context: .
      args:
        VERSOIN: "2.1"
```

```dockerfile Dockerfile
FROM python:3.12
ARG VERSION=dev
LABEL version=$VERSION
```

## Valid
```yaml compose.yaml
services:
  api:
    build:
      context: .
      args:
        VERSION: "2.1"
```

```dockerfile Dockerfile
FROM python:3.12
ARG VERSION=dev
LABEL version=$VERSION
```
"#,
    ),
};
