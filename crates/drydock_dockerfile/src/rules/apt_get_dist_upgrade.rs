use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apt-get-dist-upgrade",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`apt-get dist-upgrade` inside an image"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3005",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `apt-get dist-upgrade`.

## Why is this bad?
It may remove packages and pull in a different release than the base image's tag says; rebuild on a newer base image instead.

## Invalid
```dockerfile
FROM debian:12
RUN apt-get update && apt-get dist-upgrade -y
```

## Valid
```dockerfile
FROM debian:12.5
RUN echo up to date
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("apt-get")) {
            continue;
        }
        if let Some(sub) = command.subcommand(value_flags::APT_GET)
            && ["dist-upgrade"].contains(&sub.value.as_str())
        {
            out.push(Diagnostic::new(&RULE, "`apt-get dist-upgrade` upgrades the whole base system, possibly across releases, so the image no longer matches its base tag: use a newer base image instead", command.name.range.cover(sub.range)));
        }
    }
}
