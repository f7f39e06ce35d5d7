use crate::diagnostic::{Diagnostic, Severity};
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/cd-instead-of-workdir",
    language: Language::Dockerfile,
    summary: "`cd` in `RUN` where `WORKDIR` belongs",
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3003",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `cd` in `RUN` commands.

## Why is this bad?
A `cd` lasts only until the end of its `RUN`; the next instruction starts again in the `WORKDIR`. `WORKDIR` changes the directory for every later instruction, is visible in the image's config, and creates the directory when needed.

## Invalid
```dockerfile
FROM debian:12
RUN cd /app && make
```

## Valid
```dockerfile
FROM debian:12
WORKDIR /app
RUN make
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for command in ctx.runs.iter().flat_map(|run| &run.script.commands) {
        if command.is("cd") {
            out.push(Diagnostic::new(
                &RULE,
                "`cd` only lasts until the end of this `RUN`: use `WORKDIR` to change directory for the instructions that follow",
                command.range,
            ));
        }
    }
}
