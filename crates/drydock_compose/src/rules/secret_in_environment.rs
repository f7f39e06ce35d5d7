use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/secret-in-environment",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A password, token or key written in the Compose file's `environment`",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reports an `environment` variable whose name says it holds a secret (`PASSWORD`, `SECRET`,
`TOKEN`, `API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`) and whose value is written in the file. A value
taken from a variable (`${DB_PASSWORD}`) and a `…_FILE` variable (the path of a secret file) are
fine.

## Why is this bad?
The secret lands in version control with the file, and anyone who can run `docker inspect` or
`docker compose config` reads it. Compose's `secrets:` mounts it as a file instead (most official
images read `POSTGRES_PASSWORD_FILE` and the like); at least, keep it in a `.env` that is not
committed.

## Invalid
```yaml compose.yaml
services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD: hunter2
```

## Valid
```yaml compose.yaml
services:
  db:
    image: postgres:17
    environment:
      POSTGRES_PASSWORD_FILE: /run/secrets/db_password
    secrets:
      - db_password
secrets:
  db_password:
    file: ./db_password.txt
```
"#,
    ),
};
