use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/dependency-cycle",
    language: Language::Compose,
    summary: crate::rules::summary("Services that depend on each other in a cycle"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Follows the dependencies between services (`depends_on`, and those `links`, `volumes_from`,
`network_mode: service:…` and `ipc: service:…` make) and reports the cycle compose-go reports,
`dependency cycle detected: a -> b -> a`, at the dependency that closes it.

## Why is this bad?
Compose cannot order the services' start: it refuses the project.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    depends_on: [api]
  api:
    image: example/api:2.1
    links: [web]
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    depends_on: [api]
  api:
    image: example/api:2.1
```
"#,
    ),
};
