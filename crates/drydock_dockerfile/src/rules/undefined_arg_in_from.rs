use super::suggest::did_you_mean;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/undefined-arg-in-from",
    language: Language::Dockerfile,
    summary: crate::rules::summary("`FROM` uses a variable no global `ARG` declares"),
    severity: Severity::Warning,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "buildkit",
        id: "UndefinedArgInFrom",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports a variable in `FROM` (image or `--platform`) that no `ARG` before the first `FROM`
declares and that is not one of BuildKit's automatic platform variables.

## Why is this bad?
`FROM` only sees global ARGs. An undeclared variable expands to nothing, so `FROM node:${VERSION}`
quietly becomes `FROM node:` — or the build fails with a confusing message.

## Invalid
```dockerfile
FROM node:${NODE_VERSION}
```

## Valid
```dockerfile
ARG NODE_VERSION=20
FROM node:${NODE_VERSION}
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    let global = ctx.semantic.global_env();
    let names = global.names();
    for stage in &ctx.semantic.stages {
        for word in stage
            .platform_expanded
            .iter()
            .chain(stage.base_expanded.iter())
        {
            for reference in word.references.iter().filter(|r| !r.set) {
                let mut message = format!("FROM argument '{}' is not declared", reference.name);
                if let Some(suggestion) = did_you_mean(&reference.name, names.iter().copied(), true)
                {
                    message.push_str(&format!(" (did you mean {suggestion}?)"));
                }
                out.push(Diagnostic::new(&RULE, message, reference.range).with_help(
                    "declare it with `ARG` before the first `FROM` to use it in `FROM`",
                ));
            }
        }
    }
}
