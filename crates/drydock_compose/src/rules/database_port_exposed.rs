use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/database-port-exposed",
    language: Language::Compose,
    summary: crate::rules::summary("A database publishes its port on every interface of the host"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[
        Mirror {
            tool: "dclint",
            id: "no-unbound-port-interfaces",
        },
        Mirror {
            tool: "kics",
            id: "451d79dc-0588-476a-ad03-3c7f0320abb3",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a published port of a service whose image is a database (PostgreSQL, MySQL, MariaDB,
MongoDB, Redis, Elasticsearch, SQL Server and the like) when it binds every interface of the host
(`"5432:5432"`, `0.0.0.0`, `::`). The fix publishes it on `127.0.0.1` only. dclint reports every
unbound port; Drydock keeps to databases, where the exposure matters and the intent is rarely
to serve the network.

## Why is this bad?
Docker publishes ports in front of the host's firewall rules: a database published without an
address answers whoever reaches the machine, often with the tutorial's password. The project's
other services reach it by its name on the project's network, without `ports` at all.

## Invalid
```yaml compose.yaml
services:
  db:
    image: postgres:17
    ports:
      - "5432:5432"
```

## Valid
```yaml compose.yaml
services:
  db:
    image: postgres:17
    ports:
      - "127.0.0.1:5432:5432"
```
"#,
    ),
};
