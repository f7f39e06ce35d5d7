use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/sudo",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`sudo` in `RUN`"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3004",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `sudo` in `RUN` commands.

## Why is this bad?
Build steps already run as the `USER` in force, usually root. `sudo` is often not installed, has unpredictable TTY and signal behaviour, and hides which user a step really needs; switch with `USER` instead (or `gosu` at run time).

## Invalid
```dockerfile
FROM debian:12
USER app
RUN sudo make install
```

## Valid
```dockerfile
FROM debian:12
USER root
RUN make install
USER app
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for run in ctx.runs {
        for command in &run.script.commands {
            let sudo = command
                .wrappers
                .iter()
                .find(|w| w.value == "sudo")
                .or((command.name.value == "sudo").then_some(&command.name));
            if let Some(sudo) = sudo {
                out.push(Diagnostic::new(
                    &RULE,
                    "Do not use `sudo` in a build: steps run as the `USER` in force; switch users with `USER` instead",
                    sudo.range,
                ));
            }
        }
    }
}
