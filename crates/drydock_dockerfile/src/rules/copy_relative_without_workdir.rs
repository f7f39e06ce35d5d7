use super::add_instead_of_copy::copy_words;
use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use crate::semantic::is_absolute_path;
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/copy-relative-without-workdir",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`COPY` to a relative destination before any `WORKDIR`"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3045",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports `COPY` (and `ADD`) to a relative destination in a stage where no `WORKDIR` was set (in the stage or a stage it builds on).

## Why is this bad?
A relative destination is resolved against the working directory, which then comes from the base image and can change with it (`/` for most images, something else for others).

## Invalid
```dockerfile
FROM node:20
COPY package.json .
```

## Valid
```dockerfile
FROM node:20
WORKDIR /app
COPY package.json .
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for (index, instruction) in ctx.tree.instructions.iter().enumerate() {
        if !matches!(instruction.keyword, Some(Keyword::Copy | Keyword::Add)) {
            continue;
        }
        let Some(info) = ctx.semantic.instructions.get(index) else {
            continue;
        };
        if info.workdir.is_some() || info.stage.is_none() {
            continue;
        }
        let words = copy_words(instruction);
        let Some(dest) = words.last() else {
            continue;
        };
        let value = dest.value.trim_matches(|c| c == '"' || c == '\'');
        if is_absolute_path(value) || value.starts_with('$') || words.len() < 2 {
            continue;
        }
        out.push(Diagnostic::new(
            &RULE,
            format!("`{}` is relative, and no `WORKDIR` is set in this stage, so it depends on the base image's working directory", dest.value),
            dest.range,
        ));
    }
}
