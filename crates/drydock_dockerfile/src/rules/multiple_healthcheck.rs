use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/multiple-healthcheck",
    language: Language::Dockerfile,
    summary: crate::rules::summary("More than one `HEALTHCHECK` in a stage"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3012",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports every `HEALTHCHECK` after the first in the same stage.

## Why is this bad?
Only the last `HEALTHCHECK` counts; the earlier ones are dead code that misleads the reader.

## Invalid
```dockerfile
FROM debian:12
HEALTHCHECK CMD ["a"]
HEALTHCHECK CMD ["b"]
```

## Valid
```dockerfile
FROM debian:12
HEALTHCHECK CMD ["b"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let mut first: Vec<(Option<usize>, usize)> = Vec::new();
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        if instruction.keyword != Some(Keyword::Healthcheck) {
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
                    "Only the last `HEALTHCHECK` of a stage takes effect: this one overrides the earlier one",
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
