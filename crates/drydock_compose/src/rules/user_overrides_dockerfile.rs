use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/user-overrides-dockerfile",
    language: Language::Compose,
    summary: crate::rules::summary("`user: root` on a service whose Dockerfile drops root"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds the Dockerfile a service builds, in the workspace, as Compose resolves it, and reports a
service `user` of `root` (or `0`) when the stage it builds ends with a `USER` that is not root.

## Why is this bad?
The Dockerfile's author dropped root on purpose; `user: root` in the Compose file silently gives
the container every privilege back, usually to work around a permission error on a volume that
a `chown` (or the right `user: "1000:1000"`) would fix.

## Invalid
```yaml compose.yaml
services:
  api:
    build: .
    user: root
```

```dockerfile Dockerfile
FROM python:3.12-slim
RUN useradd --create-home app
USER app
CMD ["python", "-m", "api"]
```

## Valid
```yaml compose.yaml
services:
  api:
    build: .
```

```dockerfile Dockerfile
FROM python:3.12-slim
RUN useradd --create-home app
USER app
CMD ["python", "-m", "api"]
```
"#,
    ),
};
