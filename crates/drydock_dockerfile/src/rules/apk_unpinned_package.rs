use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apk-unpinned-package",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A package is installed without a pinned version"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3018",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports the packages that `apk add` installs without a version: one finding per command, pointing at the first package, with every other one labelled. Pinned means `curl=8.5.0-r0`, `curl~8.5` or a local `.apk` file.

## Why is this bad?
Without a version the build installs whatever is newest that day: two builds of the same Dockerfile differ, and an upstream release can break the image without any change on your side.

## Invalid
```dockerfile
FROM alpine:3.19
RUN apk add --no-cache curl
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
        let Some(packages) = command.operands_after(&["add"], value_flags::APK) else {
            continue;
        };
        if false {
            continue;
        }
        let unpinned: Vec<_> = packages
            .into_iter()
            .filter(|p| !p.dynamic && !is_pinned(&p.value))
            .collect();
        super::unpinned::report(&RULE, &unpinned, "=", "", out);
    }
}

/// `curl=8.5.0-r0`, `curl~8.5` or a local `.apk` file.
fn is_pinned(package: &str) -> bool {
    package.contains('=') || package.contains('~') || package.ends_with(".apk")
}
