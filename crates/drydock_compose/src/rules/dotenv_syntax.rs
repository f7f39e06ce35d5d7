use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/dotenv-syntax",
    language: Language::Compose,
    summary: crate::rules::summary("A line of the project's `.env` that Compose cannot read"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Reads the project's `.env` as compose-go reads it (`KEY=value`, `export KEY=value`, quoted values
with their escapes, `#` comments, `${VAR}` in unquoted and double-quoted values) and reports the
line it refuses, in its words (`line 2: unterminated quoted value …`).

## Why is this bad?
Every `docker compose` command in the project fails with `failed to read .env`.

## Invalid
```yaml compose.yaml
services:
  web:
    image: "nginx:${TAG}"
```

```text .env
TAG="1.27
```

## Valid
```yaml compose.yaml
services:
  web:
    image: "nginx:${TAG}"
```

```text .env
TAG="1.27"
```
"#,
    ),
};
