use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/image-tag",
    language: Language::Compose,
    summary: crate::rules::summary("A service pulls an image without a tag, or tagged `latest`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "dclint",
        id: "service-image-require-explicit-tag",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Finds a service's `image` with no tag (which means `latest`) or tagged `latest`, when the service
is not built (with `build`, `image` names what is built). An image pinned by digest (`@sha256:…`)
is fine.

## Why is this bad?
`latest` follows whatever was pushed last: two `docker compose pull` a day apart deploy different
code, and nothing in the file says which.

## Invalid
```yaml compose.yaml
services:
  cache:
    image: redis
```

## Valid
```yaml compose.yaml
services:
  cache:
    image: redis:7.4
```
"#,
    ),
};
