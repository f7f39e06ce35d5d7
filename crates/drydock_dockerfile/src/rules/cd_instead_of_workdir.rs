use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/cd-instead-of-workdir",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`cd` in `RUN` where `WORKDIR` belongs"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3003",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `cd` in `RUN` commands: one finding per `RUN`, at its first `cd`, with any other `cd` of the `RUN` labelled.

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
    // One finding per `RUN` (as hadolint), at its first `cd`, with the others labelled.
    for run in ctx.runs {
        let mut cds = run.script.commands.iter().filter(|c| c.is("cd"));
        let Some(first) = cds.next() else {
            continue;
        };
        let mut diagnostic = Diagnostic::new(
            &RULE,
            "`cd` only lasts until the end of this `RUN`: use `WORKDIR` to change directory for the instructions that follow",
            first.range,
        );
        for other in cds {
            diagnostic = diagnostic.with_label(other.range, "another `cd` in this `RUN`");
        }
        out.push(diagnostic);
    }
}
