use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/duplicate-stage-name",
    language: Language::Dockerfile,
    summary: "Two stages have the same name",
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[
        Mirror {
            tool: "buildkit",
            id: "DuplicateStageName",
        },
        Mirror {
            tool: "hadolint",
            id: "DL3024",
        },
    ],
    docs: crate::rules::docs(
        r#"## What it does
Reports a stage whose name (compared case-insensitively) was already used by an earlier stage.

## Why is this bad?
`COPY --from=name` and `FROM name` can only mean one of them; which one depends on the
instruction, so the build may silently use the wrong stage.

## Invalid
```dockerfile
FROM alpine AS build
FROM debian AS build
```

## Valid
```dockerfile
FROM alpine AS build
FROM debian AS test
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let stages = &ctx.semantic.stages;
    for (i, stage) in stages.iter().enumerate() {
        let (Some(name), Some(word)) = (&stage.name, &stage.name_word) else {
            continue;
        };
        let first = stages
            .iter()
            .take(i)
            .find(|earlier| earlier.name.as_ref() == Some(name));
        if let Some(first) = first {
            let mut diagnostic = Diagnostic::new(
                &RULE,
                format!("Duplicate stage name {name:?}, stage names should be unique"),
                word.range,
            );
            if let Some(first_word) = &first.name_word {
                diagnostic = diagnostic.with_label(first_word.range, "first used here");
            }
            out.push(diagnostic);
        }
    }
}
