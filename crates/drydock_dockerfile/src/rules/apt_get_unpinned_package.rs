use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apt-get-unpinned-package",
    language: Language::Dockerfile,
    summary: crate::rules::summary("A package is installed without a pinned version"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3008",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports the packages that `apt-get install` installs without a version: one finding per command, pointing at the first package, with every other one labelled. Pinned means `curl=7.88.1-10`, a release (`curl/bookworm`) or a local `.deb` file.

## Why is this bad?
Without a version the build installs whatever is newest that day: two builds of the same Dockerfile differ, and an upstream release can break the image without any change on your side.

## Invalid
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
```

## Valid
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
    && rm -rf /var/lib/apt/lists/*
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if !(command.is("apt-get")) {
            continue;
        }
        let Some(packages) = command.operands_after(&["install"], value_flags::APT_GET) else {
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

/// `curl=7.88.1-10`, a release (`curl/bookworm`) or a local `.deb` file.
fn is_pinned(package: &str) -> bool {
    package.contains('=') || package.contains('/') || package.ends_with(".deb")
}
