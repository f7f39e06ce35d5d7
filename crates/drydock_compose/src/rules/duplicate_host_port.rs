use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/duplicate-host-port",
    language: Language::Compose,
    summary: crate::rules::summary("Two services publish the same host port"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "dclint",
        id: "no-duplicate-exported-ports",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Finds a host port (with its protocol) that two services publish on the same address, or one of
them on every address. Ranges count port by port. `docker compose config` accepts it; the
second container to start fails.

## Why is this bad?
`docker compose up` fails for that service with `port is already allocated`.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
  admin:
    image: example/admin:1.0
    ports:
      - "8080:3000"
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
  admin:
    image: example/admin:1.0
    ports:
      - "127.0.0.1:8081:3000"
```
"#,
    ),
};
