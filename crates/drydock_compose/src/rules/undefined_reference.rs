use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/undefined-reference",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A service refers to a network, volume, secret, config, model or service the project does not define",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Applies compose-go's consistency check to the project (its files merged, the override over the
project file): every network, named volume, secret, config and model a service uses must be
declared at the top level, and every service it depends on must exist and be active (by
`depends_on`, `links`, `volumes_from`, `network_mode: service:…` and `ipc: service:…`, which
Compose turns into dependencies). An additional build context `service:…` must name a service
that is built. The finding is on the value that names the missing part, in Docker Compose's
words; the reference stops at the first.

## Why is this bad?
`docker compose` refuses the project: `invalid compose project`.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    depends_on:
      - api
    volumes:
      - static:/usr/share/nginx/html
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    depends_on:
      - api
    volumes:
      - static:/usr/share/nginx/html
  api:
    image: example/api:2.1
volumes:
  static: {}
```
"#,
    ),
};
