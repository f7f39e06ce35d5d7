use crate::command::value_flags;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apt-instead-of-apt-get",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`apt` is used in a script where `apt-get` belongs"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3027",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports the `apt` command in `RUN`, and replaces it with `apt-get` for the subcommands both share.

## Why is this bad?
`apt` is meant for people at a terminal: its output and behaviour may change between releases and it warns that it "does not have a stable CLI interface". `apt-get` and `apt-cache` are the stable interfaces for scripts.

## Invalid
```dockerfile
FROM debian:12
RUN apt update && apt install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
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
        if command.name.value != "apt" {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`apt` has no stable command-line interface and is meant for interactive use: scripts should call `apt-get` (or `apt-cache`)",
            command.name.range,
        );
        let shared = command.subcommand(value_flags::APT_GET).is_some_and(|sub| {
            [
                "install",
                "update",
                "upgrade",
                "dist-upgrade",
                "remove",
                "purge",
                "autoremove",
                "clean",
                "autoclean",
            ]
            .contains(&sub.value.as_str())
        });
        if shared && command.name.range.slice(ctx.text) == "apt" {
            diagnostic =
                diagnostic.with_fix(Fix::replace("Use `apt-get`", command.name.range, "apt-get"));
        }
        out.push(diagnostic);
    }
}
