use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/relative-mount-target",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A volume mounted at a path that is not absolute: the container cannot be created",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds a service's volume whose container path (the short syntax's second part, the long syntax's
`target`) is not absolute. `docker compose config` accepts it; the Docker daemon refuses to create
the container.

## Why is this bad?
`docker compose up` fails for that service: `invalid mount config: mount path must be absolute`.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    volumes:
      - ./site:usr/share/nginx/html
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    volumes:
      - ./site:/usr/share/nginx/html
```
"#,
    ),
};
