use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/docker-socket",
    language: Language::Compose,
    summary: crate::rules::summary("A service mounts the Docker socket"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "kics",
        id: "d6355c88-1e8d-49e9-b2f2-f8a1ca12c75b",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Finds a volume whose source is the Docker daemon's socket (`/var/run/docker.sock`), in the short
or the long syntax.

## Why is this bad?
Whoever controls the container controls the Docker daemon: it can start a privileged container
with the host's root filesystem mounted. Mount it only into tools that must drive Docker, and
prefer a socket proxy that allows only what they need.

## Invalid
```yaml compose.yaml
services:
  dashboard:
    image: example/dashboard:3.1
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock
```

## Valid
```yaml compose.yaml
services:
  dashboard:
    image: example/dashboard:3.1
    volumes:
      - data:/data
volumes:
  data: {}
```
"#,
    ),
};
