use crate::command::{insertion_after, value_flags};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apk-missing-no-cache",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`apk add` keeps its package index cache in the image"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3019",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `apk add` without `--no-cache`, and adds the flag.

## Why is this bad?
`apk add --no-cache` fetches the index, installs and leaves nothing behind. Without it the index stays in the layer (and an `apk update` before is needed at all), unless a later step of the same `RUN` removes `/var/cache/apk/*`.

## Invalid
```dockerfile
FROM alpine:3.19
RUN apk add curl=8.5.0-r0
```

## Valid
```dockerfile
FROM alpine:3.19
RUN apk add --no-cache curl=8.5.0-r0
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("apk")) {
            continue;
        }
        let Some(sub) = command.subcommand(value_flags::APK) else {
            continue;
        };
        if !["add"].contains(&sub.value.as_str()) || command.has_flag("no-cache") {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`apk add` without `--no-cache` keeps the package index in /var/cache/apk, which then ships in the image layer",
            command.name.range.cover(sub.range),
        );
        if let Some(at) = insertion_after(sub, ctx.text) {
            diagnostic = diagnostic.with_fix(Fix::replace("Add `--no-cache`", at, " --no-cache"));
        }
        out.push(diagnostic);
    }
}
