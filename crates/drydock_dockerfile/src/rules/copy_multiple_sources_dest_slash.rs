use super::add_instead_of_copy::copy_words;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::{Arguments, Keyword};
use drydock_base::diagnostic::{Diagnostic, Fix, Severity};
use drydock_base::text::TextRange;

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/copy-multiple-sources-dest-slash",
    language: Language::Dockerfile,
    summary: crate::rules::summary(
        "`COPY` of several sources to a destination without a trailing `/`",
    ),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::Always,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3021",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `COPY` (or `ADD`) with more than one source whose destination does not end with `/`, and adds the `/`.

## Why is this bad?
With several sources the destination must be a directory, and BuildKit requires it to end with `/`: the build fails otherwise.

## Invalid
```dockerfile
FROM node:20
COPY package.json package-lock.json /app
```

## Valid
```dockerfile
FROM node:20
COPY package.json package-lock.json /app/
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        if !matches!(instruction.keyword, Some(Keyword::Copy | Keyword::Add))
            || !instruction.heredocs.is_empty()
        {
            continue;
        }
        let words = copy_words(instruction);
        let Some((dest, sources)) = words.split_last() else {
            continue;
        };
        if sources.len() < 2 || dest.value.ends_with('/') || dest.value.ends_with('\\') {
            continue;
        }
        let mut diagnostic = Diagnostic::new(
            &RULE,
            format!(
                "`{}` receives {} sources, so it must be a directory ending with `/`; the build fails otherwise",
                dest.value,
                sources.len()
            ),
            dest.range,
        );
        let end = if dest.range.slice(ctx.text).ends_with('"') {
            dest.range.end - 1
        } else {
            dest.range.end
        };
        if matches!(instruction.arguments, Arguments::List { .. })
            || dest.range.slice(ctx.text).ends_with('"')
        {
            diagnostic = diagnostic.with_fix(Fix::replace("Add `/`", TextRange::empty(end), "/"));
        }
        out.push(diagnostic);
    }
}
