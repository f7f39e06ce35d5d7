use crate::rules::{FixKind, Language, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/links",
    language: Language::Compose,
    summary: crate::rules::summary("`links` is a legacy option"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[],
    docs: crate::rules::docs(
        r#"## What it does
Finds `links` on a service.

## Why is this bad?
Services of a project reach each other by name on the project's network already; `links` is a
leftover of Docker's legacy links. The order of start it implies is better said with
`depends_on`, and aliases with `networks: …: aliases`.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    links: [api]
  api:
    image: example/api:2.1
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
