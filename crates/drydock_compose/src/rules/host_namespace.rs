use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/host-namespace",
    language: Language::Compose,
    summary: crate::rules::summary("A service shares the host's network, process or IPC namespace"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "kics",
            id: "071a71ff-f868-47a4-ac0b-3c59e4ab5443",
        },
        Mirror {
            tool: "kics",
            id: "4f31dd9f-2cc3-4751-9b53-67e4af83dac0",
        },
        Mirror {
            tool: "kics",
            id: "baa3890f-bed7-46f5-ab8f-1da8fc91c729",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Finds `network_mode: host`, `pid: host` and `ipc: host` on a service.

## Why is this bad?
With the host's network the container reaches every port listening on the host (and its
`ports` are ignored); with its process namespace it sees and can signal every process; with its
IPC namespace it shares the host's memory segments. Isolation is what a container is for.

## Invalid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    network_mode: host
```

## Valid
```yaml compose.yaml
services:
  web:
    image: nginx:1.27
    ports:
      - "8080:80"
```
"#,
    ),
};
