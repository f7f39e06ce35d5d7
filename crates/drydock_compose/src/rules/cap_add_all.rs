use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/cap-add-all",
    language: Language::Compose,
    summary: crate::rules::summary("A service adds every Linux capability"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kics",
        id: "ce76b7d0-9e77-464d-b86f-c5c48e03e22d",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Finds `ALL` in a service's `cap_add`.

## Why is this bad?
Every capability is nearly as much power as `privileged`: loading kernel modules, changing any
file's owner, raw network access. Add the few the service needs.

## Invalid
```yaml compose.yaml
services:
  vpn:
    image: example/vpn:2.0
    cap_add: [ALL]
```

## Valid
```yaml compose.yaml
services:
  vpn:
    image: example/vpn:2.0
    cap_add: [NET_ADMIN]
```
"#,
    ),
};
