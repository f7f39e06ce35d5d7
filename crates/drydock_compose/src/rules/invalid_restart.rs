use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/invalid-restart",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A `restart` value that is not a restart policy: the container cannot be created",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks each service's `restart` against Docker's restart policies: `no`, `always`,
`on-failure` (optionally `on-failure:<max retries>`) and `unless-stopped`. `docker compose config`
accepts any string there; the Docker daemon refuses to create the container. A misspelling gets
did-you-mean and a fix.

## Why is this bad?
`docker compose up` fails for that service, after the images were pulled or built.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    restart: alway
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    restart: always
```
"#,
    ),
};
