use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/healthy-dependency-without-healthcheck",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A service waits for another to be healthy, and that one has no health check",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Follows each `depends_on` entry with `condition: service_healthy` to the service it names. When that
service's health check is disabled, the dependent service never starts: an error. When it has no
`healthcheck`, it becomes healthy only if its image declares a `HEALTHCHECK`: a warning when it
pulls an image, and when it builds from a Dockerfile of the workspace whose stage has no
`HEALTHCHECK` (its base image may still have one). `docker compose config` accepts all of these.

## Why is this bad?
`docker compose up` waits, then fails: the dependency never becomes healthy.

## Invalid
```yaml compose.yaml
services:
  web:
    image: example/web:1.0
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:17
```

## Valid
```yaml compose.yaml
services:
  web:
    image: example/web:1.0
    depends_on:
      db:
        condition: service_healthy
  db:
    image: postgres:17
    healthcheck:
      test: ["CMD", "pg_isready", "-U", "postgres"]
      interval: 5s
```
"#,
    ),
};
