use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/duplicate-mount-target",
    language: Language::Compose,
    summary: crate::rules::summary(
        "Two volumes of a service mounted at the same path: the container cannot be created",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds a service that mounts two volumes (or a volume and a bind mount) at the same container
path. `docker compose config` accepts it; the Docker daemon refuses to create the container.

## Why is this bad?
`docker compose up` fails for that service: `Duplicate mount point`.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    volumes:
      - ./a:/data
      - ./b:/data
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    volumes:
      - ./a:/data/a
      - ./b:/data/b
```
"#,
    ),
};
