use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/duplicate-stage-name",
    language: Language::Dockerfile,
    summary: crate::rules::summary("Two stages have the same name"),
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
    // The first stage of each name, found by name (linear in the number of stages).
    let mut firsts: std::collections::HashMap<&str, &crate::semantic::Stage> =
        std::collections::HashMap::new();
    for stage in &ctx.semantic.stages {
        let (Some(name), Some(word)) = (&stage.name, &stage.name_word) else {
            continue;
        };
        let first = match firsts.entry(name.as_str()) {
            std::collections::hash_map::Entry::Occupied(first) => Some(*first.get()),
            std::collections::hash_map::Entry::Vacant(slot) => {
                slot.insert(stage);
                None
            }
        };
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
