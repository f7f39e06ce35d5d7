use crate::Keyword;
use crate::rules::{DockerfileContext, FixKind, Language, Mirror, RuleMeta};
use drydock_base::diagnostic::{Diagnostic, Severity};

pub static RULE: RuleMeta = RuleMeta {
    id: "dockerfile/instruction-before-from",
    language: Language::Dockerfile,
    summary: crate::rules::summary("An instruction other than `ARG` before the first `FROM`"),
    severity: Severity::Error,
    enabled_by_default: true,
    fix: FixKind::None,
    mirrors: &[Mirror {
        tool: "hadolint",
        id: "DL3061",
    }],
    docs: crate::rules::docs(
        r#"## What it does
Reports instructions before the first `FROM` other than `ARG` (comments and parser directives are fine).

## Why is this bad?
BuildKit rejects the file: only `ARG` may come before `FROM`.

## Invalid
```dockerfile
RUN echo hello
FROM debian:12
```

## Valid
```dockerfile
ARG VERSION=12
FROM debian:${VERSION}
```
"#,
    ),
};

pub fn check(ctx: &DockerfileContext<'_>, out: &mut Vec<Diagnostic>) {
    for instruction in &ctx.tree.instructions {
        match instruction.keyword {
            Some(Keyword::From) => break,
            Some(Keyword::Arg) | None => {}
            Some(keyword) => out.push(Diagnostic::new(
                &RULE,
                format!(
                    "`{}` comes before the first `FROM`: only `ARG` may, and the build fails",
                    keyword.as_str()
                ),
                instruction.keyword_range,
            )),
        }
    }
}
