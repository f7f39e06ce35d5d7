use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/several-project-files",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A folder holds several Compose files of the names Compose looks for: it reads only one",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds a folder with more than one project file (`compose.yaml`, `compose.yml`,
`docker-compose.yml`, `docker-compose.yaml`) or more than one override file
(`compose.override.yml`, `compose.override.yaml`, `docker-compose.override.yml`,
`docker-compose.override.yaml`). Docker Compose reads the first in that order, warns "Found multiple
config files with supported names", and ignores the others. The finding is on each file it
ignores.

## Why is this bad?
Edits to the ignored file change nothing, which is hard to notice: typically an old
`docker-compose.yml` left beside a new `compose.yaml`.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
```

```yaml docker-compose.yml
services:
  web:
    image: nginx:1.25
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
```

```yaml compose.override.yml
services:
  web:
    ports:
      - "8080:80"
```
"#,
    ),
};
