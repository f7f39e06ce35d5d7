use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/shell-via-ln",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`/bin/sh` is replaced with `ln`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL4005",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `ln` commands that replace `/bin/sh`.

## Why is this bad?
Relinking `/bin/sh` changes the shell of every script and package hook in the image, not only of the Dockerfile. The `SHELL` instruction changes the shell of the `RUN` steps and nothing else.

## Invalid
```dockerfile
FROM debian:12
RUN ln -sf /bin/bash /bin/sh
```

## Valid
```dockerfile
FROM debian:12
SHELL ["/bin/bash", "-c"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if command.is("ln")
            && command
                .operands(&[])
                .last()
                .is_some_and(|w| w.value == "/bin/sh")
        {
            out.push(Diagnostic::new(
                &RULE,
                "Replacing /bin/sh changes the shell of every script in the image: use the `SHELL` instruction to change the shell of `RUN`",
                command.range,
            ));
        }
    }
}
