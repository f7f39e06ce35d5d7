use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/no-empty-continuation",
    language: Language::Dockerfile,
    summary: crate::rules::summary("An empty line inside a line continuation"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "NoEmptyContinuation",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports an empty line in the middle of an instruction continued with `\`.

## Why is this bad?
BuildKit skips the empty line today but warns that it will become an error; it also hides where
the instruction really ends.

## Invalid
```dockerfile
FROM alpine
RUN apk add curl \

    git
```

## Valid
```dockerfile
FROM alpine
RUN apk add curl \
    git
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        for line in &instruction.empty_continuation_lines {
            let rest = ctx.text.get(line.end..).unwrap_or("");
            let line_break = if rest.starts_with("\r\n") {
                2
            } else {
                usize::from(rest.starts_with('\n'))
            };
            let whole = TextRange::new(line.start, line.end + line_break);
            out.push(
                Diagnostic::new(&RULE, "Empty continuation line", *line).with_fix(Fix::replace(
                    "Remove the empty line",
                    whole,
                    "",
                )),
            );
        }
    }
}
