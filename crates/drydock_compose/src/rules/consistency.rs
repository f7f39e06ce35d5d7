use crate::rules::{FixKind, Language, Mirror, RuleMeta};
use drydock_base::Severity;

pub static RULE: RuleMeta = RuleMeta {
    id: "compose/consistency",
    language: Language::Compose,
    summary: crate::rules::summary(
        "Settings of the loaded project contradict each other, or a service cannot run at all",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "dclint",
        id: "no-duplicate-container-names",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Applies the rest of compose-go's consistency check to the loaded project (its files merged,
`include` and `extends` applied): a service needs an `image`, a `build` or a `provider`;
`scale` and `deploy.replicas`, `cpus`, `mem_limit`, `mem_reservation` and `pids_limit` and
their `deploy.resources` counterparts must agree; `network_mode` excludes `networks`, and
`dockerfile` excludes `dockerfile_inline`; a service's `platform` must be one of its
`build.platforms`; a `container_name` needs a single replica and must be unique; a health check
test starts with `CMD`, `CMD-SHELL` or `NONE`; a path is mounted once; a watch rule that syncs
names its `target`; a secret has a `file` or an `environment`. Every problem is reported, in
Docker Compose's words, where it was written; the reference stops at the first.

## Why is this bad?
`docker compose` refuses the project: `invalid compose project`.

## Invalid
```yaml compose.yaml
services:
  worker:
    image: example/worker:1.4
    container_name: worker
    deploy:
      replicas: 3
```

## Valid
```yaml compose.yaml
services:
  worker:
    image: example/worker:1.4
    deploy:
      replicas: 3
```
"#,
    ),
};
