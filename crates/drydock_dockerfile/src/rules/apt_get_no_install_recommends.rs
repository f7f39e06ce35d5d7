use crate::command::{insertion_after, value_flags};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apt-get-no-install-recommends",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`apt-get install` also installs recommended packages"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3015",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `apt-get install` without `--no-install-recommends`, and adds the flag.

## Why is this bad?
By default apt installs the packages that the requested ones merely *recommend*: often dozens of megabytes of documentation, X11 libraries and tools nobody uses in a container.

## Invalid
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install -y curl=7.88.1-10+deb12u5 \
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
        let Some(sub) = command.subcommand(value_flags::APT_GET) else {
            continue;
        };
        if !["install"].contains(&sub.value.as_str())
            || command.has_flag("no-install-recommends")
            || command.args.iter().any(|w| {
                w.value.contains("Install-Recommends=false")
                    || w.value.contains("Install-Recommends=0")
            })
        {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`apt-get install` without `--no-install-recommends` also installs every recommended package, which makes the image larger for nothing the build asked for",
            command.name.range.cover(sub.range),
        );
        if let Some(at) = insertion_after(sub, ctx.text) {
            diagnostic = diagnostic.with_fix(Fix::replace(
                "Add `--no-install-recommends`",
                at,
                " --no-install-recommends",
            ));
        }
        out.push(diagnostic);
    }
}
