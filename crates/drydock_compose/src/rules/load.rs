use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/load",
    language: Language::Compose,
    summary: crate::rules::summary("The project does not load: Compose's loader refuses it"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Loads the project the way compose-go's loader does (the files merged, `include`d projects
imported, `extends` applied, every short syntax read) and reports, in Docker Compose's words, why
it refuses the project when no other rule already said it: an `extends` of a service that does
not exist or that extends itself in a circle, an included or extended file that is not there, an
`include` cycle, a port or a volume that does not parse, an `env_file` that is missing, merges
of values that cannot be merged. The finding is on the value that caused it.

## Why is this bad?
`docker compose` refuses the project: nothing runs.

## Invalid
```yaml compose.yaml
services:
  web:
    extends:
      service: base
    image: nginx:1.27
```

## Valid
```yaml compose.yaml
services:
  base:
    image: nginx:1.27
    restart: unless-stopped
  web:
    extends:
      service: base
```
"#,
    ),
};
