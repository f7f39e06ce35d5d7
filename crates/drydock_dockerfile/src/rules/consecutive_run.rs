use crate::command::Run;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/consecutive-run",
    language: Language::Dockerfile,
    summary: crate::rules::summary("Consecutive `RUN` instructions that could be one"),
    severity: Severity::Info,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3059",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a `RUN` that directly follows another `RUN` with the same flags, when each runs a single command (comments between them do not matter). `RUN`s of several commands (`a && b`, a pipe, a command substitution) are taken as split on purpose and left alone, as hadolint does.

## Why is this bad?
Each `RUN` creates a layer. Short consecutive steps are cheaper as one, and files deleted in a later step are never really removed from the image.

## Invalid
```dockerfile
FROM debian:12
RUN mkdir /app
RUN chown nobody /app
```

## Valid
```dockerfile
FROM debian:12
RUN mkdir /app && chown nobody /app
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut previous: Option<&Run<'_>> = None;
    let mut runs = ctx.runs.iter().filter(|run| !run.onbuild).peekable();
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        let current = runs.next_if(|run| run.index == index);
        if let (Some(before), Some(run)) = (previous, current)
            && before.index + 1 == index
            && flags(before) == flags(run)
            && commands(before) <= 1
            && commands(run) <= 1
        {
            out.push(Diagnostic::new(
                &RULE,
                "This `RUN` follows another short one: each `RUN` adds a layer, so consider joining them with `&&`",
                instruction.keyword_range,
            ));
        }
        previous = current;
    }
}

/// The commands hadolint counts: a `RUN` of one command is a step that could join its
/// neighbour; one with two or more (`a && b`, `a | b`, `a $(b)`) was split on purpose. Tests
/// (`[`, `[[`, `test`) do not count, as in hadolint.
fn commands(run: &Run<'_>) -> usize {
    run.script
        .commands
        .iter()
        .filter(|c| !matches!(c.base_name(), "[" | "[[" | "test"))
        .count()
}

fn flags<'a>(run: &'a Run<'_>) -> Vec<&'a str> {
    run.instruction
        .flags
        .iter()
        .map(|f| f.text.as_str())
        .collect()
}
