use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/invalid-project-name",
    language: Language::Compose,
    summary: crate::rules::summary("`COMPOSE_PROJECT_NAME` is not a valid project name"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Checks the project name the `.env` sets with `COMPOSE_PROJECT_NAME`: Compose takes it as it
stands, and it must consist only of lowercase letters, digits, `-` and `_`, starting with a letter
or digit. (A name from the `name:` field or the folder is normalized instead, so it cannot be
invalid.)

## Why is this bad?
Every `docker compose` command in the project fails with `invalid project name`.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
```

```text .env
COMPOSE_PROJECT_NAME=My_Shop
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
```

```text .env
COMPOSE_PROJECT_NAME=my_shop
```
"#,
    ),
};
