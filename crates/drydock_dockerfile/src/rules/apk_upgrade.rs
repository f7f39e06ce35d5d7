use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apk-upgrade",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`apk upgrade` inside an image"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3017",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `apk upgrade`.

## Why is this bad?
Upgrading the base image's packages in place makes builds unreproducible; rebuild on a newer base image tag instead.

## Invalid
```dockerfile
FROM alpine:3.19
RUN apk upgrade
```

## Valid
```dockerfile
FROM alpine:3.19.1
RUN echo up to date
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("apk")) {
            continue;
        }
        if let Some(sub) = command.subcommand(value_flags::APK)
            && ["upgrade"].contains(&sub.value.as_str())
        {
            out.push(Diagnostic::new(&RULE, "`apk upgrade` upgrades every package of the base image, so the result no longer matches its tag and differs from build to build: use a newer base image instead", command.name.range.cover(sub.range)));
        }
    }
}
