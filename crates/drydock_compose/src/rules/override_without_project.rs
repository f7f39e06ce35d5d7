use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/override-without-project",
    language: Language::Compose,
    summary: crate::rules::summary(
        "An override file with no project file beside it: Compose never reads it",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds an override file (`compose.override.yml`, `docker-compose.override.yaml`, …) in a folder
that has no project file (`compose.yaml`, `compose.yml`, `docker-compose.yml`,
`docker-compose.yaml`). Docker Compose merges an override only over the project file it found in
the same folder.

## Why is this bad?
Without a project file, `docker compose up` in that folder looks in the parent folders instead,
and the override is never applied.

## Invalid
```yaml deploy/compose.override.yaml
services:
  web:
    ports:
      - "8080:80"
```

```yaml compose.yaml
services:
  web:
    image: nginx:1.27
```

## Valid
```yaml compose.override.yaml
services:
  web:
    ports:
      - "8080:80"
```

```yaml compose.yaml
services:
  web:
    image: nginx:1.27
```
"#,
    ),
};
