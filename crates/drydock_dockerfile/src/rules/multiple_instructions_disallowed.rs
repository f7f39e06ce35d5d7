use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/multiple-instructions-disallowed",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "A stage has more than one `CMD`, `ENTRYPOINT` or `HEALTHCHECK`",
    ),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "MultipleInstructionsDisallowed",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports every `CMD`, `ENTRYPOINT` or `HEALTHCHECK` that a later one of the same kind in the same
stage overrides. The fix removes the dead instruction.

## Why is this bad?
Only the last one takes effect; the earlier ones mislead the reader about how the container
starts.

## Invalid
```dockerfile
FROM alpine
CMD ["echo", "one"]
CMD ["echo", "two"]
```

## Valid
```dockerfile
FROM alpine
CMD ["echo", "two"]
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for stage in &ctx.semantic.stages {
        for keyword in [Keyword::Cmd, Keyword::Entrypoint, Keyword::Healthcheck] {
            let uses: Vec<usize> = (stage.from..stage.end)
                .filter(|&i| {
                    ctx.tree
                        .instructions
                        .get(i)
                        .is_some_and(|instruction| instruction.keyword == Some(keyword))
                })
                .collect();
            let Some((last, earlier)) = uses.split_last() else {
                continue;
            };
            for &i in earlier {
                let (Some(instruction), Some(winner)) = (
                    ctx.tree.instructions.get(i),
                    ctx.tree.instructions.get(*last),
                ) else {
                    continue;
                };
                out.push(
                    Diagnostic::new(
                        &RULE,
                        format!(
                            "Multiple {} instructions should not be used in the same stage because only the last one will be used",
                            keyword.as_str()
                        ),
                        instruction.range,
                    )
                    .with_label(winner.keyword_range, "this one takes effect")
                    .with_fix(Fix::replace(
                        format!("Remove this `{}`", keyword.as_str()),
                        whole_lines(ctx.text, instruction.range),
                        "",
                    )),
                );
            }
        }
    }
}

/// `range` extended to the start of its first line and past the line break of its last.
pub(crate) fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = text
        .get(..range.start)
        .and_then(|before| before.rfind('\n'))
        .map_or(0, |i| i + 1);
    let after = text.get(range.end..).unwrap_or("");
    let end = range.end + after.find('\n').map_or(after.len(), |i| i + 1);
    TextRange::new(start, end)
}
