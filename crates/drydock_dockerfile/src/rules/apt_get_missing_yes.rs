use crate::command::{insertion_after, value_flags};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/apt-get-missing-yes",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "`apt-get install` without `-y` waits for a confirmation no one gives",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Sometimes,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3014",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `apt-get install` without `-y` (`--yes`, `--assume-yes`, or `-qq`), and adds `-y`.

## Why is this bad?
When apt wants to install more than the named packages it asks `Do you want to continue? [Y/n]`. During a build stdin is closed, so apt takes it as *no* and the step fails.

## Invalid
```dockerfile
FROM debian:12
RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u5 \
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
            || command.has_any_flag(&["y", "yes", "assume-yes"])
            || command.flags().filter(|f| f.name == "q").count() >= 2
            || command
                .args
                .iter()
                .any(|w| w.value == "--quiet=2" || w.value == "-q=2")
        {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`apt-get install` without `-y` asks for confirmation, and a build has nobody to answer: it aborts",
            command.name.range.cover(sub.range),
        );
        if let Some(at) = insertion_after(sub, ctx.text) {
            diagnostic = diagnostic.with_fix(Fix::replace("Add `-y`", at, " -y"));
        }
        out.push(diagnostic);
    }
}
