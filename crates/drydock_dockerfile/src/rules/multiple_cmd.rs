use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/multiple-cmd",
    language: Language::Dockerfile,
    summary: crate::rules::summary("More than one `CMD` in a stage"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL4003",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports every `CMD` after the first in the same stage (each stage has its own `CMD`).

## Why is this bad?
Only the last `CMD` counts; the earlier ones are dead code that misleads the reader.

## Invalid
```dockerfile
FROM debian:12
CMD ["a"]
CMD ["b"]
```

## Valid
```dockerfile
FROM debian:12 AS build
CMD ["a"]
FROM debian:12
CMD ["b"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: Vec<(Option<usize>, usize)> = Vec::new();
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        if instruction.keyword != Some(Keyword::Cmd) {
            continue;
        }
        let stage = ctx
            .semantic
            .instructions
            .get(index)
            .and_then(|info| info.stage);
        match first.iter().find(|(s, _)| *s == stage) {
            Some(&(_, earlier)) => {
                let mut diagnostic = Diagnostic::new(
                    &RULE,
                    "Only the last `CMD` of a stage takes effect: this one overrides the earlier one",
                    instruction.keyword_range,
                );
                if let Some(earlier) = ctx.tree.instructions.get(earlier) {
                    diagnostic =
                        diagnostic.with_label(earlier.keyword_range, "overridden by the later one");
                }
                out.push(diagnostic);
            }
            None => first.push((stage, index)),
        }
    }
}
