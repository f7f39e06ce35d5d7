use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/unset-variable",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A variable the project's `.env` does not set and the value gives no default for",
    ),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds `$NAME` and `${NAME}` in a value when the project's `.env` does not set `NAME`. Compose
then takes it from the environment it runs in, and when that does not set it either, it prints
`The "NAME" variable is not set. Defaulting to a blank string.` and goes on with an empty
string. Drydock cannot see that environment, so it says where the value depends on it, once per
variable and file. Variables with a default (`${NAME:-x}`, `${NAME-x}`), an alternative
(`${NAME:+x}`) or a requirement (`${NAME:?why}`) are not reported.

## Why is this bad?
A blank image tag, port or password rarely fails where it is written: `image: "app:"` is
refused when it is pulled, an empty `POSTGRES_PASSWORD` when the database starts.

## Invalid
```yaml compose.yaml
services:
  db:
    image: "postgres:${POSTGRES_VERSION}"
```

## Valid
```yaml compose.yaml
services:
  db:
    image: "postgres:${POSTGRES_VERSION:-17}"
```

```text .env
POSTGRES_VERSION=17
```
"#,
    ),
};
