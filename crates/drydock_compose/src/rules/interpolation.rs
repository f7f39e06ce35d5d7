use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/interpolation",
    language: Language::Compose,
    summary: crate::rules::summary(
        "A value Compose cannot interpolate: an invalid `${…}`, or a required variable without a value",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Interpolates every value of the project's files as compose-go does, with the variables of the
project's `.env`, and reports each value it refuses, in Docker Compose's words: a `$` that starts
no variable (`${`, `${NAME` never closed, an operator Compose does not have, such as `${NAME:=x}`
or `${NAME/a/b}`), and a required variable (`${NAME:?message}`, `${NAME?message}`) that `.env`
does not set. The reference stops at the first of these; every one is reported here.

A required variable only the environment Compose runs in sets is reported as a warning: Drydock
cannot see that environment.

## Why is this bad?
`docker compose` refuses the whole project: nothing starts.

## Invalid
```yaml compose.yaml
services:
  web:
    image: "nginx:${TAG:=latest}"
```

## Valid
```yaml compose.yaml
services:
  web:
    image: "nginx:${TAG:-latest}"
    command: ["sh", "-c", "echo $$HOME"]
```
"#,
    ),
};
