use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/privileged",
    language: Language::Compose,
    summary: crate::rules::summary("A service runs privileged"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kics",
        id: "ae5b6871-7f45-42e0-bb4c-ab300c4d2026",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Finds `privileged: true` on a service.

## Why is this bad?
A privileged container gets every device and every capability of the host: a process that escapes
it, or an attacker in it, owns the host. Add the capabilities (`cap_add`) or devices (`devices`)
it needs instead.

## Invalid
```yaml compose.yaml
services:
  agent:
    image: example/agent:1.0
    privileged: true
```

## Valid
```yaml compose.yaml
services:
  agent:
    image: example/agent:1.0
    cap_add: [NET_ADMIN]
```
"#,
    ),
};
